"""Budget services: Spending."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.choices import CLEARING_KINDS, AllocationStatus, SpendingKind, SpendingStatus
from budget.models import Allocation, Spending
from budget.services.common import _lock_allocation, _lock_year, _require_open, _require_perm
from logistics.formatting import day_text, vnd
from logistics.models import Supplier
from logistics.registry import registry
from logistics.scope import require
from logistics.services import editable_changes, load_references, numbered_problems, raise_if_errors, service
from logistics.workflow import guarded_by, refuse


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


def _refuse_kind(kind: str) -> None:
    """Reversals, clearings and refunds are made from the posted entry they concern, never typed."""
    if kind == SpendingKind.REVERSAL:
        raise ValidationError({"kind": _("A reversal is made from the posted entry it corrects.")})
    if kind in CLEARING_KINDS:
        raise ValidationError({"kind": _("A clearing or refund is made from the posted advance it settles.")})


def _overspend_message(available: int, requested: int) -> str:
    return _("Exceeds the allocation left: %(available)s left, %(requested)s requested.") % {
        "available": vnd(available),
        "requested": vnd(requested),
    }


def _post(entry: Spending, allocation: Allocation, actor) -> Spending:
    """Post a draft entry whose allocation row the caller has locked."""
    if entry.amount > allocation.available:
        raise ValidationError({"amount": _overspend_message(allocation.available, entry.amount)})
    return _write_posting(entry, allocation, actor)


def _write_posting(entry: Spending, allocation: Allocation, actor) -> Spending:
    """Count a checked entry against its locked allocation and mark it posted."""
    Allocation.objects.filter(pk=allocation.pk).update(spent_total=F("spent_total") + entry.amount)
    entry.mark_posted(actor)
    entry.save(update_fields=Spending.POSTING_FIELDS)
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
    _refuse_kind(kind)
    _lock_year(current.fiscal_year_id)
    _check_spending(entry, current)
    # The allocation is the row locked above: it exists, as its reference needs no query to say.
    entry.full_clean(exclude=["allocation"])
    entry.save()
    if post:
        _require_perm(actor, "budget.post_spending")
        _post(entry, current, actor)
    return entry


#: What an entry of :func:`spending_create_many` says: the arguments of :func:`spending_create`.
ENTRY_FIELDS = ("kind", "date", "amount", "voucher_number", "description", "payee", "post")


@service
def spending_create_many(*, actor, allocation: Allocation, entries: Iterable[dict]) -> list[Spending]:
    """Record many entries against one allocation at once (a year's vouchers typed from one
    sheet), each as :func:`spending_create` records it — ``post`` per entry — and under its rules:
    every row is checked, the refusals name the row, and nothing is saved unless every row passes.
    The allocation is locked once for all, the payees looked up together, and each entry posted
    counts against what the entries before it left."""
    current = _lock_allocation(allocation)
    rows, posts = [], []
    for fields in entries:
        unknown = sorted(set(fields) - set(ENTRY_FIELDS))
        if unknown:
            raise TypeError(f"spending_create_many takes no {', '.join(unknown)} in an entry.")
        posts.append(fields.get("post", False))
        rows.append(
            Spending(
                allocation=current,
                kind=fields["kind"],
                date=fields["date"],
                amount=fields["amount"],
                payee=fields.get("payee"),
                voucher_number=fields["voucher_number"].strip(),
                description=fields["description"].strip(),
            )
        )
    if rows:
        # Who may add an entry depends on the allocation's unit only: the same for every row.
        require(actor, "add", rows[0])
    _lock_year(current.fiscal_year_id)
    missing_payees = load_references(Spending, rows, "payee", Supplier)
    available = current.available
    problems = []
    for index, (entry, post) in enumerate(zip(rows, posts, strict=True)):
        try:
            _refuse_kind(entry.kind)
            _check_spending(entry, current)
            errors: dict[str, list] = {}
            try:
                # The allocation is the row locked above; the payees were looked up together.
                entry.full_clean(exclude=["allocation", "payee"])
            except ValidationError as error:
                errors = error.message_dict
            if index in missing_payees:
                errors["payee"] = [missing_payees[index]]
            raise_if_errors(errors)
            if post:
                if entry.amount > available:
                    raise ValidationError({"amount": _overspend_message(available, entry.amount)})
                available -= entry.amount
        except ValidationError as error:
            problems.extend(numbered_problems(index + 1, Spending, error))
    if problems:
        raise ValidationError({"entries": problems})
    if any(posts):
        _require_perm(actor, "budget.post_spending")
    for entry, post in zip(rows, posts, strict=True):
        entry.save()
        if post:
            _write_posting(entry, current, actor)
    return rows


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
    entry.refuse_if_final()
    for name, value in editable_changes(fields, SPENDING_EDITABLE):
        setattr(entry, name, value)
    _refuse_kind(entry.kind)
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
    if spending.kind == SpendingKind.ADVANCE and spending.cleared_total:
        return [
            _(
                "This advance has been cleared for %(cleared)s; reverse its clearings and refunds first, "
                "then the advance."
            )
            % {"cleared": vnd(spending.cleared_total)}
        ]
    # What other areas hold against it (equipment: a posted purchase that cites this payment).
    return [reason for guard in registry.reversal_guards(Spending) for reason in guard(spending)]


@guarded_by(spending_reverse_blockers)
@service
def spending_reverse(
    *, actor, spending: Spending, date: datetime.date | None = None, voucher_number: str = "", reason: str = ""
) -> Spending:
    """Đảo bút toán: a posted reversal entry that cancels a posted entry, linked to it.

    It undoes what the original did to the allocation (``Spending.signed_amount``): an advance or a
    payment gives its amount back, a refund takes it again, a clearing moves nothing. Reversing a
    clearing or a refund reopens that part of its advance."""
    allocation = _lock_allocation(spending.allocation)
    original = Spending.objects.select_for_update().get(pk=spending.pk)
    require(actor, "post", original)
    refuse(spending_reverse_blockers(original))
    # Lock order: allocation, the entry, then the advance it settled.
    advance = Spending.objects.select_for_update().get(pk=original.clears_id) if original.clears_id else None
    year = allocation.fiscal_year_id
    if date is None:
        date = min(timezone.localdate(), datetime.date(year, 12, 31))
    reversal = Spending(
        allocation=allocation,
        kind=SpendingKind.REVERSAL,
        reverses_kind=original.kind,
        date=date,
        amount=original.amount,
        payee=original.payee,
        voucher_number=(voucher_number or f"{original.voucher_number}-DBT").strip(),
        description=(reason or _("Reversal of %(voucher)s") % {"voucher": original.voucher_number}).strip(),
        reverses=original,
        clears=advance,
        status=SpendingStatus.POSTED,
        posted_by=actor,
        posted_at=timezone.now(),
    )
    _lock_year(year)
    _check_spending(reversal, allocation)
    if original.kind == SpendingKind.REFUND and original.amount > allocation.available:
        # Undoing a refund spends the money again: it must still be there.
        raise ValidationError(_overspend_message(allocation.available, original.amount))
    reversal.full_clean(exclude=["allocation"])  # the allocation row is locked above
    reversal.save()
    if original.signed_amount:
        Allocation.objects.filter(pk=allocation.pk).update(spent_total=F("spent_total") - original.signed_amount)
    if advance is not None:
        Spending.objects.filter(pk=advance.pk).update(cleared_total=F("cleared_total") - original.amount)
    return reversal


def spending_clear_blockers(spending: Spending) -> list[str]:
    if spending.kind != SpendingKind.ADVANCE:
        return [_("Only an advance is cleared; this entry is not an advance.")]
    if spending.status != SpendingStatus.POSTED:
        return [_("Post the advance before clearing it.")]
    if spending.is_reversed:
        return [_("This advance has been reversed; there is nothing to clear.")]
    if spending.cleared_total >= spending.amount:
        return [_("This advance is already fully cleared.")]
    return []


@guarded_by(spending_clear_blockers)
@service
def spending_clear(
    *,
    actor,
    spending: Spending,
    kind: str,
    amount: int,
    date: datetime.date,
    voucher_number: str,
    description: str = "",
    payee=None,
) -> Spending:
    """Thanh toán tạm ứng / hoàn ứng: settle ``amount`` of the posted advance ``spending``.

    A clearing (``kind="clearing"``) turns that part of the advance into a final expense: the
    advance was counted as spent when it was posted, so the allocation does not move. A refund
    (``kind="refund"``) is the unspent part paid back: the allocation gets it back. Together they
    never settle more than the advance; what was spent beyond it is a new payment."""
    allocation = _lock_allocation(spending.allocation)
    advance = Spending.objects.select_for_update().get(pk=spending.pk)
    require(actor, "post", advance)
    refuse(spending_clear_blockers(advance))
    errors = {}
    if kind not in CLEARING_KINDS:
        errors["kind"] = [_("Choose a clearing (thanh toán tạm ứng) or a refund (hoàn ứng).")]
    open_amount = advance.amount - advance.cleared_total
    if amount is None or amount <= 0:
        errors["amount"] = [_("The amount must be greater than zero.")]
    elif amount > open_amount:
        errors["amount"] = [
            _(
                "Exceeds what is still to clear on this advance: %(open)s left, %(requested)s requested. "
                "Spending beyond the advance is recorded as a new payment."
            )
            % {"open": vnd(open_amount), "requested": vnd(amount)}
        ]
    if date is not None and date < advance.date:
        errors["date"] = [
            _("An advance cannot be cleared before it was paid (%(date)s).") % {"date": day_text(advance.date)}
        ]
    raise_if_errors(errors)
    if kind == SpendingKind.CLEARING:
        default = _("Clearing of advance %(voucher)s")
    else:
        default = _("Refund of advance %(voucher)s")
    entry = Spending(
        allocation=allocation,
        kind=kind,
        date=date,
        amount=amount,
        payee=payee if payee is not None else advance.payee,
        voucher_number=voucher_number.strip(),
        description=(description or default % {"voucher": advance.voucher_number}).strip(),
        clears=advance,
        status=SpendingStatus.POSTED,
        posted_by=actor,
        posted_at=timezone.now(),
    )
    _lock_year(allocation.fiscal_year_id)
    _check_spending(entry, allocation)
    entry.full_clean(exclude=["allocation", "clears"])  # both rows are locked above
    entry.save()
    Spending.objects.filter(pk=advance.pk).update(cleared_total=F("cleared_total") + amount)
    if kind == SpendingKind.REFUND:
        Allocation.objects.filter(pk=allocation.pk).update(spent_total=F("spent_total") - amount)
    return entry
