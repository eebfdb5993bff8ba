"""Construction services: Works."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from assets.choices import Tracking
from assets.models import Item
from construction.choices import WorkKind
from construction.models import Project
from construction.services.common import PROJECT_NUMBER_LOCK, _day, _lock_project
from logistics import transaction_memo
from logistics.models import Unit
from logistics.scope import require, require_locked
from logistics.selectors import rollup_unit_ids
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
    if project.renovated_item_id is not None:
        message = _renovated_item_error(project, unit)
        if message:
            errors["renovated_item"] = message
    raise_if_errors(errors)


def _renovated_item_error(project: Project, unit: Unit | None) -> str:
    """Why the building a renovation names cannot be the one it raises the cost of, or ""."""
    item = Item.objects.select_related("item_type__fixed_asset_class", "holder_unit").get(pk=project.renovated_item_id)
    if project.kind != WorkKind.RENOVATION:
        return _("Only a renovation or upgrade names the building it renovates; leave this empty.")
    asset_class = item.item_type.fixed_asset_class
    if item.item_type.tracking != Tracking.SERIAL or asset_class is None or not asset_class.is_building:
        return _("Choose a building of the fixed-asset register (an item tracked one by one, of a building class).")
    if item.holder_unit_id is None:
        return _("%(item)s is no longer in the register: no unit holds it.") % {"item": item}
    if unit is not None and item.holder_unit_id not in rollup_unit_ids(unit):
        return _("%(item)s is held by %(holder)s, neither the beneficiary unit nor a unit under it.") % {
            "item": item,
            "holder": item.holder_unit,
        }
    return ""


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
    renovated_item=None,
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
        renovated_item=renovated_item,
    )
    require(actor, "add", project)
    _check_project_fields(project)
    if not project.code and planned_start:
        project.code = _next_code(planned_start.year)
    project.full_clean(exclude=["asset_item", "cost_adjustment"], validate_constraints=False)
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
    "renovated_item",
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
    current.full_clean(exclude=["asset_item", "cost_adjustment"], validate_constraints=False)
    current.save()
    require(actor, "change", current)
    return current
