from django.urls import include, path
from rest_framework.routers import DefaultRouter

from construction.api import views

app_name = "construction"

router = DefaultRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register("contracts", views.ContractViewSet, basename="contract")
router.register("fundings", views.FundingViewSet, basename="funding")
router.register("progress-reports", views.ProgressReportViewSet, basename="progressreport")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("payments", views.PaymentViewSet, basename="payment")

urlpatterns = [
    path("reports/works/", views.WorksReportView.as_view(), name="report_works"),
    path("reports/completed/", views.CompletedReportView.as_view(), name="report_completed"),
    path("reports/disbursement/", views.DisbursementReportView.as_view(), name="report_disbursement"),
    path("reports/overdue/", views.OverdueReportView.as_view(), name="report_overdue"),
    path("", include(router.urls)),
]
