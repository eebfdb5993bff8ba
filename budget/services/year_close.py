"""Budget services: Closing a year."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.choices import AllocationStatus, SpendingKind, SpendingStatus
from budget.models import Allocation, FiscalYear, Spending, YearClosure
from budget.selectors import closure_for
from budget.services.common import _lock_year, _require_perm
from logistics.formatting import vnd
from logistics.models import Unit
from logistics.reports import list_url
from logistics.scope import concerns_scope
from logistics.selectors import rollup_unit_ids
from logistics.services import service


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
    refuse_open_advances(fiscal_year.year, unit, unit_ids)
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


#: How many open advances the refusal names by number (the report lists them all).
NAMED_ADVANCES = 5


def open_advances_of(year: int, unit_ids) -> QuerySet[Spending]:
    """The posted, unreversed advances of ``year``'s allocations of ``unit_ids`` still to clear."""
    return Spending.objects.filter(
        allocation__fiscal_year_id=year,
        allocation__unit_id__in=unit_ids,
        kind=SpendingKind.ADVANCE,
        status=SpendingStatus.POSTED,
        open_amount__gt=0,
        reversal__isnull=True,
    )


def open_advances_report_url(year: int, unit: Unit) -> str:
    """The open-advances report as at the year's last day for ``unit``'s subtree: every entry of a year
    is dated in it, so the advances it lists are those the closing waits for."""
    return list_url("budget:open_advances", as_of=f"{year}-12-31", unit=unit.pk)


def refuse_open_advances(year: int, unit: Unit, unit_ids) -> None:
    """An advance is cleared (thanh toán tạm ứng or hoàn ứng) before the books of its year are closed
    (the State Treasury's year-end rule): closing waits for every advance of the units it closes."""
    advances = open_advances_of(year, unit_ids)
    summary = advances.aggregate(count=Count("pk"), total=Sum("open_amount"))
    if not summary["count"]:
        return
    numbers = list(advances.order_by("date", "pk").values_list("voucher_number", flat=True)[: NAMED_ADVANCES + 1])
    named = ", ".join(numbers[:NAMED_ADVANCES]) + (", …" if len(numbers) > NAMED_ADVANCES else "")
    raise ValidationError(
        {
            "unit": _(
                "%(count)s advances of %(year)s are still open for %(total)s (%(numbers)s): clear each one by a "
                "payment or a refund (hoàn ứng) before closing the books."
            )
            % {"count": summary["count"], "year": year, "total": vnd(summary["total"]), "numbers": named},
            "open_advances": open_advances_report_url(year, unit),
        }
    )


def fiscal_year_for(year: int) -> FiscalYear:
    fiscal_year, _created = FiscalYear.objects.get_or_create(year=year)
    return fiscal_year
