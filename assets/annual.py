from django.utils.translation import gettext as _

from assets.selectors import issuance_report
from logistics.annual import key_figure
from logistics.dashboard import list_url


def sections(user, unit, period):
    """Equipment issued in the period, by item type with its value."""
    if not user.has_perm("assets.view_movement"):
        return None
    report = issuance_report(user=user, date_from=period.date_from, date_to=period.date_to, unit=unit)
    by_type = report.sections[0]
    by_type.title = _("Equipment issued, by item type")
    totals = by_type.totals
    # Quantities are not added across types: cars and boxes of masks make no total.
    highlight = key_figure(
        _("Equipment issued (%(types)s types)") % {"types": len(by_type.rows)},
        value=totals["value"],
        link=list_url("assets:movement_list", issued="true", unit=unit.pk if unit else None, **period.params()),
    )
    return [by_type, report.sections[2]], [highlight]
