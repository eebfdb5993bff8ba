from django.utils.translation import gettext as _

from logistics.annual import key_figure
from logistics.dashboard import list_url
from medical.selectors import caseload_report, may_see_counts


def sections(user, unit, period):
    """The clinic's caseload by service (counts only)."""
    if not may_see_counts(user):
        return None
    report, figures = caseload_report(user, date_from=period.date_from, date_to=period.date_to, unit=unit)
    by_service = report.sections[0]
    by_service.title = _("Clinic caseload, by service")
    # Every service counts (lab tests and referrals too): they are services given, not examinations.
    highlight = key_figure(
        _("Clinic services given (every service)"),
        count=figures.total,
        link=list_url("medical:caseload", unit=unit.pk if unit else None, **period.params()),
    )
    return [by_service], [highlight]
