import datetime

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from construction import filtersets, forms, selectors, services
from construction.api import serializers
from construction.models import Project
from construction.steps import PAYMENT_REVERSE, PROJECT_STEPS
from logistics.api.base import ModelViewSet, ReadOnlyModelViewSet


class ProjectViewSet(ModelViewSet):
    queryset = selectors.projects()
    serializer_class = serializers.ProjectSerializer
    filterset_class = filtersets.ProjectFilterSet
    steps = PROJECT_STEPS


class ContractViewSet(ModelViewSet):
    queryset = selectors.contracts()
    serializer_class = serializers.ContractSerializer
    filterset_class = filtersets.ContractFilterSet

    def perform_destroy(self, instance):
        services.contract_delete(actor=self.request.user, record=instance)


class FundingViewSet(ModelViewSet):
    queryset = selectors.fundings()
    serializer_class = serializers.FundingSerializer
    filterset_class = filtersets.FundingFilterSet
    http_method_names = ["get", "post", "delete", "head", "options"]

    def perform_destroy(self, instance):
        services.funding_delete(actor=self.request.user, record=instance)


class ProgressReportViewSet(ModelViewSet):
    queryset = selectors.progress_reports()
    serializer_class = serializers.ProgressReportSerializer
    filterset_class = filtersets.ProgressReportFilterSet
    http_method_names = ["get", "post", "head", "options"]


class MilestoneViewSet(ReadOnlyModelViewSet):
    queryset = selectors.milestones()
    serializer_class = serializers.MilestoneSerializer
    filterset_class = filtersets.MilestoneFilterSet


class PaymentViewSet(ModelViewSet):
    queryset = selectors.payments()
    serializer_class = serializers.PaymentSerializer
    filterset_class = filtersets.PaymentFilterSet
    http_method_names = ["get", "post", "head", "options"]
    steps = (PAYMENT_REVERSE,)


# --- reports -------------------------------------------------------------------------------------


class ReportView(APIView):
    """A construction report as data (the same figures as the report page)."""

    queryset = Project.objects.none()

    def check_view(self, request):
        if not request.user.has_perm("construction.view_project"):
            raise PermissionDenied

    def form(self, form_class, request, defaults: dict):
        form = form_class({**defaults, **request.query_params.dict()}, user=request.user)
        if not form.is_valid():
            raise ValidationError(form.errors)
        return form.cleaned_data


UNIT = OpenApiParameter("unit", OpenApiTypes.INT, description="A unit: its works and those of the units under it.")


class WorksReportView(ReportView):
    @extend_schema(
        parameters=[
            OpenApiParameter("year_from", OpenApiTypes.INT),
            OpenApiParameter("year_to", OpenApiTypes.INT),
            UNIT,
        ],
        responses=OpenApiTypes.OBJECT,
        summary="Works by status, year of construction and beneficiary unit.",
    )
    def get(self, request):
        self.check_view(request)
        year = timezone.localdate().year
        data = self.form(forms.WorksReportForm, request, {"year_from": year - 5, "year_to": year})
        report = selectors.works_report(
            user=request.user, year_from=data["year_from"], year_to=data["year_to"], unit=data.get("unit")
        )
        return Response(report.as_data())


class CompletedReportView(ReportView):
    @extend_schema(
        parameters=[
            OpenApiParameter("date_from", OpenApiTypes.DATE, description="dd/mm/yyyy or yyyy-mm-dd"),
            OpenApiParameter("date_to", OpenApiTypes.DATE, description="dd/mm/yyyy or yyyy-mm-dd"),
            UNIT,
        ],
        responses=OpenApiTypes.OBJECT,
        summary="Works completed (accepted or later) in a period, by kind, year and unit.",
    )
    def get(self, request):
        self.check_view(request)
        today = timezone.localdate()
        defaults = {"date_from": datetime.date(today.year, 1, 1).isoformat(), "date_to": today.isoformat()}
        data = self.form(forms.PeriodReportForm, request, defaults)
        report = selectors.completed_report(
            user=request.user, date_from=data["date_from"], date_to=data["date_to"], unit=data.get("unit")
        )
        return Response(report.as_data())


class DisbursementReportView(ReportView):
    @extend_schema(parameters=[UNIT], responses=OpenApiTypes.OBJECT, summary="Paid against total investment.")
    def get(self, request):
        self.check_view(request)
        data = self.form(forms.UnitReportForm, request, {})
        return Response(selectors.disbursement_report(user=request.user, unit=data.get("unit")).as_data())


class OverdueReportView(ReportView):
    @extend_schema(
        parameters=[UNIT], responses=OpenApiTypes.OBJECT, summary="Works past their planned completion, not accepted."
    )
    def get(self, request):
        self.check_view(request)
        data = self.form(forms.UnitReportForm, request, {})
        return Response(selectors.overdue_report(user=request.user, unit=data.get("unit")).as_data())
