from budget import views
from budget.reports import REPORTS
from logistics.report_declarations import report_urls

app_name = "budget"

urlpatterns = [
    *views.AllocationViews.urls(),
    *views.AdjustmentViews.urls(),
    *views.SpendingViews.urls(),
    *views.FiscalYearViews.urls(),
    *views.YearClosureViews.urls(),
    *views.FundingSourceViews.urls(),
    *views.SpendingCategoryViews.urls(),
    *report_urls(REPORTS),
]
