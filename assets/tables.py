import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from assets.models import (
    AssetCategory,
    FixedAssetClass,
    Holding,
    Item,
    ItemType,
    Movement,
    Programme,
    Stocktake,
    StocktakeItem,
    StocktakeLine,
    Voucher,
    VoucherLine,
    VoucherRepresentative,
    WearEntry,
)
from logistics.formatting import vnd
from logistics.tables import BadgeColumn, BaseTable, BooleanColumn, DateColumn, MoneyColumn

STATUS_COLORS = {
    "draft": "secondary",
    "posted": "primary",
    "open": "warning",
    "in_store": "info",
    "issued": "success",
    "under_repair": "warning",
    "lost": "danger",
    "disposed": "dark",
}


class NumberColumn(tables.Column):
    export_as_is = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end"}, "th": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return f"{value:,}".replace(",", ".")

    def value(self, value):
        return value


class AssetCategoryTable(BaseTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = AssetCategory
        fields = ("code", "name")


class FixedAssetClassTable(BaseTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    is_special_police = BooleanColumn()
    is_building = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = FixedAssetClass
        fields = (
            "code",
            "name",
            "wear_rate",
            "useful_life_years",
            "valid_from",
            "valid_to",
            "is_special_police",
            "is_building",
            "basis",
        )


class ProgrammeTable(BaseTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Programme
        fields = ("code", "name")


class ItemTypeTable(BaseTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    is_special_police = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = ItemType
        fields = ("code", "name", "category", "unit_of_measure", "tracking", "fixed_asset_class", "is_special_police")


class ItemTable(BaseTable):
    item_type = tables.Column()
    name = tables.Column(linkify=True, verbose_name=_("Description"))
    plate_number = tables.Column()
    serial_number = tables.Column()
    holder_unit = tables.Column(linkify=True)
    holder_person = tables.Column()
    cost = MoneyColumn()
    acquired_on = DateColumn()
    status = BadgeColumn(colors=STATUS_COLORS)

    class Meta(BaseTable.Meta):
        model = Item
        fields = (
            "item_type",
            "name",
            "plate_number",
            "serial_number",
            "holder_unit",
            "holder_person",
            "cost",
            "acquired_on",
            "status",
        )

    total_columns = ("cost",)

    def render_name(self, value, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value or record.item_type)

    def value_name(self, value):
        # An item without a description is never drawn by render_name (the column's empty value).
        return value


class VoucherTable(BaseTable):
    number = tables.Column(linkify=True)
    date = DateColumn()
    kind = tables.Column()
    from_unit = tables.Column()
    to_unit = tables.Column()
    programme = tables.Column()
    reason = tables.Column()
    status = BadgeColumn(colors=STATUS_COLORS)

    class Meta(BaseTable.Meta):
        model = Voucher
        fields = ("number", "date", "kind", "from_unit", "to_unit", "programme", "reason", "status")


class MovementTable(BaseTable):
    date = DateColumn()
    voucher = tables.Column(linkify=True)
    unit = tables.Column(linkify=True)
    person = tables.Column()
    item_type = tables.Column()
    item = tables.Column(linkify=True)
    quantity = tables.Column(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})
    value = MoneyColumn()

    class Meta(BaseTable.Meta):
        model = Movement
        fields = ("date", "voucher", "unit", "person", "item_type", "item", "quantity", "value")

    total_columns = ("quantity", "value")
    export_as_is = ("quantity",)

    def render_quantity(self, value):
        return f"{value:+,}".replace(",", ".")

    def value_quantity(self, value):
        return value


class HoldingTable(BaseTable):
    unit = tables.Column(linkify=True)
    item_type = tables.Column()
    category = tables.Column(accessor="item_type__category", verbose_name=_("Category"))
    quantity = NumberColumn()
    unit_of_measure = tables.Column(
        accessor="item_type__unit_of_measure", verbose_name=_("Unit of measure"), orderable=False
    )
    value = MoneyColumn()

    class Meta(BaseTable.Meta):
        model = Holding
        fields = ("unit", "category", "item_type", "quantity", "unit_of_measure", "value")

    total_columns = ("quantity", "value")


class StocktakeTable(BaseTable):
    id = tables.Column(linkify=True, verbose_name="#")
    unit = tables.Column(linkify=True)
    date = DateColumn()
    status = BadgeColumn(colors=STATUS_COLORS)
    adjustment = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Stocktake
        fields = ("id", "unit", "date", "note", "status", "adjustment")


class WearEntryTable(BaseTable):
    year = tables.Column()
    booked_year = tables.Column()
    item = tables.Column(linkify=True)
    rate = tables.Column(attrs={"td": {"class": "text-end"}})
    amount = MoneyColumn()
    accumulated = MoneyColumn()

    class Meta(BaseTable.Meta):
        model = WearEntry
        fields = ("year", "booked_year", "item", "rate", "amount", "accumulated")

    total_columns = ("amount",)


class CustodyTable(BaseTable):
    """An item's custody history: every unit and officer that held it, with dates and vouchers."""

    date = DateColumn()
    voucher = tables.Column(linkify=True)
    kind = tables.Column(accessor="voucher__kind", verbose_name=_("Kind"))
    unit = tables.Column(linkify=True, verbose_name=_("Held by"))
    person = tables.Column(verbose_name=_("Officer"))
    value = MoneyColumn()

    class Meta(BaseTable.Meta):
        model = Movement
        fields = ("date", "voucher", "kind", "unit", "person", "value")

    def render_kind(self, record):
        return record.voucher.get_kind_display()


class VoucherLineTable(BaseTable):
    item_type = tables.Column()
    item = tables.Column(linkify=True)
    identifiers = tables.Column(accessor="pk", verbose_name=_("Numbers"), orderable=False)
    quantity = NumberColumn()
    unit_value = MoneyColumn()
    line_value = MoneyColumn(accessor="pk", verbose_name=_("Value"), orderable=False)
    description = tables.Column()
    condition = tables.Column()

    class Meta(BaseTable.Meta):
        model = VoucherLine
        fields = (
            "item_type",
            "item",
            "identifiers",
            "quantity",
            "unit_value",
            "line_value",
            "description",
            "condition",
        )

    def render_identifiers(self, record):
        source = record.item or record
        numbers = [source.plate_number, source.serial_number, source.chassis_number, source.engine_number]
        return " · ".join(number for number in numbers if number) or "—"

    def value_identifiers(self, record):
        return self.render_identifiers(record)

    def render_line_value(self, record):
        return vnd(record.line_value)

    def value_line_value(self, record):
        return record.line_value


class StocktakeLineTable(BaseTable):
    item_type = tables.Column()
    expected_quantity = NumberColumn()
    counted_quantity = tables.Column(attrs={"td": {"class": "text-end"}})
    difference = tables.Column(
        accessor="pk", verbose_name=_("Difference"), orderable=False, attrs={"td": {"class": "text-end"}}
    )
    unit_value = MoneyColumn()

    class Meta(BaseTable.Meta):
        model = StocktakeLine
        fields = ("item_type", "expected_quantity", "counted_quantity", "difference", "unit_value")

    def render_difference(self, record):
        difference = record.difference
        return "—" if difference is None else f"{difference:+d}"

    def value_difference(self, record):
        return record.difference


class StocktakeItemTable(BaseTable):
    item = tables.Column(linkify=True)
    item_type = tables.Column()
    serial_number = tables.Column()
    found = BooleanColumn()
    cost = MoneyColumn()

    class Meta(BaseTable.Meta):
        model = StocktakeItem
        fields = ("item", "item_type", "serial_number", "description", "found", "cost")


class RepairTable(BaseTable):
    """An item's repairs: each sending for repair and return from it, with the repairer."""

    date = DateColumn(accessor="voucher__date", verbose_name=_("Date"))
    voucher = tables.Column(linkify=True)
    kind = tables.Column(accessor="voucher__kind", verbose_name=_("Kind"))
    repairer = tables.Column(accessor="voucher__supplier", verbose_name=_("Repairer"))
    condition = tables.Column()

    class Meta(BaseTable.Meta):
        model = VoucherLine
        fields = ("date", "voucher", "kind", "repairer", "condition")

    def render_kind(self, record):
        return record.voucher.get_kind_display()


class VoucherRepresentativeTable(BaseTable):
    side = tables.Column()
    full_name = tables.Column()
    rank = tables.Column()
    position = tables.Column()

    class Meta(BaseTable.Meta):
        model = VoucherRepresentative
        fields = ("side", "full_name", "rank", "position")
