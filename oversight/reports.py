"""Party oversight's reports, each declared once (see ``logistics.report_declarations``). Their
pages share one layout: tabs from one report to the others, keeping the parameters."""

from django.utils.translation import gettext_lazy as _

from logistics.report_declarations import ReportDeclaration
from oversight import selectors
from oversight.forms import ReportForm


def tabs(declaration, user, values) -> dict:
    return {
        "reports": {entry.path.split("/")[1]: entry.title for entry in REPORTS},
        "current_report": declaration.path.split("/")[1],
    }


def _report(slug, title, description, permission, selector) -> ReportDeclaration:
    return ReportDeclaration(
        url_name=f"oversight:report_{slug}",
        path=f"reports/{slug}/",
        title=title,
        description=description,
        permission=permission,
        form=ReportForm,
        selector=selector,
        template="oversight/report.html",
        page_context=tabs,
    )


REPORTS = [
    _report(
        "programmes",
        _("Programme execution"),
        _("Inspections and supervisions planned and done, by programme."),
        "oversight.view_inspection",
        selectors.programme_execution,
    ),
    _report(
        "findings",
        _("Findings by area and unit"),
        _("Violations and shortcomings found, by area and inspected unit."),
        "oversight.view_finding",
        selectors.findings_by_area_and_unit,
    ),
    _report(
        "recommendations",
        _("Recommendations"),
        _("Recommendations open, overdue and done, by responsible unit."),
        "oversight.view_recommendation",
        selectors.recommendations_status,
    ),
    _report(
        "amounts",
        _("Amounts involved"),
        _("Amounts involved in findings, by year and area."),
        "oversight.view_finding",
        selectors.amounts_involved,
    ),
]
