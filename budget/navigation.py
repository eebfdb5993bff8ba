from django.utils.translation import gettext_lazy as _

from logistics.navigation import MenuItem

ITEMS = [
    MenuItem(_("Allocations"), "budget:allocation_list", "budget.view_allocation", "wallet2"),
    MenuItem(_("Adjustments"), "budget:adjustment_list", "budget.view_adjustment", "plus-slash-minus"),
    MenuItem(_("Spending"), "budget:spending_list", "budget.view_spending", "cash"),
    MenuItem(_("Budget execution"), "budget:execution", "budget.view_allocation", "bar-chart"),
    MenuItem(_("Open advances"), "budget:open_advances", "budget.view_spending", "hourglass-split"),
    MenuItem(_("Fiscal years and closing"), "budget:fiscalyear_list", "budget.view_fiscalyear", "lock"),
    MenuItem(
        _("Balances carried over or cancelled"),
        "budget:balancedisposition_list",
        "budget.view_balancedisposition",
        "arrow-right-square",
    ),
    MenuItem(_("Approved settlements"), "budget:yearsettlement_list", "budget.view_yearsettlement", "patch-check"),
    MenuItem(_("Funding sources"), "budget:fundingsource_list", "budget.view_fundingsource", "bank"),
    MenuItem(_("Spending categories"), "budget:spendingcategory_list", "budget.view_spendingcategory", "tags"),
    MenuItem(_("Budget classification"), "budget:budgetcode_list", "budget.view_budgetcode", "list-ol"),
]
