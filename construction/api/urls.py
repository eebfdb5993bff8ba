from django.urls import include, path

from construction.api import views
from logistics.api.routers import router_for

app_name = "construction"

router = router_for("construction")

urlpatterns = [
    path("reports/works/", views.WorksReportView.as_view(), name="report_works"),
    path("reports/completed/", views.CompletedReportView.as_view(), name="report_completed"),
    path("reports/disbursement/", views.DisbursementReportView.as_view(), name="report_disbursement"),
    path("reports/overdue/", views.OverdueReportView.as_view(), name="report_overdue"),
    path("", include(router.urls)),
]
