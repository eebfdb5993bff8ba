from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DomainModel(models.Model):
    """Base of every record users work with.

    Subclasses declare how they are scoped, searched and shown:

    - ``scope_units``: paths to the unit(s) a record belongs to, e.g. ``("unit",)`` or
      ``("from_unit", "to_unit")`` for a record that concerns two units; ``("pk",)`` for a unit
      itself; ``None`` for shared reference data visible to everyone allowed to view the model.
    - ``search_text``: a generated column built with :func:`logistics.search.search_field`.
    - ``is_locked``: True once approved or posted; locked records are never edited or deleted.
    """

    scope_units: tuple[str, ...] | None = ("unit",)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_locked(self) -> bool:
        return False

    @classmethod
    def url_name(cls, view: str) -> str:
        return f"{cls._meta.app_label}:{cls._meta.model_name}_{view}"

    def get_absolute_url(self) -> str:
        return reverse(self.url_name("detail"), kwargs={"pk": self.pk})


class MoneyField(models.BigIntegerField):
    """An amount in whole Vietnamese đồng (no minor unit), shown as ``1.234.567 ₫``."""

    is_money = True

    def formfield(self, **kwargs):
        from logistics.forms import MoneyFormField

        return super().formfield(**{"form_class": MoneyFormField, **kwargs})
