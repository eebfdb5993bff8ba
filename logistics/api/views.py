from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.generics import RetrieveAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from logistics import filtersets
from logistics.api import serializers
from logistics.api.base import ModelViewSet, ReadOnlyModelViewSet, ScopedViewSetMixin
from logistics.api.serializers import JobSerializer
from logistics.dashboard import build
from logistics.models import Job, Personnel, Supplier, Unit
from logistics.report_parameters import UnitPeriodForm
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


class JobViewSet(ReadOnlyModelViewSet):
    """The signed-in user's background jobs (every job for administrators), newest first: state,
    progress and the file when done."""

    queryset = Job.objects.select_related("started_by")
    serializer_class = JobSerializer
    filterset_class = None
    query_parameters = ()

    def list(self, request, *args, **kwargs):
        # Jobs have no export (ScopedViewSetMixin.list): the plain list.
        return super(ScopedViewSetMixin, self).list(request, *args, **kwargs)


class MeView(RetrieveAPIView):
    """The signed-in user: unit and roles."""

    serializer_class = serializers.MeSerializer
    permission_classes = [IsAuthenticated]

    def get_object(self):
        return self.request.user


class DashboardView(APIView):
    """The dashboard figures for a unit subtree and a period, with the link behind each figure."""

    reads_from_replica = True
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=UnitPeriodForm.openapi_parameters(), responses=OpenApiTypes.OBJECT)
    def get(self, request):
        form = UnitPeriodForm(request.query_params, user=request.user)
        if not form.is_valid():
            raise ValidationError(form.errors)
        arguments = form.selector_arguments()
        unit, period = arguments["unit"], arguments["period"]
        return Response(
            {
                "unit": unit.pk if unit else None,
                "date_from": period.date_from,
                "date_to": period.date_to,
                "sections": [section.as_data() for section in build(request.user, unit, period)],
            }
        )
