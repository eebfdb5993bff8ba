"""Reads for budget reports. Figures come from the allocation rows' running totals, which the
consistency command (``check_budget_totals``) proves equal to the sums of the entries; every
figure links to the filtered list whose total it is."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils.translation import gettext as _

from budget.choices import AllocationStatus, SpendingStatus
from budget.models import Adjustment, Allocation, BudgetCode, FundingSource, Spending, SpendingCategory, YearClosure
from logistics import periods
from logistics.models import Unit
from logistics.reports import Column, Report, Section, list_url, percent
from logistics.scope import restrict
from logistics.selectors import rollup_map, rollup_unit_ids


@dataclass
class Figures:
    allocated: int = 0
    adjusted: int = 0
    spent: int = 0
    available: int = 0
    filters: dict = field(default_factory=dict)

    def add(self, row: dict) -> None:
        self.allocated += row["amount"]
        self.adjusted += row["adjustments_total"]
        self.spent += row["spent_total"]
        self.available += row["available"]

    @property
    def total(self) -> int:
        return self.allocated + self.adjusted


def _list_url(name: str, params: dict) -> str:
    return list_url(f"budget:{name}_list", **params)


def _figure_row(label: str, figures: Figures, level: int = 0) -> dict:
    params = figures.filters
    return {
        "label": label,
        "allocated": figures.allocated,
        "adjusted": figures.adjusted,
        "total": figures.total,
        "spent": figures.spent,
        "available": figures.available,
        "used": percent(figures.spent, figures.total),
        "_level": level,
        "_links": {
            "allocated": _list_url("allocation", {**params, "status": AllocationStatus.APPROVED}),
            "adjusted": _list_url("adjustment", params),
            "total": _list_url("allocation", {**params, "status": AllocationStatus.APPROVED}),
            "spent": _list_url("spending", {**params, "status": SpendingStatus.POSTED}),
            "available": _list_url("allocation", {**params, "status": AllocationStatus.APPROVED}),
        },
    }


def _columns(first: str) -> list[Column]:
    return [
        Column("label", first),
        Column("allocated", _("Allocated"), "money"),
        Column("adjusted", _("Adjustments"), "money"),
        Column("total", _("Total allocated"), "money"),
        Column("spent", _("Spent"), "money"),
        Column("available", _("Remaining"), "money"),
        # xgettext:no-python-format
        Column("used", _("% used"), "percent"),
    ]


def _category_columns() -> list[Column]:
    label, *figures = _columns(_("Spending category"))
    return [label, Column("heading", _("Mục")), Column("subheading", _("Tiểu mục")), *figures]


def _heading_rows(by_category: dict[int, Figures], categories: dict, base: dict) -> list[dict]:
    """One subtotal row per mục (the Treasury's heading), then the categories reported under it;
    categories without a mục last, under "not classified"."""
    grouped: dict[int | None, list[int]] = defaultdict(list)
    for pk in by_category:
        grouped[categories[pk].heading_id].append(pk)
    headings = {code.pk: code for code in BudgetCode.objects.filter(pk__in=[key for key in grouped if key])}
    rows = []
    for key in sorted(grouped, key=lambda code: (code is None, code or 0)):
        members = sorted(grouped[key], key=lambda pk: categories[pk].code)
        subtotal = Figures(filters={**base, "heading": key} if key else {**base, "unclassified": "true"})
        for pk in members:
            subtotal.allocated += by_category[pk].allocated
            subtotal.adjusted += by_category[pk].adjusted
            subtotal.spent += by_category[pk].spent
            subtotal.available += by_category[pk].available
        rows.append(_figure_row(str(headings[key]) if key else _("Not classified (no mục)"), subtotal))
        for pk in members:
            category = categories[pk]
            label = str(category)
            if category.subheading_id:
                label = f"{label} ({category.subheading_id})"
            rows.append(_figure_row(label, by_category[pk], level=1.5))
    return rows


def report_root(user, unit: Unit | None) -> Unit | None:
    """The unit a report is for: the one asked for, else the user's own (None = the whole force)."""
    if unit is not None:
        return unit
    return user.unit if user.unit_id else None


def execution_report(
    *, user, year_from: int, year_to: int, unit: Unit | None = None, source=None, category=None
) -> Report:
    """Allocated, adjusted, spent, remaining and % used by source, category and unit (rolled up
    the unit tree: a dissolved unit counts under its successor), and year by year when the period
    spans several years."""
    root = report_root(user, unit)
    allocations = restrict(Allocation.objects.filter(status=AllocationStatus.APPROVED), user).filter(
        fiscal_year__gte=year_from, fiscal_year__lte=year_to
    )
    if root is not None:
        allocations = allocations.filter(unit_id__in=rollup_unit_ids(root))
    if source is not None:
        allocations = allocations.filter(source=source)
    if category is not None:
        allocations = allocations.filter(category=category)
    rows = list(
        allocations.values(
            "fiscal_year_id",
            "unit_id",
            "source_id",
            "category_id",
            "amount",
            "adjustments_total",
            "spent_total",
            "available",
        )
    )
    base = {
        "year_from": year_from,
        "year_to": year_to,
        "unit": root.pk if root else None,
        "source": source.pk if source else None,
        "category": category.pk if category else None,
    }

    grand = Figures(filters=base)
    by_source: dict[int, Figures] = defaultdict(Figures)
    by_category: dict[int, Figures] = defaultdict(Figures)
    by_unit: dict[int, Figures] = defaultdict(Figures)
    by_year_source: dict[tuple[int, int], Figures] = defaultdict(Figures)
    for row in rows:
        grand.add(row)
        by_source[row["source_id"]].add(row)
        by_category[row["category_id"]].add(row)
        by_unit[row["unit_id"]].add(row)
        by_year_source[(row["fiscal_year_id"], row["source_id"])].add(row)

    sources = {s.pk: s for s in FundingSource.objects.filter(pk__in=by_source)}
    categories = {c.pk: c for c in SpendingCategory.objects.filter(pk__in=by_category).select_related("heading")}

    source_rows = []
    for pk, figures in sorted(by_source.items(), key=lambda item: sources[item[0]].code):
        figures.filters = {**base, "source": pk}
        source_rows.append(_figure_row(str(sources[pk]), figures))
    category_rows = []
    for pk, figures in sorted(by_category.items(), key=lambda item: categories[item[0]].code):
        figures.filters = {**base, "category": pk}
        category = categories[pk]
        category_rows.append(
            {
                **_figure_row(str(category), figures),
                "heading": str(category.heading_id or ""),
                "subheading": str(category.subheading_id or ""),
            }
        )

    sections = [
        Section(_("By funding source"), _columns(_("Funding source")), source_rows, _figure_row(_("Total"), grand)),
        Section(_("By spending category"), _category_columns(), category_rows, _figure_row(_("Total"), grand)),
        Section(
            _("By mục of the state budget classification"),
            _columns(_("Mục / spending category")),
            _heading_rows(by_category, categories, base),
            _figure_row(_("Total"), grand),
            note=_(
                "Mục and tiểu mục of the Mục lục ngân sách nhà nước (Circular 324/2016/TT-BTC), as each category carries them."
            ),
        ),
        Section(
            _("By unit"),
            _columns(_("Unit")),
            _unit_rows(root, by_unit, base),
            _figure_row(_("Total"), grand),
            note=_("Units are grouped under the current structure; a dissolved unit is counted under its successor."),
        ),
    ]
    if year_to > year_from:
        sections.append(_multi_year_section(year_from, year_to, sources, by_year_source, base))

    scope_name = str(root) if root else _("All units")
    period = str(year_from) if year_from == year_to else f"{year_from}–{year_to}"
    return Report(
        slug="budget.execution",
        title=_("Budget execution"),
        subtitle=_("%(period)s · %(unit)s") % {"period": period, "unit": scope_name},
        issuer=str(root) if root else "",
        sections=sections,
        parameters={k: v for k, v in base.items() if v is not None},
    )


def _unit_rows(root: Unit | None, by_unit: dict[int, Figures], base: dict) -> list[dict]:
    """One subtotal row per branch of the current tree under ``root``, then its recorded units."""
    if not by_unit:
        return []
    successor_of = rollup_map()
    recorded = {u.pk: u for u in Unit.objects.filter(pk__in=by_unit)}
    answering_ids = {successor_of.get(pk, pk) for pk in by_unit}
    answering = {u.pk: u for u in Unit.objects.filter(pk__in=answering_ids)}
    if root is not None:
        branches = list(Unit.objects.filter(parent=root).order_by("path"))
        branch_depth = root.depth + 1
    else:
        branches = list(Unit.objects.filter(depth=1).order_by("path"))
        branch_depth = 1

    def branch_of(unit_id: int) -> Unit | None:
        current = answering[successor_of.get(unit_id, unit_id)]
        prefix = current.path[: branch_depth * Unit.steplen]
        for branch in branches:
            if branch.path == prefix:
                return branch
        return None  # the root itself

    grouped: dict[int | None, list[int]] = defaultdict(list)
    for unit_id in by_unit:
        branch = branch_of(unit_id)
        grouped[branch.pk if branch else None].append(unit_id)

    rows = []
    ordered = ([None] if None in grouped else []) + [b.pk for b in branches if b.pk in grouped]
    branch_by_pk = {b.pk: b for b in branches}
    for key in ordered:
        members = sorted(grouped[key], key=lambda pk: recorded[pk].path)
        head = branch_by_pk.get(key, root)
        # The exact units of the row, so that the list behind the figure sums to the figure.
        members_param = ",".join(str(pk) for pk in members)
        subtotal = Figures(filters={**base, "unit": None, "units": members_param})
        for pk in members:
            subtotal.allocated += by_unit[pk].allocated
            subtotal.adjusted += by_unit[pk].adjusted
            subtotal.spent += by_unit[pk].spent
            subtotal.available += by_unit[pk].available
        label = str(head) if head else _("All units")
        if key is None and root is not None:
            label = _("%(unit)s (own allocations and units merged into it)") % {"unit": root}
        rows.append(_figure_row(label, subtotal, level=0))
        if len(members) > 1 or (members and head is not None and members[0] != head.pk):
            for pk in members:
                figures = by_unit[pk]
                figures.filters = {**base, "unit": None, "units": str(pk)}
                unit = recorded[pk]
                name = _("%(unit)s (dissolved)") % {"unit": unit} if unit.valid_to else str(unit)
                rows.append(_figure_row(name, figures, level=1.5))
    return rows


def _multi_year_section(year_from, year_to, sources, by_year_source, base) -> Section:
    source_list = sorted(sources.values(), key=lambda s: s.code)
    columns = [Column("year", _("Year"))]
    columns += [Column(f"source_{s.pk}", str(s), "money") for s in source_list]
    columns += [
        Column("total", _("Total allocated"), "money"),
        Column("spent", _("Spent"), "money"),
        # xgettext:no-python-format
        Column("used", _("% used"), "percent"),
    ]
    rows = []
    totals = {"year": _("Total"), "total": 0, "spent": 0}
    for year in range(year_from, year_to + 1):
        row = {"year": str(year), "total": 0, "spent": 0, "_links": {}}
        year_params = {**base, "year_from": year, "year_to": year}
        for s in source_list:
            figures = by_year_source.get((year, s.pk), Figures())
            key = f"source_{s.pk}"
            row[key] = figures.total
            row["_links"][key] = _list_url(
                "allocation", {**year_params, "source": s.pk, "status": AllocationStatus.APPROVED}
            )
            row["total"] += figures.total
            row["spent"] += figures.spent
            totals[key] = totals.get(key, 0) + figures.total
        row["used"] = percent(row["spent"], row["total"])
        row["_links"]["total"] = _list_url("allocation", {**year_params, "status": AllocationStatus.APPROVED})
        row["_links"]["spent"] = _list_url("spending", {**year_params, "status": SpendingStatus.POSTED})
        totals["total"] += row["total"]
        totals["spent"] += row["spent"]
        rows.append(row)
    totals["used"] = percent(totals["spent"], totals["total"])
    return Section(_("Year by year, by funding source (total allocated)"), columns, rows, totals)


def totals_from_entries(allocation_ids=None) -> dict[int, dict]:
    """What the running totals of each allocation should be, summed from the entries themselves."""
    adjustments = Adjustment.objects.values("allocation_id").annotate(total=Sum("amount"))
    spending = (
        Spending.objects.filter(status=SpendingStatus.POSTED)
        .values("allocation_id")
        .annotate(total=Sum("signed_amount"))
    )
    if allocation_ids is not None:
        adjustments = adjustments.filter(allocation_id__in=allocation_ids)
        spending = spending.filter(allocation_id__in=allocation_ids)
    result: dict[int, dict] = defaultdict(lambda: {"adjustments": 0, "spent": 0})
    for row in adjustments:
        result[row["allocation_id"]]["adjustments"] = row["total"] or 0
    for row in spending:
        result[row["allocation_id"]]["spent"] = row["total"] or 0
    return result


def total_differences() -> list[dict]:
    """Allocations whose running totals differ from the sums of their entries (should be none)."""
    expected = totals_from_entries()
    differences = []
    for allocation in Allocation.objects.only("pk", "adjustments_total", "spent_total").iterator(chunk_size=2000):
        sums = expected.get(allocation.pk, {"adjustments": 0, "spent": 0})
        if allocation.adjustments_total != sums["adjustments"] or allocation.spent_total != sums["spent"]:
            differences.append(
                {
                    "allocation": allocation.pk,
                    "adjustments_total": allocation.adjustments_total,
                    "adjustments_sum": sums["adjustments"],
                    "spent_total": allocation.spent_total,
                    "spent_sum": sums["spent"],
                }
            )
    return differences


def closure_for(year: int, unit: Unit) -> YearClosure | None:
    """The closure that covers ``unit`` in ``year``: the core decides (``logistics.periods``)."""
    return periods.closure_covering(unit, year)
