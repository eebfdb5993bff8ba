from construction import filtersets, selectors, services
from construction.api import serializers
from logistics.api.base import ModelViewSet, ReadOnlyModelViewSet, service_action


class ProjectViewSet(ModelViewSet):
    queryset = selectors.projects()
    serializer_class = serializers.ProjectSerializer
    filterset_class = filtersets.ProjectFilterSet

    approve = service_action(
        services.project_approve,
        permission="transition",
        request=serializers.ApproveSerializer,
        response=serializers.ProjectSerializer,
        summary="Record the investment decision (phê duyệt): proposed → approved.",
    )
    start = service_action(
        services.project_start,
        permission="transition",
        request=serializers.StepSerializer,
        response=serializers.ProjectSerializer,
        summary="Start construction (khởi công): approved → under construction. Needs a contract.",
    )
    accept = service_action(
        services.project_accept,
        permission="transition",
        request=serializers.StepSerializer,
        response=serializers.ProjectSerializer,
        summary="Accept the work (nghiệm thu): under construction → accepted. Needs 100 % progress.",
    )
    hand_over = service_action(
        services.project_hand_over,
        permission="transition",
        request=serializers.HandOverSerializer,
        response=serializers.ProjectSerializer,
        url_path="hand-over",
        summary="Hand over (bàn giao): accepted → handed over; optionally register the building as a fixed asset.",
    )
    settle = service_action(
        services.project_settle,
        permission="transition",
        request=serializers.SettleSerializer,
        response=serializers.ProjectSerializer,
        summary="Settle (quyết toán): handed over → settled, with the settlement value.",
    )
    adjust = service_action(
        services.project_adjust,
        permission="transition",
        request=serializers.AdjustSerializer,
        response=serializers.ProjectSerializer,
        summary="Record an adjustment decision (điều chỉnh): total investment or planned dates.",
    )
    register_asset = service_action(
        services.project_register_asset,
        permission="transition",
        request=serializers.RegisterAssetSerializer,
        response=serializers.ProjectSerializer,
        url_path="register-asset",
        summary="Enter a handed-over building into the asset register.",
    )


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

    reverse = service_action(
        services.payment_reverse,
        permission="change",
        request=serializers.PaymentReverseSerializer,
        response=serializers.PaymentSerializer,
        summary="Reverse the payment's spending entry (đảo bút toán); it no longer counts as paid.",
    )
