"""Every report of every app in one place (the auditors' report centre)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from logistics.hooks import area_modules


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
    from django.apps import apps

    groups = [(str(_("All areas")), [entry for entry in CORE_REPORTS if user.has_perm(entry.permission)])]
    for module in area_modules("reports"):
        label = module.__name__.split(".")[0]
        entries = [entry for entry in module.REPORTS if user.has_perm(entry.permission)]
        if entries:
            groups.append((str(apps.get_app_config(label).verbose_name), entries))
    return [(title, entries) for title, entries in groups if entries]


def all_reports() -> list[ReportEntry]:
    entries = list(CORE_REPORTS)
    for module in area_modules("reports"):
        entries.extend(module.REPORTS)
    return entries
