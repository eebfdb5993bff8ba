from budget.reports import REPORTS
from logistics.registry import registry
from logistics.report_declarations import report_urls

app_name = "budget"

urlpatterns = [
    *registry.page_urls("budget"),
    *report_urls(REPORTS),
]
