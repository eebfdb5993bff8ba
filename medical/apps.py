from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class MedicalConfig(AppConfig):
    name = "medical"
    verbose_name = pgettext_lazy("area", "Clinic")

    def ready(self):
        from logistics.reads import log_reads
        from medical.models import AccessLog
        from medical.services import access_note

        # Every model of the clinic holds identifiable health data (a medicine, a test, a history
        # event of a record), so every one is read under record — all but the log itself.
        for model in self.get_models():
            if model is not AccessLog:
                log_reads(model, access_note)
