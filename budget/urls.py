from django.urls import path

from budget import views

app_name = "budget"

urlpatterns = [
    *views.AllocationViews.urls(),
    *views.AdjustmentViews.urls(),
    *views.SpendingViews.urls(),
    *views.FiscalYearViews.urls(),
    *views.YearClosureViews.urls(),
    *views.FundingSourceViews.urls(),
    *views.SpendingCategoryViews.urls(),
    path("execution/", views.execution, name="execution"),
]
