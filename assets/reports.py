from django.utils.translation import gettext_lazy as _

from logistics.report_centre import ReportEntry

REPORTS = [
    ReportEntry(
        _("Equipment issued"),
        _("What units received by issue vouchers, by item type, category and programme."),
        "assets:report_issuance",
        "assets.view_movement",
    ),
    ReportEntry(
        _("Equipment held"),
        _("What each unit subtree holds now, by category and item type (count and value)."),
        "assets:report_holdings",
        "assets.view_holding",
        period_style="",
    ),
    ReportEntry(
        _("Fixed-asset register"),
        _("Fixed assets with their cost, accumulated wear and remaining value."),
        "assets:report_register",
        "assets.view_item",
        period_style="",
    ),
]
