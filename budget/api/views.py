from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from budget import filtersets
from budget.api import serializers
from budget.forms import ExecutionReportForm
from budget.models import Adjustment, Allocation, FiscalYear, FundingSource, Spending, SpendingCategory
from budget.selectors import execution_report
from budget.steps import ALLOCATION_APPROVE, SPENDING_POST, SPENDING_REVERSE, YEAR_CLOSE
from logistics.api.base import ModelViewSet


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
    steps = (YEAR_CLOSE,)


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
    steps = (SPENDING_POST, SPENDING_REVERSE)


class ExecutionView(APIView):
    """The budget execution report as data: allocated, adjusted, spent, remaining and % used."""

    queryset = Allocation.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter("year_from", OpenApiTypes.INT),
            OpenApiParameter("year_to", OpenApiTypes.INT),
            OpenApiParameter("unit", OpenApiTypes.INT),
            OpenApiParameter("source", OpenApiTypes.INT),
            OpenApiParameter("category", OpenApiTypes.INT),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        if not request.user.has_perm("budget.view_allocation"):
            raise PermissionDenied
        this_year = timezone.localdate().year
        params = {"year_from": this_year, "year_to": this_year, **request.query_params.dict()}
        form = ExecutionReportForm(params, user=request.user)
        if not form.is_valid():
            raise ValidationError(form.errors)
        data = form.cleaned_data
        report = execution_report(
            user=request.user,
            year_from=data["year_from"],
            year_to=data["year_to"],
            unit=data.get("unit"),
            source=data.get("source"),
            category=data.get("category"),
        )
        return Response(report.as_data())
