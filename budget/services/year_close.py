"""Budget services: Closing a year."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.choices import AllocationStatus, SpendingStatus
from budget.models import Allocation, FiscalYear, Spending, YearClosure
from budget.selectors import closure_for
from budget.services.common import _lock_year, _require_perm
from logistics.models import Unit
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
