from assets import filtersets
from assets.api import serializers
from assets.models import (
    AssetCategory,
    FixedAssetClass,
    Holding,
    Item,
    ItemType,
    Movement,
    Stocktake,
    Voucher,
    WearEntry,
)
from assets.steps import STOCKTAKE_COUNT, STOCKTAKE_POST, VOUCHER_POST, VOUCHER_REVERSE
from logistics.api.base import ModelViewSet, ReadOnlyModelViewSet


class AssetCategoryViewSet(ModelViewSet):
    queryset = AssetCategory.objects.all()
    serializer_class = serializers.AssetCategorySerializer
    filterset_class = filtersets.AssetCategoryFilterSet


class FixedAssetClassViewSet(ModelViewSet):
    queryset = FixedAssetClass.objects.all()
    serializer_class = serializers.FixedAssetClassSerializer
    filterset_class = filtersets.FixedAssetClassFilterSet


class ItemTypeViewSet(ModelViewSet):
    queryset = ItemType.objects.select_related("category", "fixed_asset_class")
    serializer_class = serializers.ItemTypeSerializer
    filterset_class = filtersets.ItemTypeFilterSet


class ItemViewSet(ModelViewSet):
    queryset = Item.objects.select_related("item_type", "holder_unit")
    serializer_class = serializers.ItemSerializer
    filterset_class = filtersets.ItemFilterSet
    http_method_names = ["get", "patch", "head", "options"]


class VoucherViewSet(ModelViewSet):
    queryset = Voucher.objects.select_related("minutes_unit").prefetch_related("lines", "representatives")
    serializer_class = serializers.VoucherSerializer
    filterset_class = filtersets.VoucherFilterSet
    steps = (VOUCHER_POST, VOUCHER_REVERSE)


class MovementViewSet(ReadOnlyModelViewSet):
    queryset = Movement.objects.select_related("voucher")
    serializer_class = serializers.MovementSerializer
    filterset_class = filtersets.MovementFilterSet


class HoldingViewSet(ReadOnlyModelViewSet):
    queryset = Holding.objects.select_related("unit", "item_type")
    serializer_class = serializers.HoldingSerializer
    filterset_class = filtersets.HoldingFilterSet


class WearEntryViewSet(ReadOnlyModelViewSet):
    """Yearly wear: read only here, written by the year's wear run (``assets.services.wear_compute``)."""

    queryset = WearEntry.objects.select_related("item__item_type")
    serializer_class = serializers.WearEntrySerializer
    filterset_class = filtersets.WearEntryFilterSet


class StocktakeViewSet(ModelViewSet):
    queryset = Stocktake.objects.all()
    serializer_class = serializers.StocktakeSerializer
    filterset_class = filtersets.StocktakeFilterSet
    http_method_names = ["get", "post", "delete", "head", "options"]
    steps = (STOCKTAKE_COUNT, STOCKTAKE_POST)
