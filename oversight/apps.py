from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.registry import AreaConfig, registry


class OversightConfig(AreaConfig):
    # apps.py imports the base configs too; this is the one INSTALLED_APPS means.
    default = True
    name = "oversight"
    verbose_name = _("Party oversight")

    def ready(self):
        from oversight import annual, dashboard, demo, models, navigation, panels, reminders, reports, views
        from oversight.api import views as api

        app = registry.app(self)
        app.register_model(
            models.Programme, pages=views.ProgrammeViews, api=("programmes", api.ProgrammeViewSet), search=True
        )
        app.register_model(
            models.Inspection, pages=views.InspectionViews, api=("inspections", api.InspectionViewSet), search=True
        )
        app.register_model(models.TeamMember, pages=views.TeamMemberViews)
        app.register_model(models.Finding, pages=views.FindingViews, api=("findings", api.FindingViewSet), search=True)
        app.register_model(models.FindingLink, pages=views.FindingLinkViews)
        app.register_model(
            models.Recommendation,
            pages=views.RecommendationViews,
            api=("recommendations", api.RecommendationViewSet),
            search=True,
        )
        app.register_model(models.ProgressReport, pages=views.ProgressReportViews)
        app.register_model(
            models.DisciplineDecision,
            pages=views.DisciplineDecisionViews,
            api=("discipline", api.DisciplineDecisionViewSet),
            search=True,
        )
        app.register_menu(pgettext_lazy("menu", "Oversight"), "clipboard-check", navigation.ITEMS)
        app.register_panel(panels.finding_citations)
        app.register_panel(panels.cited_by_findings)
        app.register_reports(*reports.REPORTS)
        app.register_dashboard_section(dashboard.section)
        app.register_annual_sections(annual.sections)
        app.register_reminder(reminders.RECOMMENDATION_DUE)
        app.register_demo(demo.load)
