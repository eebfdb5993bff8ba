from django.urls import path

from assets import views

app_name = "assets"

urlpatterns = [
    *views.VoucherViews.urls(),
    path("voucher/<int:pk>/minutes/", views.voucher_minutes, name="voucher_minutes"),
    *views.ItemViews.urls(),
    path("item/<int:pk>/label/", views.item_label, name="item_label"),
    *views.HoldingViews.urls(),
    *views.MovementViews.urls(),
    *views.StocktakeViews.urls(),
    *views.WearEntryViews.urls(),
    path("wear/compute/", views.wear, name="wear_compute"),
    *views.ItemTypeViews.urls(),
    *views.AssetCategoryViews.urls(),
    *views.FixedAssetClassViews.urls(),
    *views.ProgrammeViews.urls(),
    path("reports/holdings/", views.holdings_report, name="report_holdings"),
    path("reports/issuance/", views.issuance_report, name="report_issuance"),
    path("reports/register/", views.register_report, name="report_register"),
]
