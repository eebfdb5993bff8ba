from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class MedicalConfig(AppConfig):
    name = "medical"
    verbose_name = pgettext_lazy("area", "Clinic")
