from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.registry import AreaConfig, registry


class AssetsConfig(AreaConfig):
    # apps.py imports the base configs too; this is the one INSTALLED_APPS means.
    default = True
    name = "assets"
    verbose_name = _("Equipment")

    def ready(self):
        from assets import (
            annual,
            dashboard,
            demo,
            models,
            navigation,
            panels,
            reports,
            scale,
            selectors,
            services,
            views,
        )
        from assets.api import views as api
        from budget.models import Spending
        from logistics.summaries import Summary

        app = registry.app(self)
        app.register_model(
            models.AssetCategory,
            pages=views.AssetCategoryViews,
            api=("categories", api.AssetCategoryViewSet),
            citable=True,
            search=True,
        )
        app.register_model(
            models.FixedAssetClass,
            pages=views.FixedAssetClassViews,
            api=("asset-classes", api.FixedAssetClassViewSet),
            citable=True,
            search=True,
        )
        app.register_model(models.Programme, pages=views.ProgrammeViews, citable=True, search=True)
        app.register_model(
            models.ItemType,
            pages=views.ItemTypeViews,
            api=("item-types", api.ItemTypeViewSet),
            lookup=True,
            citable=True,
            search=True,
        )
        app.register_model(
            models.Item,
            pages=views.ItemViews,
            api=("items", api.ItemViewSet),
            lookup=True,
            citable=True,
            search=True,
        )
        app.register_model(
            models.Voucher,
            pages=views.VoucherViews,
            api=("vouchers", api.VoucherViewSet),
            citable=True,
            search=True,
        )
        app.register_model(models.Movement, pages=views.MovementViews, api=("movements", api.MovementViewSet))
        app.register_model(models.Holding, pages=views.HoldingViews, api=("holdings", api.HoldingViewSet))
        app.register_model(
            models.Stocktake,
            pages=views.StocktakeViews,
            api=("stocktakes", api.StocktakeViewSet),
            citable=True,
        )
        app.register_model(models.WearEntry, pages=views.WearEntryViews, api=("wear-entries", api.WearEntryViewSet))
        app.register_menu(pgettext_lazy("menu", "Equipment"), "truck", navigation.ITEMS)
        app.register_panel(panels.bought_with_spending)
        app.register_reports(*reports.REPORTS)
        app.register_dashboard_section(dashboard.section)
        app.register_annual_sections(annual.sections)
        app.register_summary(
            Summary(
                models.IssuedSummary,
                keys=("unit_id", "item_type_id", "programme_id", "month"),
                values=("quantity", "value"),
                expected=selectors.issued_summary_rows,
            )
        )
        app.register_demo(demo.load)
        app.register_scale(
            [
                models.Item,
                models.WearEntry,
                models.Voucher,
                models.VoucherRepresentative,
                models.VoucherLine,
                models.Movement,
            ],
            scale.multiply,
        )
        app.register_dissolution_handler(services.merger_on_dissolution)
        app.register_reversal_guard(Spending, services.spending_reversal_guard)
