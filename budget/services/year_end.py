"""Budget services: the year end after closing the books — carrying over or cancelling each unspent
balance (chuyển nguồn, hủy dự toán), then the settlement approved by the superior (quyết toán).

Closing the books (:func:`budget.services.year_close`) comes first and freezes the year's entries;
a disposition then moves only the allocation's ``disposed_total`` (its ``available`` falls by as
much, so the same money cannot be disposed of twice), and a settlement is refused while any
allocation of the subtree still shows an unspent balance. Dispositions hold the closed year's lock
in shared mode and a settlement holds it exclusively, so no balance is disposed of while the year
is being settled.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.choices import AllocationStatus, DispositionKind
from budget.models import Allocation, BalanceDisposition, FiscalYear, YearSettlement
from budget.selectors import closure_for, settlement_for
from budget.services.allocations import allocation_approve, allocation_create
from budget.services.common import _lock_allocation, _lock_year, _require_perm
from budget.services.year_close import fiscal_year_for
from logistics.formatting import vnd
from logistics.models import Unit
from logistics.scope import concerns_scope, require
from logistics.selectors import rollup_unit_ids
from logistics.services import raise_if_errors, service


def _check_decision(errors: dict, year: int, decision_number: str, decision_date) -> None:
    if not (decision_number or "").strip():
        errors["decision_number"] = [_("This field is required.")]
    if decision_date is None:
        errors["decision_date"] = [_("This field is required.")]
    elif decision_date.year < year:
        errors["decision_date"] = [
            _("A year-end decision for %(year)s cannot be dated before that year.") % {"year": year}
        ]
    elif decision_date > timezone.localdate():
        errors["decision_date"] = [_("The date cannot be in the future.")]


def _unit_in_year(unit: Unit, year: int) -> Unit:
    """The unit that answers for ``unit`` in ``year``: itself, or its successor if it was dissolved."""
    first = datetime.date(year, 1, 1)
    while unit.valid_to is not None and unit.valid_to <= first and unit.successor_id:
        unit = unit.successor
    return unit


@service
def balance_dispose(
    *,
    actor,
    fiscal_year: FiscalYear,
    allocation: Allocation,
    kind: str,
    amount: int,
    decision_number: str,
    decision_date: datetime.date,
    note: str = "",
) -> BalanceDisposition:
    """Chuyển nguồn / hủy dự toán: carry ``amount`` of the unspent balance of ``allocation`` (of the
    closed ``fiscal_year``) over to the next year, or cancel it.

    Carrying over creates an approved allocation in the next year for the same unit (or the unit
    that succeeded it), source and category, for that amount, that names the original
    (``carried_over_from``) — kept apart from the next year's own estimate, as the law keeps
    carried-over funds apart. The year must be closed for the allocation's unit and not settled."""
    _require_perm(actor, "budget.close_fiscalyear")
    year = fiscal_year.year
    _lock_year(year)
    current = _lock_allocation(allocation)
    require(actor, "view", current)
    errors: dict = {}
    if current.fiscal_year_id != year:
        errors["allocation"] = [_("This allocation is not of fiscal year %(year)s.") % {"year": year}]
    elif current.status != AllocationStatus.APPROVED:
        errors["allocation"] = [_("Only an approved allocation has a balance to carry over or cancel.")]
    elif closure_for(year, current.unit) is None:
        errors["allocation"] = [
            _("Close fiscal year %(year)s for %(unit)s before carrying over or cancelling its balances.")
            % {"year": year, "unit": current.unit}
        ]
    else:
        settled = settlement_for(year, current.unit)
        if settled is not None:
            errors["allocation"] = [
                _("Fiscal year %(year)s is settled for %(unit)s; its balances can no longer change.")
                % {"year": year, "unit": settled.unit}
            ]
    if kind not in DispositionKind.values:
        errors["kind"] = [_("Choose carry over or cancel.")]
    if amount is None or amount <= 0:
        errors["amount"] = [_("The amount must be greater than zero.")]
    elif "allocation" not in errors and amount > current.available:
        errors["amount"] = [
            _("Exceeds the unspent balance: %(available)s left, %(requested)s requested.")
            % {"available": vnd(current.available), "requested": vnd(amount)}
        ]
    _check_decision(errors, year, decision_number, decision_date)
    raise_if_errors(errors)
    disposition = BalanceDisposition(
        allocation=current,
        kind=kind,
        amount=amount,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        note=note.strip(),
        recorded_by=actor,
    )
    if kind == DispositionKind.CARRY_OVER:
        next_year = fiscal_year_for(year + 1)
        carried = allocation_create(
            actor=None,  # the act's own permission was checked above
            fiscal_year=next_year,
            unit=_unit_in_year(current.unit, year + 1),
            source=current.source,
            category=current.category,
            amount=amount,
            decision_number=decision_number,
            decision_date=decision_date,
            note=_("Carried over from %(year)s: %(allocation)s") % {"year": year, "allocation": current},
            carried_over_from=current,
        )
        carried = allocation_approve(actor=None, allocation=carried)
        if actor is not None:
            Allocation.objects.filter(pk=carried.pk).update(approved_by=actor)
        disposition.carried_to = carried
    disposition.full_clean(exclude=["allocation", "carried_to"])  # rows locked or written above
    disposition.save()
    Allocation.objects.filter(pk=current.pk).update(disposed_total=F("disposed_total") + amount)
    return disposition


@service
def year_settle(
    *,
    actor,
    fiscal_year: FiscalYear,
    unit: Unit,
    decision_number: str,
    decision_date: datetime.date,
    approving_body: str,
    note: str = "",
) -> YearSettlement:
    """Quyết toán được duyệt: record the superior's approval of ``fiscal_year``'s settlement for
    ``unit`` and every unit counted under it — after the year is closed for it and every unspent
    balance of its allocations has been carried over or cancelled. Final."""
    _require_perm(actor, "budget.close_fiscalyear")
    if actor is not None and not concerns_scope(actor, [unit.pk]):
        raise PermissionDenied
    year = fiscal_year.year
    _lock_year(year, exclusive=True)
    errors: dict = {}
    closure = closure_for(year, unit)
    if closure is None:
        errors["unit"] = [
            _("Close fiscal year %(year)s for %(unit)s before its settlement.") % {"year": year, "unit": unit}
        ]
    else:
        existing = settlement_for(year, unit)
        if existing is not None:
            errors["unit"] = [
                _("Fiscal year %(year)s is already settled for %(unit)s.") % {"year": year, "unit": existing.unit}
            ]
    if not (approving_body or "").strip():
        errors["approving_body"] = [_("This field is required.")]
    _check_decision(errors, year, decision_number, decision_date)
    allocations = Allocation.objects.filter(
        fiscal_year_id=year, unit_id__in=rollup_unit_ids(unit), status=AllocationStatus.APPROVED
    )
    if "unit" not in errors:
        unspent = allocations.filter(available__gt=0).aggregate(total=Sum("available"), count=Count("pk"))
        if unspent["total"]:
            errors["unit"] = [
                _(
                    "%(count)s allocations still have %(total)s unspent; carry each balance over or cancel it "
                    "before the settlement."
                )
                % {"count": unspent["count"], "total": vnd(unspent["total"])}
            ]
    raise_if_errors(errors)
    settlement = YearSettlement(
        fiscal_year=fiscal_year,
        unit=unit,
        closure=closure,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        approving_body=approving_body.strip(),
        note=note.strip(),
        spent_total=allocations.aggregate(total=Sum("spent_total"))["total"] or 0,
        recorded_by=actor,
    )
    settlement.full_clean()
    settlement.save()
    return settlement
