"""Budget writes. Each runs in one transaction under the locks it needs:

- every write for a fiscal year holds that year's lock in shared mode, and closing the year holds
  it exclusively, so nothing slips into a year while it is being closed;
- a posting, reversal or adjustment locks its allocation row (``SELECT … FOR UPDATE``) and moves
  the running totals in the same transaction, so two officers posting at the same moment are
  served one after the other and the second sees what the first left.

The CHECK constraints on :class:`budget.models.Allocation` back all of this in the database.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.choices import AllocationStatus, SpendingKind, SpendingStatus
from budget.models import Adjustment, Allocation, FiscalYear, FundingSource, Spending, SpendingCategory, YearClosure
from budget.selectors import closure_for
from logistics import periods
from logistics.formatting import vnd
from logistics.models import Unit
from logistics.scope import concerns_scope, require
from logistics.selectors import rollup_unit_ids
from logistics.services import create_record, editable_changes, service, update_record
from logistics.workflow import guarded_by, refuse

#: The advisory lock that serialises a year's writes against its closing — in every area, so it
#: is the core's (``logistics.periods``).
FISCAL_YEAR_LOCK = periods.YEAR_LOCK


def _lock_year(year: int, *, exclusive: bool = False) -> None:
    periods.lock_year(year, exclusive=exclusive)


def _require_open(year: int, unit: Unit, field: str | None = None) -> None:
    closure = closure_for(year, unit)
    if closure is not None:
        message = _("Fiscal year %(year)s is closed for %(unit)s (closed on %(date)s); it takes no new entries.") % {
            "year": year,
            "unit": closure.unit,
            "date": timezone.localtime(closure.closed_at).strftime("%d/%m/%Y"),
        }
        raise ValidationError({field: message} if field else message)


def _require_perm(actor, permission: str) -> None:
    if actor is not None and not actor.has_perm(permission):
        raise PermissionDenied


def _lock_allocation(allocation: Allocation) -> Allocation:
    return Allocation.objects.select_for_update(of=("self",)).select_related("unit").get(pk=allocation.pk)


# --- allocations -------------------------------------------------------------------------------


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
) -> Allocation:
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


# --- adjustments -------------------------------------------------------------------------------


@service
def adjustment_create(
    *, actor, allocation: Allocation, amount: int, decision_number: str, decision_date: datetime.date, reason: str
) -> Adjustment:
    """Bổ sung / điều chỉnh an approved allocation; a reduction cannot take what is left below zero."""
    current = _lock_allocation(allocation)
    adjustment = Adjustment(
        allocation=current,
        amount=amount,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        reason=reason.strip(),
        recorded_by=actor,
    )
    require(actor, "add", adjustment)
    _lock_year(current.fiscal_year_id)
    if current.status != AllocationStatus.APPROVED:
        raise ValidationError({"allocation": _("Only an approved allocation can be adjusted.")})
    _require_open(current.fiscal_year_id, current.unit, "allocation")
    if amount < 0 and -amount > current.available:
        raise ValidationError(
            {
                "amount": _("The reduction exceeds what is left: %(available)s left, reduction of %(requested)s.")
                % {"available": vnd(current.available), "requested": vnd(-amount)}
            }
        )
    adjustment.full_clean()
    adjustment.save()
    Allocation.objects.filter(pk=current.pk).update(adjustments_total=F("adjustments_total") + amount)
    return adjustment


# --- spending ----------------------------------------------------------------------------------


def _check_spending(entry: Spending, allocation: Allocation) -> None:
    if allocation.status != AllocationStatus.APPROVED:
        raise ValidationError({"allocation": _("Spending can only be recorded against an approved allocation.")})
    year = allocation.fiscal_year_id
    if entry.date and entry.date.year != year:
        raise ValidationError(
            {
                "date": _("The date must fall inside fiscal year %(year)s (01/01/%(year)s – 31/12/%(year)s).")
                % {"year": year}
            }
        )
    if entry.date and entry.date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    # The entry's date decides the year (it lies in the allocation's), so the refusal stands beside it.
    _require_open(year, allocation.unit, "date")


def _overspend_message(available: int, requested: int) -> str:
    return _("Exceeds the allocation left: %(available)s left, %(requested)s requested.") % {
        "available": vnd(available),
        "requested": vnd(requested),
    }


def _post(entry: Spending, allocation: Allocation, actor) -> Spending:
    """Post a draft entry whose allocation row the caller has locked."""
    if entry.amount > allocation.available:
        raise ValidationError({"amount": _overspend_message(allocation.available, entry.amount)})
    Allocation.objects.filter(pk=allocation.pk).update(spent_total=F("spent_total") + entry.amount)
    entry.status = SpendingStatus.POSTED
    entry.posted_by = actor
    entry.posted_at = timezone.now()
    entry.save(update_fields=["status", "posted_by", "posted_at", "updated_at"])
    return entry


@service
def spending_create(
    *,
    actor,
    allocation: Allocation,
    kind: str,
    date: datetime.date,
    amount: int,
    voucher_number: str,
    description: str,
    payee=None,
    post: bool = False,
) -> Spending:
    """Record a draft entry; with ``post=True`` post it at once — both or neither."""
    current = _lock_allocation(allocation)
    entry = Spending(
        allocation=current,
        kind=kind,
        date=date,
        amount=amount,
        payee=payee,
        voucher_number=voucher_number.strip(),
        description=description.strip(),
    )
    require(actor, "add", entry)
    if kind == SpendingKind.REVERSAL:
        raise ValidationError({"kind": _("A reversal is made from the posted entry it corrects.")})
    _lock_year(current.fiscal_year_id)
    _check_spending(entry, current)
    entry.full_clean()
    entry.save()
    if post:
        _require_perm(actor, "budget.post_spending")
        _post(entry, current, actor)
    return entry


SPENDING_EDITABLE = ("allocation", "kind", "date", "amount", "payee", "voucher_number", "description")


@service
def spending_update(*, actor, spending: Spending, post: bool = False, **fields) -> Spending:
    # Lock order everywhere: allocations (by id), then the entry — so that no two writers deadlock.
    target = fields.get("allocation") or spending.allocation
    for allocation_id in sorted({spending.allocation_id, target.pk}):
        Allocation.objects.select_for_update().filter(pk=allocation_id).first()
    allocation = Allocation.objects.select_related("unit").get(pk=target.pk)
    entry = Spending.objects.select_for_update().get(pk=spending.pk)
    require(actor, "change", entry)
    if entry.is_locked:
        raise ValidationError(_("A posted entry is final; reverse it instead."))
    for name, value in editable_changes(fields, SPENDING_EDITABLE):
        setattr(entry, name, value)
    entry.allocation = allocation
    _lock_year(allocation.fiscal_year_id)
    _check_spending(entry, allocation)
    entry.full_clean()
    entry.save()
    require(actor, "change", entry)
    if post:
        _require_perm(actor, "budget.post_spending")
        _post(entry, allocation, actor)
    return entry


def spending_post_blockers(spending: Spending) -> list[str]:
    if spending.status != SpendingStatus.DRAFT:
        return [_("This entry is already posted.")]
    return []


@guarded_by(spending_post_blockers)
@service
def spending_post(*, actor, spending: Spending) -> Spending:
    """Ghi sổ: the entry becomes final and counts against its allocation."""
    allocation = _lock_allocation(spending.allocation)
    entry = Spending.objects.select_for_update().get(pk=spending.pk)
    require(actor, "post", entry)
    refuse(spending_post_blockers(entry))
    _lock_year(allocation.fiscal_year_id)
    _check_spending(entry, allocation)
    return _post(entry, allocation, actor)


def spending_reverse_blockers(spending: Spending) -> list[str]:
    if spending.status != SpendingStatus.POSTED:
        return [_("Only a posted entry can be reversed; a draft can simply be changed or deleted.")]
    if spending.kind == SpendingKind.REVERSAL:
        return [_("A reversal cannot itself be reversed; record a new entry instead.")]
    if spending.is_reversed:
        return [_("This entry has already been reversed.")]
    return []


@guarded_by(spending_reverse_blockers)
@service
def spending_reverse(
    *, actor, spending: Spending, date: datetime.date | None = None, voucher_number: str = "", reason: str = ""
) -> Spending:
    """Đảo bút toán: a posted reversal entry that cancels a posted entry, linked to it."""
    allocation = _lock_allocation(spending.allocation)
    original = Spending.objects.select_for_update().get(pk=spending.pk)
    require(actor, "post", original)
    refuse(spending_reverse_blockers(original))
    year = allocation.fiscal_year_id
    if date is None:
        date = min(timezone.localdate(), datetime.date(year, 12, 31))
    reversal = Spending(
        allocation=allocation,
        kind=SpendingKind.REVERSAL,
        date=date,
        amount=original.amount,
        payee=original.payee,
        voucher_number=(voucher_number or f"{original.voucher_number}-DBT").strip(),
        description=(reason or _("Reversal of %(voucher)s") % {"voucher": original.voucher_number}).strip(),
        reverses=original,
        status=SpendingStatus.POSTED,
        posted_by=actor,
        posted_at=timezone.now(),
    )
    _lock_year(year)
    _check_spending(reversal, allocation)
    reversal.full_clean()
    reversal.save()
    Allocation.objects.filter(pk=allocation.pk).update(spent_total=F("spent_total") - original.amount)
    return reversal


# --- closing a year ----------------------------------------------------------------------------


@service
def year_close(*, actor, fiscal_year: FiscalYear, unit: Unit, note: str = "") -> YearClosure:
    """Khóa sổ: close ``fiscal_year`` for ``unit`` and every unit counted under it."""
    _require_perm(actor, "budget.close_fiscalyear")
    if actor is not None and not concerns_scope(actor, [unit.pk]):
        raise PermissionDenied
    _lock_year(fiscal_year.year, exclusive=True)
    existing = closure_for(fiscal_year.year, unit)
    if existing is not None:
        raise ValidationError(
            {
                "unit": _("Fiscal year %(year)s is already closed for %(unit)s.")
                % {"year": fiscal_year.year, "unit": existing.unit}
            }
        )
    if fiscal_year.year >= timezone.localdate().year:
        raise ValidationError(_("A year can be closed only after it has ended."))
    unit_ids = rollup_unit_ids(unit)
    allocations = Allocation.objects.filter(fiscal_year=fiscal_year, unit_id__in=unit_ids)
    drafts = allocations.filter(status=AllocationStatus.DRAFT).count()
    draft_spending = Spending.objects.filter(allocation__in=allocations, status=SpendingStatus.DRAFT).count()
    if drafts or draft_spending:
        raise ValidationError(
            _(
                "Post or delete the drafts first: %(allocations)s draft allocations and %(spending)s draft spending entries."
            )
            % {"allocations": drafts, "spending": draft_spending}
        )
    approved = allocations.filter(status=AllocationStatus.APPROVED)
    closure = YearClosure(
        fiscal_year=fiscal_year,
        unit=unit,
        closed_by=actor,
        note=note.strip(),
        allocation_count=approved.count(),
        unspent_total=approved.aggregate(total=Sum("available"))["total"] or 0,
    )
    closure.full_clean()
    closure.save()
    return closure


def fiscal_year_for(year: int) -> FiscalYear:
    fiscal_year, _created = FiscalYear.objects.get_or_create(year=year)
    return fiscal_year


# --- reference data ----------------------------------------------------------------------------


@service
def funding_source_create(*, actor, **fields) -> FundingSource:
    return create_record(FundingSource, actor=actor, fields=fields)


@service
def funding_source_update(*, actor, funding_source: FundingSource, **fields) -> FundingSource:
    return update_record(funding_source, actor=actor, fields=fields, editable=("code", "name", "kind", "is_active"))


@service
def spending_category_create(*, actor, **fields) -> SpendingCategory:
    return create_record(SpendingCategory, actor=actor, fields=fields)


@service
def spending_category_update(*, actor, spending_category: SpendingCategory, **fields) -> SpendingCategory:
    return update_record(
        spending_category, actor=actor, fields=fields, editable=("code", "name", "is_recurrent", "is_active")
    )


@service
def fiscal_year_create(*, actor, year: int, note: str = "") -> FiscalYear:
    return create_record(FiscalYear, actor=actor, fields={"year": year, "note": note})
