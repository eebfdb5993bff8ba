from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    name = "assets"
    verbose_name = _("Equipment")

    def ready(self):
        from assets.panels import bought_with_spending
        from logistics.panels import register_panel

        register_panel(bought_with_spending)
