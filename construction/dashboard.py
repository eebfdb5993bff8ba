from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from construction.choices import ProjectStatus, WorkKind
from construction.models import Project, completed_condition, overdue_condition
from logistics.dashboard import Bar, Card, Chart, DashboardSection
from logistics.formatting import day_text, vnd_words
from logistics.reports import format_value, percent
from logistics.scope import restrict
from logistics.selectors import rollup_unit_ids

from .selectors import list_url

# The works the dashboard lists one by one: the latest under way, the longest overdue first.
LISTED_WORKS = 8


def section(user, unit, period):
    """Works under construction with their progress, the overdue ones, and what the period completed."""
    if not user.has_perm("construction.view_project"):
        return None
    today = timezone.localdate()
    works = restrict(Project.objects.all(), user)
    unit_param = unit.pk if unit else None
    if unit is not None:
        works = works.filter(beneficiary_unit_id__in=rollup_unit_ids(unit))
    under_way = Q(status=ProjectStatus.UNDER_CONSTRUCTION)
    late = overdue_condition(today)
    completed = completed_condition(period.date_from, period.date_to)
    counts = works.order_by().aggregate(
        under_way=Count("id", filter=under_way),
        overdue=Count("id", filter=late),
        completed=Count("id", filter=completed),
        completed_value=Sum("total_investment", filter=completed),
    )
    completed_params = {
        "unit": unit_param,
        "completed_from": period.date_from.isoformat(),
        "completed_to": period.date_to.isoformat(),
    }
    cards = [
        Card(
            _("Works under construction"),
            counts["under_way"],
            "int",
            list_url({"unit": unit_param, "status": ProjectStatus.UNDER_CONSTRUCTION}),
        ),
        Card(
            _("Overdue works"),
            counts["overdue"],
            "int",
            list_url({"unit": unit_param, "overdue": "true"}),
            hint=_("planned completion passed, not accepted"),
            tone="danger" if counts["overdue"] else "",
        ),
        Card(
            _("Works completed in the period"),
            counts["completed"],
            "int",
            list_url(completed_params),
            hint=vnd_words(counts["completed_value"] or 0) if counts["completed"] else "",
        ),
    ]
    by_kind = dict(works.filter(completed).order_by().values_list("kind").annotate(count=Count("id")))
    bars = [
        Bar(str(label), by_kind.get(value, 0), list_url({**completed_params, "kind": value}))
        for value, label in WorkKind.choices
    ]
    listed = list(
        works.filter(under_way | late)
        .with_figures()
        .order_by("-overdue", "planned_end", "code")
        .values("pk", "code", "name", "progress", "planned_end", "overdue", "paid", "total_investment")[:LISTED_WORKS]
    )
    table = [
        {
            "label": f"{row['code']} · {row['name']}",
            "link": Project(pk=row["pk"]).get_absolute_url(),
            "value": f"{row['progress']} %",
            "note": (
                _("overdue since %(day)s") % {"day": day_text(row["planned_end"])}
                if row["overdue"]
                else _("%(percent)s paid")
                % {"percent": format_value(percent(row["paid"], row["total_investment"]), "percent")}
            ),
            "tone": "danger" if row["overdue"] else "",
        }
        for row in listed
    ]
    return DashboardSection(
        key="construction",
        title=_("Construction works"),
        icon="building",
        cards=cards,
        charts=[Chart(_("Works completed in the period, by kind"), bars, "int")],
        table=table,
        table_title=_("Under construction and overdue (overdue first)"),
        link=list_url({"unit": unit_param}),
    )
