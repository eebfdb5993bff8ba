"""Oversight services: Programmes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from logistics.scope import require
from logistics.services import editable_changes, raise_if_errors, service
from oversight.choices import (
    Schedule,
)
from oversight.models import (
    Programme,
)
from oversight.services.common import _save


def _clean_programme(programme: Programme) -> None:
    errors = {}
    if programme.schedule == Schedule.QUARTERLY and not programme.quarter:
        errors["quarter"] = _("Say which quarter (1 to 4) the programme covers.")
    if programme.schedule != Schedule.QUARTERLY and programme.quarter:
        errors["quarter"] = _("A quarter is given only for a quarterly programme.")
    if not programme.areas:
        errors["areas"] = _("Choose at least one area.")
    if programme.issued_on and programme.year and programme.issued_on.year not in (programme.year - 1, programme.year):
        errors["issued_on"] = _("A programme for %(year)s is issued in that year or at the end of the year before.") % {
            "year": programme.year
        }
    raise_if_errors(errors)
    if programme.pk:
        other_kind = programme.inspections.exclude(kind=programme.kind)
        if other_kind.exists():
            raise ValidationError(
                {"kind": _("The programme already has inspections of the other kind; its kind cannot change.")}
            )


@service
def programme_create(*, actor, **fields) -> Programme:
    programme = Programme(**fields)
    require(actor, "add", programme)
    _clean_programme(programme)
    return _save(programme, actor=actor, action="add")


PROGRAMME_EDITABLE = (
    "year",
    "kind",
    "schedule",
    "quarter",
    "title",
    "document_number",
    "issued_on",
    "issuing_body",
    "issuing_unit",
    "areas",
    "planned_count",
    "planned_targets",
)


@service
def programme_update(*, actor, programme: Programme, **fields) -> Programme:
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    require(actor, "change", programme)
    for name, value in editable_changes(fields, PROGRAMME_EDITABLE):
        setattr(programme, name, value)
    _clean_programme(programme)
    return _save(programme, actor=actor, action="change")
