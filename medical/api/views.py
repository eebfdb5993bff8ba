"""API of the clinic. Identifiable records answer only clinic staff and administrators (the
roles that hold the models' permissions), and each retrieve and export is written to the access
log; the figures endpoints answer everyone with ``medical.caseload_encounter``, in counts."""

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from logistics.api.base import EXPORT_PARAMETER, ModelViewSet
from logistics.exports import EXPORT_FORMATS, export_response
from logistics.registry import views_for
from medical import filtersets, selectors, services
from medical.api import serializers
from medical.choices import AccessAction
from medical.models import Encounter, Exposure, Patient
from medical.views import redacted_filters


class HealthRecordViewSet(ModelViewSet):
    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        services.access_record(
            user=request.user,
            action=AccessAction.API_VIEW,
            record_type=self.queryset.model._meta.label_lower,
            record_id=response.data.get("id"),
            path=request.path,
        )
        return response

    @extend_schema(parameters=[EXPORT_PARAMETER])
    def list(self, request, *args, **kwargs):
        fmt = request.query_params.get("export")
        if not fmt:
            return super().list(request, *args, **kwargs)
        if fmt not in EXPORT_FORMATS:
            raise ValidationError({"export": [f"Choose one of: {', '.join(EXPORT_FORMATS)}."]})
        queryset = self.filter_queryset(self.get_queryset())
        model = queryset.model
        services.access_record(
            user=request.user,
            action=AccessAction.EXPORT,
            record_type=model._meta.label_lower,
            path=request.path,
            row_count=queryset.count(),
        )
        return export_response(
            user=request.user,
            queryset=queryset,
            table_class=views_for(model).table,
            source=model._meta.label_lower,
            label=str(model._meta.verbose_name_plural),
            fmt=fmt,
            channel="api",
            filters=redacted_filters({k: v for k, v in request.query_params.items() if k != "export"}),
        )


class PatientViewSet(HealthRecordViewSet):
    queryset = Patient.objects.select_related("unit")
    serializer_class = serializers.PatientSerializer
    filterset_class = filtersets.PatientFilterSet


class EncounterViewSet(HealthRecordViewSet):
    queryset = Encounter.objects.select_related("patient").prefetch_related("medicines")
    serializer_class = serializers.EncounterSerializer
    filterset_class = filtersets.EncounterFilterSet


class ExposureViewSet(HealthRecordViewSet):
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
