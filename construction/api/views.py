from construction import filtersets, selectors, services
from construction.api import serializers
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
