from rest_framework.generics import RetrieveAPIView
from rest_framework.permissions import IsAuthenticated

from logistics import filtersets, services
from logistics.api import serializers
from logistics.api.base import ModelViewSet, service_action
from logistics.models import Personnel, Supplier, Unit


class UnitViewSet(ModelViewSet):
    queryset = Unit.objects.select_related("parent", "successor")
    serializer_class = serializers.UnitSerializer
    filterset_class = filtersets.UnitFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    dissolve = service_action(
        services.unit_dissolve,
        permission="change",
        request=serializers.UnitDissolveSerializer,
        response=serializers.UnitSerializer,
        summary="Dissolve the unit into a successor from the given date (its records stay with it).",
    )


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
