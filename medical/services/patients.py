"""Clinic services: Patients."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.models import Personnel, Unit
from logistics.scope import require
from logistics.services import editable_changes, load_references, raise_if_errors, service
from medical.choices import PatientKind
from medical.models import (
    Patient,
)
from medical.selectors import officer_of, unit_of, units_of
from medical.services.common import (
    BATCH_SIZE,
    PATIENT_REFERENCES,
    _assign,
    _check_clinic,
    _field_problems,
    _numbered,
    _require_adding,
)


def _patient_problems(patient: Patient) -> dict[str, list]:
    """The rules of a patient's own values (no query: the personnel record is loaded)."""
    errors: dict[str, list] = {}
    _check_clinic(errors, patient.clinic if patient.clinic_id else None)
    kind = patient.kind
    if kind == PatientKind.OFFICER:
        if patient.personnel_id is None:
            errors.setdefault("personnel", []).append(_("Choose the officer's personnel record."))
        else:
            officer = patient.personnel
            patient.full_name = officer.full_name
            patient.date_of_birth = patient.date_of_birth or officer.date_of_birth
        patient.relative_of = None
        patient.relationship = ""
    elif kind == PatientKind.RELATIVE:
        if patient.relative_of_id is None:
            errors.setdefault("relative_of", []).append(_("Choose the officer this person is a relative of."))
        patient.personnel = None
    else:
        patient.personnel = None
        patient.relative_of = None
        patient.relationship = ""
    if not patient.full_name:
        errors.setdefault("full_name", []).append(_("Enter the patient's full name."))
    if patient.date_of_birth is not None:
        if patient.date_of_birth > timezone.localdate():
            errors.setdefault("date_of_birth", []).append(_("The date of birth is after today."))
        elif patient.birth_year and patient.birth_year != patient.date_of_birth.year:
            errors.setdefault("birth_year", []).append(_("The year of birth does not match the date of birth."))
        else:
            patient.birth_year = patient.date_of_birth.year
    if not patient.birth_year:
        errors.setdefault("birth_year", []).append(_("Enter the date or the year of birth."))
    elif not 1900 <= patient.birth_year <= timezone.localdate().year:
        errors.setdefault("birth_year", []).append(
            _("The year of birth must be between 1900 and %(year)s.") % {"year": timezone.localdate().year}
        )
    patient.insurance_number = (patient.insurance_number or "").upper().replace(" ", "")
    return errors


def _already_registered(number) -> str:
    return _("This officer is already registered as patient no. %(number)s.") % {"number": number}


def _fill_patient(patient: Patient, fields: dict) -> None:
    _assign(patient, fields)
    raise_if_errors(_patient_problems(patient))
    patient.unit_id = unit_of(patient)
    if patient.kind == PatientKind.OFFICER:
        clash = Patient.objects.filter(personnel_id=patient.personnel_id).exclude(pk=patient.pk).first()
        if clash is not None:
            raise ValidationError({"personnel": _already_registered(clash.pk)})
    patient.full_clean()


@service
def patient_register(*, actor, **fields) -> Patient:
    patient = Patient()
    _fill_patient(patient, fields)
    require(actor, "add", patient)
    patient.save()
    return patient


PATIENT_EDITABLE = (
    "kind",
    "clinic",
    "personnel",
    "relative_of",
    "relationship",
    "full_name",
    "sex",
    "date_of_birth",
    "birth_year",
    "insurance_number",
    "address",
)


@service
def patients_register(*, actor, clinic: Unit, people: Iterable[dict]) -> list[Patient]:
    """Register many people at once (a unit's officers, a recruitment campaign's candidates), each
    under the rules of :func:`patient_register`: every row is checked, the refusals name the row,
    and nothing is saved unless every row passes."""
    patients = []
    for fields in people:
        patient = Patient(clinic=clinic)
        _assign(patient, fields)
        patients.append(patient)
    missing_officers = load_references(Patient, patients, "personnel", Personnel)
    missing_relatives = load_references(Patient, patients, "relative_of", Personnel)
    units = units_of(patients)
    officer_ids = {patient.personnel_id for patient in patients if patient.kind == PatientKind.OFFICER} - {None}
    registered = dict(Patient.objects.filter(personnel_id__in=officer_ids).values_list("personnel_id", "pk"))
    listed: dict[int, int] = {}
    problems = []
    for index, patient in enumerate(patients):
        number = index + 1
        errors: dict[str, list] = {}
        if index in missing_officers:
            errors["personnel"] = [missing_officers[index]]
        if index in missing_relatives:
            errors["relative_of"] = [missing_relatives[index]]
        if not errors:
            errors = _patient_problems(patient)
        if not errors:
            patient.unit_id = units.get(officer_of(patient))
            if patient.kind == PatientKind.OFFICER:
                if patient.personnel_id in registered:
                    errors["personnel"] = [_already_registered(registered[patient.personnel_id])]
                elif patient.personnel_id in listed:
                    errors["personnel"] = [
                        _("This officer is already on row %(number)s.") % {"number": listed[patient.personnel_id]}
                    ]
                listed.setdefault(patient.personnel_id, number)
        if not errors:
            errors = _field_problems(patient, exclude=PATIENT_REFERENCES)
        problems.extend(_numbered(number, Patient, errors))
    if problems:
        raise ValidationError({"people": problems})
    _require_adding(actor, patients)
    return Patient.objects.bulk_create(patients, batch_size=BATCH_SIZE)


@service
def patient_update(*, actor, patient: Patient, **fields) -> Patient:
    patient = Patient.objects.select_for_update().get(pk=patient.pk)
    require(actor, "change", patient)
    _fill_patient(patient, dict(editable_changes(fields, PATIENT_EDITABLE)))
    patient.save()
    require(actor, "change", patient)  # the new clinic must still be within the actor's scope
    return patient
