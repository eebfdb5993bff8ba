"""Writes of the clinic: patients, encounters (with the medicines dispensed), epidemic lists.

Each service runs in one transaction with the actor on its history events (``@service``),
checks the actor's permission and scope, validates with messages keyed by the form field they
concern, and leaves the last word to the database constraints and triggers.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.models import Personnel, Unit, UnitKind
from logistics.scope import require, restrict
from logistics.services import editable_changes, raise_if_errors, service
from medical.choices import ExposureStatus, PatientKind, Service
from medical.models import (
    EARLIEST_DATE,
    MAX_GRADE,
    MIN_GRADE,
    AccessLog,
    Encounter,
    Exposure,
    ExposureTest,
    MedicineDispensed,
    Patient,
)

SERVICE_FIELDS = {
    Service.TREATMENT: ("care_setting",),
    Service.REFERRAL: ("referral_hospital", "referral_reason"),
    Service.HEALTH_CHECK: ("health_check_purpose", "health_grade", "is_fit"),
}
BLANK_VALUES = {"health_grade": None, "is_fit": None}
#: The references of each record, checked for a whole batch in one query by the services that
#: record many rows at once.
PATIENT_REFERENCES = ["clinic", "personnel", "relative_of", "unit"]
ENCOUNTER_REFERENCES = ["clinic", "patient", "patient_unit", "clinician", "recorded_by"]
#: Rows written per INSERT by those services.
BATCH_SIZE = 2000


def _check_day(errors: dict, field: str, day: datetime.date | None, *, required: bool = True) -> None:
    if day is None:
        if required:
            errors.setdefault(field, []).append(_("Enter the date."))
        return
    if day > timezone.localdate():
        errors.setdefault(field, []).append(
            _("The date %(date)s is after today; enter the day it happened.") % {"date": day.strftime("%d/%m/%Y")}
        )
    elif day < EARLIEST_DATE:
        errors.setdefault(field, []).append(
            _("The date must not be before %(date)s.") % {"date": EARLIEST_DATE.strftime("%d/%m/%Y")}
        )


def _check_clinic(errors: dict, clinic: Unit | None) -> None:
    if clinic is None:
        errors.setdefault("clinic", []).append(_("Choose the clinic."))
    elif clinic.kind != UnitKind.CLINIC:
        errors.setdefault("clinic", []).append(_("%(unit)s is not a clinic.") % {"unit": clinic})
    elif clinic.is_dissolved:
        errors.setdefault("clinic", []).append(_("%(unit)s was dissolved.") % {"unit": clinic})


def _officer_of(patient: Patient) -> int | None:
    """The personnel record whose unit a patient belongs to: the officer's own, or that of the
    officer a relative is related to; none for a citizen."""
    if patient.kind == PatientKind.OFFICER:
        return patient.personnel_id
    if patient.kind == PatientKind.RELATIVE:
        return patient.relative_of_id
    return None


def units_of(patients: Iterable[Patient]) -> dict[int, int | None]:
    """The unit each of ``patients`` belongs to today, in one query: the current unit of each
    personnel record :func:`_officer_of` names, by that record's id."""
    officer_ids = {_officer_of(patient) for patient in patients} - {None}
    return dict(Personnel.objects.filter(pk__in=officer_ids).values_list("pk", "unit_id")) if officer_ids else {}


def unit_of(patient: Patient) -> int | None:
    """The unit a patient belongs to today (see :func:`units_of`)."""
    return units_of([patient]).get(_officer_of(patient))


def _assign(record, fields: dict) -> None:
    for name, value in fields.items():
        setattr(record, name, value.strip() if isinstance(value, str) else value)


def _missing_reference(model, field_name: str, value) -> str:
    """Django's own message for a reference to a record that does not exist."""
    field = model._meta.get_field(field_name)
    return field.error_messages["invalid"] % {
        "model": field.remote_field.model._meta.verbose_name,
        "pk": value,
        "field": field.remote_field.field_name,
        "value": value,
    }


