from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from logistics.roles import sync_roles

    sync_roles()


class LogisticsConfig(AppConfig):
    name = "logistics"
    verbose_name = _("Logistics — shared core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Roles gain the permissions of every model once all apps have migrated, and again after
        # a test flush empties the tables.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="logistics.sync_roles")

        # A row of the change log about a health record is a read of that record's history.
        from logistics.change_log import note_change_reads
        from logistics.models import Change
        from logistics.reads import log_reads

        log_reads(Change, note_change_reads)
