from django.urls import include, path

from assets.reports import REPORTS
from logistics.api.routers import router_for
from logistics.report_declarations import report_api_urls

app_name = "assets"

router = router_for("assets")

urlpatterns = [*report_api_urls(REPORTS), path("", include(router.urls))]
