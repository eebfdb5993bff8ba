"""Reads for budget reports. Figures come from the allocation rows' running totals, which the
consistency command (``check_budget_totals``) proves equal to the sums of the entries; every
figure links to the filtered list whose total it is."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from budget.choices import AllocationStatus, SpendingKind, SpendingStatus
from budget.models import (
    Adjustment,
    Allocation,
    BalanceDisposition,
    BudgetCode,
    FundingSource,
    Spending,
    SpendingCategory,
    YearClosure,
    YearSettlement,
)
from logistics import periods
from logistics.formatting import day_text
from logistics.models import Unit
from logistics.reports import Column, Report, Section, list_url, percent
from logistics.scope import restrict
from logistics.selectors import rollup_map, rollup_unit_ids


@dataclass
class Figures:
    #: Allocated for the year itself (the year's estimate).
    allocated: int = 0
    #: Carried in from the previous year's unspent balance (chuyển nguồn): the allocations a
    #: carry-over created, kept apart from the year's estimate as the law keeps them.
    carried_in: int = 0
    adjusted: int = 0
    spent: int = 0
    #: Balances carried over to the next year or cancelled after the year was closed: with them,
    #: total − spent − disposed = remaining on every row.
    disposed: int = 0
    available: int = 0
    filters: dict = field(default_factory=dict)

    def add(self, row: dict) -> None:
        if row["carried_over_from_id"] is None:
            self.allocated += row["amount"]
        else:
            self.carried_in += row["amount"]
        self.adjusted += row["adjustments_total"]
        self.spent += row["spent_total"]
        self.disposed += row["disposed_total"]
        self.available += row["available"]

    def merge(self, other: Figures) -> None:
        self.allocated += other.allocated
        self.carried_in += other.carried_in
        self.adjusted += other.adjusted
        self.spent += other.spent
        self.disposed += other.disposed
        self.available += other.available

    @property
    def total(self) -> int:
        return self.allocated + self.carried_in + self.adjusted


def _list_url(name: str, params: dict) -> str:
    return list_url(f"budget:{name}_list", **params)


def _figure_row(label: str, figures: Figures, level: int = 0) -> dict:
    params = figures.filters
    return {
        "label": label,
        "allocated": figures.allocated,
        "carried_in": figures.carried_in,
        "adjusted": figures.adjusted,
        "total": figures.total,
        "spent": figures.spent,
        "disposed": figures.disposed,
        "available": figures.available,
        "used": percent(figures.spent, figures.total),
        "_level": level,
        "_links": {
            "allocated": _list_url(
                "allocation", {**params, "status": AllocationStatus.APPROVED, "carried_in": "false"}
            ),
            "carried_in": _list_url(
                "allocation", {**params, "status": AllocationStatus.APPROVED, "carried_in": "true"}
            ),
            "adjusted": _list_url("adjustment", params),
            "total": _list_url("allocation", {**params, "status": AllocationStatus.APPROVED}),
            "spent": _list_url("spending", {**params, "status": SpendingStatus.POSTED}),
            "disposed": _list_url("balancedisposition", params),
            "available": _list_url("allocation", {**params, "status": AllocationStatus.APPROVED}),
        },
    }


def _columns(first: str) -> list[Column]:
    return [
        Column("label", first),
        Column("allocated", _("Allocated this year"), "money"),
        Column("carried_in", _("Carried in from the previous year"), "money"),
        Column("adjusted", _("Adjustments"), "money"),
        Column("total", _("Total allocated"), "money"),
        Column("spent", _("Spent"), "money"),
        Column("disposed", _("Carried over or cancelled"), "money"),
        Column("available", _("Remaining"), "money"),
        # xgettext:no-python-format
        Column("used", _("% used"), "percent"),
    ]


def _category_columns() -> list[Column]:
    label, *figures = _columns(_("Spending category"))
    return [label, Column("heading", _("Heading (mục)")), Column("subheading", _("Sub-heading (tiểu mục)")), *figures]


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
            subtotal.merge(by_category[pk])
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
    """Allocated this year, carried in from the previous year, adjusted, spent, carried over or
    cancelled, remaining and % used by source, category and unit (rolled up the unit tree: a
    dissolved unit counts under its successor), and year by year when the period spans several
    years. Every row reads allocated + carried in + adjustments = total, and total − spent −
    carried over or cancelled = remaining."""
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
            "carried_over_from_id",
            "adjustments_total",
            "spent_total",
            "disposed_total",
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
            subtotal.merge(by_unit[pk])
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


def settlement_differences() -> list[dict]:
    """Advances whose ``cleared_total`` differs from their clearings and refunds (less the reversed
    ones), and allocations whose ``disposed_total`` differs from their dispositions (should be none)."""
    cleared: dict[int, int] = defaultdict(int)
    for advance_id, kind, amount in Spending.objects.filter(
        clears__isnull=False, status=SpendingStatus.POSTED
    ).values_list("clears_id", "kind", "amount"):
        cleared[advance_id] += -amount if kind == SpendingKind.REVERSAL else amount
    differences = []
    advances = Spending.objects.filter(kind=SpendingKind.ADVANCE).filter(
        Q(cleared_total__gt=0) | Q(pk__in=list(cleared))
    )
    for pk, recorded in advances.values_list("pk", "cleared_total"):
        if recorded != cleared.get(pk, 0):
            differences.append({"spending": pk, "recorded": recorded, "sum": cleared.get(pk, 0)})
    disposed = dict(
        BalanceDisposition.objects.values("allocation_id")
        .annotate(total=Sum("amount"))
        .values_list("allocation_id", "total")
    )
    allocations = Allocation.objects.filter(Q(disposed_total__gt=0) | Q(pk__in=list(disposed)))
    for pk, recorded in allocations.values_list("pk", "disposed_total"):
        if recorded != disposed.get(pk, 0):
            differences.append({"allocation": pk, "recorded": recorded, "sum": disposed.get(pk, 0)})
    return differences


def closure_for(year: int, unit: Unit) -> YearClosure | None:
    """The closure that covers ``unit`` in ``year``: the core decides (``logistics.periods``)."""
    return periods.closure_covering(unit, year)


def settlement_for(year: int, unit: Unit) -> YearSettlement | None:
    """The approved settlement of ``year`` that covers ``unit`` (its own, or one of a unit it is
    counted under), if any."""
    for settlement in YearSettlement.objects.filter(fiscal_year_id=year).select_related("unit"):
        if unit.pk in rollup_unit_ids(settlement.unit):
            return settlement
    return None


#: The age bands of the open-advances report, in days since the advance: (key, first, last).
ADVANCE_AGES = (("age_30", 0, 30), ("age_90", 31, 90), ("age_180", 91, 180), ("age_over", 181, None))


def _age_key(days: int) -> str:
    for key, first, last in ADVANCE_AGES:
        if days >= first and (last is None or days <= last):
            return key
    return ADVANCE_AGES[0][0]


def open_advances_report(*, user, as_of: datetime.date, unit: Unit | None = None) -> Report:
    """Tạm ứng chưa thanh toán: the advances still open on ``as_of`` — what was advanced up to that day
    less what was cleared or refunded by then (a reversal dated by then undoes its entry) — by payee
    and by age (days from the advance to ``as_of``), and one row per advance."""
    root = report_root(user, unit)
    advances = restrict(Spending.objects.all(), user).filter(
        kind=SpendingKind.ADVANCE, status=SpendingStatus.POSTED, date__lte=as_of
    )
    if root is not None:
        advances = advances.filter(allocation__unit_id__in=rollup_unit_ids(root))
    advances = list(advances.select_related("payee", "allocation__unit").order_by("date", "id"))
    ids = [advance.pk for advance in advances]
    reversed_by_then = set(
        Spending.objects.filter(reverses_id__in=ids, date__lte=as_of).values_list("reverses_id", flat=True)
    )
    cleared: dict[int, int] = defaultdict(int)
    settling = Spending.objects.filter(clears_id__in=ids, date__lte=as_of, status=SpendingStatus.POSTED)
    for advance_id, kind, amount in settling.values_list("clears_id", "kind", "amount"):
        cleared[advance_id] += -amount if kind == SpendingKind.REVERSAL else amount
    columns_by_payee = [
        Column("payee", _("Payee")),
        Column("count", _("Advances"), "int"),
        Column("age_30", _("0–30 days"), "money"),
        Column("age_90", _("31–90 days"), "money"),
        Column("age_180", _("91–180 days"), "money"),
        Column("age_over", _("Over 180 days"), "money"),
        Column("open", _("Still to clear"), "money"),
    ]
    by_payee: dict[int | None, dict] = {}
    totals = {"payee": _("Total"), "count": 0, "open": 0, **{key: 0 for key, _first, _last in ADVANCE_AGES}}
    detail_rows = []
    for advance in advances:
        if advance.pk in reversed_by_then:
            continue
        open_amount = advance.amount - cleared[advance.pk]
        if open_amount <= 0:
            continue
        age = (as_of - advance.date).days
        band = _age_key(age)
        row = by_payee.setdefault(
            advance.payee_id,
            {
                "payee": str(advance.payee) if advance.payee else _("(no payee)"),
                "count": 0,
                "open": 0,
                **{key: 0 for key, _first, _last in ADVANCE_AGES},
            },
        )
        for target in (row, totals):
            target["count"] += 1
            target["open"] += open_amount
            target[band] += open_amount
        detail_rows.append(
            {
                "date": day_text(advance.date),
                "voucher": advance.voucher_number,
                "unit": str(advance.allocation.unit),
                "payee": str(advance.payee) if advance.payee else "",
                "description": advance.description,
                "amount": advance.amount,
                "cleared": cleared[advance.pk],
                "open": open_amount,
                "age": age,
                "_links": {"voucher": advance.get_absolute_url()},
            }
        )
    payee_rows = sorted(by_payee.values(), key=lambda row: (-row["open"], row["payee"]))
    detail_columns = [
        Column("date", _("Date")),
        Column("voucher", _("Voucher number")),
        Column("unit", _("Unit")),
        Column("payee", _("Payee")),
        Column("description", _("Description")),
        Column("amount", _("Advanced"), "money"),
        Column("cleared", _("Cleared"), "money"),
        Column("open", _("Still to clear"), "money"),
        Column("age", _("Days"), "int"),
    ]
    detail_totals = {
        "date": _("Total"),
        "amount": sum(row["amount"] for row in detail_rows),
        "cleared": sum(row["cleared"] for row in detail_rows),
        "open": totals["open"],
    }
    scope_name = str(root) if root else _("All units")
    return Report(
        slug="budget.open_advances",
        title=_("Open advances"),
        subtitle=_("As of %(date)s · %(unit)s") % {"date": day_text(as_of), "unit": scope_name},
        issuer=str(root) if root else "",
        sections=[
            Section(_("By payee and age"), columns_by_payee, payee_rows, totals),
            Section(_("Advances still open"), detail_columns, detail_rows, detail_totals),
        ],
        parameters={"as_of": as_of.isoformat(), **({"unit": root.pk} if root else {})},
    )
