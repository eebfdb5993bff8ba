"""Construction services: Works."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from construction.choices import WorkKind
from construction.models import Project
from construction.services.common import PROJECT_NUMBER_LOCK, _day, _lock_project
from logistics import transaction_memo
from logistics.models import Unit
from logistics.scope import require, require_locked
from logistics.services import editable_changes, raise_if_errors, service


def _next_code(year: int) -> str:
    prefix = f"CT-{year}-"
    transaction_memo.hold_advisory_lock(PROJECT_NUMBER_LOCK, year)
    last = Project.objects.filter(code__startswith=prefix).aggregate(last=Max("code"))["last"]
    tail = last.rsplit("-", 1)[1] if last else ""
    sequence = int(tail) + 1 if tail.isdigit() else 1
    return f"{prefix}{sequence:03d}"


def _check_project_fields(project: Project) -> None:
    errors = {}
    unit: Unit | None = project.beneficiary_unit if project.beneficiary_unit_id else None
    if unit is not None and project.planned_start and not unit.is_active_on(project.planned_start):
        errors["beneficiary_unit"] = _(
            "%(unit)s did not exist on %(date)s; a work is for a unit that exists when it starts."
        ) % {"unit": unit, "date": _day(project.planned_start)}
    if project.planned_start and project.planned_end and project.planned_end < project.planned_start:
        errors["planned_end"] = _("The planned completion cannot come before the planned start.")
    if project.asset_item_type_id is not None:
        asset_class = project.asset_item_type.fixed_asset_class
        if project.kind != WorkKind.NEW_BUILD:
            errors["asset_item_type"] = _("Only a new build enters the register as a new asset; leave this empty.")
        elif asset_class is None or not asset_class.is_building:
            errors["asset_item_type"] = _("Choose an item type whose fixed-asset class is a building.")
    raise_if_errors(errors)


@service
def project_create(
    *,
    actor,
    name: str,
    kind: str,
    beneficiary_unit: Unit,
    location: str,
    total_investment: int,
    planned_start: datetime.date,
    planned_end: datetime.date,
    phase: str = "",
    code: str = "",
    note: str = "",
    asset_item_type=None,
) -> Project:
    """Đề xuất: a proposed work. It becomes final when approved (the investment decision)."""
    project = Project(
        code=(code or "").strip(),
        name=(name or "").strip(),
        kind=kind,
        phase=(phase or "").strip(),
        beneficiary_unit=beneficiary_unit,
        location=(location or "").strip(),
        total_investment=total_investment,
        planned_start=planned_start,
        planned_end=planned_end,
        note=note or "",
        asset_item_type=asset_item_type,
    )
    require(actor, "add", project)
    _check_project_fields(project)
    if not project.code and planned_start:
        project.code = _next_code(planned_start.year)
    project.full_clean(exclude=["asset_item"], validate_constraints=False)
    project.save()
    return project


PROJECT_EDITABLE = (
    "name",
    "kind",
    "beneficiary_unit",
    "location",
    "total_investment",
    "phase",
    "planned_start",
    "planned_end",
    "code",
    "note",
    "asset_item_type",
)


@service
def project_update(*, actor, project: Project, **fields) -> Project:
    """Edit a proposal. An approved work changes only by an adjustment decision."""
    current = _lock_project(project)
    require_locked(actor, "change", current)
    if current.is_locked:
        raise ValidationError(
            _("An approved work is not edited: record an adjustment decision (Điều chỉnh) or the next step instead.")
        )
    for name, value in editable_changes(fields, PROJECT_EDITABLE):
        if name == "code":
            value = (value or "").strip() or current.code
        elif isinstance(value, str):
            value = value.strip() if name != "note" else value
        setattr(current, name, value)
    _check_project_fields(current)
    current.full_clean(exclude=["asset_item"], validate_constraints=False)
    current.save()
    require(actor, "change", current)
    return current
