from django.urls import path

from construction import views

app_name = "construction"

urlpatterns = [
    *views.ProjectViews.urls(),
    *views.ContractViews.urls(),
    *views.FundingViews.urls(),
    *views.ProgressReportViews.urls(),
    *views.PaymentViews.urls(),
    *views.MilestoneViews.urls(),
    path("reports/works/", views.works_report, name="report_works"),
    path("reports/completed/", views.completed_report, name="report_completed"),
    path("reports/disbursement/", views.disbursement_report, name="report_disbursement"),
    path("reports/overdue/", views.overdue_report, name="report_overdue"),
]
