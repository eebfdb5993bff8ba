from django.utils.translation import gettext_lazy as _

from logistics.navigation import MenuItem

ITEMS = [
    MenuItem(_("Construction works"), "construction:project_list", "construction.view_project", "building"),
    MenuItem(
        _("Progress reports"), "construction:progressreport_list", "construction.view_progressreport", "graph-up-arrow"
    ),
    MenuItem(_("Contracts"), "construction:contract_list", "construction.view_contract", "file-earmark-text"),
    MenuItem(_("Payments to contractors"), "construction:payment_list", "construction.view_payment", "cash"),
    MenuItem(_("Funding allocations"), "construction:funding_list", "construction.view_funding", "wallet2"),
    MenuItem(_("Milestones"), "construction:milestone_list", "construction.view_milestone", "signpost-split"),
    MenuItem(
        _("Works by status, year and unit"), "construction:report_works", "construction.view_project", "bar-chart"
    ),
    MenuItem(_("Completed works"), "construction:report_completed", "construction.view_project", "check2-square"),
    MenuItem(_("Disbursement"), "construction:report_disbursement", "construction.view_project", "percent"),
    MenuItem(_("Overdue works"), "construction:report_overdue", "construction.view_project", "alarm"),
]
