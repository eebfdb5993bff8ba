from rest_framework import serializers

from assets import services
from assets.choices import Condition
from assets.models import (
    AssetCategory,
    FixedAssetClass,
    Holding,
    Item,
    ItemType,
    Movement,
    Stocktake,
    Voucher,
    VoucherLine,
    VoucherRepresentative,
    WearEntry,
)
from logistics.api.base import ServiceModelSerializer
from logistics.api.scoped import DisclosedModelSerializer
from logistics.models import Unit
from logistics.scope import restrict


class AssetCategorySerializer(ServiceModelSerializer):
    class Meta:
        model = AssetCategory
        fields = ["id", "code", "name"]
        create_service = services.asset_category_create
        update_service = services.asset_category_update


class FixedAssetClassSerializer(ServiceModelSerializer):
    class Meta:
        model = FixedAssetClass
        fields = [
            "id",
            "code",
            "name",
            "wear_rate",
            "useful_life_years",
            "is_special_police",
            "is_building",
            "valid_from",
            "valid_to",
            "basis",
        ]
        create_service = services.fixed_asset_class_create
        update_service = services.fixed_asset_class_update


class ItemTypeSerializer(ServiceModelSerializer):
    class Meta:
        model = ItemType
        fields = [
            "id",
            "category",
            "code",
            "name",
            "unit_of_measure",
            "tracking",
            "fixed_asset_class",
            "is_special_police",
        ]
        create_service = services.item_type_create
        update_service = services.item_type_update


class ItemSerializer(ServiceModelSerializer):
    item_type_name = serializers.CharField(source="item_type.name", read_only=True)
    holder_unit_name = serializers.CharField(source="holder_unit.name", read_only=True, default=None)

    class Meta:
        model = Item
        fields = [
            "id",
            "item_type",
            "item_type_name",
            "name",
            "serial_number",
            "plate_number",
            "chassis_number",
            "engine_number",
            "cost",
            "acquired_on",
            "origin",
            "spending",
            "condition",
            "status",
            "holder_unit",
            "holder_unit_name",
            "holder_person",
        ]
        read_only_fields = [
            "item_type",
            "cost",
            "acquired_on",
            "origin",
            "spending",
            "status",
            "holder_unit",
            "holder_person",
        ]
        update_service = services.item_update


class VoucherLineSerializer(DisclosedModelSerializer):
    item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all(), required=False, allow_null=True)
    # Written by posting; empty on every line but a repair's.
    condition_before = serializers.ChoiceField(choices=Condition.choices, allow_blank=True, read_only=True)

    class Meta:
        model = VoucherLine
        fields = [
            "id",
            "item_type",
            "item",
            "quantity",
            "unit_value",
            "serial_number",
            "plate_number",
            "chassis_number",
            "engine_number",
            "description",
            "condition",
            "condition_before",
        ]
        read_only_fields = ["condition_before"]
        extra_kwargs = {"unit_value": {"required": False}}


class VoucherRepresentativeSerializer(DisclosedModelSerializer):
    """Who signs the handover minutes for a side: an officer (their name, rank and position are
    filled in when left empty) or a name typed."""

    class Meta:
        model = VoucherRepresentative
        fields = ["id", "side", "person", "full_name", "rank", "position"]
        extra_kwargs = {
            "full_name": {"required": False, "allow_blank": True},
            "rank": {"required": False},
            "position": {"required": False},
        }

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            # An officer is chosen among those the user reaches, as in every other field.
            fields["person"].queryset = restrict(fields["person"].queryset, request.user, "view")
        return fields


class VoucherSerializer(ServiceModelSerializer):
    lines = VoucherLineSerializer(many=True)
    representatives = VoucherRepresentativeSerializer(many=True, required=False)
    minutes_number = serializers.CharField(read_only=True)
    to_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(valid_to__isnull=True), required=False, allow_null=True
    )
    number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    post = serializers.BooleanField(
        write_only=True, required=False, default=False, help_text="Post the voucher at once (both or neither)."
    )

    class Meta:
        model = Voucher
        fields = [
            "id",
            "number",
            "kind",
            "date",
            "from_unit",
            "to_unit",
            "to_person",
            "supplier",
            "origin",
            "programme",
            "reason",
            "spending",
            "decision_number",
            "decision_date",
            "expected_return_date",
            "decision_issuer",
            "documents",
            "minutes_number",
            "status",
            "posted_by",
            "posted_at",
            "reverses",
            "lines",
            "representatives",
            "post",
        ]
        read_only_fields = ["status", "posted_by", "posted_at", "reverses"]
        create_service = services.voucher_create
        update_service = services.voucher_update

    def get_fields(self):
        fields = super().get_fields()
        # Goods may be sent to any unit of the force; they may only leave a unit the user reaches.
        fields["to_unit"].queryset = Unit.objects.filter(valid_to__isnull=True)
        return fields


class VoucherReverseSerializer(serializers.Serializer):
    date = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=300)


class MovementSerializer(DisclosedModelSerializer):
    voucher_number = serializers.CharField(source="voucher.number", read_only=True)

    class Meta:
        model = Movement
        fields = [
            "id",
            "voucher",
            "voucher_number",
            "date",
            "unit",
            "person",
            "item_type",
            "item",
            "quantity",
            "value",
            "created_at",
        ]


class HoldingSerializer(DisclosedModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    item_type_name = serializers.CharField(source="item_type.name", read_only=True)

    class Meta:
        model = Holding
        fields = ["id", "unit", "unit_name", "item_type", "item_type_name", "quantity", "value", "updated_at"]


class WearEntrySerializer(DisclosedModelSerializer):
    item_name = serializers.CharField(source="item.__str__", read_only=True)

    class Meta:
        model = WearEntry
        fields = ["id", "item", "item_name", "year", "booked_year", "rate", "amount", "accumulated", "computed_at"]


class StocktakeSerializer(ServiceModelSerializer):
    class Meta:
        model = Stocktake
        fields = ["id", "unit", "date", "note", "status", "adjustment"]
        read_only_fields = ["status", "adjustment"]
        create_service = services.stocktake_open


class StocktakeCountSerializer(serializers.Serializer):
    counts = serializers.DictField(
        child=serializers.IntegerField(min_value=0), help_text="Counted quantity by item type id."
    )
    missing_items = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
