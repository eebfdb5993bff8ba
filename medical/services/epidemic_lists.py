"""Clinic services: Epidemic lists."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.scope import require
from logistics.services import editable_changes, raise_if_errors, service
from medical.choices import ExposureStatus, PatientKind
from medical.models import (
    Exposure,
    ExposureTest,
)
from medical.selectors import unit_of
from medical.services.common import _assign, _check_clinic, _check_day
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
