from construction.reports import REPORTS
from logistics.registry import registry
from logistics.report_declarations import report_urls

app_name = "construction"

urlpatterns = [
    *registry.page_urls("construction"),
    *report_urls(REPORTS),
]
