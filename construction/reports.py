"""Construction's entries in the report centre (see ``logistics.report_centre``)."""

from django.utils.translation import gettext_lazy as _

from logistics.report_centre import ReportEntry

REPORTS = [
    ReportEntry(
        _("Construction works by status, year and unit"),
        _("How many works in each status, by year of construction and by beneficiary unit, with what was paid."),
        "construction:report_works",
        "construction.view_project",
        period_style="years",
    ),
    ReportEntry(
        _("Construction works completed"),
        _("Works accepted (nghiệm thu) in any period: by kind of work, year of completion and unit."),
        "construction:report_completed",
        "construction.view_project",
    ),
    ReportEntry(
        _("Disbursement of construction works"),
        _("Paid against total investment and contracts, by status and for each work not yet settled."),
        "construction:report_disbursement",
        "construction.view_project",
        period_style="",
    ),
    ReportEntry(
        _("Overdue construction works"),
        _("Works past their planned completion and not accepted, the longest overdue first."),
        "construction:report_overdue",
        "construction.view_project",
        period_style="",
    ),
]
