from django.db.models import Sum
from django.utils.translation import gettext as _

from budget.choices import AllocationStatus, SpendingStatus
from budget.models import Allocation, FundingSource
from logistics.dashboard import Bar, Card, Chart, DashboardSection, list_url
from logistics.reports import percent
from logistics.scope import restrict
from logistics.selectors import rollup_unit_ids


def section(user, unit, period):
    if not user.has_perm("budget.view_allocation"):
        return None
    year_from, year_to = period.years
    allocations = restrict(Allocation.objects.filter(status=AllocationStatus.APPROVED), user).filter(
        fiscal_year__gte=year_from, fiscal_year__lte=year_to
    )
    if unit is not None:
        allocations = allocations.filter(unit_id__in=rollup_unit_ids(unit))
    params = {"year_from": year_from, "year_to": year_to, "unit": unit.pk if unit else None}
    totals = allocations.aggregate(
        amount=Sum("amount"), adjustments=Sum("adjustments_total"), spent=Sum("spent_total"), available=Sum("available")
    )
    amount, adjustments = totals["amount"] or 0, totals["adjustments"] or 0
    spent, available = totals["spent"] or 0, totals["available"] or 0
    approved = {**params, "status": AllocationStatus.APPROVED}
    posted = {**params, "status": SpendingStatus.POSTED}
    cards = [
        Card(_("Allocated"), amount, "money", list_url("budget:allocation_list", **approved)),
        Card(_("Adjustments"), adjustments, "money", list_url("budget:adjustment_list", **params)),
        Card(_("Spent"), spent, "money", list_url("budget:spending_list", **posted)),
        Card(_("Remaining"), available, "money", list_url("budget:allocation_list", **approved)),
        # xgettext:no-python-format
        Card(_("% used"), percent(spent, amount + adjustments), "percent", list_url("budget:execution", **params)),
    ]
    by_source = (
        allocations.values("source_id")
        .annotate(total=Sum("amount") + Sum("adjustments_total"), spent=Sum("spent_total"))
        .order_by("source_id")
    )
    names = dict(FundingSource.objects.values_list("pk", "name"))
    bars = [
        Bar(
            names[row["source_id"]],
            row["spent"],
            list_url("budget:spending_list", **posted, source=row["source_id"]),
            compare=row["total"],
            compare_link=list_url("budget:allocation_list", **approved, source=row["source_id"]),
        )
        for row in by_source
    ]
    return DashboardSection(
        key="budget",
        title=_("Budget execution"),
        icon="cash-coin",
        cards=cards,
        charts=[
            Chart(_("Spent and allocated, by funding source"), bars, "money", legend=(_("Spent"), _("Total allocated")))
        ],
        link=list_url("budget:execution", **params),
    )
