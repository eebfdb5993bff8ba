"""API of the clinic. Identifiable records answer only clinic staff and administrators (the
roles that hold the models' permissions); every page, record and export they read is written to
the access log by the API's base classes (:mod:`logistics.reads`). The figures endpoints answer
everyone with ``medical.caseload_encounter``, in counts."""

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from logistics.api.base import ModelViewSet
from medical import filtersets, selectors
from medical.api import serializers
from medical.models import Encounter, Exposure, Patient


class PatientViewSet(ModelViewSet):
    queryset = Patient.objects.select_related("unit")
    serializer_class = serializers.PatientSerializer
    filterset_class = filtersets.PatientFilterSet


class EncounterViewSet(ModelViewSet):
    queryset = Encounter.objects.select_related("patient").prefetch_related("medicines")
    serializer_class = serializers.EncounterSerializer
    filterset_class = filtersets.EncounterFilterSet


class ExposureViewSet(ModelViewSet):
    queryset = Exposure.objects.select_related("patient").prefetch_related("tests")
    serializer_class = serializers.ExposureSerializer
    filterset_class = filtersets.ExposureFilterSet


class CaseloadView(APIView):
    """The clinic's caseload: encounters counted by service and month (no names, no diagnoses)."""

    query_serializer = serializers.CountsQuerySerializer

    def report(self, request, values):
        report, _figures = selectors.caseload_report(request.user, **values)
        return report

    @extend_schema(parameters=[serializers.CountsQuerySerializer], responses=serializers.ReportSerializer)
    def get(self, request):
        if not selectors.may_see_counts(request.user):
            raise PermissionDenied
        query = self.query_serializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        values = {"unit": None, **query.validated_data}
        return Response(self.report(request, values).as_data())


class EpidemicView(CaseloadView):
    """The epidemic lists in figures: the number in isolation on a day by unit, and the people
    identified month by month (no names)."""

    query_serializer = serializers.EpidemicQuerySerializer

    def report(self, request, values):
        return selectors.epidemic_report(request.user, **values)

    @extend_schema(parameters=[serializers.EpidemicQuerySerializer], responses=serializers.ReportSerializer)
    def get(self, request):
        return super().get(request)
