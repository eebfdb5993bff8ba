from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.dashboard import Bar, Card, Chart, DashboardSection, list_url
from logistics.scope import restrict
from logistics.selectors import rollup_unit_ids
from oversight.choices import FINISHED_STATUSES, Area, RecommendationStatus
from oversight.models import Finding, Recommendation


def section(user, unit, period):
    """Recommendations open and overdue (now), and the findings of the period's years by area."""
    if not user.has_perm("oversight.view_recommendation"):
        return None
    today = timezone.localdate()
    recommendations = restrict(Recommendation.objects.all(), user)
    findings = restrict(Finding.objects.all(), user)
    year_from, year_to = period.years
    findings = findings.filter(
        inspection__planned_start__year__gte=year_from, inspection__planned_start__year__lte=year_to
    )
    unit_param = unit.pk if unit else None
    if unit is not None:
        ids = rollup_unit_ids(unit)
        recommendations = recommendations.filter(responsible_unit_id__in=ids)
        findings = findings.filter(inspection__target_unit_id__in=ids)
    counts = recommendations.order_by().aggregate(
        open=Count("id", filter=~Q(status__in=FINISHED_STATUSES)),
        overdue=Count("id", filter=Recommendation.objects.overdue_q(today)),
        done=Count("id", filter=Q(status__in=FINISHED_STATUSES)),
    )
    not_finished = [RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS]
    cards = [
        Card(
            _("Recommendations open"),
            counts["open"],
            "int",
            list_url("oversight:recommendation_list", status=not_finished, responsible_unit=unit_param),
        ),
        Card(
            _("Overdue"),
            counts["overdue"],
            "int",
            list_url("oversight:recommendation_list", overdue="true", responsible_unit=unit_param),
            tone="danger" if counts["overdue"] else "",
        ),
        Card(
            _("Done or verified"),
            counts["done"],
            "int",
            list_url("oversight:recommendation_list", status=list(FINISHED_STATUSES), responsible_unit=unit_param),
        ),
    ]
    by_area = dict(findings.order_by().values_list("area").annotate(count=Count("id")))
    bars = [
        Bar(
            str(label),
            by_area.get(value, 0),
            list_url("oversight:finding_list", area=value, unit=unit_param, year_from=year_from, year_to=year_to),
        )
        for value, label in Area.choices
    ]
    return DashboardSection(
        key="oversight",
        title=_("Party oversight"),
        icon="clipboard-check",
        cards=cards,
        charts=[Chart(_("Findings by area (inspections of the period's years)"), bars, "int")],
        link=list_url("oversight:overview"),
    )
