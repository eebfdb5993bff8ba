from django.utils.translation import gettext as _

from logistics.annual import key_figure

from .selectors import completed_report, list_url


def sections(user, unit, period):
    """Construction items completed (accepted) in the period, by kind of work and by year."""
    if not user.has_perm("construction.view_project"):
        return None
    report = completed_report(user=user, date_from=period.date_from, date_to=period.date_to, unit=unit)
    by_kind, by_year = report.sections[0], report.sections[1]
    by_kind.title = _("Construction items completed, by kind of work")
    by_year.title = _("Construction items completed, by year")
    totals = by_kind.totals
    highlight = key_figure(
        _("Construction items built, renovated or repaired"),
        count=totals["count"],
        value=totals["value"] if totals["count"] else None,
        link=list_url(
            {
                "unit": unit.pk if unit else None,
                "completed_from": period.date_from.isoformat(),
                "completed_to": period.date_to.isoformat(),
            }
        ),
    )
    return [by_kind, by_year], [highlight]
