from budget import filtersets
from budget.api import serializers
from budget.models import (
    Adjustment,
    Allocation,
    BalanceDisposition,
    BudgetCode,
    FiscalYear,
    FundingSource,
    Spending,
    SpendingCategory,
    YearSettlement,
)
from budget.steps import (
    ALLOCATION_APPROVE,
    SPENDING_CLEAR,
    SPENDING_POST,
    SPENDING_REVERSE,
    YEAR_CARRY_OVER,
    YEAR_CLOSE,
    YEAR_SETTLE,
)
from logistics.api.base import ModelViewSet


class FundingSourceViewSet(ModelViewSet):
    queryset = FundingSource.objects.all()
    serializer_class = serializers.FundingSourceSerializer
    filterset_class = filtersets.FundingSourceFilterSet


class BudgetCodeViewSet(ModelViewSet):
    queryset = BudgetCode.objects.all()
    serializer_class = serializers.BudgetCodeSerializer
    filterset_class = filtersets.BudgetCodeFilterSet


class SpendingCategoryViewSet(ModelViewSet):
    queryset = SpendingCategory.objects.select_related("heading", "subheading")
    serializer_class = serializers.SpendingCategorySerializer
    filterset_class = filtersets.SpendingCategoryFilterSet


class FiscalYearViewSet(ModelViewSet):
    queryset = FiscalYear.objects.prefetch_related("closures__unit", "settlements__unit")
    serializer_class = serializers.FiscalYearSerializer
    filterset_class = filtersets.FiscalYearFilterSet
    http_method_names = ["get", "post", "head", "options"]
    steps = (YEAR_CLOSE, YEAR_CARRY_OVER, YEAR_SETTLE)


class AllocationViewSet(ModelViewSet):
    queryset = Allocation.objects.select_related("unit", "source", "category")
    serializer_class = serializers.AllocationSerializer
    filterset_class = filtersets.AllocationFilterSet
    steps = (ALLOCATION_APPROVE,)


class AdjustmentViewSet(ModelViewSet):
    queryset = Adjustment.objects.select_related("allocation")
    serializer_class = serializers.AdjustmentSerializer
    filterset_class = filtersets.AdjustmentFilterSet
    http_method_names = ["get", "post", "head", "options"]


class SpendingViewSet(ModelViewSet):
    queryset = Spending.objects.select_related("allocation", "payee")
    serializer_class = serializers.SpendingSerializer
    filterset_class = filtersets.SpendingFilterSet
    steps = (SPENDING_POST, SPENDING_CLEAR, SPENDING_REVERSE)


class BalanceDispositionViewSet(ModelViewSet):
    queryset = BalanceDisposition.objects.select_related("allocation")
    serializer_class = serializers.BalanceDispositionSerializer
    filterset_class = filtersets.BalanceDispositionFilterSet
    http_method_names = ["get", "head", "options"]


class YearSettlementViewSet(ModelViewSet):
    queryset = YearSettlement.objects.select_related("unit")
    serializer_class = serializers.YearSettlementSerializer
    filterset_class = filtersets.YearSettlementFilterSet
    http_method_names = ["get", "head", "options"]
