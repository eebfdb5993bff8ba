from django.urls import include, path
from rest_framework.routers import DefaultRouter

from budget.api import views
from budget.reports import REPORTS
from logistics.report_declarations import report_api_urls

app_name = "budget"

router = DefaultRouter()
router.register("funding-sources", views.FundingSourceViewSet, basename="fundingsource")
router.register("categories", views.SpendingCategoryViewSet, basename="spendingcategory")
router.register("fiscal-years", views.FiscalYearViewSet, basename="fiscalyear")
router.register("allocations", views.AllocationViewSet, basename="allocation")
router.register("adjustments", views.AdjustmentViewSet, basename="adjustment")
router.register("spending", views.SpendingViewSet, basename="spending")

urlpatterns = [
    *report_api_urls(REPORTS),
    path("", include(router.urls)),
]
