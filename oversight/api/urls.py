from logistics.api.routers import router_for
from logistics.report_declarations import report_api_urls
from oversight.reports import REPORTS

app_name = "oversight"

router = router_for("oversight")

urlpatterns = [
    *report_api_urls(REPORTS),
    *router.urls,
]
