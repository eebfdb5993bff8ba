from rest_framework import serializers

from budget import services
from budget.choices import (
    CLEARING_KIND_CHOICES,
    ENTRY_KIND_CHOICES,
    AllocationStatus,
    DispositionKind,
    SpendingKind,
)
from budget.models import (
    Adjustment,
    Allocation,
    BalanceDisposition,
    BudgetCode,
    FiscalYear,
    FundingSource,
    Spending,
    SpendingCategory,
    YearClosure,
    YearSettlement,
)
from logistics.api.base import ServiceModelSerializer
from logistics.api.scoped import DisclosedModelSerializer
from logistics.models import Supplier, Unit
from logistics.scope import restrict


class FundingSourceSerializer(ServiceModelSerializer):
    class Meta:
        model = FundingSource
        fields = ["id", "code", "name", "kind", "is_active"]
        create_service = services.funding_source_create
        update_service = services.funding_source_update


class BudgetCodeSerializer(ServiceModelSerializer):
    #: The code is the key; ``id`` repeats it, as every other endpoint names its records.
    id = serializers.IntegerField(source="pk", read_only=True)
    parent = serializers.PrimaryKeyRelatedField(
        queryset=BudgetCode.objects.filter(parent__isnull=True), required=False, allow_null=True
    )

    class Meta:
        model = BudgetCode
        fields = ["id", "code", "name", "parent", "valid_from", "valid_to", "legal_basis"]
        create_service = services.budget_code_create
        update_service = services.budget_code_update

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            # The code is the record's key: a new code is a new record.
            fields["code"].read_only = True
        return fields


class SpendingCategorySerializer(ServiceModelSerializer):
    heading = serializers.PrimaryKeyRelatedField(
        queryset=BudgetCode.objects.filter(parent__isnull=True), required=False, allow_null=True
    )
    subheading = serializers.PrimaryKeyRelatedField(
        queryset=BudgetCode.objects.filter(parent__isnull=False), required=False, allow_null=True
    )
    heading_name = serializers.CharField(source="heading.name", read_only=True, default=None)
    subheading_name = serializers.CharField(source="subheading.name", read_only=True, default=None)

    class Meta:
        model = SpendingCategory
        fields = [
            "id",
            "code",
            "name",
            "is_recurrent",
            "is_active",
            "heading",
            "heading_name",
            "subheading",
            "subheading_name",
        ]
        create_service = services.spending_category_create
        update_service = services.spending_category_update


class YearClosureSerializer(DisclosedModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = YearClosure
        fields = [
            "id",
            "fiscal_year",
            "unit",
            "unit_name",
            "closed_at",
            "closed_by",
            "note",
            "allocation_count",
            "unspent_total",
        ]


class YearSettlementSerializer(DisclosedModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = YearSettlement
        fields = [
            "id",
            "fiscal_year",
            "unit",
            "unit_name",
            "closure",
            "decision_number",
            "decision_date",
            "approving_body",
            "note",
            "spent_total",
            "recorded_by",
            "created_at",
        ]


class BalanceDispositionSerializer(DisclosedModelSerializer):
    fiscal_year = serializers.IntegerField(source="allocation.fiscal_year_id", read_only=True)

    class Meta:
        model = BalanceDisposition
        fields = [
            "id",
            "fiscal_year",
            "allocation",
            "kind",
            "amount",
            "decision_number",
            "decision_date",
            "note",
            "carried_to",
            "recorded_by",
            "created_at",
        ]


class FiscalYearSerializer(ServiceModelSerializer):
    closures = YearClosureSerializer(many=True, read_only=True)
    settlements = YearSettlementSerializer(many=True, read_only=True)

    class Meta:
        model = FiscalYear
        fields = ["year", "note", "closures", "settlements"]
        create_service = services.fiscal_year_create


class YearCloseSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(valid_to__isnull=True))
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ScopedInputSerializer(serializers.Serializer):
    """A step's input whose record choices are those the user can see (others do not exist for them)."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and user is not None:
                field.queryset = restrict(queryset, user, "view")
        return fields


class BalanceDispositionInputSerializer(ScopedInputSerializer):
    allocation = serializers.PrimaryKeyRelatedField(
        queryset=Allocation.objects.filter(status=AllocationStatus.APPROVED)
    )
    kind = serializers.ChoiceField(choices=DispositionKind.choices)
    amount = serializers.IntegerField(min_value=1)
    decision_number = serializers.CharField(max_length=60)
    decision_date = serializers.DateField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class YearSettleSerializer(ScopedInputSerializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    decision_number = serializers.CharField(max_length=60)
    decision_date = serializers.DateField()
    approving_body = serializers.CharField(max_length=200)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class AllocationSerializer(ServiceModelSerializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(valid_to__isnull=True))
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    source_name = serializers.CharField(source="source.name", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)

    class Meta:
        model = Allocation
        fields = [
            "id",
            "fiscal_year",
            "unit",
            "unit_name",
            "source",
            "source_name",
            "category",
            "category_name",
            "amount",
            "decision_number",
            "decision_date",
            "note",
            "status",
            "approved_by",
            "approved_at",
            "adjustments_total",
            "spent_total",
            "disposed_total",
            "available",
            "carried_over_from",
        ]
        read_only_fields = [
            "status",
            "approved_by",
            "approved_at",
            "adjustments_total",
            "spent_total",
            "disposed_total",
            "available",
            "carried_over_from",
        ]
        create_service = services.allocation_create
        update_service = services.allocation_update


class AdjustmentSerializer(ServiceModelSerializer):
    allocation = serializers.PrimaryKeyRelatedField(queryset=Allocation.objects.all())

    class Meta:
        model = Adjustment
        fields = [
            "id",
            "allocation",
            "amount",
            "decision_number",
            "decision_date",
            "reason",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = ["recorded_by", "created_at"]
        create_service = services.adjustment_create


class SpendingSerializer(ServiceModelSerializer):
    allocation = serializers.PrimaryKeyRelatedField(queryset=Allocation.objects.all())
    payee = serializers.PrimaryKeyRelatedField(queryset=Supplier.objects.all(), required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=ENTRY_KIND_CHOICES, default=SpendingKind.PAYMENT)
    post = serializers.BooleanField(
        write_only=True, required=False, default=False, help_text="Post the entry at once (both or neither)."
    )

    class Meta:
        model = Spending
        fields = [
            "id",
            "allocation",
            "kind",
            "date",
            "amount",
            "signed_amount",
            "payee",
            "voucher_number",
            "description",
            "status",
            "posted_by",
            "posted_at",
            "reverses",
            "clears",
            "cleared_total",
            "open_amount",
            "post",
        ]
        read_only_fields = [
            "signed_amount",
            "status",
            "posted_by",
            "posted_at",
            "reverses",
            "clears",
            "cleared_total",
            "open_amount",
        ]
        create_service = services.spending_create
        update_service = services.spending_update


class SpendingClearSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CLEARING_KIND_CHOICES)
    amount = serializers.IntegerField(min_value=1)
    date = serializers.DateField()
    voucher_number = serializers.CharField(max_length=60)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    payee = serializers.PrimaryKeyRelatedField(
        queryset=Supplier.objects.all(), required=False, allow_null=True, default=None
    )


class SpendingReverseSerializer(serializers.Serializer):
    date = serializers.DateField(required=False, allow_null=True, default=None)
    voucher_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=300)
