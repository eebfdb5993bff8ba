from django.utils.translation import gettext_lazy as _

from logistics.report_centre import ReportEntry

REPORTS = [
    ReportEntry(
        _("Budget execution"),
        # xgettext:no-python-format
        _("Allocated, adjustments, spent, remaining and % used by source, category, unit and year."),
        "budget:execution",
        "budget.view_allocation",
        period_style="years",
    ),
]
