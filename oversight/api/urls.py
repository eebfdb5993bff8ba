from django.urls import path

from logistics.api.routers import router_for
from oversight.api import views

app_name = "oversight"

router = router_for("oversight")

urlpatterns = [
    path("reports/<slug:slug>/", views.ReportView.as_view(), name="report"),
    *router.urls,
]
