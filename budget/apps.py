from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.registry import AreaConfig, registry


class BudgetConfig(AreaConfig):
    # apps.py imports the base configs too; this is the one INSTALLED_APPS means.
    default = True
    name = "budget"
    verbose_name = _("Budget")

    def ready(self):
        from budget import annual, dashboard, demo, models, navigation, reminders, reports, scale, views
        from budget.api import views as api

        app = registry.app(self)
        app.register_model(
            models.FundingSource,
            pages=views.FundingSourceViews,
            api=("funding-sources", api.FundingSourceViewSet),
            citable=True,
            search=True,
        )
        app.register_model(
            models.BudgetCode,
            pages=views.BudgetCodeViews,
            api=("budget-codes", api.BudgetCodeViewSet),
            citable=True,
            search=True,
        )
        app.register_model(
            models.SpendingCategory,
            pages=views.SpendingCategoryViews,
            api=("categories", api.SpendingCategoryViewSet),
            citable=True,
            search=True,
        )
        app.register_model(
            models.FiscalYear,
            pages=views.FiscalYearViews,
            api=("fiscal-years", api.FiscalYearViewSet),
            citable=True,
        )
        app.register_model(models.YearClosure, pages=views.YearClosureViews, citable=True)
        app.register_model(
            models.BalanceDisposition,
            pages=views.BalanceDispositionViews,
            api=("dispositions", api.BalanceDispositionViewSet),
            citable=True,
            search=True,
        )
        app.register_model(
            models.YearSettlement,
            pages=views.YearSettlementViews,
            api=("settlements", api.YearSettlementViewSet),
            citable=True,
            search=True,
        )
        app.register_model(
            models.Allocation,
            pages=views.AllocationViews,
            api=("allocations", api.AllocationViewSet),
            lookup=True,
            citable=True,
            search=True,
        )
        app.register_model(
            models.Adjustment,
            pages=views.AdjustmentViews,
            api=("adjustments", api.AdjustmentViewSet),
            citable=True,
            search=True,
        )
        app.register_model(
            models.Spending,
            pages=views.SpendingViews,
            api=("spending", api.SpendingViewSet),
            lookup=True,
            citable=True,
            search=True,
        )
        app.register_menu(pgettext_lazy("menu", "Budget"), "cash-coin", navigation.ITEMS)
        app.register_reports(*reports.REPORTS)
        app.register_dashboard_section(dashboard.section)
        app.register_annual_sections(annual.sections)
        # Budget closes the past years only once every app has loaded: the others' demo data
        # records payments in those years.
        app.register_reminder(reminders.ADVANCE_OPEN)
        app.register_reminder(reminders.YEAR_CLOSE)
        app.register_demo(demo.load, finish=demo.finish)
        app.register_scale([models.Spending], scale.multiply)
