from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConstructionConfig(AppConfig):
    name = "construction"
    verbose_name = _("Construction")

    def ready(self):
        from construction.panels import funded_works, payment_of_spending, work_of_asset
        from logistics.forms import LOOKUP_MODELS
        from logistics.panels import register_panel

        # Works are chosen by typing their code or name, like units and suppliers.
        LOOKUP_MODELS.add("construction.project")
        register_panel(payment_of_spending)
        register_panel(funded_works)
        register_panel(work_of_asset)
