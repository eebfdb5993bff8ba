"""Budget services: Allocations."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.choices import AllocationStatus
from budget.models import Allocation, FiscalYear
from budget.services.common import _lock_allocation, _lock_year, _require_open
from logistics.models import Unit
from logistics.scope import require
from logistics.services import editable_changes, service
from logistics.workflow import guarded_by, refuse


def _check_allocation_fields(allocation: Allocation) -> None:
    year = allocation.fiscal_year_id
    unit = allocation.unit
    if unit is not None and year:
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        if unit.valid_from > last or (unit.valid_to is not None and unit.valid_to < first):
            raise ValidationError({"unit": _("%(unit)s did not exist in %(year)s.") % {"unit": unit, "year": year}})
    if allocation.decision_date and year and allocation.decision_date.year > year:
        raise ValidationError(
            {"decision_date": _("A decision for %(year)s cannot be dated after that year.") % {"year": year}}
        )


@service
def allocation_create(
    *,
    actor,
    fiscal_year: FiscalYear,
    unit: Unit,
    source,
    category,
    amount: int,
    decision_number: str,
    decision_date: datetime.date,
    note: str = "",
    carried_over_from: Allocation | None = None,
) -> Allocation:
    """A draft allocation; ``carried_over_from`` only for a balance carried over at year end
    (:func:`budget.services.balance_dispose`)."""
    _lock_year(fiscal_year.year)
    allocation = Allocation(
        fiscal_year=fiscal_year,
        unit=unit,
        source=source,
        category=category,
        amount=amount,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        note=note,
        carried_over_from=carried_over_from,
    )
    require(actor, "add", allocation)
    _require_open(fiscal_year.year, unit, "fiscal_year")
    _check_allocation_fields(allocation)
    allocation.full_clean()
    allocation.save()
    return allocation


ALLOCATION_EDITABLE = (
    "fiscal_year",
    "unit",
    "source",
    "category",
    "amount",
    "decision_number",
    "decision_date",
    "note",
)


@service
def allocation_update(*, actor, allocation: Allocation, **fields) -> Allocation:
    current = _lock_allocation(allocation)
    require(actor, "change", current)
    if current.is_locked:
        raise ValidationError(_("An approved allocation is final; record an adjustment instead."))
    for name, value in editable_changes(fields, ALLOCATION_EDITABLE):
        setattr(current, name, value)
    _lock_year(current.fiscal_year_id)
    _require_open(current.fiscal_year_id, current.unit, "fiscal_year")
    _check_allocation_fields(current)
    current.full_clean()
    current.save()
    require(actor, "change", current)
    return current


def allocation_approve_blockers(allocation: Allocation) -> list[str]:
    if allocation.status != AllocationStatus.DRAFT:
        return [_("This allocation is already approved.")]
    return []


@guarded_by(allocation_approve_blockers)
@service
def allocation_approve(*, actor, allocation: Allocation) -> Allocation:
    """Duyệt: the allocation becomes final and can receive adjustments and spending."""
    current = _lock_allocation(allocation)
    require(actor, "approve", current)
    _lock_year(current.fiscal_year_id)
    refuse(allocation_approve_blockers(current))
    _require_open(current.fiscal_year_id, current.unit)
    current.status = AllocationStatus.APPROVED
    current.approved_by = actor
    current.approved_at = timezone.now()
    current.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return current
