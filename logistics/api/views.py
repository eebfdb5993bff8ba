from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import RetrieveAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from logistics import filtersets
from logistics.annual import annual_report
from logistics.api import serializers
from logistics.api.base import ModelViewSet
from logistics.dashboard import Period, build
from logistics.models import Personnel, Supplier, Unit
from logistics.scope import restrict
from logistics.steps import UNIT_DISSOLVE


class UnitViewSet(ModelViewSet):
    queryset = Unit.objects.select_related("parent", "successor")
    serializer_class = serializers.UnitSerializer
    filterset_class = filtersets.UnitFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    steps = (UNIT_DISSOLVE,)


class PersonnelViewSet(ModelViewSet):
    queryset = Personnel.objects.select_related("unit")
    serializer_class = serializers.PersonnelSerializer
    filterset_class = filtersets.PersonnelFilterSet


class SupplierViewSet(ModelViewSet):
    queryset = Supplier.objects.all()
    serializer_class = serializers.SupplierSerializer
    filterset_class = filtersets.SupplierFilterSet


class MeView(RetrieveAPIView):
    """The signed-in user: unit and roles."""

    serializer_class = serializers.MeSerializer
    permission_classes = [IsAuthenticated]

    def get_object(self):
        return self.request.user


class PeriodParameters(drf_serializers.Serializer):
    unit = drf_serializers.IntegerField(required=False, help_text="A unit in your scope (default: your own).")
    date_from = drf_serializers.DateField(required=False, help_text="Default: 1 January of this year.")
    date_to = drf_serializers.DateField(required=False, help_text="Default: today.")


def _period(request):
    params = PeriodParameters(data=request.query_params)
    params.is_valid(raise_exception=True)
    today = timezone.localdate()
    data = params.validated_data
    unit = request.user.unit if request.user.unit_id else None
    if data.get("unit"):
        unit = restrict(Unit.objects.all(), request.user).filter(pk=data["unit"]).first()
        if unit is None:
            raise ValidationError({"unit": ["This unit is not in your scope."]})
    period = Period(data.get("date_from") or today.replace(month=1, day=1), data.get("date_to") or today)
    if period.date_from > period.date_to:
        raise ValidationError({"date_to": ["The end comes before the start."]})
    return unit, period


class DashboardView(APIView):
    """The dashboard figures for a unit subtree and a period, with the link behind each figure."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[PeriodParameters], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        unit, period = _period(request)
        return Response(
            {
                "unit": unit.pk if unit else None,
                "date_from": period.date_from,
                "date_to": period.date_to,
                "sections": [section.as_data() for section in build(request.user, unit, period)],
            }
        )


class AnnualReportView(APIView):
    """The annual logistics report as data."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[PeriodParameters], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        unit, period = _period(request)
        return Response(annual_report(user=request.user, unit=unit, period=period).as_data())
