from django.contrib import admin

from assets.models import (
    AssetCategory,
    FixedAssetClass,
    Holding,
    Item,
    ItemType,
    Movement,
    Programme,
    Stocktake,
    Voucher,
    WearEntry,
)
from logistics.admin_base import ReadOnlyAdmin, ScopedAdmin


@admin.register(AssetCategory)
class AssetCategoryAdmin(ScopedAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(FixedAssetClass)
class FixedAssetClassAdmin(ScopedAdmin):
    list_display = ("code", "name", "wear_rate", "useful_life_years", "is_special_police", "is_building")


@admin.register(Programme)
class ProgrammeAdmin(ScopedAdmin):
    list_display = ("code", "name")


@admin.register(ItemType)
class ItemTypeAdmin(ScopedAdmin):
    list_display = ("code", "name", "category", "unit_of_measure", "tracking", "fixed_asset_class")
    list_filter = ("category", "tracking")
    search_fields = ("code", "name")


@admin.register(Item)
class ItemAdmin(ScopedAdmin):
    list_display = ("item_type", "name", "plate_number", "serial_number", "holder_unit", "cost", "status")
    list_filter = ("status", "item_type__category")
    list_select_related = ("item_type", "holder_unit")
    search_fields = ("serial_number", "plate_number", "name")
    fields = ("name", "serial_number", "plate_number", "chassis_number", "engine_number", "condition")

    def has_add_permission(self, request):
        return False


@admin.register(Voucher)
class VoucherAdmin(ReadOnlyAdmin):
    list_display = ("number", "date", "kind", "from_unit", "to_unit", "origin", "status")
    # A purchase without the spending entry that paid for it shows under "paid by: empty".
    list_filter = ("kind", "status", "origin", ("spending", admin.EmptyFieldListFilter))
    list_select_related = ("from_unit", "to_unit")
    search_fields = ("number",)


@admin.register(Movement)
class MovementAdmin(ReadOnlyAdmin):
    list_display = ("date", "voucher", "unit", "item_type", "item", "quantity", "value")
    list_select_related = ("voucher", "unit", "item_type", "item")


@admin.register(Holding)
class HoldingAdmin(ReadOnlyAdmin):
    list_display = ("unit", "item_type", "quantity", "value")
    list_select_related = ("unit", "item_type")


@admin.register(Stocktake)
class StocktakeAdmin(ReadOnlyAdmin):
    list_display = ("unit", "date", "status")
    list_select_related = ("unit",)


@admin.register(WearEntry)
class WearEntryAdmin(ReadOnlyAdmin):
    list_display = ("year", "item", "rate", "amount", "accumulated")
    list_select_related = ("item__item_type",)
