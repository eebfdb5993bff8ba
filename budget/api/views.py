from budget import filtersets, services
from budget.api import serializers
from budget.models import Adjustment, Allocation, FiscalYear, FundingSource, Spending, SpendingCategory
from logistics.api.base import ModelViewSet, service_action


class FundingSourceViewSet(ModelViewSet):
    queryset = FundingSource.objects.all()
    serializer_class = serializers.FundingSourceSerializer
    filterset_class = filtersets.FundingSourceFilterSet


class SpendingCategoryViewSet(ModelViewSet):
    queryset = SpendingCategory.objects.all()
    serializer_class = serializers.SpendingCategorySerializer
    filterset_class = filtersets.SpendingCategoryFilterSet


class FiscalYearViewSet(ModelViewSet):
    queryset = FiscalYear.objects.prefetch_related("closures__unit")
    serializer_class = serializers.FiscalYearSerializer
    filterset_class = filtersets.FiscalYearFilterSet
    http_method_names = ["get", "post", "head", "options"]

    close = service_action(
        services.year_close,
        permission="close",
        request=serializers.YearCloseSerializer,
        response=serializers.FiscalYearSerializer,
        record_arg="fiscal_year",
        summary="Close the fiscal year for a unit and every unit counted under it (quyết toán).",
    )


class AllocationViewSet(ModelViewSet):
    queryset = Allocation.objects.select_related("unit", "source", "category")
    serializer_class = serializers.AllocationSerializer
    filterset_class = filtersets.AllocationFilterSet

    approve = service_action(
        services.allocation_approve,
        permission="approve",
        response=serializers.AllocationSerializer,
        summary="Approve a draft allocation (it becomes final).",
    )


class AdjustmentViewSet(ModelViewSet):
    queryset = Adjustment.objects.select_related("allocation")
    serializer_class = serializers.AdjustmentSerializer
    filterset_class = filtersets.AdjustmentFilterSet
    http_method_names = ["get", "post", "head", "options"]


class SpendingViewSet(ModelViewSet):
    queryset = Spending.objects.select_related("allocation", "payee")
    serializer_class = serializers.SpendingSerializer
    filterset_class = filtersets.SpendingFilterSet

    # Named post_entry so as not to shadow the viewset's POST handler; the URL is …/post/.
    post_entry = service_action(
        services.spending_post,
        permission="post",
        name="post_entry",
        url_path="post",
        response=serializers.SpendingSerializer,
        summary="Post a draft entry (ghi sổ): it counts against its allocation and becomes final.",
    )
    reverse = service_action(
        services.spending_reverse,
        permission="post",
        request=serializers.SpendingReverseSerializer,
        response=serializers.SpendingSerializer,
        summary="Reverse a posted entry (đảo bút toán): posts a linked reversal entry and returns it.",
    )
