from construction import views
from construction.reports import REPORTS
from logistics.report_declarations import report_urls

app_name = "construction"

urlpatterns = [
    *views.ProjectViews.urls(),
    *views.ContractViews.urls(),
    *views.FundingViews.urls(),
    *views.ProgressReportViews.urls(),
    *views.PaymentViews.urls(),
    *views.MilestoneViews.urls(),
    *report_urls(REPORTS),
]
