"""Every report of every app in one place (the auditors' report centre)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from logistics.registry import registry


@dataclass(frozen=True)
class ReportEntry:
    title: str
    description: str
    url_name: str
    permission: str
    #: Query parameters the monthly command fills for a month: {"date_from": "…", "date_to": "…"}
    #: names, or {"year_from": …, "year_to": …} for yearly figures.
    period_style: str = "dates"  # "dates", "years" or "" (no period)


CORE_REPORTS = [
    ReportEntry(
        _("Annual logistics report"),
        _("Budget by source, equipment issued, construction completed, clinic caseload, oversight — for any period."),
        "annual_report",
        "logistics.view_unit",
    ),
]


def reports_for(user) -> list[tuple[str, list[ReportEntry]]]:
    """(area title, reports) the user may open, area by area."""
    groups = []
    for group in registry.report_groups():
        # The core's reports span every area; an area's are grouped under its name.
        title = group.app.verbose_name if group.app.is_area else _("All areas")
        entries = [entry for entry in group.entries if user.has_perm(entry.permission)]
        if entries:
            groups.append((str(title), entries))
    return groups


def all_reports() -> list[ReportEntry]:
    return [entry for group in registry.report_groups() for entry in group.entries]
