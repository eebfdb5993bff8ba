"""Pages of the clinic.

Patients, encounters and epidemic lists are identifiable health records: their pages are open to
clinic staff and administrators only (the roles that hold the models' permissions), and every
list page, record page, form and export that shows one is written to the access log. Everyone else who
holds ``medical.caseload_encounter`` sees the figures pages, which count and never name.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logistics.models import Personnel
from logistics.scope import restrict
from logistics.search import filter_by_search
from logistics.views.generic import ObjectViews, Related
from medical import filtersets, forms, selectors, services, tables
from medical.choices import Service
from medical.models import AccessLog, Encounter, Exposure, ExposureTest, FitnessStandard, MedicineDispensed, Patient

# --- identifiable records -----------------------------------------------------------------------


def redacted_filters(params) -> dict:
    """The filters of an export as the export log keeps them: a search may be a patient's name,
    and the export log is read by auditors, so its words are not kept."""
    return {key: ("***" if key == "q" and value else value) for key, value in params.items() if key != "format"}


class HealthRecordViews(ObjectViews):
    """Pages of an identifiable health record. Every page, form and export that shows one is
    written to the access log by the generic views (:mod:`logistics.reads`)."""

    @classmethod
    def export_filters(cls, params: dict) -> dict:
        return redacted_filters(params)

    @classmethod
    def clinic_defaults(cls, request) -> dict:
        return {"clinic": selectors.default_clinic_id(request.user)}


class PatientViews(HealthRecordViews):
    model = Patient
    filterset = filtersets.PatientFilterSet
    table = tables.PatientTable
    form = forms.PatientForm
    create_service = services.patient_register
    update_service = services.patient_update
    description = gettext_lazy(
        "Officers, their relatives and citizens the clinic has seen. Only clinic staff see this list."
    )
    detail_fields = (
        "full_name",
        "kind",
        "sex",
        "birth_year",
        "date_of_birth",
        "unit",
        "personnel",
        "relative_of",
        "relationship",
        "insurance_number",
        "address",
        "clinic",
    )

    @classmethod
    def get_queryset(cls):
        return Patient.objects.select_related("unit", "clinic", "personnel", "relative_of")

    @classmethod
    def initial(cls, request):
        return {**cls.clinic_defaults(request), "kind": request.GET.get("kind", "")}

    @classmethod
    def related(cls, patient, user):
        return [
            Related(
                _("Encounters"),
                lambda p: Encounter.objects.filter(patient=p).select_related("patient", "patient_unit", "clinician"),
                tables.PatientEncounterTable,
            ),
            Related(
                _("Epidemic lists"),
                lambda p: Exposure.objects.filter(patient=p).select_related("patient", "patient_unit"),
                tables.ExposureTable,
            ),
        ]


class EncounterViews(HealthRecordViews):
    model = Encounter
    filterset = filtersets.EncounterFilterSet
    table = tables.EncounterTable
    form = forms.EncounterForm
    create_service = services.encounter_record
    update_service = services.encounter_update
    description = gettext_lazy("Every visit to the clinic, with its service, diagnosis and medicines dispensed.")
    detail_fields = (
        "date",
        "service",
        "patient",
        "patient_unit",
        "clinic",
        "clinician",
        "diagnosis",
        "icd10_code",
        "outcome",
        "care_setting",
        "referral_hospital",
        "referral_reason",
        "health_check_purpose",
        "health_grade",
        "is_fit",
        "notes",
        "recorded_by",
    )

    @classmethod
    def get_queryset(cls):
        return Encounter.objects.select_related("patient", "patient_unit", "clinician", "clinic", "recorded_by")

    @classmethod
    def initial(cls, request):
        user = request.user
        initial = {
            **cls.clinic_defaults(request),
            "date": timezone.localdate(),
            "clinician": selectors.default_clinician_id(user),
        }
        patient = request.GET.get("patient", "")
        if patient.isdigit() and restrict(Patient.objects.filter(pk=patient), user, "view").exists():
            initial["patient"] = int(patient)
        if request.GET.get("service") in Service.values:
            initial["service"] = request.GET["service"]
        return initial

    @classmethod
    def related(cls, encounter, user):
        return [
            Related(
                _("Medicines dispensed"),
                lambda e: MedicineDispensed.objects.filter(encounter=e),
                tables.MedicineTable,
            )
        ]


class ExposureViews(HealthRecordViews):
    model = Exposure
    filterset = filtersets.ExposureFilterSet
    table = tables.ExposureTable
    form = forms.ExposureForm
    create_service = services.exposure_record
    update_service = services.exposure_update
    description = gettext_lazy(
        "Contact and isolation lists (F0, F1, F2) of officers and their relatives, with isolation and tests."
    )
    detail_fields = (
        "patient",
        "classification",
        "patient_unit",
        "date_identified",
        "source_case",
        "source_note",
        "isolation_place",
        "isolation_address",
        "isolation_start",
        "isolation_end",
        "status",
        "clinic",
        "notes",
    )

    @classmethod
    def get_queryset(cls):
        return Exposure.objects.select_related("patient", "patient_unit", "clinic", "source_case")

    @classmethod
    def initial(cls, request):
        return {**cls.clinic_defaults(request), "date_identified": timezone.localdate()}

    @classmethod
    def related(cls, exposure, user):
        return [
            Related(_("Tests"), lambda e: ExposureTest.objects.filter(exposure=e), tables.ExposureTestTable),
            Related(
                _("Contacts on the list"),
                lambda e: Exposure.objects.filter(source_case=e).select_related("patient", "patient_unit"),
                tables.ExposureTable,
            ),
        ]


class FitnessStandardViews(ObjectViews):
    model = FitnessStandard
    filterset = filtersets.FitnessStandardFilterSet
    table = tables.FitnessStandardTable
    form = forms.FitnessStandardForm
    create_service = services.fitness_standard_create
    update_service = services.fitness_standard_update
    delete_service = None
    description = gettext_lazy(
        "Which health grades are fit for each purpose of health check, from which day, under which legal text."
    )


class AccessLogViews(ObjectViews):
    model = AccessLog
    filterset = filtersets.AccessLogFilterSet
    table = tables.AccessLogTable
    delete_service = None
    description = gettext_lazy(
        "Every opening of a health record and every export of a health list: who, which record, when."
    )

    @classmethod
    def get_queryset(cls):
        return AccessLog.objects.select_related("user")

    @classmethod
    def urls(cls):
        return [pattern for pattern in super().urls() if pattern.name in (cls.name("list"), cls.name("export"))]


@login_required
def officer_lookup(request):
    """Serving officers of every unit, for registering a patient (clinic staff only)."""
    user = request.user
    if not (user.has_perm("medical.add_patient") or user.has_perm("medical.change_patient")):
        raise PermissionDenied
    officers = Personnel.objects.filter(is_active=True).select_related("unit")
    query = request.GET.get("q", "")
    if query:
        officers = filter_by_search(officers, query)
    results = [{"value": officer.pk, "text": f"{officer} – {officer.unit}"} for officer in officers[:20]]
    return JsonResponse({"results": results})
