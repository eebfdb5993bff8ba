from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.generics import RetrieveAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from logistics import filtersets, services
from logistics.api import serializers
from logistics.api.base import ModelViewSet
from logistics.models import Personnel, Supplier, Unit


class UnitViewSet(ModelViewSet):
    queryset = Unit.objects.select_related("parent", "successor")
    serializer_class = serializers.UnitSerializer
    filterset_class = filtersets.UnitFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @extend_schema(request=serializers.UnitDissolveSerializer, responses=serializers.UnitSerializer)
    @action(detail=True, methods=["post"])
    def dissolve(self, request, pk=None):
        """Dissolve the unit into a successor from the given date (its records stay with it)."""
        unit = self.get_object()
        payload = serializers.UnitDissolveSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        unit = services.unit_dissolve(actor=request.user, unit=unit, **payload.validated_data)
        return Response(serializers.UnitSerializer(unit, context=self.get_serializer_context()).data)

    def get_serializer_class(self):
        if self.action == "dissolve":
            return serializers.UnitDissolveSerializer
        return super().get_serializer_class()

    action_permissions = {"dissolve": "change"}


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
