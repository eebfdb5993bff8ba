from django.db.models import Count, Prefetch, Q

from logistics.api.base import ModelViewSet, service_action
from oversight import filtersets, services
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

    start = service_action(
        services.inspection_start,
        permission="change",
        request=serializers.InspectionStartSerializer,
        response=serializers.InspectionSerializer,
        summary="Start a planned inspection (its team must have a head).",
    )
    conclude = service_action(
        services.inspection_conclude,
        permission="change",
        request=serializers.InspectionConcludeSerializer,
        response=serializers.InspectionSerializer,
        summary="Conclude an inspection in progress: it becomes final and visible to the inspected unit.",
    )


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

    def get_queryset(self):
        return super().get_queryset().with_overdue()

    verify = service_action(
        services.recommendation_verify,
        permission="verify",
        request=serializers.RecommendationVerifySerializer,
        response=serializers.RecommendationSerializer,
        summary="An inspector confirms that a recommendation reported done has been carried out.",
    )
    send_back = service_action(
        services.recommendation_send_back,
        permission="verify",
        request=serializers.RecommendationSendBackSerializer,
        response=serializers.RecommendationSerializer,
        url_path="send-back",
        summary="An inspector sends a recommendation reported done back to “in progress”.",
    )
    report_progress = service_action(
        services.recommendation_report_progress,
        permission="report_progress",
        name="report_progress",
        url_path="report-progress",
        request=serializers.RecommendationProgressSerializer,
        response=serializers.RecommendationSerializer,
        summary="The responsible unit reports progress, or that the recommendation is done (with evidence).",
    )


class DisciplineDecisionViewSet(ModelViewSet):
    queryset = DisciplineDecision.objects.select_related("target_unit", "target_person")
    serializer_class = serializers.DisciplineDecisionSerializer
    filterset_class = filtersets.DisciplineDecisionFilterSet
