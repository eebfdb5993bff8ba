"""Admin of the clinic: through scope and the services, like every app. Only clinic staff and
administrators hold the permissions, so nobody else finds a patient here."""

from django.contrib import admin

from logistics.admin_base import ReadOnlyAdmin, ScopedAdmin
from medical.models import AccessLog, Encounter, Exposure, ExposureTest, FitnessStandard, MedicineDispensed, Patient


@admin.register(FitnessStandard)
class FitnessStandardAdmin(ScopedAdmin):
    list_display = ("purpose", "fit_up_to_grade", "valid_from", "valid_to", "basis")
    list_filter = ("purpose",)
    search_fields = ("basis",)


@admin.register(Patient)
class PatientAdmin(ScopedAdmin):
    list_display = ("id", "full_name", "kind", "birth_year", "sex", "unit", "clinic")
    list_filter = ("kind", "sex")
    search_fields = ("full_name", "insurance_number")
    list_select_related = ("unit", "clinic")
    raw_id_fields = ("personnel", "relative_of")
    readonly_fields = ("unit",)


@admin.register(Encounter)
class EncounterAdmin(ScopedAdmin):
    list_display = ("id", "date", "patient", "service", "patient_unit", "clinician")
    list_filter = ("service",)
    date_hierarchy = "date"
    search_fields = ("diagnosis", "icd10_code")
    list_select_related = ("patient", "patient_unit", "clinician")
    raw_id_fields = ("patient", "clinician")


@admin.register(Exposure)
class ExposureAdmin(ScopedAdmin):
    list_display = ("id", "patient", "classification", "date_identified", "isolation_start", "isolation_end", "status")
    list_filter = ("classification", "status")
    list_select_related = ("patient",)
    raw_id_fields = ("patient", "source_case")


@admin.register(MedicineDispensed)
class MedicineDispensedAdmin(ReadOnlyAdmin):
    """Entered with their encounter (the encounter page), so read-only here."""

    list_display = ("encounter", "name", "quantity", "unit_of_measure")
    list_select_related = ("encounter",)


@admin.register(ExposureTest)
class ExposureTestAdmin(ReadOnlyAdmin):
    list_display = ("exposure", "date", "method", "result")
    list_select_related = ("exposure",)


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "action", "record_type", "record_id", "row_count")
    list_filter = ("action", "record_type")
    list_select_related = ("user",)
