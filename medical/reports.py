from django.utils.translation import gettext_lazy as _

from logistics.report_centre import ReportEntry

REPORTS = [
    ReportEntry(
        _("Clinic caseload"),
        _("Encounters by service, month by month (counts only)."),
        "medical:caseload",
        "medical.caseload_encounter",
    ),
    ReportEntry(
        _("Epidemic figures"),
        _("People in isolation on a day and people identified month by month (counts only)."),
        "medical:epidemic",
        "medical.caseload_encounter",
    ),
]
