"""Reads for construction pages, the API and reports.

Paid, contracted and overdue are computed in the queries themselves (subqueries and CASE), so a
list costs the same number of queries whatever its length, and every report figure links to the
filtered list of works whose total it is.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Case, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from construction.choices import COMPLETED, NOT_ACCEPTED, ProjectStatus, WorkKind
from construction.models import (
    Contract,
    Funding,
    Milestone,
    Payment,
    ProgressReport,
    Project,
    paid_total,
    work_year,
)
from logistics.formatting import day_text
from logistics.models import Unit
from logistics.models.base import MoneyField
from logistics.reports import Column, Report, Section, percent
from logistics.reports import list_url as shared_list_url
from logistics.scope import restrict
from logistics.selectors import rollup_unit_ids

# --- querysets shared by the pages, the API and the exports ---------------------------------------


def projects():
    return Project.objects.select_related("beneficiary_unit").with_figures()


def contracts():
    return Contract.objects.select_related("project", "contractor").annotate(paid=paid_total(field="contract"))


def fundings():
    paid = (
        Payment.objects.filter(
            project=OuterRef("project"), spending__allocation=OuterRef("allocation"), spending__reversal__isnull=True
        )
        .order_by()
        .values("project")
        .annotate(total=Sum("spending__amount"))
        .values("total")
    )
    return Funding.objects.select_related(
        "project", "allocation__unit", "allocation__source", "allocation__category", "allocation__fiscal_year"
    ).annotate(paid=Coalesce(Subquery(paid, output_field=MoneyField()), Value(0), output_field=MoneyField()))


def progress_reports():
    return ProgressReport.objects.select_related("project", "reported_by")


def milestones():
    return Milestone.objects.select_related("project", "recorded_by")


def payments():
    return Payment.objects.select_related(
        "project",
        "contract__contractor",
        "spending__allocation__unit",
        "spending__allocation__source",
        "spending__allocation__category",
    ).annotate(
        net_amount=Case(
            When(spending__reversal__isnull=False, then=Value(0)),
            default=F("spending__amount"),
            output_field=MoneyField(),
        )
    )


def project_figures(project: Project) -> dict:
    """What the work's page shows: total investment, contracted, paid, % disbursed, left to pay."""
    paid = paid_on(project=project)
    contracted = contracted_on(project)
    limit = project.payment_limit
    return {
        "total_investment": project.total_investment,
        "settlement_value": project.settlement_value,
        "contracted": contracted,
        "paid": paid,
        "left": limit - paid,
        "disbursed": percent(paid, project.total_investment),
        "paid_width": min(100, round(paid * 100 / limit)) if limit else 0,
    }


# --- reports -------------------------------------------------------------------------------------


def _root(user, unit: Unit | None) -> Unit | None:
    """The unit a report is for: the one asked for, else the user's own (None = the whole force)."""
    if unit is not None:
        return unit
    return user.unit if getattr(user, "unit_id", None) else None


def _scoped_projects(user, root: Unit | None):
    rows = restrict(Project.objects.all(), user)
    if root is not None:
        rows = rows.filter(beneficiary_unit_id__in=rollup_unit_ids(root))
    return rows


def list_url(params: dict) -> str:
    """The list of works filtered by ``params`` (a list value repeats its key)."""
    return shared_list_url("construction:project_list", **params)


def _scope_label(root: Unit | None) -> str:
    return str(root) if root else _("All units")


def _unit_label(unit: Unit) -> str:
    return _("%(unit)s (dissolved)") % {"unit": unit} if unit.valid_to else str(unit)


