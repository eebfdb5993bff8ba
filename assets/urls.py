from django.urls import path

from assets import views
from assets.reports import REPORTS
from logistics.report_declarations import report_urls

app_name = "assets"

urlpatterns = [
    *views.VoucherViews.urls(),
    path("voucher/<int:pk>/minutes/", views.voucher_minutes, name="voucher_minutes"),
    *views.ItemViews.urls(),
    path("item/<int:pk>/label/", views.item_label, name="item_label"),
    *views.HoldingViews.urls(),
    *views.MovementViews.urls(),
    *views.StocktakeViews.urls(),
    path("stocktake/<int:pk>/count/", views.stocktake_count, name="stocktake_count"),
    *views.WearEntryViews.urls(),
    path("wear/compute/", views.wear, name="wear_compute"),
    *views.ItemTypeViews.urls(),
    *views.AssetCategoryViews.urls(),
    *views.FixedAssetClassViews.urls(),
    *views.ProgrammeViews.urls(),
    *report_urls(REPORTS),
]
