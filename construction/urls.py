from django.urls import path

from construction import views
from logistics.registry import registry

app_name = "construction"

urlpatterns = [
    *registry.page_urls("construction"),
    path("reports/works/", views.works_report, name="report_works"),
    path("reports/completed/", views.completed_report, name="report_completed"),
    path("reports/disbursement/", views.disbursement_report, name="report_disbursement"),
    path("reports/overdue/", views.overdue_report, name="report_overdue"),
]