def works_report(*, user, year_from: int, year_to: int, unit: Unit | None = None) -> Report:
    """Works by status, by year of construction and by beneficiary unit."""
    root = _root(user, unit)
    rows = list(
        _scoped_projects(user, root)
        .annotate(work_year_value=work_year(), paid_value=paid_total())
        .filter(work_year_value__gte=year_from, work_year_value__lte=year_to)
        .values("status", "beneficiary_unit_id", "work_year_value", "total_investment", "paid_value")
    )
    base = {"year_from": year_from, "year_to": year_to, "unit": root.pk if root else None}
    statuses = list(ProjectStatus)

    by_status: dict[str, dict] = {status.value: {"count": 0, "total": 0, "paid": 0} for status in statuses}
    by_year: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_unit: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        figures = by_status[row["status"]]
        figures["count"] += 1
        figures["total"] += row["total_investment"]
        figures["paid"] += row["paid_value"]
        by_year[row["work_year_value"]][row["status"]] += 1
        by_unit[row["beneficiary_unit_id"]][row["status"]] += 1

    status_rows = []
    for status in statuses:
        figures = by_status[status.value]
        status_rows.append(
            {
                "label": str(status.label),
                "count": figures["count"],
                "total_investment": figures["total"],
                "paid": figures["paid"],
                "disbursed": percent(figures["paid"], figures["total"]),
                "_links": {"count": list_url({**base, "status": status.value})},
            }
        )
    grand_count = sum(f["count"] for f in by_status.values())
    grand_total = sum(f["total"] for f in by_status.values())
    grand_paid = sum(f["paid"] for f in by_status.values())
    status_totals = {
        "label": _("Total"),
        "count": grand_count,
        "total_investment": grand_total,
        "paid": grand_paid,
        "disbursed": percent(grand_paid, grand_total),
        "_links": {"count": list_url(base)},
    }

    status_columns = [Column(status.value, str(status.label), "int") for status in statuses]

    def matrix_row(label: str, counts: dict, params: dict) -> dict:
        row = {"label": label, "total": sum(counts.values()), "_links": {"total": list_url(params)}}
        for status in statuses:
            row[status.value] = counts.get(status.value, 0)
            row["_links"][status.value] = list_url({**params, "status": status.value})
        return row

    year_rows = [
        matrix_row(str(year), by_year.get(year, {}), {**base, "year_from": year, "year_to": year})
        for year in range(year_from, year_to + 1)
    ]
    all_counts = {status.value: by_status[status.value]["count"] for status in statuses}
    matrix_totals = matrix_row(_("Total"), all_counts, base)

    units = {u.pk: u for u in Unit.objects.filter(pk__in=by_unit)}
    unit_rows = [
        matrix_row(
            _unit_label(units[pk]),
            by_unit[pk],
            {"year_from": year_from, "year_to": year_to, "units": str(pk)},
        )
        for pk in sorted(by_unit, key=lambda pk: units[pk].path)
    ]

    period = str(year_from) if year_from == year_to else f"{year_from}–{year_to}"
    return Report(
        slug="construction.works",
        title=_("Construction works by status, year and unit"),
        subtitle=_("%(period)s · %(unit)s · year of construction: the year it started, or was planned to start")
        % {"period": period, "unit": _scope_label(root)},
        issuer=str(root) if root else "",
        sections=[
            Section(
                _("By status"),
                [
                    Column("label", _("Status")),
                    Column("count", _("Works"), "int"),
                    Column("total_investment", _("Total investment"), "money"),
                    Column("paid", _("Paid"), "money"),
                    Column("disbursed", _("Disbursed (%)"), "percent"),
                ],
                status_rows,
                status_totals,
            ),
            Section(
                _("By year of construction"),
                [Column("label", _("Year")), *status_columns, Column("total", _("Total"), "int")],
                year_rows,
                matrix_totals,
            ),
            Section(
                _("By beneficiary unit"),
                [Column("label", _("Unit")), *status_columns, Column("total", _("Total"), "int")],
                unit_rows,
                matrix_totals,
                note=_("A dissolved unit's works stay under it; they count in its successor's scope."),
            ),
        ],
        parameters={k: v for k, v in base.items() if v is not None},
    )


def completed_report(*, user, date_from: datetime.date, date_to: datetime.date, unit: Unit | None = None) -> Report:
    """Works completed (accepted — nghiệm thu — or later) in a period: by kind, year and unit."""
    root = _root(user, unit)
    rows = list(
        _scoped_projects(user, root)
        .completed_between(date_from, date_to)
        .values("kind", "beneficiary_unit_id", "actual_end", "total_investment", "settlement_value")
    )
    base = {
        "completed_from": date_from.isoformat(),
        "completed_to": date_to.isoformat(),
        "unit": root.pk if root else None,
    }
    kinds = list(WorkKind)
    by_kind: dict[str, dict] = {kind.value: {"count": 0, "total": 0} for kind in kinds}
    by_year: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_unit: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        value = row["settlement_value"] if row["settlement_value"] is not None else row["total_investment"]
        by_kind[row["kind"]]["count"] += 1
        by_kind[row["kind"]]["total"] += value
        by_year[row["actual_end"].year][row["kind"]] += 1
        by_unit[row["beneficiary_unit_id"]][row["kind"]] += 1

    kind_rows = [
        {
            "label": str(kind.label),
            "count": by_kind[kind.value]["count"],
            "value": by_kind[kind.value]["total"],
            "_links": {"count": list_url({**base, "kind": kind.value})},
        }
        for kind in kinds
    ]
    kind_totals = {
        "label": _("Total"),
        "count": len(rows),
        "value": sum(f["total"] for f in by_kind.values()),
        "_links": {"count": list_url(base)},
    }
    kind_columns = [Column(kind.value, str(kind.label), "int") for kind in kinds]

    def matrix_row(label: str, counts: dict, params: dict) -> dict:
        row = {"label": label, "total": sum(counts.values()), "_links": {"total": list_url(params)}}
        for kind in kinds:
            row[kind.value] = counts.get(kind.value, 0)
            row["_links"][kind.value] = list_url({**params, "kind": kind.value})
        return row

    year_rows = []
    for year in range(date_from.year, date_to.year + 1):
        first = max(date_from, datetime.date(year, 1, 1))
        last = min(date_to, datetime.date(year, 12, 31))
        params = {**base, "completed_from": first.isoformat(), "completed_to": last.isoformat()}
        year_rows.append(matrix_row(str(year), by_year.get(year, {}), params))
    totals = matrix_row(_("Total"), {kind.value: by_kind[kind.value]["count"] for kind in kinds}, base)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=by_unit)}
    unit_rows = [
        matrix_row(_unit_label(units[pk]), by_unit[pk], {**base, "unit": None, "units": str(pk)})
        for pk in sorted(by_unit, key=lambda pk: units[pk].path)
    ]
    return Report(
        slug="construction.completed",
        title=_("Construction works completed"),
        subtitle=_("Accepted from %(start)s to %(end)s · %(unit)s")
        % {"start": day_text(date_from), "end": day_text(date_to), "unit": _scope_label(root)},
        issuer=str(root) if root else "",
        sections=[
            Section(
                _("By kind of work"),
                [
                    Column("label", _("Kind of work")),
                    Column("count", _("Works completed"), "int"),
                    Column("value", _("Value (settlement, else total investment)"), "money"),
                ],
                kind_rows,
                kind_totals,
            ),
            Section(
                _("By year of completion"),
                [Column("label", _("Year")), *kind_columns, Column("total", _("Total"), "int")],
                year_rows,
                totals,
            ),
            Section(
                _("By beneficiary unit"),
                [Column("label", _("Unit")), *kind_columns, Column("total", _("Total"), "int")],
                unit_rows,
                totals,
            ),
        ],
        parameters={k: v for k, v in base.items() if v is not None},
    )


