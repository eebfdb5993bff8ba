"""Equipment: a catalogue, serialized items, vouchers with lines, and an immutable ledger.

Posting a voucher writes :class:`Movement` rows (never changed or deleted — a trigger refuses) and,
in the same transaction and under row locks, moves the quantities in :class:`Holding` (one row per
unit and item type, CHECK quantity ≥ 0) and the holder of each serialized :class:`Item`. Reading a
holding never scans the ledger; ``manage.py check_holdings`` rebuilds them from it and compares.
"""

import pgtrigger
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assets.choices import (
    Condition,
    ItemStatus,
    Origin,
    RepresentativeSide,
    StocktakeStatus,
    Tracking,
    VoucherKind,
    VoucherStatus,
)
from logistics.formatting import day_text
from logistics.history import tracked
from logistics.models.base import DomainModel, MoneyField
from logistics.models.documents import PostableDocument, posting_fields
from logistics.search import filter_by_search, search_field
from logistics.summaries import summary_trigger

#: Fixed assets: cost ≥ 10.000.000 ₫ and a life of at least a year, or a building (TT 141/2025).
FIXED_ASSET_MIN_COST = 10_000_000


@tracked()
class AssetCategory(DomainModel):
    scope_units = None

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=150)
    search_text = search_field("code", "name")

    class Meta:
        verbose_name = _("asset category")
        verbose_name_plural = _("asset categories")
        ordering = ["code"]

    #: Its name in SQL, for exports made by the database (``logistics.export_plan.name_sql``).
    export_name = "{name}"

    def __str__(self) -> str:
        return self.name


