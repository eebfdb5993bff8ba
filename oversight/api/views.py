from django.db.models import Count, Prefetch, Q

from logistics.api.base import ModelViewSet
from oversight import filtersets
from oversight.api import serializers
from oversight.choices import InspectionStatus
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
    """Recorded is final: no change, no delete; a correction is a new decision naming the one it
    amends or annuls."""

    queryset = DisciplineDecision.objects.select_related("target_unit", "target_person", "corrected_by")
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = serializers.DisciplineDecisionSerializer
    filterset_class = filtersets.DisciplineDecisionFilterSet
