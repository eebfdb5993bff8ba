from django.urls import include, path
from rest_framework.routers import DefaultRouter

from assets.api import views
from assets.reports import REPORTS
from logistics.report_declarations import report_api_urls

app_name = "assets"

router = DefaultRouter()
router.register("categories", views.AssetCategoryViewSet, basename="assetcategory")
router.register("asset-classes", views.FixedAssetClassViewSet, basename="fixedassetclass")
router.register("item-types", views.ItemTypeViewSet, basename="itemtype")
router.register("items", views.ItemViewSet, basename="item")
router.register("vouchers", views.VoucherViewSet, basename="voucher")
router.register("movements", views.MovementViewSet, basename="movement")
router.register("holdings", views.HoldingViewSet, basename="holding")
router.register("stocktakes", views.StocktakeViewSet, basename="stocktake")

urlpatterns = [*report_api_urls(REPORTS), path("", include(router.urls))]
