from django.urls import include, path
from rest_framework.routers import DefaultRouter

from construction.api import views
from construction.reports import REPORTS
from logistics.report_declarations import report_api_urls

app_name = "construction"

router = DefaultRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register("contracts", views.ContractViewSet, basename="contract")
router.register("fundings", views.FundingViewSet, basename="funding")
router.register("progress-reports", views.ProgressReportViewSet, basename="progressreport")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("payments", views.PaymentViewSet, basename="payment")

urlpatterns = [
    *report_api_urls(REPORTS),
    path("", include(router.urls)),
]
