"""What the clinic services share: checks and wording used by several sections."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.formatting import day_text
from logistics.models import Unit, UnitKind
from logistics.scope import require, restrict
from logistics.services import numbered_problems
from medical.choices import Service
from medical.models import (
    EARLIEST_DATE,
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


EXPOSURE_REFERENCES = ["clinic", "patient", "patient_unit", "source_case"]


#: Rows written per INSERT by those services.
BATCH_SIZE = 2000


def _check_day(
    errors: dict, field: str, day: datetime.date | None, *, required: bool = True, today: datetime.date | None = None
) -> None:
    """``today`` is given by a service checking many rows at once (it reads the clock once)."""
    if day is None:
        if required:
            errors.setdefault(field, []).append(_("Enter the date."))
        return
    if day > (today or timezone.localdate()):
        errors.setdefault(field, []).append(
            _("The date %(date)s is after today; enter the day it happened.") % {"date": day_text(day)}
        )
    elif day < EARLIEST_DATE:
        errors.setdefault(field, []).append(
            _("The date must not be before %(date)s.") % {"date": day_text(EARLIEST_DATE)}
        )


def _check_clinic(errors: dict, clinic: Unit | None) -> None:
    if clinic is None:
        errors.setdefault("clinic", []).append(_("Choose the clinic."))
    elif clinic.kind != UnitKind.CLINIC:
        errors.setdefault("clinic", []).append(_("%(unit)s is not a clinic.") % {"unit": clinic})
    elif clinic.is_dissolved:
        errors.setdefault("clinic", []).append(_("%(unit)s was dissolved.") % {"unit": clinic})


def _assign(record, fields: dict) -> None:
    for name, value in fields.items():
        setattr(record, name, value.strip() if isinstance(value, str) else value)


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
    return numbered_problems(number, model, errors, labels=labels)


def _require_viewable(actor, records: Iterable, *, model=Patient) -> None:
    """:func:`require` ``view`` of every record (patients, unless ``model`` says), in one query."""
    if actor is None:
        return
    wanted = {record.pk for record in records}
    if not wanted:
        return
    reached = set(restrict(model.objects.filter(pk__in=wanted), actor, "view").values_list("pk", flat=True))
    if wanted - reached:
        raise PermissionDenied


def _require_adding(actor, records: list) -> None:
    """:func:`require` ``add`` of every record, asked once per clinic: the permission and the
    clinic's scope are all it depends on."""
    by_clinic = {record.clinic_id: record for record in records}
    for record in by_clinic.values():
        require(actor, "add", record)


def _save_with_lines(model, records: list, line_model, parent: str, lines: list[list[dict]]) -> None:
    """Save many checked records and the lines typed with each (medicines, tests), in batches."""
    model.objects.bulk_create(records, batch_size=BATCH_SIZE)
    line_model.objects.bulk_create(
        (
            line_model(**{parent: record}, **line)
            for record, record_lines in zip(records, lines, strict=True)
            for line in record_lines
        ),
        batch_size=BATCH_SIZE,
    )
