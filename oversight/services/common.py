"""What the oversight services share: locks, checks and wording used by several sections."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.formatting import day_text
from logistics.scope import require
from oversight.choices import (
    TargetKind,
)


def _date(value: datetime.date) -> str:
    return day_text(value)


def _not_in_future(value: datetime.date | None, field: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


def _final() -> ValidationError:
    return ValidationError(_("The inspection is concluded; this record is final and cannot be changed."))


def _check_target(record, *, person_field: str = "target_person", unit_field: str = "target_unit") -> None:
    """A Party organisation is a unit; a Party member is a person, whose unit is taken."""
    if record.target_kind == TargetKind.MEMBER:
        person = record.target_person
        if person is None:
            raise ValidationError({person_field: _("Choose the Party member.")})
        if not person.is_party_member:
            raise ValidationError(
                {person_field: _("%(name)s is not recorded as a Party member.") % {"name": person.full_name}}
            )
        record.target_unit = person.unit
    elif record.target_kind == TargetKind.ORGANISATION:
        if record.target_person_id is not None:
            raise ValidationError(
                {person_field: _("Leave the Party member empty when the target is a Party organisation.")}
            )
        if record.target_unit_id is None:
            raise ValidationError({unit_field: _("Choose the unit whose Party organisation is concerned.")})


def _validate(record: Model) -> None:
    """Field checks in Python; the services have checked the rules with clear messages, and the
    database constraints and foreign keys (checked on save, not queried beforehand) stand behind them."""
    relations = [f.name for f in record._meta.concrete_fields if f.is_relation]
    record.full_clean(exclude=relations, validate_constraints=False)


def _save(record: Model, *, actor, action: str) -> Model:
    _validate(record)
    record.save()
    if action == "change":
        require(actor, "change", record)  # the new values must still be within the actor's scope
    return record
