"""Clinic services: Encounters."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.models import Personnel, Unit
from logistics.scope import require
from logistics.services import editable_changes, load_references, raise_if_errors, service
from medical.choices import Service
from medical.models import (
    MAX_GRADE,
    MIN_GRADE,
    Encounter,
    FitnessStandard,
    MedicineDispensed,
    Patient,
)
from medical.selectors import officer_of, unit_of, units_of
from medical.services.common import (
    BLANK_VALUES,
    ENCOUNTER_REFERENCES,
    SERVICE_FIELDS,
    _assign,
    _check_clinic,
    _check_day,
    _field_problems,
    _numbered,
    _require_adding,
    _require_viewable,
    _save_with_lines,
)
from medical.services.fitness import fitness_problems, standards_in_force


def _clean_lines(lines, fields: tuple[str, ...], field_name: str, check) -> list[dict]:
    """Lines typed on the page or sent to the API, as dicts; blank lines dropped, each checked."""
    cleaned, problems = [], []
    for number, line in enumerate(lines or (), start=1):
        values = {name: line.get(name) for name in fields}
        if all(value in (None, "") for value in values.values()):
            continue
        message = check(values)
        if message:
            problems.append(_("Line %(number)s: %(message)s") % {"number": number, "message": message})
        cleaned.append(values)
    if problems:
        raise ValidationError({field_name: problems})
    return cleaned


def _check_medicine(values: dict) -> str:
    values["name"] = (values.get("name") or "").strip()
    values["unit_of_measure"] = (values.get("unit_of_measure") or "").strip()
    values["instructions"] = (values.get("instructions") or "").strip()
    if not values["name"]:
        return _("enter the medicine's name.")
    quantity = values.get("quantity")
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        return _("the quantity must be a whole number of at least 1.")
    return ""


MEDICINE_FIELDS = ("name", "quantity", "unit_of_measure", "instructions")


def _encounter_problems(
    encounter: Encounter, standards: list[FitnessStandard], *, today: datetime.date | None = None
) -> dict[str, list]:
    """The rules of a visit's own values (no query): ``standards``, the health standards read once
    for the visits being recorded."""
    errors: dict[str, list] = {}
    _check_clinic(errors, encounter.clinic if encounter.clinic_id else None)
    _check_day(errors, "date", encounter.date, today=today)
    if encounter.patient_id is None:
        errors.setdefault("patient", []).append(_("Choose the patient."))
    if not encounter.service:
        errors.setdefault("service", []).append(_("Choose the service."))
    # Details that belong to another service are dropped so that each record says one thing.
    for other_service, names in SERVICE_FIELDS.items():
        if encounter.service != other_service:
            for name in names:
                setattr(encounter, name, BLANK_VALUES.get(name, ""))
    if encounter.service == Service.TREATMENT and not encounter.care_setting:
        errors.setdefault("care_setting", []).append(_("Say whether the treatment is inpatient or outpatient."))
    if encounter.service == Service.REFERRAL:
        if not encounter.referral_hospital:
            errors.setdefault("referral_hospital", []).append(_("A referral names the receiving hospital."))
        if not encounter.referral_reason:
            errors.setdefault("referral_reason", []).append(_("A referral gives its reason."))
    if encounter.service == Service.HEALTH_CHECK:
        if not encounter.health_check_purpose:
            errors.setdefault("health_check_purpose", []).append(_("Choose the purpose of the health check."))
        if encounter.health_grade is None:
            errors.setdefault("health_grade", []).append(_("A health check records the health grade (1 to 6)."))
        elif MIN_GRADE <= encounter.health_grade <= MAX_GRADE:
            for field, messages in fitness_problems(encounter, standards).items():
                errors.setdefault(field, []).extend(messages)
    if encounter.health_grade is not None and not MIN_GRADE <= encounter.health_grade <= MAX_GRADE:
        errors.setdefault("health_grade", []).append(
            _("The health grade is from %(low)s to %(high)s.") % {"low": MIN_GRADE, "high": MAX_GRADE}
        )
    encounter.icd10_code = (encounter.icd10_code or "").upper()
    return errors


def _fill_encounter(encounter: Encounter, fields: dict, *, actor) -> None:
    _assign(encounter, fields)
    raise_if_errors(
        _encounter_problems(encounter, standards_in_force() if encounter.service == Service.HEALTH_CHECK else [])
    )
    require(actor, "view", encounter.patient)
    encounter.patient_unit_id = unit_of(encounter.patient)
    encounter.full_clean(exclude=["recorded_by"])


def _save_medicines(encounter: Encounter, medicines: list[dict]) -> None:
    encounter.medicines.all().delete()
    MedicineDispensed.objects.bulk_create(MedicineDispensed(encounter=encounter, **line) for line in medicines)


@service
def encounter_record(*, actor, medicines: Iterable[dict] = (), **fields) -> Encounter:
    """Record one visit and the medicines dispensed at it."""
    encounter = Encounter(recorded_by=actor if getattr(actor, "pk", None) else None)
    _fill_encounter(encounter, fields, actor=actor)
    lines = _clean_lines(medicines, MEDICINE_FIELDS, "medicines", _check_medicine)
    require(actor, "add", encounter)
    encounter.save()
    _save_medicines(encounter, lines)
    return encounter


#: What a user may correct on a visit (the medicines come as ``medicines``).
ENCOUNTER_EDITABLE = (
    "date",
    "clinic",
    "patient",
    "service",
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
)


@service
def encounters_record(*, actor, clinic: Unit, visits: Iterable[dict]) -> list[Encounter]:
    """Record many visits at once (a clinic day entered on one sheet), each with its medicines,
    under the rules of :func:`encounter_record`: every row is checked, the refusals name the row,
    and nothing is saved unless every row passes. The look-ups rows need are made once for all."""
    recorder = actor if getattr(actor, "pk", None) else None
    encounters, medicines = [], []
    for visit in visits:
        fields = dict(visit)
        medicines.append(fields.pop("medicines", ()))
        encounter = Encounter(clinic=clinic, recorded_by=recorder)
        _assign(encounter, fields)
        encounters.append(encounter)
    missing_patients = load_references(Encounter, encounters, "patient", Patient)
    missing_clinicians = load_references(Encounter, encounters, "clinician", Personnel)
    patients = {
        encounter.patient_id: encounter.patient
        for index, encounter in enumerate(encounters)
        if encounter.patient_id is not None and index not in missing_patients
    }
    units = units_of(patients.values())
    standards = standards_in_force() if any(e.service == Service.HEALTH_CHECK for e in encounters) else []
    today = timezone.localdate()
    problems, lines = [], []
    for index, encounter in enumerate(encounters):
        errors: dict[str, list] = {}
        if index in missing_patients:
            errors["patient"] = [missing_patients[index]]
        if index in missing_clinicians:
            errors["clinician"] = [missing_clinicians[index]]
        if not errors:
            errors = _encounter_problems(encounter, standards, today=today)
        try:
            lines.append(_clean_lines(medicines[index], MEDICINE_FIELDS, "medicines", _check_medicine))
        except ValidationError as error:
            errors.update(error.message_dict)
        if not errors:
            encounter.patient_unit_id = units.get(officer_of(encounter.patient))
            errors = _field_problems(encounter, exclude=ENCOUNTER_REFERENCES)
        problems.extend(_numbered(index + 1, Encounter, errors))
    if problems:
        raise ValidationError({"visits": problems})
    _require_viewable(actor, patients.values())
    _require_adding(actor, encounters)
    _save_with_lines(Encounter, encounters, MedicineDispensed, "encounter", lines)
    return encounters


@service
def encounter_update(*, actor, encounter: Encounter, medicines: Iterable[dict] | None = None, **fields) -> Encounter:
    """Correct a visit; ``medicines``, when given, replaces the medicines dispensed."""
    encounter = Encounter.objects.select_for_update().get(pk=encounter.pk)
    require(actor, "change", encounter)
    _fill_encounter(encounter, dict(editable_changes(fields, ENCOUNTER_EDITABLE)), actor=actor)
    lines = None if medicines is None else _clean_lines(medicines, MEDICINE_FIELDS, "medicines", _check_medicine)
    encounter.save()
    require(actor, "change", encounter)
    if lines is not None:
        _save_medicines(encounter, lines)
    return encounter
