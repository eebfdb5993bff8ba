from django.utils.translation import gettext as _

from assets.selectors import issuance_report
from logistics.dashboard import list_url
from logistics.formatting import number, vnd, vnd_words


def sections(user, unit, period):
    """Equipment issued in the period, by item type with its value."""
    if not user.has_perm("assets.view_movement"):
        return None
    report = issuance_report(user=user, date_from=period.date_from, date_to=period.date_to, unit=unit)
    by_type = report.sections[0]
    by_type.title = _("Equipment issued, by item type")
    totals = by_type.totals
    highlight = {
        "label": _("Equipment issued (%(count)s items of %(types)s types)")
        % {"count": number(totals["quantity"]), "types": len(by_type.rows)},
        "value": vnd(totals["value"]),
        "words": vnd_words(totals["value"]),
        "_links": {
            "value": list_url("assets:movement_list", issued="true", unit=unit.pk if unit else None, **period.params())
        },
    }
    return [by_type, report.sections[2]], [highlight]
