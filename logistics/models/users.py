from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from logistics.history import tracked
from logistics.roles import has_role, role_names
from logistics.search import search_field


@tracked(exclude=("password", "last_login"))
class User(AbstractUser):
    """A person who signs in. Belongs to one unit; roles are the groups of ``logistics.roles``."""

    scope_units = ("unit",)

    full_name = models.CharField(_("full name"), max_length=120, blank=True)
    unit = models.ForeignKey(
        "logistics.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("The user sees the records of this unit and of every unit under it."),
    )
    search_text = search_field("username", "full_name")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def role_names(self) -> list[str]:
        return role_names(self)

    def has_role(self, role) -> bool:
        return has_role(self, role)
