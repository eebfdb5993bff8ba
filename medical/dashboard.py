from django.utils.translation import gettext as _

from logistics.dashboard import Bar, Card, Chart, DashboardSection, list_url
from medical.choices import Service
from medical.selectors import caseload_figures, may_see_counts


def section(user, unit, period):
    """Caseload by service this period and the same period a year before — counts only."""
    if not may_see_counts(user):
        return None
    before = period.last_year()
    now_figures = caseload_figures(user, date_from=period.date_from, date_to=period.date_to, unit=unit)
    then_figures = caseload_figures(user, date_from=before.date_from, date_to=before.date_to, unit=unit)
    unit_param = unit.pk if unit else None
    now_link = list_url("medical:caseload", unit=unit_param, **period.params())
    then_link = list_url("medical:caseload", unit=unit_param, **before.params())
    bars = [
        Bar(
            str(label),
            now_figures.by_service[value],
            now_link,
            compare=then_figures.by_service[value],
            compare_link=then_link,
        )
        for value, label in Service.choices
    ]
    return DashboardSection(
        key="medical",
        title=_("Clinic caseload"),
        icon="heart-pulse",
        cards=[
            Card(_("Encounters in the period"), now_figures.total, "int", now_link),
            Card(_("The same period a year before"), then_figures.total, "int", then_link),
        ],
        charts=[Chart(_("By service"), bars, "int", legend=(period.label, before.label))],
        link=now_link,
    )
