from django.utils.translation import gettext as _

from logistics.dashboard import list_url
from logistics.formatting import number
from medical.selectors import caseload_report, may_see_counts


def sections(user, unit, period):
    """The clinic's caseload by service (counts only)."""
    if not may_see_counts(user):
        return None
    report, figures = caseload_report(user, date_from=period.date_from, date_to=period.date_to, unit=unit)
    by_service = report.sections[0]
    by_service.title = _("Clinic caseload, by service")
    highlight = {
        "label": _("Clinic encounters"),
        "value": number(figures.total),
        "words": "",
        "_links": {"value": list_url("medical:caseload", unit=unit.pk if unit else None, **period.params())},
    }
    return [by_service], [highlight]
