from django.utils.translation import gettext_lazy as _

from logistics.report_centre import ReportEntry

REPORTS = [
    ReportEntry(
        _("Programme execution"),
        _("Inspections and supervisions planned and done, by programme."),
        "oversight:report_programmes",
        "oversight.view_inspection",
        period_style="years",
    ),
    ReportEntry(
        _("Findings by area and unit"),
        _("Violations and shortcomings found, by area and inspected unit."),
        "oversight:report_findings",
        "oversight.view_finding",
        period_style="years",
    ),
    ReportEntry(
        _("Recommendations"),
        _("Recommendations open, overdue and done, by responsible unit."),
        "oversight:report_recommendations",
        "oversight.view_recommendation",
        period_style="years",
    ),
    ReportEntry(
        _("Amounts involved"),
        _("Amounts involved in findings, by year and area."),
        "oversight:report_amounts",
        "oversight.view_finding",
        period_style="years",
    ),
]
