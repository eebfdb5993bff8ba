from django.urls import include, path

from logistics.api.routers import router_for
from logistics.report_declarations import report_api_urls
from medical.reports import REPORTS

app_name = "medical"

router = router_for("medical")

urlpatterns = [
    *report_api_urls(REPORTS),
    path("", include(router.urls)),
]
