from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.registry import ProjectAppConfig, registry


class LogisticsConfig(ProjectAppConfig):
    # apps.py imports the base configs too; this is the one INSTALLED_APPS means.
    default = True
    name = "logistics"
    verbose_name = _("Logistics — shared core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from logistics import change_log, demo, models, navigation, report_centre, scale, tables
        from logistics.api import changes as changes_api
        from logistics.api import views as api
        from logistics.roles import sync_roles
        from logistics.views import changes, core

        tables.remember_signatures()

        # Roles gain the permissions of every model once all apps have migrated, and again after
        # a test flush empties the tables.
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="logistics.sync_roles")

        app = registry.app(self)
        app.register_model(
            models.Unit,
            pages=core.UnitViews,
            api=("units", api.UnitViewSet),
            lookup=True,
            citable=True,
            search=True,
        )
        app.register_model(
            models.Personnel,
            pages=core.PersonnelViews,
            api=("personnel", api.PersonnelViewSet),
            lookup=True,
            citable=True,
            search=True,
        )
        app.register_model(
            models.Supplier,
            pages=core.SupplierViews,
            api=("suppliers", api.SupplierViewSet),
            lookup=True,
            citable=True,
            search=True,
        )
        app.register_model(models.ExportLog, pages=core.ExportLogViews)
        app.register_model(models.Change, pages=changes.ChangeViews, api=("changes", changes_api.ChangeViewSet))
        # A row of the change log about a health record is a read of that record's history.
        app.log_reads(models.Change, change_log.note_change_reads)
        app.register_menu(pgettext_lazy("menu", "Catalogues"), "diagram-3", navigation.CORE_ITEMS)
        app.register_reports(*report_centre.CORE_REPORTS)
        # The units, people and demo accounts every area's demo data builds on.
        app.register_demo(demo.load, finish=demo.finish)
        app.register_scale([models.Personnel], scale.multiply_personnel)