def _load_references(model, records: list, field_name: str, related_model) -> dict[int, str]:
    """Load the records ``records`` refer to by ``field_name`` in one query and attach them;
    returns, by position in ``records``, the message of each reference that leads nowhere."""
    attname = model._meta.get_field(field_name).attname
    wanted = {getattr(record, attname) for record in records} - {None}
    found = related_model._base_manager.in_bulk(wanted) if wanted else {}
    missing = {}
    for index, record in enumerate(records):
        value = getattr(record, attname)
        if value is None:
            continue
        if value in found:
            setattr(record, field_name, found[value])
        else:
            missing[index] = _missing_reference(model, field_name, value)
    return missing


def _field_problems(record, *, exclude: list[str]) -> dict[str, list]:
    """What ``full_clean`` says of ``record``'s own values. References are checked beforehand in
    one query for the whole batch, and every check constraint of the clinic's models restates a
    rule the service has already applied (the database keeps them as the last line)."""
    try:
        record.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return error.message_dict
    return {}


def _numbered(number: int, model, errors: dict) -> list[str]:
    """``errors`` of the row at position ``number``, each message saying which row and field."""
    labels = {"medicines": MedicineDispensed._meta.verbose_name_plural, "tests": ExposureTest._meta.verbose_name_plural}
    messages = []
    for field, texts in errors.items():
        for text in texts:
            if field == NON_FIELD_ERRORS:
                messages.append(_("Row %(number)s: %(message)s") % {"number": number, "message": text})
                continue
            label = labels.get(field) or model._meta.get_field(field).verbose_name
            messages.append(
                _("Row %(number)s, %(field)s: %(message)s") % {"number": number, "field": label, "message": text}
            )
    return messages


def _require_viewable(actor, patients: Iterable[Patient]) -> None:
    """:func:`require` ``view`` of every patient, in one query."""
    if actor is None:
        return
    wanted = {patient.pk for patient in patients}
    reached = set(restrict(Patient.objects.filter(pk__in=wanted), actor, "view").values_list("pk", flat=True))
    if wanted - reached:
        raise PermissionDenied


def _require_adding(actor, records: list) -> None:
    """:func:`require` ``add`` of every record, asked once per clinic: the permission and the
    clinic's scope are all it depends on."""
    by_clinic = {record.clinic_id: record for record in records}
    for record in by_clinic.values():
        require(actor, "add", record)


# --- patients -----------------------------------------------------------------------------------


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
    missing_officers = _load_references(Patient, patients, "personnel", Personnel)
    missing_relatives = _load_references(Patient, patients, "relative_of", Personnel)
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
            patient.unit_id = units.get(_officer_of(patient))
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


# --- encounters ---------------------------------------------------------------------------------


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


def _encounter_problems(encounter: Encounter) -> dict[str, list]:
    """The rules of a visit's own values (no query)."""
    errors: dict[str, list] = {}
    _check_clinic(errors, encounter.clinic if encounter.clinic_id else None)
    _check_day(errors, "date", encounter.date)
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
        if encounter.is_fit is None:
            errors.setdefault("is_fit", []).append(_("A health check records fit or unfit."))
    if encounter.health_grade is not None and not MIN_GRADE <= encounter.health_grade <= MAX_GRADE:
        errors.setdefault("health_grade", []).append(
            _("The health grade is from %(low)s to %(high)s.") % {"low": MIN_GRADE, "high": MAX_GRADE}
        )
    encounter.icd10_code = (encounter.icd10_code or "").upper()
    return errors


