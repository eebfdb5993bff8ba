"""Budget's reports, each declared once (see ``logistics.report_declarations``)."""

from django.utils.translation import gettext_lazy as _

from budget.forms import ExecutionReportForm
from budget.selectors import execution_report
from logistics.report_declarations import ReportDeclaration

REPORTS = [
    ReportDeclaration(
        url_name="budget:execution",
        path="execution/",
        title=_("Budget execution"),
        # xgettext:no-python-format
        description=_("Allocated, adjustments, spent, remaining and % used by source, category, unit and year."),
        permission="budget.view_allocation",
        form=ExecutionReportForm,
        selector=execution_report,
    ),
]