@tracked()
class FixedAssetClass(DomainModel):
    """A class of fixed assets with its yearly wear rate (tỷ lệ hao mòn), editable reference data.

    A class may change with the law (Circular 23/2023/TT-BTC until 2025, Circular 141/2025/TT-BTC
    from 2026): each version is a row of the same ``code`` valid for a span of years, and no two
    versions of one code overlap (``assets.services.catalogue``). The wear of a year uses the
    version valid in that year."""

    scope_units = None

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    wear_rate = models.DecimalField(
        _("yearly wear rate (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    useful_life_years = models.PositiveSmallIntegerField(_("useful life (years)"))
    is_special_police = models.BooleanField(
        _("special police asset"), default=False, help_text=_("Rate set by the Ministry of Public Security.")
    )
    is_building = models.BooleanField(
        _("building or structure"),
        default=False,
        help_text=_("Buildings and vật kiến trúc are fixed assets whatever their cost."),
    )
    valid_from = models.PositiveSmallIntegerField(
        _("valid from (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2999)],
        help_text=_("Left empty, the version holds for every year before its end."),
    )
    valid_to = models.PositiveSmallIntegerField(
        _("valid to (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2999)],
        help_text=_("Left empty, the version holds until a later one is entered."),
    )
    basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    search_text = search_field("code", "name")

    class Meta:
        verbose_name = _("fixed-asset class")
        verbose_name_plural = _("fixed-asset classes")
        ordering = ["code", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(wear_rate__gte=0, wear_rate__lte=100),
                name="asset_class_rate_in_range",
                violation_error_message=_("Enter a percentage from 0 to 100."),
            ),
            models.UniqueConstraint(
                fields=["code", "valid_from"],
                nulls_distinct=False,
                name="asset_class_version_unique",
                violation_error_message=_("This class already has a version starting that year."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="asset_class_valid_to_after_from",
                violation_error_message=_("The last year of validity cannot come before the first."),
            ),
        ]

    def __str__(self) -> str:
        label = f"{self.name} ({self.wear_rate:g} %/năm)"
        if self.valid_from is None and self.valid_to is None:
            return label
        return f"{label}, {self.years_text}"

    @property
    def years_text(self) -> str:
        if self.valid_to is None:
            return _("from %(year)s") % {"year": self.valid_from}
        if self.valid_from is None:
            return _("until %(year)s") % {"year": self.valid_to}
        return f"{self.valid_from}–{self.valid_to}"

    def holds_in(self, year: int) -> bool:
        return (self.valid_from is None or self.valid_from <= year) and (self.valid_to is None or year <= self.valid_to)


@tracked()
class Programme(DomainModel):
    """A programme equipment is issued under (Đề án 365, phòng chống COVID-19, …)."""

    scope_units = None

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    search_text = search_field("code", "name")

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["code"]

    #: Its name in SQL, for exports made by the database (``logistics.export_plan.name_sql``).
    export_name = "{name}"

    def __str__(self) -> str:
        return self.name


@tracked()
class ItemType(DomainModel):
    scope_units = None

    category = models.ForeignKey(
        AssetCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="item_types"
    )
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=30)
    tracking = models.CharField(_("tracked"), max_length=10, choices=Tracking.choices)
    fixed_asset_class = models.ForeignKey(
        FixedAssetClass, verbose_name=_("fixed-asset class"), on_delete=models.PROTECT, null=True, blank=True
    )
    is_special_police = models.BooleanField(_("special police asset"), default=False)
    search_text = search_field("code", "name")

    class Meta:
        verbose_name = _("item type")
        verbose_name_plural = _("item types")
        ordering = ["category__code", "name"]
        # The items list and global search sort items by their type's name first: read the types in
        # that order and only the first types' items are sorted (an incremental sort), not every item.
        indexes = [models.Index(fields=["name"], name="itemtype_name_order")]

    #: Its name in SQL, for exports made by the database (``logistics.export_plan.name_sql``).
    export_name = "{name}"

    def __str__(self) -> str:
        return self.name

    @property
    def is_serialized(self) -> bool:
        return self.tracking == Tracking.SERIAL


def _unique_when_given(field: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=[field], condition=~Q(**{field: ""}), name=f"item_{field}_unique")


@tracked()
class Item(DomainModel):
    """One serialized item: a car, a motorboat, a camera, a weapon, a building…"""

    scope_units = ("holder_unit",)
    #: Moved only by posted vouchers (custody, status, revalued cost), kept in step with the ledger.
    history_system_fields = ("status", "holder_unit", "holder_person", "cost")

    item_type = models.ForeignKey(ItemType, verbose_name=_("item type"), on_delete=models.PROTECT, related_name="items")
    name = models.CharField(_("description"), max_length=200, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=60, blank=True)
    plate_number = models.CharField(_("plate number"), max_length=20, blank=True)
    chassis_number = models.CharField(_("chassis number"), max_length=40, blank=True)
    engine_number = models.CharField(_("engine number"), max_length=40, blank=True)
    cost = MoneyField(_("cost"), validators=[MinValueValidator(0)])
    acquired_on = models.DateField(_("acquired on"))
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices)
    spending = models.ForeignKey(
        "budget.Spending",
        verbose_name=_("paid by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
    )
    condition = models.CharField(_("condition"), max_length=10, choices=Condition.choices, default=Condition.NEW)
    status = models.CharField(
        _("status"), max_length=15, choices=ItemStatus.choices, default=ItemStatus.IN_STORE, editable=False
    )
    holder_unit = models.ForeignKey(
        "logistics.Unit",
        verbose_name=_("held by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="items",
    )
    holder_person = models.ForeignKey(
        "logistics.Personnel",
        verbose_name=_("officer holding it"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="items",
    )
    search_text = search_field("name", "serial_number", "plate_number", "chassis_number", "engine_number")

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["item_type__name", "serial_number", "plate_number", "id"]
        constraints = [
            _unique_when_given("serial_number"),
            _unique_when_given("plate_number"),
            _unique_when_given("chassis_number"),
            _unique_when_given("engine_number"),
            models.CheckConstraint(
                condition=Q(cost__gte=0),
                name="item_cost_not_negative",
                violation_error_message=_("The cost cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(serial_number="", plate_number="", chassis_number="", engine_number="") | ~Q(name=""),
                name="item_identified",
                violation_error_message=_(
                    "Give the item a name or at least one of its numbers (serial, plate, chassis, engine)."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["holder_unit", "item_type"]),
            # The list's orderings (logistics.paging keys end with the id) and its status filter.
            models.Index(fields=["cost", "id"], name="item_cost_order"),
            models.Index(fields=["acquired_on", "id"], name="item_acquired_order"),
            models.Index(fields=["status", "cost", "id"], name="item_status_cost"),
        ]

    @staticmethod
    def export_name(prefix: str):
        """``str()`` of an item in SQL (``logistics.export_plan.name_sql``), reached along ``prefix``."""
        label = Coalesce(NullIf(F(f"{prefix}name"), Value("")), F(f"{prefix}item_type__name"))
        numbers = ("plate_number", "serial_number", "chassis_number", "engine_number")
        identifier = Coalesce(*(NullIf(F(f"{prefix}{number}"), Value("")) for number in numbers))
        # ``||`` gives NULL when the item has no number: then the label alone.
        text = models.TextField()
        tail = CombinedExpression(Value(" — "), "||", identifier, output_field=text)
        return Coalesce(CombinedExpression(label, "||", tail, output_field=text), label, output_field=text)

    def __str__(self) -> str:
        identifier = self.plate_number or self.serial_number or self.chassis_number or self.engine_number
        label = self.name or str(self.item_type)
        return f"{label} — {identifier}" if identifier else label

    @property
    def is_fixed_asset(self) -> bool:
        asset_class = self.item_type.fixed_asset_class
        return asset_class is not None and (asset_class.is_building or self.cost >= FIXED_ASSET_MIN_COST)

    @classmethod
    def lookup_filter(cls, queryset, query: str, params) -> models.QuerySet:
        """Look-up as you type; ``?building=1`` offers only the buildings (and vật kiến trúc) a unit
        still holds in the register: what a renovation may name."""
        if params.get("building"):
            queryset = queryset.filter(
                item_type__tracking=Tracking.SERIAL,
                item_type__fixed_asset_class__is_building=True,
                holder_unit__isnull=False,
            )
        return filter_by_search(queryset, query) if query else queryset


@tracked()
class Voucher(PostableDocument):
    """Phiếu nhập, xuất, điều chuyển, thu hồi, thanh lý, kiểm kê, xuất dùng, gửi và nhận sửa chữa, ghi
    giảm do mất. Posted vouchers are final; a reversing voucher corrects one."""

    scope_units = ("from_unit", "to_unit")
    #: The handover-minutes number the system gives at posting (see logistics.history).
    history_system_fields = ("minutes_unit", "minutes_year", "minutes_sequence")

    number = models.CharField(_("number"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=15, choices=VoucherKind.choices)
    date = models.DateField(_("date"))
    from_unit = models.ForeignKey(
        "logistics.Unit",
        verbose_name=_("from unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vouchers_out",
    )
    to_unit = models.ForeignKey(
        "logistics.Unit",
        verbose_name=_("to unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vouchers_in",
    )
    to_person = models.ForeignKey(
        "logistics.Personnel",
        verbose_name=_("to officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vouchers",
    )
    supplier = models.ForeignKey(
        "logistics.Supplier",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vouchers",
    )
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, blank=True)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, null=True, blank=True, related_name="vouchers"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    spending = models.ForeignKey(
        "budget.Spending",
        verbose_name=_("paid by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vouchers",
    )
    # The legal basis the handover minutes cite (căn cứ): the decision to issue or transfer; for a
    # loss write-off, the decision to write off (required there).
    decision_number = models.CharField(
        _("decision number"),
        max_length=60,
        blank=True,
        help_text=_("The decision the voucher rests on; required for a loss write-off."),
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_issuer = models.CharField(
        _("decision issued by"), max_length=200, blank=True, help_text=_("Who signed the decision, e.g. the Director.")
    )
    expected_return_date = models.DateField(
        _("expected back on"), null=True, blank=True, help_text=_("For an item sent for repair.")
    )
    documents = models.TextField(
        _("documents handed over"),
        blank=True,
        help_text=_("Papers that go with the goods (registration, warranty, manuals…), listed in the minutes."),
    )
    # Số …/BB-<unit code>: given once, when the voucher is posted (or, for a voucher posted before
    # minutes were numbered, when its minutes are first printed), counted per unit and year.
    minutes_unit = models.ForeignKey(
        "logistics.Unit",
        verbose_name=_("minutes numbered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    minutes_year = models.PositiveSmallIntegerField(_("minutes year"), null=True, blank=True, editable=False)
    minutes_sequence = models.PositiveIntegerField(_("minutes number"), null=True, blank=True, editable=False)
    status, posted_by, posted_at, reverses = posting_fields()
    search_text = search_field("number", "reason")

    final_message = _("A posted voucher is final; reverse it instead.")

    class Meta(PostableDocument.Meta):
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["-date", "-id"]
        permissions = [("post_voucher", _("Can post and reverse vouchers"))]
        constraints = [
            *PostableDocument.Meta.constraints,
            models.CheckConstraint(
                condition=(
                    Q(
                        kind__in=[VoucherKind.RECEIPT, VoucherKind.STOCKTAKE, VoucherKind.REVALUATION],
                        from_unit__isnull=True,
                        to_unit__isnull=False,
                    )
                    | Q(
                        kind__in=[VoucherKind.ISSUE, VoucherKind.TRANSFER, VoucherKind.RETURN, VoucherKind.MERGER],
                        from_unit__isnull=False,
                        to_unit__isnull=False,
                    )
                    | Q(
                        kind__in=[
                            VoucherKind.DISPOSAL,
                            VoucherKind.CONSUMPTION,
                            VoucherKind.REPAIR_OUT,
                            VoucherKind.LOSS,
                        ],
                        from_unit__isnull=False,
                        to_unit__isnull=True,
                    )
                    | Q(kind=VoucherKind.REPAIR_BACK, from_unit__isnull=True, to_unit__isnull=False)
                ),
                name="voucher_sides_match_kind",
                violation_error_message=_(
                    "The units do not fit the kind of voucher: a receipt and a return from repair have only the "
                    "receiving unit; an issue, a transfer and a return have both units; a disposal, a consumption, "
                    "a sending for repair and a loss write-off have only the unit the goods leave."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind=VoucherKind.LOSS)
                | Q(reverses__isnull=False)
                | (~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="voucher_loss_names_its_decision",
                violation_error_message=_(
                    "A loss write-off names the decision to write off: its number and date (its reversal names the original)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind=VoucherKind.REPAIR_OUT) | Q(expected_return_date__isnull=True),
                name="voucher_return_date_only_on_repair",
                violation_error_message=_("Only an item sent for repair has an expected return date."),
            ),
            models.CheckConstraint(
                condition=~Q(from_unit=F("to_unit")),
                name="voucher_moves_between_two_units",
                violation_error_message=_("Goods move between two different units."),
            ),
            models.CheckConstraint(
                condition=Q(reverses__isnull=True) | Q(status=VoucherStatus.POSTED),
                name="voucher_reversal_is_posted",
                violation_error_message=_("A reversing voucher is posted as it is made."),
            ),
            models.UniqueConstraint(
                fields=["minutes_unit", "minutes_year", "minutes_sequence"],
                name="voucher_minutes_number_unique",
                violation_error_message=_("This minutes number is already taken."),
            ),
            models.CheckConstraint(
                condition=Q(minutes_unit__isnull=True, minutes_year__isnull=True, minutes_sequence__isnull=True)
                | Q(
                    minutes_unit__isnull=False,
                    minutes_year__isnull=False,
                    minutes_sequence__isnull=False,
                    status=VoucherStatus.POSTED,
                ),
                name="voucher_minutes_number_complete",
                violation_error_message=_("A minutes number has its unit, year and sequence, on a posted voucher."),
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "status", "date"]),
            # The list's default order and its status filter with it (ties broken by the id).
            models.Index(fields=["date", "id"], name="voucher_date_order"),
            models.Index(fields=["status", "date", "id"], name="voucher_status_date"),
        ]

    #: Its name in SQL, for exports made by the database (``logistics.export_plan.name_sql``).
    export_name = "{number} ({kind})"

    def __str__(self) -> str:
        return f"{self.number} ({self.get_kind_display()})"

    @property
    def minutes_number(self) -> str:
        """Số 12/BB-HD-KHO: the handover minutes' number, empty until one is given."""
        if self.minutes_sequence is None:
            return ""
        return f"{self.minutes_sequence:02d}/BB-{self.minutes_unit.code}"


@tracked()
class VoucherRepresentative(models.Model):
    """Đại diện bên giao / bên nhận: who signs the handover minutes for each side. Chosen from the
    personnel (their rank and position are filled in) or typed (someone from outside the force)."""

    scope_units = ("voucher__from_unit", "voucher__to_unit")

    voucher = models.ForeignKey(
        Voucher, verbose_name=_("voucher"), on_delete=models.CASCADE, related_name="representatives"
    )
    side = models.CharField(_("side"), max_length=10, choices=RepresentativeSide.choices)
    person = models.ForeignKey(
        "logistics.Personnel",
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    full_name = models.CharField(_("full name"), max_length=120)
    rank = models.CharField(_("rank"), max_length=60, blank=True)
    position = models.CharField(_("position"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("voucher representative")
        verbose_name_plural = _("voucher representatives")
        ordering = ["voucher", "side", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(full_name=""),
                name="voucher_representative_named",
                violation_error_message=_("Give the representative's full name."),
            ),
        ]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.rank, self.full_name, self.position) if part)


@tracked()
class VoucherLine(models.Model):
    """A line of a voucher: a quantity of an item type, or one specific serialized item. A receipt
    of serialized items carries their identifiers here until posting registers them."""

    scope_units = ("voucher__from_unit", "voucher__to_unit")
    #: Filled in by posting: the item registered from a receipt line, the average value of goods
    #: issued, the item's condition before a repair voucher changed it.
    history_system_fields = ("item", "unit_value", "condition_before")

    voucher = models.ForeignKey(Voucher, verbose_name=_("voucher"), on_delete=models.CASCADE, related_name="lines")
    item_type = models.ForeignKey(ItemType, verbose_name=_("item type"), on_delete=models.PROTECT)
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.PROTECT, null=True, blank=True, related_name="voucher_lines"
    )
    quantity = models.IntegerField(_("quantity"), help_text=_("Negative only on a stocktake adjustment (shortage)."))
    unit_value = MoneyField(_("unit value"), default=0)
    serial_number = models.CharField(_("serial number"), max_length=60, blank=True)
    plate_number = models.CharField(_("plate number"), max_length=20, blank=True)
    chassis_number = models.CharField(_("chassis number"), max_length=40, blank=True)
    engine_number = models.CharField(_("engine number"), max_length=40, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    condition = models.CharField(
        _("condition"),
        max_length=10,
        choices=Condition.choices,
        blank=True,
        help_text=_(
            "Sent for or back from repair: the item's condition now (empty: unchanged). Other vouchers record "
            "the item's condition on the day it changed hands when they are posted."
        ),
    )
    condition_before = models.CharField(
        _("condition before"), max_length=10, choices=Condition.choices, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("voucher line")
        verbose_name_plural = _("voucher lines")
        ordering = ["voucher", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_value__gte=0),
                name="voucher_line_value_not_negative",
                violation_error_message=_("The unit value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(item__isnull=True) | Q(quantity__in=[1, -1, 0]),
                name="voucher_line_one_serialized_item",
                violation_error_message=_("A line that names an item moves that one item."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item or self.item_type} × {self.quantity}"

    @property
    def line_value(self) -> int:
        return abs(self.quantity) * self.unit_value


@pgtrigger.register(
    pgtrigger.Protect(name="ledger_is_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
    # The ledger only grows: its summary is added to when movements are inserted, never taken from.
    *summary_trigger(
        name="issued_summary",
        table="assets_movement",
        summary_table="assets_issuedsummary",
        keys={
            "unit_id": "r.unit_id",
            "item_type_id": "r.item_type_id",
            "programme_id": "v.programme_id",
            "month": "date_trunc('month', r.date)::date",
        },
        values={"quantity": "r.quantity::bigint", "value": "r.value::bigint"},
        joins="JOIN assets_voucher v ON v.id = r.voucher_id",
        # issued_condition() in SQL; movements are written only by the posting of their voucher.
        where=(
            f"v.kind = '{VoucherKind.ISSUE.value}' AND ((r.quantity > 0 AND v.reverses_id IS NULL) "
            "OR (r.quantity < 0 AND v.reverses_id IS NOT NULL))"
        ),
        operations=("insert",),
    ),
)
class Movement(models.Model):
    """The ledger: one change of a unit's holding of an item type, written when a voucher is posted."""

    scope_units = ("unit",)

    voucher = models.ForeignKey(Voucher, verbose_name=_("voucher"), on_delete=models.PROTECT, related_name="movements")
    line = models.ForeignKey(
        VoucherLine, verbose_name=_("voucher line"), on_delete=models.PROTECT, related_name="movements"
    )
    date = models.DateField(_("date"))
    unit = models.ForeignKey(
        "logistics.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="movements"
    )
    person = models.ForeignKey(
        "logistics.Personnel",
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    item_type = models.ForeignKey(ItemType, verbose_name=_("item type"), on_delete=models.PROTECT)
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.PROTECT, null=True, blank=True, related_name="movements"
    )
    quantity = models.IntegerField(_("quantity"))
    value = MoneyField(_("value"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("movement")
        verbose_name_plural = _("ledger movements")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(quantity=0) | ~Q(value=0),
                name="movement_moves_something",
                violation_error_message=_("A ledger movement changes a quantity or a value."),
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "item_type"]),
            models.Index(fields=["item", "date"]),
            # The partial months of a period are summed from the ledger by date (logistics.summaries).
            models.Index(fields=["date", "id"], name="movement_date_order"),
            # The value column's order, and one unit's movements in the default order.
            models.Index(fields=["value", "id"], name="movement_value_order"),
            models.Index(fields=["unit", "date", "id"], name="movement_unit_date"),
        ]

    def __str__(self) -> str:
        return f"{self.voucher.number}: {self.item or self.item_type} {self.quantity:+d} @ {self.unit}"

    def get_absolute_url(self) -> str:
        return self.voucher.get_absolute_url()


@tracked()
class Holding(models.Model):
    """What a unit holds of an item type now: the sum of its ledger movements, kept in step."""

    scope_units = ("unit",)
    history_system_fields = ("quantity", "value")

    unit = models.ForeignKey(
        "logistics.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="holdings"
    )
    item_type = models.ForeignKey(
        ItemType, verbose_name=_("item type"), on_delete=models.PROTECT, related_name="holdings"
    )
    quantity = models.IntegerField(_("quantity"), default=0)
    value = MoneyField(_("value"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("holding")
        verbose_name_plural = _("holdings")
        ordering = ["unit__path", "item_type__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "item_type"], name="holding_one_row_per_unit_and_type"),
            models.CheckConstraint(
                condition=Q(quantity__gte=0),
                name="holding_quantity_not_negative",
                violation_error_message=_("Not enough in stock: a unit cannot hold less than nothing."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="holding_value_not_negative",
                violation_error_message=_("The value held cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.item_type} × {self.quantity}"

    def get_absolute_url(self) -> str:
        return reverse("assets:holding_list") + f"?unit={self.unit_id}&item_type={self.item_type_id}"


class IssuedSummary(models.Model):
    """What units received by issue vouchers (``issued_condition``), per unit × item type ×
    programme × month: a running total kept by the ledger's trigger in the posting's transaction,
    rebuilt and checked by ``check_summaries``. Derived data, so not in the history."""

    scope_units = ("unit",)

    unit = models.ForeignKey("logistics.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    item_type = models.ForeignKey(ItemType, verbose_name=_("item type"), on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    month = models.DateField(_("month"))
    quantity = models.BigIntegerField(_("quantity"), default=0)
    value = models.BigIntegerField(_("value"), default=0)

    class Meta:
        verbose_name = _("issued summary")
        verbose_name_plural = _("issued summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "item_type", "programme", "month"],
                name="issued_summary_one_row_per_key",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.item_type_id}/{self.month}"


@tracked()
class Stocktake(DomainModel):
    """Kiểm kê: a count of what a unit holds, compared with the ledger; posting it writes the
    adjustment voucher."""

    unit = models.ForeignKey(
        "logistics.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="stocktakes"
    )
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=StocktakeStatus.choices, default=StocktakeStatus.OPEN, editable=False
    )
    adjustment = models.OneToOneField(
        Voucher,
        verbose_name=_("adjustment voucher"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="stocktake",
    )

    class Meta:
        verbose_name = _("stocktake")
        verbose_name_plural = _("stocktakes")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} · {day_text(self.date)}"

    @property
    def is_locked(self) -> bool:
        return self.status == StocktakeStatus.POSTED


@tracked()
class StocktakeLine(models.Model):
    scope_units = ("stocktake__unit",)

    stocktake = models.ForeignKey(
        Stocktake, verbose_name=_("stocktake"), on_delete=models.CASCADE, related_name="lines"
    )
    item_type = models.ForeignKey(ItemType, verbose_name=_("item type"), on_delete=models.PROTECT)
    expected_quantity = models.IntegerField(_("in the ledger"))
    counted_quantity = models.PositiveIntegerField(_("counted"), null=True, blank=True)
    unit_value = MoneyField(_("unit value"), default=0, help_text=_("Value of each surplus unit found."))

    class Meta:
        verbose_name = _("stocktake line")
        verbose_name_plural = _("stocktake lines")
        ordering = ["item_type__name"]
        constraints = [models.UniqueConstraint(fields=["stocktake", "item_type"], name="stocktake_one_line_per_type")]

    @property
    def difference(self) -> int | None:
        return None if self.counted_quantity is None else self.counted_quantity - self.expected_quantity


@tracked()
class StocktakeItem(models.Model):
    """A serialized item expected at the unit (found or not), or one found that was not expected."""

    scope_units = ("stocktake__unit",)

    stocktake = models.ForeignKey(
        Stocktake, verbose_name=_("stocktake"), on_delete=models.CASCADE, related_name="items"
    )
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    found = models.BooleanField(_("found"), default=True)
    item_type = models.ForeignKey(
        ItemType, verbose_name=_("item type"), on_delete=models.PROTECT, null=True, blank=True
    )
    serial_number = models.CharField(_("serial number"), max_length=60, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    cost = MoneyField(_("cost"), default=0)

    class Meta:
        verbose_name = _("stocktake item")
        verbose_name_plural = _("stocktake items")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False) | (Q(item_type__isnull=False, found=True) & ~Q(serial_number="")),
                name="stocktake_item_known_or_described",
                violation_error_message=_("A surplus item found at the count needs its item type and serial number."),
            ),
        ]


@tracked()
class WearEntry(models.Model):
    """Hao mòn: one year's wear of one fixed asset, computed in December.

    ``year`` is the year the wear belongs to; ``booked_year`` the year whose books took it — the
    same year, unless the wear of a missed year was made up once that year's books were closed
    for the holder: then it is booked in the open year of the run that made it up (nothing dated
    in a closed year posts), and the register as at the end of the closed year leaves it out."""

    scope_units = ("item__holder_unit",)

    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="wear")
    year = models.PositiveSmallIntegerField(_("year"))
    booked_year = models.PositiveSmallIntegerField(
        _("booked in year"), help_text=_("The year whose books took this wear: later than its year when made up.")
    )
    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2)
    amount = MoneyField(_("wear"))
    accumulated = MoneyField(_("accumulated wear"))
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("yearly wear")
        verbose_name_plural = _("yearly wear")
        ordering = ["-year", "item"]
        constraints = [
            models.UniqueConstraint(fields=["item", "year"], name="wear_once_per_item_and_year"),
            models.CheckConstraint(
                condition=Q(booked_year__gte=F("year")),
                name="wear_booked_in_or_after_its_year",
                violation_error_message=_("Wear is booked in its own year or, made up, in a later one."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0, accumulated__gte=F("amount")),
                name="wear_amounts_consistent",
                violation_error_message=_(
                    "Wear cannot be negative, and the accumulated wear includes the year's wear."
                ),
            ),
        ]
