"""Construction's reports, each declared once (see ``logistics.report_declarations``)."""

from django.utils.translation import gettext_lazy as _

from construction import selectors
from construction.forms import WorksReportForm
from logistics.report_declarations import ReportDeclaration
from logistics.report_parameters import DateRangeForm, UnitForm

REPORTS = [
    ReportDeclaration(
        url_name="construction:report_works",
        path="reports/works/",
        title=_("Construction works by status, year and unit"),
        description=_(
            "How many works in each status, by year of construction and by beneficiary unit, with what was paid."
        ),
        permission="construction.view_project",
        form=WorksReportForm,
        selector=selectors.works_report,
    ),
    ReportDeclaration(
        url_name="construction:report_completed",
        path="reports/completed/",
        title=_("Construction works completed"),
        description=_("Works accepted (nghiệm thu) in any period: by kind of work, year of completion and unit."),
        permission="construction.view_project",
        form=DateRangeForm,
        selector=selectors.completed_report,
    ),
    ReportDeclaration(
        url_name="construction:report_disbursement",
        path="reports/disbursement/",
        title=_("Disbursement of construction works"),
        description=_("Paid against total investment and contracts, by status and for each work not yet settled."),
        permission="construction.view_project",
        form=UnitForm,
        selector=selectors.disbursement_report,
    ),
    ReportDeclaration(
        url_name="construction:report_overdue",
        path="reports/overdue/",
        title=_("Overdue construction works"),
        description=_("Works past their planned completion and not accepted, the longest overdue first."),
        permission="construction.view_project",
        form=UnitForm,
        selector=selectors.overdue_report,
    ),
]
