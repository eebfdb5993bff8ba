from django.urls import include, path

from construction.reports import REPORTS
from logistics.api.routers import router_for
from logistics.report_declarations import report_api_urls

app_name = "construction"

router = router_for("construction")

urlpatterns = [
    *report_api_urls(REPORTS),
    path("", include(router.urls)),
]
