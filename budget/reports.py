"""Budget's reports, each declared once (see ``logistics.report_declarations``)."""

from django.utils.translation import gettext_lazy as _

from budget.forms import ExecutionReportForm, OpenAdvancesForm
from budget.selectors import execution_report, open_advances_report
from logistics.report_declarations import ReportDeclaration

REPORTS = [
    ReportDeclaration(
        url_name="budget:execution",
        path="execution/",
        title=_("Budget execution"),
        description=_(
            "Allocated this year, carried in from the previous year, adjustments, spent, carried over or "
            "cancelled, remaining and the share used by source, category, unit and year."
        ),
        permission="budget.view_allocation",
        form=ExecutionReportForm,
        selector=execution_report,
    ),
    ReportDeclaration(
        url_name="budget:open_advances",
        path="open-advances/",
        title=_("Open advances"),
        description=_("Advances not yet cleared or refunded, by payee and age (0–30, 31–90, 91–180, over 180 days)."),
        permission="budget.view_spending",
        form=OpenAdvancesForm,
        selector=open_advances_report,
    ),
]
