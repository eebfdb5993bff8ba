"""Every report of every app in one place (the auditors' report centre)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from logistics.annual import annual_report
from logistics.hooks import area_modules
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
    from django.apps import apps

    groups = [(str(_("All areas")), [entry for entry in CORE_REPORTS if entry.allows(user)])]
    for module in area_modules("reports"):
        label = module.__name__.split(".")[0]
        entries = [entry for entry in module.REPORTS if entry.allows(user)]
        if entries:
            groups.append((str(apps.get_app_config(label).verbose_name), entries))
    return [(title, entries) for title, entries in groups if entries]


def all_reports() -> list[ReportDeclaration]:
    entries = list(CORE_REPORTS)
    for module in area_modules("reports"):
        entries.extend(module.REPORTS)
    return entries
