from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.navigation import MenuItem

ITEMS = [
    MenuItem(
        _("Overview: overdue recommendations"), "oversight:overview", "oversight.view_recommendation", "speedometer2"
    ),
    MenuItem(
        pgettext_lazy("oversight", "Programmes"), "oversight:programme_list", "oversight.view_programme", "calendar3"
    ),
    MenuItem(_("Inspections and supervisions"), "oversight:inspection_list", "oversight.view_inspection", "search"),
    MenuItem(_("Findings"), "oversight:finding_list", "oversight.view_finding", "exclamation-triangle"),
    MenuItem(_("Recommendations"), "oversight:recommendation_list", "oversight.view_recommendation", "list-check"),
    MenuItem(
        _("Discipline decisions"), "oversight:disciplinedecision_list", "oversight.view_disciplinedecision", "hammer"
    ),
    MenuItem(_("Report: programme execution"), "oversight:report_programmes", "oversight.view_inspection", "bar-chart"),
    MenuItem(
        _("Report: findings by area and unit"), "oversight:report_findings", "oversight.view_inspection", "bar-chart"
    ),
    MenuItem(
        _("Report: recommendations"), "oversight:report_recommendations", "oversight.view_inspection", "bar-chart"
    ),
    MenuItem(_("Report: amounts involved"), "oversight:report_amounts", "oversight.view_inspection", "bar-chart"),
]
