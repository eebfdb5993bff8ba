from rest_framework import serializers

from assets.models import ItemType
from budget.models import Allocation
from construction import selectors, services
from construction.models import Contract, Funding, Milestone, Payment, ProgressReport, Project
from logistics.api.base import ServiceModelSerializer
from logistics.api.scoped import DisclosedModelSerializer
from logistics.models import Supplier, Unit


class AnnotatedMixin:
    """A record returned by a service lacks the list's computed figures; read it again with them."""

    annotated_queryset = None
    annotations: tuple[str, ...] = ()

    def to_representation(self, instance):
        if self.annotations and not all(hasattr(instance, name) for name in self.annotations):
            instance = self.annotated_queryset().get(pk=instance.pk)
        return super().to_representation(instance)


class ProjectSerializer(AnnotatedMixin, ServiceModelSerializer):
    annotated_queryset = staticmethod(selectors.projects)
    annotations = ("paid", "contracted", "overdue")

    code = serializers.CharField(
        max_length=30, required=False, allow_blank=True, default="", help_text="Empty: numbered CT-year-number."
    )
    beneficiary_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    beneficiary_unit_name = serializers.CharField(source="beneficiary_unit.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    contracted = serializers.IntegerField(read_only=True, help_text="Sum of the contract values.")
    paid = serializers.IntegerField(read_only=True, help_text="Posted payments, reversals deducted.")
    overdue = serializers.BooleanField(read_only=True, help_text="Planned completion passed and not accepted.")

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "kind_display",
            "phase",
            "beneficiary_unit",
            "beneficiary_unit_name",
            "location",
            "decision_number",
            "decision_date",
            "total_investment",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "handed_over_on",
            "settled_on",
            "settlement_value",
            "progress",
            "status",
            "status_display",
            "overdue",
            "contracted",
            "paid",
            "asset_item_type",
            "renovated_item",
            "asset_item",
            "cost_adjustment",
            "note",
        ]
        read_only_fields = [
            "decision_number",
            "decision_date",
            "actual_start",
            "actual_end",
            "handed_over_on",
            "settled_on",
            "settlement_value",
            "progress",
            "status",
            "asset_item",
            "cost_adjustment",
        ]
        create_service = services.project_create
        update_service = services.project_update


class ApproveSerializer(serializers.Serializer):
    decision_number = serializers.CharField(max_length=60)
    decision_date = serializers.DateField()
    total_investment = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, default=None, help_text="Empty: the proposed figure."
    )
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class StepSerializer(serializers.Serializer):
    date = serializers.DateField()
    document_number = serializers.CharField(max_length=60)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class HandOverSerializer(StepSerializer):
    register_asset = serializers.BooleanField(required=False, default=False)
    item_type = serializers.PrimaryKeyRelatedField(
        queryset=ItemType.objects.filter(fixed_asset_class__is_building=True),
        required=False,
        allow_null=True,
        default=None,
    )
    asset_cost = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)


class SettleSerializer(StepSerializer):
    settlement_value = serializers.IntegerField(min_value=1)
    item_type = serializers.PrimaryKeyRelatedField(
        queryset=ItemType.objects.filter(fixed_asset_class__is_building=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="A new build not yet in the register enters it as this item type (else the work's own).",
    )


class AdjustSerializer(serializers.Serializer):
    date = serializers.DateField()
    document_number = serializers.CharField(max_length=60)
    reason = serializers.CharField(max_length=500)
    total_investment = serializers.IntegerField(min_value=1)
    planned_start = serializers.DateField()
    planned_end = serializers.DateField()


class RegisterAssetSerializer(serializers.Serializer):
    item_type = serializers.PrimaryKeyRelatedField(
        queryset=ItemType.objects.filter(fixed_asset_class__is_building=True)
    )
    cost = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)


class ContractSerializer(AnnotatedMixin, ServiceModelSerializer):
    annotated_queryset = staticmethod(selectors.contracts)
    annotations = ("paid",)

    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    contractor = serializers.PrimaryKeyRelatedField(queryset=Supplier.objects.all())
    contractor_name = serializers.CharField(source="contractor.name", read_only=True)
    paid = serializers.IntegerField(read_only=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            "project",
            "contractor",
            "contractor_name",
            "number",
            "signed_on",
            "value",
            "paid",
            "description",
        ]
        create_service = services.contract_create
        update_service = services.contract_update


class FundingSerializer(AnnotatedMixin, ServiceModelSerializer):
    annotated_queryset = staticmethod(selectors.fundings)
    annotations = ("paid",)

    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    allocation = serializers.PrimaryKeyRelatedField(queryset=Allocation.objects.all())
    paid = serializers.IntegerField(read_only=True, help_text="Paid to the work from this allocation.")

    class Meta:
        model = Funding
        fields = ["id", "project", "allocation", "note", "paid"]
        create_service = services.funding_create


class ProgressReportSerializer(ServiceModelSerializer):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())

    class Meta:
        model = ProgressReport
        fields = ["id", "project", "date", "percent", "previous_percent", "note", "reason", "reported_by", "created_at"]
        read_only_fields = ["previous_percent", "reported_by", "created_at"]
        create_service = services.progress_report_create


class MilestoneSerializer(DisclosedModelSerializer):
    step_display = serializers.CharField(source="get_step_display", read_only=True)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "project",
            "step",
            "step_display",
            "from_status",
            "to_status",
            "date",
            "document_number",
            "note",
            "recorded_by",
            "created_at",
        ]


class PaymentSerializer(AnnotatedMixin, ServiceModelSerializer):
    """A payment is created with the spending entry it posts: allocation, date, amount, voucher."""

    annotated_queryset = staticmethod(selectors.payments)
    annotations = ("net_amount",)

    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    contract = serializers.PrimaryKeyRelatedField(queryset=Contract.objects.all())
    allocation = serializers.PrimaryKeyRelatedField(source="spending.allocation", queryset=Allocation.objects.all())
    date = serializers.DateField(source="spending.date")
    amount = serializers.IntegerField(source="spending.amount", min_value=1)
    voucher_number = serializers.CharField(source="spending.voucher_number", max_length=60)
    description = serializers.CharField(
        source="spending.description", max_length=300, required=False, allow_blank=True, default=""
    )
    net_amount = serializers.IntegerField(read_only=True, help_text="0 once the payment has been reversed.")

    class Meta:
        model = Payment
        fields = [
            "id",
            "project",
            "contract",
            "allocation",
            "date",
            "amount",
            "voucher_number",
            "description",
            "spending",
            "net_amount",
        ]
        read_only_fields = ["spending"]

    def create(self, validated_data):
        spending = validated_data.pop("spending", {})
        return services.payment_create(actor=self._actor(), **validated_data, **spending)


class PaymentReverseSerializer(serializers.Serializer):
    date = serializers.DateField(required=False, allow_null=True, default=None)
    voucher_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=300)