def disbursement_report(*, user, unit: Unit | None = None) -> Report:
    """Giải ngân: paid against total investment, by status and work by work for works under way."""
    root = _root(user, unit)
    rows = list(
        _scoped_projects(user, root)
        .select_related("beneficiary_unit")
        .with_figures()
        .exclude(status=ProjectStatus.PROPOSED)
        .order_by("beneficiary_unit__path", "code")
    )
    base = {"unit": root.pk if root else None}
    by_status: dict[str, dict] = defaultdict(lambda: {"count": 0, "total": 0, "contracted": 0, "paid": 0})
    for project in rows:
        figures = by_status[project.status]
        figures["count"] += 1
        figures["total"] += project.total_investment
        figures["contracted"] += project.contracted
        figures["paid"] += project.paid

    def figure_row(label, figures, params):
        return {
            "label": label,
            "count": figures["count"],
            "total_investment": figures["total"],
            "contracted": figures["contracted"],
            "paid": figures["paid"],
            "left": figures["total"] - figures["paid"],
            "disbursed": percent(figures["paid"], figures["total"]),
            "_links": {"count": list_url(params)},
        }

    status_rows = [
        figure_row(str(status.label), by_status[status.value], {**base, "status": status.value})
        for status in ProjectStatus
        if status != ProjectStatus.PROPOSED
    ]
    grand = {"count": 0, "total": 0, "contracted": 0, "paid": 0}
    for figures in by_status.values():
        for key in grand:
            grand[key] += figures[key]
    paid_statuses = [s.value for s in ProjectStatus if s != ProjectStatus.PROPOSED]
    totals = figure_row(_("Total"), grand, {**base, "status": paid_statuses})
    figure_columns = [
        Column("count", _("Works"), "int"),
        Column("total_investment", _("Total investment"), "money"),
        Column("contracted", _("Contracted"), "money"),
        Column("paid", _("Paid"), "money"),
        Column("left", _("Left to pay"), "money"),
        Column("disbursed", _("Disbursed (%)"), "percent"),
    ]
    under_way = [p for p in rows if p.status in (*NOT_ACCEPTED, ProjectStatus.ACCEPTED, ProjectStatus.HANDED_OVER)]
    work_rows = [
        {
            "code": project.code,
            "name": project.name,
            "unit": str(project.beneficiary_unit),
            "status": project.get_status_display(),
            "total_investment": project.total_investment,
            "contracted": project.contracted,
            "paid": project.paid,
            "disbursed": percent(project.paid, project.total_investment),
            "_links": {"code": project.get_absolute_url(), "name": project.get_absolute_url()},
        }
        for project in under_way
    ]
    work_totals = {
        "code": _("Total"),
        "total_investment": sum(p.total_investment for p in under_way),
        "contracted": sum(p.contracted for p in under_way),
        "paid": sum(p.paid for p in under_way),
    }
    work_totals["disbursed"] = percent(work_totals["paid"], work_totals["total_investment"])
    return Report(
        slug="construction.disbursement",
        title=_("Disbursement of construction works"),
        subtitle=_("Paid against total investment, as of %(date)s · %(unit)s")
        % {"date": day_text(timezone.localdate()), "unit": _scope_label(root)},
        issuer=str(root) if root else "",
        sections=[
            Section(_("By status"), [Column("label", _("Status")), *figure_columns], status_rows, totals),
            Section(
                _("Works not yet settled"),
                [
                    Column("code", _("Work code")),
                    Column("name", _("Name of the work")),
                    Column("unit", _("Beneficiary unit")),
                    Column("status", _("Status")),
                    Column("total_investment", _("Total investment"), "money"),
                    Column("contracted", _("Contracted"), "money"),
                    Column("paid", _("Paid"), "money"),
                    Column("disbursed", _("Disbursed (%)"), "percent"),
                ],
                work_rows,
                work_totals,
            ),
        ],
        parameters={k: v for k, v in base.items() if v is not None},
    )


