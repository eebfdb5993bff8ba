from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.registry import AreaConfig, registry


class ConstructionConfig(AreaConfig):
    # apps.py imports the base configs too; this is the one INSTALLED_APPS means.
    default = True
    name = "construction"
    verbose_name = _("Construction")

    def ready(self):
        from construction import annual, dashboard, demo, models, navigation, panels, reminders, reports, views
        from construction.api import views as api

        app = registry.app(self)
        # Works are chosen by typing their code or name, like units and suppliers.
        app.register_model(
            models.Project,
            pages=views.ProjectViews,
            api=("projects", api.ProjectViewSet),
            lookup=True,
            citable=True,
            search=True,
        )
        app.register_model(
            models.Contract,
            pages=views.ContractViews,
            api=("contracts", api.ContractViewSet),
            citable=True,
            search=True,
        )
        app.register_model(models.Funding, pages=views.FundingViews, api=("fundings", api.FundingViewSet), citable=True)
        app.register_model(
            models.ProgressReport,
            pages=views.ProgressReportViews,
            api=("progress-reports", api.ProgressReportViewSet),
            citable=True,
            search=True,
        )
        app.register_model(
            models.Milestone,
            pages=views.MilestoneViews,
            api=("milestones", api.MilestoneViewSet),
            citable=True,
            search=True,
        )
        app.register_model(models.Payment, pages=views.PaymentViews, api=("payments", api.PaymentViewSet), citable=True)
        app.register_menu(pgettext_lazy("menu", "Construction"), "building", navigation.ITEMS)
        app.register_panel(panels.payment_of_spending)
        app.register_panel(panels.funded_works)
        app.register_panel(panels.work_of_asset)
        app.register_reports(*reports.REPORTS)
        app.register_dashboard_section(dashboard.section)
        app.register_annual_sections(annual.sections)
        app.register_reminder(reminders.WORK_OVERDUE)
        app.register_demo(demo.load)
