from django.db.models import Count, Prefetch, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from logistics.api.base import ModelViewSet
from oversight import filtersets, selectors
from oversight.api import serializers
from oversight.choices import InspectionStatus
from oversight.forms import ReportForm
from oversight.models import (
    DisciplineDecision,
    Finding,
    Inspection,
    Programme,
    ProgressReport,
    Recommendation,
    TeamMember,
)
from oversight.steps import (
    INSPECTION_CONCLUDE,
    INSPECTION_START,
    RECOMMENDATION_REPORT_PROGRESS,
    RECOMMENDATION_SEND_BACK,
    RECOMMENDATION_VERIFY,
)


class ProgrammeViewSet(ModelViewSet):
    queryset = Programme.objects.select_related("issuing_unit")
    serializer_class = serializers.ProgrammeSerializer
    filterset_class = filtersets.ProgrammeFilterSet

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(concluded_count=Count("inspections", filter=Q(inspections__status=InspectionStatus.CONCLUDED)))
            .order_by(*Programme._meta.ordering)
        )


class InspectionViewSet(ModelViewSet):
    queryset = Inspection.objects.select_related("target_unit", "target_person").prefetch_related(
        Prefetch("team", queryset=TeamMember.objects.select_related("personnel"))
    )
    serializer_class = serializers.InspectionSerializer
    filterset_class = filtersets.InspectionFilterSet
    steps = (INSPECTION_START, INSPECTION_CONCLUDE)


class FindingViewSet(ModelViewSet):
    queryset = Finding.objects.select_related("inspection").prefetch_related("links")
    serializer_class = serializers.FindingSerializer
    filterset_class = filtersets.FindingFilterSet


class RecommendationViewSet(ModelViewSet):
    queryset = Recommendation.objects.select_related("finding__inspection", "responsible_unit").prefetch_related(
        Prefetch(
            "progress", queryset=ProgressReport.objects.select_related("reported_by").order_by("reported_on", "id")
        )
    )
    serializer_class = serializers.RecommendationSerializer
    filterset_class = filtersets.RecommendationFilterSet
    steps = (RECOMMENDATION_REPORT_PROGRESS, RECOMMENDATION_VERIFY, RECOMMENDATION_SEND_BACK)

    def get_queryset(self):
        return super().get_queryset().with_overdue()


class DisciplineDecisionViewSet(ModelViewSet):
    queryset = DisciplineDecision.objects.select_related("target_unit", "target_person")
    serializer_class = serializers.DisciplineDecisionSerializer
    filterset_class = filtersets.DisciplineDecisionFilterSet


class ReportView(APIView):
    """An oversight report (programmes, findings, recommendations or amounts) as typed data."""

    @extend_schema(
        parameters=[
            OpenApiParameter("year_from", OpenApiTypes.INT),
            OpenApiParameter("year_to", OpenApiTypes.INT),
            OpenApiParameter("unit", OpenApiTypes.INT, description="A unit; the units under it are included."),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request, slug):
        build = selectors.REPORTS.get(slug)
        if build is None:
            raise NotFound
        if not request.user.has_perm("oversight.view_inspection"):
            raise PermissionDenied
        form = ReportForm(request.query_params or None, user=request.user)
        if form.is_bound and not form.is_valid():
            raise ValidationError(form.errors)
        return Response(build(request.user, selectors.ReportParameters.from_form(form)).as_data())