def _fill_encounter(encounter: Encounter, fields: dict, *, actor) -> None:
    _assign(encounter, fields)
    raise_if_errors(_encounter_problems(encounter))
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
    missing_patients = _load_references(Encounter, encounters, "patient", Patient)
    missing_clinicians = _load_references(Encounter, encounters, "clinician", Personnel)
    patients = {
        encounter.patient_id: encounter.patient
        for index, encounter in enumerate(encounters)
        if encounter.patient_id is not None and index not in missing_patients
    }
    units = units_of(patients.values())
    problems, lines = [], []
    for index, encounter in enumerate(encounters):
        errors: dict[str, list] = {}
        if index in missing_patients:
            errors["patient"] = [missing_patients[index]]
        if index in missing_clinicians:
            errors["clinician"] = [missing_clinicians[index]]
        if not errors:
            errors = _encounter_problems(encounter)
        try:
            lines.append(_clean_lines(medicines[index], MEDICINE_FIELDS, "medicines", _check_medicine))
        except ValidationError as error:
            errors.update(error.message_dict)
        if not errors:
            encounter.patient_unit_id = units.get(_officer_of(encounter.patient))
            errors = _field_problems(encounter, exclude=ENCOUNTER_REFERENCES)
        problems.extend(_numbered(index + 1, Encounter, errors))
    if problems:
        raise ValidationError({"visits": problems})
    _require_viewable(actor, patients.values())
    _require_adding(actor, encounters)
    Encounter.objects.bulk_create(encounters, batch_size=BATCH_SIZE)
    MedicineDispensed.objects.bulk_create(
        (
            MedicineDispensed(encounter=encounter, **line)
            for encounter, encounter_lines in zip(encounters, lines, strict=True)
            for line in encounter_lines
        ),
        batch_size=BATCH_SIZE,
    )
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


# --- epidemic lists -----------------------------------------------------------------------------

TEST_FIELDS = ("date", "method", "result")


def _test_checker(identified: datetime.date | None):
    def check(values: dict) -> str:
        day = values.get("date")
        if not isinstance(day, datetime.date):
            return _("enter the test date.")
        if day > timezone.localdate():
            return _("the test date is after today.")
        if not values.get("method"):
            return _("choose the test method.")
        values["result"] = values.get("result") or "pending"
        return ""

    return check


def _fill_exposure(exposure: Exposure, fields: dict, *, actor) -> None:
    _assign(exposure, fields)
    errors: dict[str, list] = {}
    _check_clinic(errors, exposure.clinic if exposure.clinic_id else None)
    _check_day(errors, "date_identified", exposure.date_identified)
    _check_day(errors, "isolation_start", exposure.isolation_start, required=False)
    if exposure.patient_id is None:
        errors.setdefault("patient", []).append(_("Choose the person."))
    elif exposure.patient.kind == PatientKind.CITIZEN:
        errors.setdefault("patient", []).append(_("The epidemic lists hold officers and their relatives only."))
    if exposure.isolation_end is not None:
        if exposure.isolation_start is None:
            errors.setdefault("isolation_start", []).append(_("Enter when the isolation started."))
        elif exposure.isolation_end < exposure.isolation_start:
            errors.setdefault("isolation_end", []).append(_("The isolation cannot end before it starts."))
    if exposure.status in (ExposureStatus.ISOLATING, ExposureStatus.TREATING) and exposure.isolation_start is None:
        errors.setdefault("isolation_start", []).append(_("Enter when the isolation started."))
    if exposure.status == ExposureStatus.RELEASED and exposure.isolation_start and exposure.isolation_end is None:
        errors.setdefault("isolation_end", []).append(_("Enter the day the isolation ended."))
    source = exposure.source_case
    if source is not None:
        if exposure.pk and source.pk == exposure.pk:
            errors.setdefault("source_case", []).append(_("A person cannot be their own source case."))
        elif exposure.classification == "F1" and source.classification != "F0":
            errors.setdefault("source_case", []).append(_("The source of an F1 is an F0."))
        elif exposure.classification == "F2" and source.classification != "F1":
            errors.setdefault("source_case", []).append(_("The source of an F2 is an F1."))
    raise_if_errors(errors)
    require(actor, "view", exposure.patient)
    if source is not None:
        require(actor, "view", source)
    exposure.patient_unit_id = unit_of(exposure.patient)
    exposure.full_clean()


