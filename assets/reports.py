"""Equipment's reports, each declared once (see ``logistics.report_declarations``)."""

from django.utils.translation import gettext_lazy as _

from assets import forms, selectors
from logistics.report_declarations import ReportDeclaration

REPORTS = [
    ReportDeclaration(
        url_name="assets:report_issuance",
        path="reports/issuance/",
        title=_("Equipment issued"),
        description=_("What units received by issue vouchers, by item type, category and programme."),
        permission="assets.view_movement",
        form=forms.IssuanceReportForm,
        selector=selectors.issuance_report,
    ),
    ReportDeclaration(
        url_name="assets:report_holdings",
        path="reports/holdings/",
        title=_("Equipment held"),
        description=_("What each unit subtree holds now, by category and item type (count and value)."),
        permission="assets.view_holding",
        form=forms.ItemReportForm,
        selector=selectors.holdings_report,
    ),
    ReportDeclaration(
        url_name="assets:report_register",
        path="reports/register/",
        title=_("Fixed-asset register"),
        description=_("Fixed assets with their cost, accumulated wear and remaining value, as at any day."),
        permission="assets.view_item",
        form=forms.RegisterReportForm,
        selector=selectors.register_report,
    ),
]
