from django.utils.translation import pgettext_lazy

from logistics.registry import AreaConfig, registry


class MedicalConfig(AreaConfig):
    # apps.py imports the base configs too; this is the one INSTALLED_APPS means.
    default = True
    name = "medical"
    verbose_name = pgettext_lazy("area", "Clinic")

    def ready(self):
        from logistics.summaries import Summary
        from medical import (
            annual,
            dashboard,
            demo,
            models,
            navigation,
            reminders,
            reports,
            scale,
            selectors,
            services,
            views,
        )
        from medical.api import views as api

        app = registry.app(self)
        app.register_model(
            models.Patient,
            pages=views.PatientViews,
            api=("patients", api.PatientViewSet),
            lookup=True,
            citable=True,
            search=True,
        )
        app.register_model(
            models.Encounter,
            pages=views.EncounterViews,
            api=("encounters", api.EncounterViewSet),
            citable=True,
            search=True,
        )
        app.register_model(
            models.Exposure,
            pages=views.ExposureViews,
            api=("exposures", api.ExposureViewSet),
            lookup=True,
            citable=True,
            search=True,
        )
        app.register_model(models.AccessLog, pages=views.AccessLogViews)
        app.register_model(
            models.FitnessStandard,
            pages=views.FitnessStandardViews,
            api=("fitness-standards", api.FitnessStandardViewSet),
            search=True,
        )
        # Every model of the clinic holds identifiable health data (a medicine, a test, a history
        # event of a record), so every one is read under record — all but the log itself and the
        # health standards (reference data, no person in them).
        for model in self.get_models():
            if model not in (models.AccessLog, models.FitnessStandard):
                app.log_reads(model, services.access_note)
        app.register_menu(pgettext_lazy("menu", "Clinic"), "heart-pulse", navigation.ITEMS)
        app.register_reports(*reports.REPORTS)
        app.register_dashboard_section(dashboard.section)
        app.register_annual_sections(annual.sections)
        app.register_summary(
            Summary(
                models.EncounterSummary,
                keys=("clinic_id", "counted_unit_id", "service", "month"),
                values=("count",),
                expected=selectors.caseload_summary_rows,
            )
        )
        app.register_reminder(reminders.ISOLATION_END)
        app.register_demo(demo.load)
        app.register_scale([models.Encounter, models.MedicineDispensed], scale.multiply)
