from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from budget.choices import AllocationStatus, SpendingStatus
from budget.models import Allocation, FundingSource
from logistics.annual import key_figure
from logistics.dashboard import list_url
from logistics.reports import Column, Section, percent
from logistics.scope import restrict
from logistics.selectors import rollup_unit_ids


def sections(user, unit, period):
    """Budget by funding source over the fiscal years of the period: regular funding first."""
    if not user.has_perm("budget.view_allocation"):
        return None
    year_from, year_to = period.years
    allocations = restrict(Allocation.objects.filter(status=AllocationStatus.APPROVED), user).filter(
        fiscal_year__gte=year_from, fiscal_year__lte=year_to
    )
    if unit is not None:
        allocations = allocations.filter(unit_id__in=rollup_unit_ids(unit))
    names = dict(FundingSource.objects.values_list("pk", "name"))
    params = {"year_from": year_from, "year_to": year_to, "unit": unit.pk if unit else None}
    columns = [
        Column("label", _("Funding source")),
        Column("total", _("Total allocated"), "money"),
        Column("spent", _("Spent"), "money"),
        # xgettext:no-python-format
        Column("used", _("% used"), "percent"),
    ]
    result, highlights = [], []
    for title, condition, extra in (
        (_("Regular funding, by source"), Q(category__is_recurrent=True), {"recurrent": "true"}),
        (_("All funding, by source"), Q(), {}),
    ):
        rows = (
            allocations.filter(condition)
            .values("source_id")
            .annotate(total=Sum("amount") + Sum("adjustments_total"), spent=Sum("spent_total"))
            .order_by("source_id")
        )
        section_rows, grand_total, grand_spent = [], 0, 0
        for row in rows:
            grand_total += row["total"]
            grand_spent += row["spent"]
            section_rows.append(
                {
                    "label": names[row["source_id"]],
                    "total": row["total"],
                    "spent": row["spent"],
                    "used": percent(row["spent"], row["total"]),
                    "_links": {
                        "total": list_url(
                            "budget:allocation_list",
                            **params,
                            **extra,
                            source=row["source_id"],
                            status=AllocationStatus.APPROVED,
                        ),
                        "spent": list_url(
                            "budget:spending_list",
                            **params,
                            **extra,
                            source=row["source_id"],
                            status=SpendingStatus.POSTED,
                        ),
                    },
                }
            )
        totals = {
            "label": _("Total"),
            "total": grand_total,
            "spent": grand_spent,
            "used": percent(grand_spent, grand_total),
        }
        result.append(Section(title, columns, section_rows, totals))
        if extra:
            sources = ", ".join(row["label"] for row in section_rows)
            highlights.append(
                key_figure(
                    _("Regular funding (%(sources)s)") % {"sources": sources} if sources else _("Regular funding"),
                    value=grand_total,
                    link=list_url("budget:allocation_list", **params, **extra, status=AllocationStatus.APPROVED),
                )
            )
    return result, highlights
