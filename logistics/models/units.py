import datetime

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from logistics.history import TREE_INTERNALS, tracked
from logistics.models.base import DomainModel
from logistics.search import search_field


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Provincial police")
    DEPARTMENT = "department", _("Department")
    DISTRICT = "district", _("District-level police")
    COMMUNE = "commune", _("Commune police")
    STATION = "station", _("Police station")
    CLINIC = "clinic", _("Clinic")
    WAREHOUSE = "warehouse", _("Warehouse")


class UnitQuerySet(MP_NodeQuerySet):
    def active_on(self, day: datetime.date):
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))

    def current(self):
        return self.filter(valid_to__isnull=True)

    def subtree_of(self, unit: "Unit"):
        return self.filter(path__startswith=unit.path)


class UnitManager(MP_NodeManager):
    def get_queryset(self):
        return UnitQuerySet(self.model, using=self._db).order_by("path")

    def active_on(self, day: datetime.date):
        return self.get_queryset().active_on(day)

    def current(self):
        return self.get_queryset().current()

    def subtree_of(self, unit: "Unit"):
        return self.get_queryset().subtree_of(unit)


@tracked(exclude=TREE_INTERNALS)
class Unit(MP_Node, DomainModel):
    """A unit of the force, in a tree: province HQ → departments, district police → communes, …

    ``parent`` mirrors the tree path as a plain foreign key so that lists and the API show a unit's
    parent without a query per row; only the services in ``logistics.services`` move units and
    they keep both in step.
    """

    scope_units = ("pk",)

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        editable=False,
    )
    valid_from = models.DateField(_("valid from"), default=datetime.date(2000, 1, 1))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("The unit that took over this unit's records when it was dissolved."),
    )
    search_text = search_field("code", "name")

    node_order_by = ["code"]
    objects = UnitManager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="unit_valid_to_after_valid_from",
                violation_error_message=_("A unit cannot end before it was created."),
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(valid_to__isnull=False),
                name="unit_successor_only_when_dissolved",
                violation_error_message=_("Only a dissolved unit has a successor."),
            ),
            models.CheckConstraint(
                condition=~Q(successor=F("pk")),
                name="unit_not_its_own_successor",
                violation_error_message=_("A unit cannot be its own successor."),
            ),
            models.CheckConstraint(
                condition=~Q(code=""), name="unit_code_not_blank", violation_error_message=_("Enter the code.")
            ),
        ]

    #: Its name in SQL, for exports made by the database (``logistics.export_plan.name_sql``).
    export_name = "{name}"

    def __str__(self) -> str:
        return self.name

    @property
    def is_dissolved(self) -> bool:
        return self.valid_to is not None

    def is_active_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
