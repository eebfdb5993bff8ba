from django.urls import include, path

from budget.reports import REPORTS
from logistics.api.routers import router_for
from logistics.report_declarations import report_api_urls

app_name = "budget"

router = router_for("budget")

urlpatterns = [
    *report_api_urls(REPORTS),
    path("", include(router.urls)),
]
