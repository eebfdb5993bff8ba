"""Reads of Party oversight: reports, the overview figures and the citations shown on pages.

Every figure is counted from individual records restricted to the reader's scope
(``logistics.scope.restrict``), so a unit commander's report counts what they may see, and
nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Model, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from logistics.formatting import day_text
from logistics.models import Unit
from logistics.registry import CITABLE, registry
from logistics.reports import Column, Report, Section, list_url, percent
from logistics.scope import restrict
from logistics.selectors import rollup_unit_ids
from oversight.choices import Area, FindingKind, InspectionStatus, RecommendationStatus
from oversight.models import Finding, FindingLink, Inspection, Programme, Recommendation

FIRST_YEAR = 2015


def _url(name: str, **params) -> str:
    return list_url(f"oversight:{name}", **params)


@dataclass
class ReportParameters:
    year_from: int
    year_to: int
    unit: Unit | None = None

    def unit_ids(self):
        return rollup_unit_ids(self.unit) if self.unit is not None else None

    def as_dict(self) -> dict:
        return {
            "year_from": self.year_from,
            "year_to": self.year_to,
            **({"unit": self.unit.pk} if self.unit is not None else {}),
        }

    def subtitle(self) -> str:
        years = f"{self.year_from}–{self.year_to}" if self.year_from != self.year_to else str(self.year_from)
        where = str(self.unit) if self.unit is not None else _("All units in your scope")
        return _("Years %(years)s · %(where)s") % {"years": years, "where": where}

    def link_params(self, name: str = "unit") -> dict:
        """The unit chosen, as the filter ``name`` of the list a figure links to."""
        return {name: self.unit.pk} if self.unit is not None else {}


# --- reports ------------------------------------------------------------------------------------


def programme_execution(user, params: ReportParameters) -> Report:
    """Programmes and what they planned against the inspections carried out and concluded."""
    programmes = restrict(Programme.objects.filter(year__range=(params.year_from, params.year_to)), user)
    inspections = restrict(Inspection.objects.all(), user)
    unit_ids = params.unit_ids()
    if unit_ids is not None:
        programmes = programmes.filter(issuing_unit__in=unit_ids)
        inspections = inspections.filter(Q(target_unit__in=unit_ids) | Q(inspecting_unit__in=unit_ids))
    counts = {
        row["programme"]: row
        for row in inspections.filter(programme__in=programmes)
        .values("programme")
        .annotate(
            total=Count("id"),
            concluded=Count("id", filter=Q(status=InspectionStatus.CONCLUDED)),
            in_progress=Count("id", filter=Q(status=InspectionStatus.IN_PROGRESS)),
        )
    }
    columns = [
        Column("year", _("Year")),
        Column("title", pgettext("oversight", "Programme")),
        Column("kind", _("Kind")),
        Column("schedule", _("Schedule")),
        Column("planned", pgettext("count", "Planned"), "int"),
        Column("in_progress", pgettext("inspection status", "In progress"), "int"),
        Column("concluded", pgettext("inspection status", "Concluded"), "int"),
        Column("rate", _("Carried out"), "percent"),
    ]
    rows = []
    by_year: dict[int, dict] = {}
    for programme in programmes.order_by("year", "schedule", "quarter", "id"):
        figures = counts.get(programme.pk, {})
        concluded = figures.get("concluded", 0)
        row = {
            "year": str(programme.year),
            "title": programme.title,
            "kind": programme.get_kind_display(),
            "schedule": programme.get_schedule_display()
            + (" (" + _("quarter %(number)s") % {"number": programme.quarter} + ")" if programme.quarter else ""),
            "planned": programme.planned_count,
            "in_progress": figures.get("in_progress", 0),
            "concluded": concluded,
            "rate": percent(concluded, programme.planned_count),
            "_links": {
                "title": programme.get_absolute_url(),
                "concluded": _url("inspection_list", programme=programme.pk, status=InspectionStatus.CONCLUDED),
            },
        }
        rows.append(row)
        year = by_year.setdefault(programme.year, {"planned": 0, "concluded": 0, "in_progress": 0})
        for key in ("planned", "concluded", "in_progress"):
            year[key] += row[key]

    unplanned = dict(
        inspections.filter(programme__isnull=True, planned_start__year__range=(params.year_from, params.year_to))
        .values_list("planned_start__year")
        .annotate(n=Count("id"))
    )
    year_columns = [
        Column("year", _("Year")),
        Column("planned", pgettext("count", "Planned"), "int"),
        Column("concluded", _("Concluded under a programme"), "int"),
        Column("rate", _("Carried out"), "percent"),
        Column("unplanned", _("Ad hoc, without a programme"), "int"),
    ]
    year_rows = []
    for year in sorted(set(by_year) | set(unplanned)):
        figures = by_year.get(year, {"planned": 0, "concluded": 0})
        year_rows.append(
            {
                "year": str(year),
                "planned": figures["planned"],
                "concluded": figures["concluded"],
                "rate": percent(figures["concluded"], figures["planned"]),
                "unplanned": unplanned.get(year, 0),
                "_links": {
                    "unplanned": _url(
                        "inspection_list", year=year, without_programme="true", **params.link_params("target_unit")
                    )
                },
            }
        )
    planned_total = sum(row["planned"] for row in rows)
    concluded_total = sum(row["concluded"] for row in rows)
    totals = {
        "year": _("Total"),
        "planned": planned_total,
        "in_progress": sum(row["in_progress"] for row in rows),
        "concluded": concluded_total,
        "rate": percent(concluded_total, planned_total),
    }
    year_totals = {
        "year": _("Total"),
        "planned": planned_total,
        "concluded": concluded_total,
        "rate": percent(concluded_total, planned_total),
        "unplanned": sum(unplanned.values()),
    }
    return Report(
        slug="oversight.programme_execution",
        title=_("Execution of the oversight programmes"),
        subtitle=params.subtitle(),
        parameters=params.as_dict(),
        sections=[
            Section(_("By year"), year_columns, year_rows, totals=year_totals),
            Section(pgettext("oversight", "By programme"), columns, rows, totals=totals),
        ],
    )


def _findings(user, params: ReportParameters):
    findings = restrict(
        Finding.objects.filter(inspection__planned_start__year__range=(params.year_from, params.year_to)), user
    )
    unit_ids = params.unit_ids()
    if unit_ids is not None:
        findings = findings.filter(inspection__target_unit__in=unit_ids)
    return findings


def _area_order(area: str) -> int:
    return Area.values.index(area) if area in Area.values else len(Area.values)


FINDING_FIGURES = {
    "count": Count("id"),
    "violations": Count("id", filter=Q(kind=FindingKind.VIOLATION)),
    "shortcomings": Count("id", filter=Q(kind=FindingKind.SHORTCOMING)),
    "amount": Sum("amount"),
}


def findings_by_area_and_unit(user, params: ReportParameters) -> Report:
    findings = _findings(user, params)
    years = {"year_from": params.year_from, "year_to": params.year_to}
    columns = [
        Column("count", _("Findings"), "int"),
        Column("violations", _("Violations"), "int"),
        Column("shortcomings", _("Shortcomings"), "int"),
        Column("amount", _("Amount involved"), "money"),
    ]
    labels = dict(Area.choices)
    area_rows = []
    by_area = findings.order_by().values("area").annotate(**FINDING_FIGURES).order_by("area")
    for row in sorted(by_area, key=lambda row: _area_order(row["area"])):
        area_rows.append(
            {
                "area": str(labels.get(row["area"], row["area"])),
                **{key: row[key] or 0 for key in FINDING_FIGURES},
                "_links": {"count": _url("finding_list", area=row["area"], **years, **params.link_params())},
            }
        )
    unit_rows = []
    for row in (
        findings.order_by()
        .values("inspection__target_unit", "inspection__target_unit__name", "inspection__target_unit__path")
        .annotate(**FINDING_FIGURES)
        .order_by("inspection__target_unit__path")
    ):
        unit_rows.append(
            {
                "unit": row["inspection__target_unit__name"],
                **{key: row[key] or 0 for key in FINDING_FIGURES},
                "_links": {"count": _url("finding_list", unit_only=row["inspection__target_unit"], **years)},
            }
        )
    overall = findings.order_by().aggregate(**FINDING_FIGURES)
    totals = {key: overall[key] or 0 for key in FINDING_FIGURES}
    return Report(
        slug="oversight.findings",
        title=_("Findings by area and by inspected unit"),
        subtitle=params.subtitle(),
        parameters=params.as_dict(),
        sections=[
            Section(
                _("By area"),
                [Column("area", pgettext("oversight", "Area")), *columns],
                area_rows,
                totals={"area": _("Total"), **totals},
            ),
            Section(
                _("By inspected unit"),
                [Column("unit", _("Inspected unit")), *columns],
                unit_rows,
                totals={"unit": _("Total"), **totals},
            ),
        ],
    )


RECOMMENDATION_FIGURES = {
    "open": Count("id", filter=Q(status=RecommendationStatus.OPEN)),
    "in_progress": Count("id", filter=Q(status=RecommendationStatus.IN_PROGRESS)),
    "done": Count("id", filter=Q(status=RecommendationStatus.DONE)),
    "verified": Count("id", filter=Q(status=RecommendationStatus.VERIFIED)),
    "total": Count("id"),
}


def _recommendation_figures(today):
    return {**RECOMMENDATION_FIGURES, "overdue": Count("id", filter=Recommendation.objects.overdue_q(today))}


def issued_recommendations(user):
    return restrict(Recommendation.objects.issued(), user)


def recommendations_status(user, params: ReportParameters) -> Report:
    today = timezone.localdate()
    recommendations = issued_recommendations(user).filter(
        finding__inspection__concluded_on__year__range=(params.year_from, params.year_to)
    )
    unit_ids = params.unit_ids()
    if unit_ids is not None:
        recommendations = recommendations.filter(responsible_unit__in=unit_ids)
    figures = _recommendation_figures(today)
    columns = [
        Column("open", pgettext("recommendation status", "Open"), "int"),
        Column("in_progress", pgettext("recommendation status", "In progress"), "int"),
        Column("done", _("Done, awaiting verification"), "int"),
        Column("verified", pgettext("recommendation status", "Verified"), "int"),
        Column("overdue", _("Overdue"), "int"),
        Column("total", _("Total"), "int"),
    ]

    def links(**base):
        base = {"concluded_from": params.year_from, "concluded_to": params.year_to, **base}
        return {
            "open": _url("recommendation_list", status=RecommendationStatus.OPEN, **base),
            "in_progress": _url("recommendation_list", status=RecommendationStatus.IN_PROGRESS, **base),
            "done": _url("recommendation_list", status=RecommendationStatus.DONE, **base),
            "verified": _url("recommendation_list", status=RecommendationStatus.VERIFIED, **base),
            "overdue": _url("recommendation_list", overdue="true", **base),
            "total": _url("recommendation_list", **base),
        }

    unit_rows = [
        {
            "unit": row["responsible_unit__name"],
            **{key: row[key] for key in figures},
            "_links": links(responsible_unit_only=row["responsible_unit"]),
        }
        for row in recommendations.order_by()
        .values("responsible_unit", "responsible_unit__name", "responsible_unit__path")
        .annotate(**figures)
        .order_by("responsible_unit__path")
    ]
    labels = dict(Area.choices)
    area_rows = [
        {
            "area": str(labels.get(row["finding__area"], row["finding__area"])),
            **{key: row[key] for key in figures},
            "_links": links(area=row["finding__area"], **params.link_params("responsible_unit")),
        }
        for row in sorted(
            recommendations.order_by().values("finding__area").annotate(**figures),
            key=lambda row: _area_order(row["finding__area"]),
        )
    ]
    overall = recommendations.order_by().aggregate(**figures)
    return Report(
        slug="oversight.recommendations",
        title=_("Recommendations open, overdue and done"),
        subtitle=params.subtitle() + " · " + _("overdue as of %(date)s") % {"date": day_text(today)},
        parameters=params.as_dict(),
        sections=[
            Section(
                _("By responsible unit"),
                [Column("unit", _("Responsible unit")), *columns],
                unit_rows,
                totals={"unit": _("Total"), **overall},
                note=_("Overdue: the due date has passed and the unit has not reported it done."),
            ),
            Section(
                _("By area"),
                [Column("area", pgettext("oversight", "Area")), *columns],
                area_rows,
                totals={"area": _("Total"), **overall},
            ),
        ],
    )


def amounts_involved(user, params: ReportParameters) -> Report:
    findings = _findings(user, params)
    areas = list(Area)
    columns = [Column("year", _("Year"))]
    columns += [Column(area.value, str(area.label), "money") for area in areas]
    columns += [Column("total", _("Total"), "money"), Column("count", _("Findings with an amount"), "int")]
    rows: dict[int, dict] = {}
    for row in (
        findings.filter(amount__gt=0)
        .order_by()
        .values("inspection__planned_start__year", "area")
        .annotate(amount=Sum("amount"), count=Count("id"))
    ):
        year = row["inspection__planned_start__year"]
        line = rows.setdefault(year, {"year": str(year), "total": 0, "count": 0, "_links": {}})
        line[row["area"]] = row["amount"]
        line["total"] += row["amount"]
        line["count"] += row["count"]
        line["_links"][row["area"]] = _url(
            "finding_list", year=year, area=row["area"], amount_min=1, **params.link_params()
        )
    ordered = [rows[year] for year in sorted(rows)]
    totals = {"year": _("Total")}
    for key in [area.value for area in areas] + ["total", "count"]:
        totals[key] = sum(row.get(key) or 0 for row in ordered)
    return Report(
        slug="oversight.amounts",
        title=_("Amounts involved in the findings"),
        subtitle=params.subtitle(),
        parameters=params.as_dict(),
        sections=[Section(_("By year and area"), columns, ordered, totals=totals)],
    )


# --- the overview -------------------------------------------------------------------------------


def overview(user) -> dict:
    """The figures of the oversight overview page, for what ``user`` may see."""
    today = timezone.localdate()
    recommendations = issued_recommendations(user)
    counts = recommendations.order_by().aggregate(**_recommendation_figures(today))
    inspections = restrict(Inspection.objects.all(), user)
    inspection_counts = inspections.order_by().aggregate(
        planned=Count("id", filter=Q(status=InspectionStatus.PLANNED)),
        in_progress=Count("id", filter=Q(status=InspectionStatus.IN_PROGRESS)),
        concluded_this_year=Count("id", filter=Q(status=InspectionStatus.CONCLUDED, concluded_on__year=today.year)),
        concluded=Count("id", filter=Q(status=InspectionStatus.CONCLUDED)),
    )
    overdue_by_unit = list(
        recommendations.overdue(today)
        .order_by()
        .values("responsible_unit", "responsible_unit__name", "responsible_unit__path")
        .annotate(count=Count("id"))
        .order_by("-count", "responsible_unit__path")[:15]
    )
    most_overdue = list(
        recommendations.overdue(today)
        .select_related("responsible_unit", "finding__inspection")
        .order_by("due_date", "id")[:10]
    )
    for recommendation in most_overdue:
        recommendation.days_overdue = (today - recommendation.due_date).days
    return {
        "today": today,
        "recommendations": counts,
        "inspections": inspection_counts,
        "overdue_by_unit": overdue_by_unit,
        "most_overdue": most_overdue,
    }


# --- citations ----------------------------------------------------------------------------------


def citations_of(record, user):
    """The findings the user may see that cite ``record``."""
    content_type = ContentType.objects.get_for_model(type(record))
    return (
        restrict(FindingLink.objects.filter(content_type=content_type, object_id=record.pk), user)
        .select_related("finding__inspection__target_unit")
        .order_by("-finding__inspection__planned_start", "id")
    )


@dataclass
class CitedRecord:
    link: FindingLink
    kind: str
    record: object | None  # None: the reader may not see it, or it no longer exists
    url: str | None


def cited_records(finding, user) -> list[CitedRecord]:
    """The records a finding cites, named only when the reader may see them (one query per kind)."""
    links = list(
        restrict(FindingLink.objects.filter(finding=finding), user).select_related("content_type").order_by("id")
    )
    by_type: dict[int, list[FindingLink]] = {}
    for link in links:
        by_type.setdefault(link.content_type_id, []).append(link)
    visible: dict[tuple[int, int], object] = {}
    for content_type_id, group in by_type.items():
        model = group[0].content_type.model_class()
        if model is None:
            continue
        ids = [link.object_id for link in group]
        for record in restrict(model._default_manager.filter(pk__in=ids), user, "view"):
            visible[(content_type_id, record.pk)] = record
    result = []
    for link in links:
        model = link.content_type.model_class()
        kind = str(model._meta.verbose_name).capitalize() if model else link.content_type.name
        record = visible.get((link.content_type_id, link.object_id))
        result.append(CitedRecord(link=link, kind=kind, record=record, url=link.record_url if record else None))
    return result


def citable_models() -> list[type[Model]]:
    """Models whose records a finding may cite: those their apps register as citable (domain
    records of the logistics areas that have pages)."""
    return registry.models_with(CITABLE)


def is_citable(model) -> bool:
    return model is not None and registry.has_feature(model, CITABLE)
