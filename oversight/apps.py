from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("Party oversight")

    def ready(self):
        from logistics.panels import register_panel
        from oversight.panels import cited_by_findings, finding_citations

        register_panel(finding_citations)
        register_panel(cited_by_findings)
