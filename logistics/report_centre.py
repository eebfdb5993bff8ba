"""Every report of every app in one place (the auditors' report centre)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from logistics.annual import annual_report
from logistics.registry import registry
from logistics.report_declarations import ReportDeclaration
from logistics.report_parameters import UnitPeriodForm

CORE_REPORTS = [
    ReportDeclaration(
        url_name="annual_report",
        path="reports/annual/",
        title=_("Annual logistics report"),
        description=_(
            "Budget by source, equipment issued, construction completed, clinic caseload, oversight — for any period."
        ),
        permission="logistics.view_unit",
        form=UnitPeriodForm,
        selector=annual_report,
    ),
]


def reports_for(user) -> list[tuple[str, list[ReportDeclaration]]]:
    """(area title, reports) the user may open, area by area."""
    groups = []
    for group in registry.report_groups():
        # The core's reports span every area; an area's are grouped under its name.
        title = group.app.verbose_name if group.app.is_area else _("All areas")
        entries = [entry for entry in group.entries if entry.allows(user)]
        if entries:
            groups.append((str(title), entries))
    return groups


def all_reports() -> list[ReportDeclaration]:
    return [entry for group in registry.report_groups() for entry in group.entries]
