from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from logistics.history import tracked
from logistics.models.base import DomainModel
from logistics.search import search_field


class Rank(models.TextChoices):
    PRIVATE = "private", _("Private")
    PRIVATE_FIRST_CLASS = "private_first_class", _("Private first class")
    CORPORAL = "corporal", _("Corporal")
    SERGEANT = "sergeant", _("Sergeant")
    STAFF_SERGEANT = "staff_sergeant", _("Staff sergeant")
    SECOND_LIEUTENANT = "second_lieutenant", _("Second lieutenant")
    LIEUTENANT = "lieutenant", _("Lieutenant")
    SENIOR_LIEUTENANT = "senior_lieutenant", _("Senior lieutenant")
    CAPTAIN = "captain", _("Captain")
    MAJOR = "major", _("Major")
    LIEUTENANT_COLONEL = "lieutenant_colonel", _("Lieutenant colonel")
    SENIOR_LIEUTENANT_COLONEL = "senior_lieutenant_colonel", _("Senior lieutenant colonel")
    COLONEL = "colonel", _("Colonel")
    MAJOR_GENERAL = "major_general", _("Major general")
    LIEUTENANT_GENERAL = "lieutenant_general", _("Lieutenant general")
    COLONEL_GENERAL = "colonel_general", _("Colonel general")
    GENERAL = "general", _("General")
    CIVILIAN = "civilian", _("Police worker (civilian)")


service_number_validator = RegexValidator(r"^\d{3}-?\d{3}$", _("A service number has six digits, for example 123-456."))


@tracked()
class Personnel(DomainModel):
    """An officer or police worker (cán bộ, chiến sĩ)."""

    full_name = models.CharField(_("full name"), max_length=120)
    service_number = models.CharField(
        _("service number"), max_length=7, unique=True, validators=[service_number_validator]
    )
    rank = models.CharField(_("rank"), max_length=30, choices=Rank.choices)
    position = models.CharField(_("position"), max_length=120, blank=True)
    unit = models.ForeignKey(
        "logistics.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="personnel"
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    is_party_member = models.BooleanField(_("Party member"), default=False)
    is_active = models.BooleanField(_("in service"), default=True)
    search_text = search_field("full_name", "service_number", "position")

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("personnel")
        ordering = ["full_name", "id"]
        indexes = [
            # The list's default order, and one unit's officers in it.
            models.Index(fields=["full_name", "id"], name="personnel_name_order"),
            models.Index(fields=["unit", "full_name", "id"], name="personnel_unit_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(full_name=""),
                name="personnel_name_not_blank",
                violation_error_message=_("Enter the full name."),
            ),
        ]

    #: Its name in SQL, for exports made by the database (``logistics.export_plan.name_sql``).
    export_name = "{full_name} ({service_number})"

    def __str__(self) -> str:
        return f"{self.full_name} ({self.service_number})"


class SupplierKind(models.TextChoices):
    SUPPLIER = "supplier", _("Supplier")
    CONTRACTOR = "contractor", _("Contractor")
    BOTH = "both", _("Supplier and contractor")


tax_code_validator = RegexValidator(
    r"^\d{10}(-\d{3})?$",
    _("A tax code has 10 digits, or 10 digits, a dash and 3 digits for a branch."),
)


@tracked()
class Supplier(DomainModel):
    """A supplier of goods or a construction contractor (nhà cung cấp, nhà thầu)."""

    scope_units = None

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SupplierKind.choices, default=SupplierKind.SUPPLIER)
    tax_code = models.CharField(_("tax code"), max_length=14, unique=True, validators=[tax_code_validator])
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    search_text = search_field("name", "tax_code", "address", "contact_person")

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers and contractors")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""), name="supplier_name_not_blank", violation_error_message=_("Enter the name.")
            ),
        ]

    #: Its name in SQL, for exports made by the database (``logistics.export_plan.name_sql``).
    export_name = "{name}"

    def __str__(self) -> str:
        return self.name