def _save_tests(exposure: Exposure, tests: list[dict]) -> None:
    exposure.tests.all().delete()
    ExposureTest.objects.bulk_create(ExposureTest(exposure=exposure, **line) for line in tests)


@service
def exposure_record(*, actor, tests: Iterable[dict] = (), **fields) -> Exposure:
    """Put a person on the epidemic list, with their isolation and tests."""
    exposure = Exposure()
    _fill_exposure(exposure, fields, actor=actor)
    lines = _clean_lines(tests, TEST_FIELDS, "tests", _test_checker(exposure.date_identified))
    require(actor, "add", exposure)
    exposure.save()
    _save_tests(exposure, lines)
    return exposure


#: What a user may change on an entry of the epidemic lists (the tests come as ``tests``).
EXPOSURE_EDITABLE = (
    "clinic",
    "patient",
    "classification",
    "date_identified",
    "source_case",
    "source_note",
    "isolation_place",
    "isolation_address",
    "isolation_start",
    "isolation_end",
    "status",
    "notes",
)


@service
def exposure_update(*, actor, exposure: Exposure, tests: Iterable[dict] | None = None, **fields) -> Exposure:
    exposure = Exposure.objects.select_for_update().get(pk=exposure.pk)
    require(actor, "change", exposure)
    _fill_exposure(exposure, dict(editable_changes(fields, EXPOSURE_EDITABLE)), actor=actor)
    lines = (
        None if tests is None else _clean_lines(tests, TEST_FIELDS, "tests", _test_checker(exposure.date_identified))
    )
    exposure.save()
    require(actor, "change", exposure)
    if lines is not None:
        _save_tests(exposure, lines)
    return exposure


# --- the access log -----------------------------------------------------------------------------


def _subject(record) -> tuple[str, int | None]:
    """The identifiable record a read shows: itself, the record a line belongs to (a medicine →
    its encounter), or the record whose history an event is."""
    # A history event copies the fields of the record it tracks, its owner's id among them.
    model = getattr(type(record), "pgh_tracked_model", None) or type(record)
    own_id = record.pgh_obj_id if model is not type(record) else record.pk
    path = getattr(model, "read_subject", None)
    if path:
        owner = model._meta.get_field(path).related_model
        return owner._meta.label_lower, getattr(record, f"{path}_id")
    return model._meta.label_lower, own_id


def access_record(
    *, user, action: str, record_type: str, record_id=None, record_ids=(), path: str = "", row_count=None
) -> None:
    """Note that ``user`` saw identifiable health records: one record, or a page of them.

    Not a ``@service``: it must be written even when the page that calls it only reads.
    """
    if user is None or not getattr(user, "pk", None):
        return
    ids = list(dict.fromkeys(int(pk) for pk in record_ids))
    if record_id is not None and not ids:
        ids = [record_id]
    AccessLog.objects.create(
        user=user,
        action=action,
        record_type=record_type,
        record_id=record_id,
        record_ids=ids,
        path=path[:300],
        row_count=len(ids) if row_count is None else row_count,
    )


def access_note(*, request, door: str, records: list, record=None) -> None:
    """The clinic's writer of :func:`logistics.reads.note_read`: one row per kind of record shown,
    naming every record by number, in the order shown."""
    main = _subject(record) if record is not None else None
    shown: dict[str, list[int]] = {}
    for item in records:
        record_type, pk = _subject(item)
        if pk is not None:
            shown.setdefault(record_type, []).append(pk)
    user, path = getattr(request, "user", None), getattr(request, "path", "")
    for record_type, ids in shown.items():
        record_id = main[1] if main is not None and main[0] == record_type else None
        access_record(user=user, action=door, record_type=record_type, record_id=record_id, record_ids=ids, path=path)
