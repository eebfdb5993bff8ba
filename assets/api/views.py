from assets import filtersets, services
from assets.api import serializers
from assets.models import AssetCategory, FixedAssetClass, Holding, Item, ItemType, Movement, Stocktake, Voucher
from logistics.api.base import ModelViewSet, ReadOnlyModelViewSet, service_action


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
    queryset = Voucher.objects.prefetch_related("lines")
    serializer_class = serializers.VoucherSerializer
    filterset_class = filtersets.VoucherFilterSet

    post_voucher = service_action(
        services.voucher_post,
        permission="post",
        response=serializers.VoucherSerializer,
        name="post_voucher",
        url_path="post",
        summary="Post a draft voucher: write the ledger and move the holdings, or refuse and change nothing.",
    )
    reverse = service_action(
        services.voucher_reverse,
        permission="post",
        request=serializers.VoucherReverseSerializer,
        response=serializers.VoucherSerializer,
        summary="Reverse a posted voucher: post a linked voucher that moves everything back; returns it.",
    )


class MovementViewSet(ReadOnlyModelViewSet):
    queryset = Movement.objects.select_related("voucher")
    serializer_class = serializers.MovementSerializer
    filterset_class = filtersets.MovementFilterSet


class HoldingViewSet(ReadOnlyModelViewSet):
    queryset = Holding.objects.select_related("unit", "item_type")
    serializer_class = serializers.HoldingSerializer
    filterset_class = filtersets.HoldingFilterSet


class StocktakeViewSet(ModelViewSet):
    queryset = Stocktake.objects.all()
    serializer_class = serializers.StocktakeSerializer
    filterset_class = filtersets.StocktakeFilterSet
    http_method_names = ["get", "post", "delete", "head", "options"]

    count = service_action(
        services.stocktake_count,
        permission="change",
        request=serializers.StocktakeCountSerializer,
        response=serializers.StocktakeSerializer,
        summary="Record counted quantities (by item type id) and the expected items not found.",
    )
    post_stocktake = service_action(
        services.stocktake_post,
        permission="change",
        response=serializers.StocktakeSerializer,
        name="post_stocktake",
        url_path="post",
        summary="Post the differences as a stocktake adjustment voucher.",
    )
