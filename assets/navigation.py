from django.utils.translation import gettext_lazy as _

from logistics.navigation import MenuItem

ITEMS = [
    MenuItem(_("Vouchers"), "assets:voucher_list", "assets.view_voucher", "file-earmark-text"),
    MenuItem(_("Holdings"), "assets:holding_list", "assets.view_holding", "boxes"),
    MenuItem(_("Items tracked one by one"), "assets:item_list", "assets.view_item", "upc-scan"),
    MenuItem(_("Ledger"), "assets:movement_list", "assets.view_movement", "journal-text"),
    MenuItem(_("Stocktakes"), "assets:stocktake_list", "assets.view_stocktake", "clipboard-check"),
    MenuItem(_("Yearly wear"), "assets:wearentry_list", "assets.view_wearentry", "graph-down"),
    MenuItem(_("Equipment issued (report)"), "assets:report_issuance", "assets.view_movement", "bar-chart"),
    MenuItem(_("Equipment held (report)"), "assets:report_holdings", "assets.view_holding", "pie-chart"),
    MenuItem(_("Fixed-asset register"), "assets:report_register", "assets.view_item", "building"),
    MenuItem(_("Item types"), "assets:itemtype_list", "assets.view_itemtype", "tags"),
    MenuItem(_("Asset categories"), "assets:assetcategory_list", "assets.view_assetcategory", "collection"),
    MenuItem(
        _("Fixed-asset classes and wear rates"), "assets:fixedassetclass_list", "assets.view_fixedassetclass", "percent"
    ),
    MenuItem(_("Programmes"), "assets:programme_list", "assets.view_programme", "flag"),
]