def overdue_report(*, user, unit: Unit | None = None) -> Report:
    """Works whose planned completion has passed and that are not accepted, the latest first."""
    root = _root(user, unit)
    today = timezone.localdate()
    rows = list(
        _scoped_projects(user, root)
        .overdue(today)
        .select_related("beneficiary_unit")
        .annotate(paid_value=paid_total())
        .order_by("planned_end", "code")
    )
    work_rows = [
        {
            "code": project.code,
            "name": project.name,
            "unit": str(project.beneficiary_unit),
            "status": project.get_status_display(),
            "planned_end": project.planned_end,
            "days": (today - project.planned_end).days,
            "progress": project.progress,
            "total_investment": project.total_investment,
            "paid": project.paid_value,
            "_links": {"code": project.get_absolute_url(), "name": project.get_absolute_url()},
        }
        for project in rows
    ]
    base = {"overdue": "true", "unit": root.pk if root else None}
    totals = {
        "code": _("Total"),
        "name": _("%(count)s overdue works") % {"count": len(rows)},
        "total_investment": sum(p.total_investment for p in rows),
        "paid": sum(p.paid_value for p in rows),
        "_links": {"name": list_url(base)},
    }
    return Report(
        slug="construction.overdue",
        title=_("Overdue construction works"),
        subtitle=_("Planned completion passed and not accepted, as of %(date)s · %(unit)s")
        % {"date": day_text(today), "unit": _scope_label(root)},
        issuer=str(root) if root else "",
        sections=[
            Section(
                _("Overdue works"),
                [
                    Column("code", _("Work code")),
                    Column("name", _("Name of the work")),
                    Column("unit", _("Beneficiary unit")),
                    Column("status", _("Status")),
                    Column("planned_end", _("Planned completion")),
                    Column("days", _("Days overdue"), "int"),
                    Column("progress", _("Completion (%)"), "percent"),
                    Column("total_investment", _("Total investment"), "money"),
                    Column("paid", _("Paid"), "money"),
                ],
                work_rows,
                totals,
            )
        ],
        parameters={k: v for k, v in base.items() if v is not None},
    )


def overview(user) -> dict:
    """Figures for the top of the works list: in progress, overdue, completed this year."""
    rows = restrict(Project.objects.all(), user)
    today = timezone.localdate()
    return {
        "under_way": rows.filter(status__in=NOT_ACCEPTED).exclude(status=ProjectStatus.PROPOSED).count(),
        "overdue": rows.overdue(today).count(),
        "completed_this_year": rows.completed_between(datetime.date(today.year, 1, 1), today).count(),
        "completed_total": rows.filter(status__in=COMPLETED).count(),
    }


def paid_on(*, project: Project | None = None, contract: Contract | None = None) -> int:
    """What has been paid (posted and not reversed) on a work or on a contract."""
    rows = Payment.objects.filter(spending__reversal__isnull=True)
    rows = rows.filter(project=project) if project is not None else rows.filter(contract=contract)
    return rows.aggregate(total=Sum("spending__amount"))["total"] or 0


def paid_on_work_and_contract(project: Project, contract: Contract) -> tuple[int, int]:
    """:func:`paid_on` the work and :func:`paid_on` the contract, read together."""
    totals = (
        Payment.objects.filter(spending__reversal__isnull=True)
        .filter(Q(project=project) | Q(contract=contract))
        .aggregate(
            work=Sum("spending__amount", filter=Q(project=project)),
            contract=Sum("spending__amount", filter=Q(contract=contract)),
        )
    )
    return totals["work"] or 0, totals["contract"] or 0


def contracted_on(project: Project, *, excluding: Contract | None = None) -> int:
    rows = Contract.objects.filter(project=project)
    if excluding is not None:
        rows = rows.exclude(pk=excluding.pk)
    return rows.aggregate(total=Sum("value"))["total"] or 0
