"""Clinic services: Epidemic lists."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.models import Unit
from logistics.scope import require
from logistics.services import editable_changes, load_references, raise_if_errors, service
from medical.choices import ExposureStatus, PatientKind
from medical.models import (
    Exposure,
    ExposureTest,
    Patient,
)
from medical.selectors import officer_of, unit_of, units_of
from medical.services.common import (
    EXPOSURE_REFERENCES,
    _assign,
    _check_clinic,
    _check_day,
    _field_problems,
    _numbered,
    _require_adding,
    _require_viewable,
    _save_with_lines,
)
from medical.services.encounters import _clean_lines

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


def _exposure_problems(exposure: Exposure, *, today: datetime.date | None = None) -> dict[str, list]:
    """The rules of an entry's own values (no query: the person and the source case are loaded)."""
    errors: dict[str, list] = {}
    _check_clinic(errors, exposure.clinic if exposure.clinic_id else None)
    _check_day(errors, "date_identified", exposure.date_identified, today=today)
    _check_day(errors, "isolation_start", exposure.isolation_start, required=False, today=today)
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
    return errors


def _fill_exposure(exposure: Exposure, fields: dict, *, actor) -> None:
    _assign(exposure, fields)
    raise_if_errors(_exposure_problems(exposure))
    require(actor, "view", exposure.patient)
    if exposure.source_case is not None:
        require(actor, "view", exposure.source_case)
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


@service
def exposures_record(*, actor, clinic: Unit, exposures: Iterable[dict]) -> list[Exposure]:
    """Put many people on the epidemic lists at once (the contacts traced around a case), each
    with their tests, under the rules of :func:`exposure_record`: every row is checked, the
    refusals name the row, and nothing is saved unless every row passes. The look-ups rows need
    are made once for all."""
    entries, tests = [], []
    for fields in exposures:
        fields = dict(fields)
        tests.append(fields.pop("tests", ()))
        exposure = Exposure(clinic=clinic)
        _assign(exposure, fields)
        entries.append(exposure)
    missing_patients = load_references(Exposure, entries, "patient", Patient)
    missing_sources = load_references(Exposure, entries, "source_case", Exposure)
    patients = {
        exposure.patient_id: exposure.patient
        for index, exposure in enumerate(entries)
        if exposure.patient_id is not None and index not in missing_patients
    }
    sources = {
        exposure.source_case_id: exposure.source_case
        for index, exposure in enumerate(entries)
        if exposure.source_case_id is not None and index not in missing_sources
    }
    units = units_of(patients.values())
    today = timezone.localdate()
    problems, lines = [], []
    for index, exposure in enumerate(entries):
        errors: dict[str, list] = {}
        if index in missing_patients:
            errors["patient"] = [missing_patients[index]]
        if index in missing_sources:
            errors["source_case"] = [missing_sources[index]]
        if not errors:
            errors = _exposure_problems(exposure, today=today)
        try:
            checker = _test_checker(exposure.date_identified)
            lines.append(_clean_lines(tests[index], TEST_FIELDS, "tests", checker))
        except ValidationError as error:
            errors.update(error.message_dict)
        if not errors:
            exposure.patient_unit_id = units.get(officer_of(exposure.patient))
            errors = _field_problems(exposure, exclude=EXPOSURE_REFERENCES)
        problems.extend(_numbered(index + 1, Exposure, errors))
    if problems:
        raise ValidationError({"exposures": problems})
    _require_viewable(actor, patients.values())
    _require_viewable(actor, sources.values(), model=Exposure)
    _require_adding(actor, entries)
    _save_with_lines(Exposure, entries, ExposureTest, "exposure", lines)
    return entries


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
