from django import forms
from django.utils.translation import gettext_lazy as _

from budget import services
from budget.choices import AllocationStatus, SpendingKind
from budget.models import (
    Adjustment,
    Allocation,
    BudgetCode,
    FiscalYear,
    FundingSource,
    Spending,
    SpendingCategory,
)
from logistics.forms import ScopedForm, ScopedModelForm
from logistics.models import Unit
from logistics.report_parameters import YearRangeForm


class FundingSourceForm(ScopedModelForm):
    class Meta:
        model = FundingSource
        fields = ["code", "name", "kind", "is_active"]


class BudgetCodeForm(ScopedModelForm):
    class Meta:
        model = BudgetCode
        fields = ["code", "name", "parent", "valid_from", "valid_to", "legal_basis"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.instance._state.adding:
            # The code is the record's key: a new code is a new record.
            del self.fields["code"]


class SpendingCategoryForm(ScopedModelForm):
    class Meta:
        model = SpendingCategory
        fields = ["code", "name", "is_recurrent", "is_active", "heading", "subheading"]


class FiscalYearForm(ScopedModelForm):
    class Meta:
        model = FiscalYear
        fields = ["year", "note"]


class AllocationForm(ScopedModelForm):
    class Meta:
        model = Allocation
        # What the form offers is what the service lets a user change.
        fields = services.ALLOCATION_EDITABLE
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = self.fields["unit"].queryset.filter(valid_to__isnull=True)
        self.fields["source"].queryset = FundingSource.objects.filter(is_active=True)
        self.fields["category"].queryset = SpendingCategory.objects.filter(is_active=True)


class AdjustmentForm(ScopedModelForm):
    lookup_params = {"allocation": {"status": AllocationStatus.APPROVED}}

    class Meta:
        model = Adjustment
        fields = ["allocation", "amount", "decision_number", "decision_date", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allocation"].queryset = self.fields["allocation"].queryset.filter(status=AllocationStatus.APPROVED)


class SpendingForm(ScopedModelForm):
    lookup_params = {"allocation": {"status": AllocationStatus.APPROVED}}
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (SpendingKind.PAYMENT, SpendingKind.PAYMENT.label),
            (SpendingKind.ADVANCE, SpendingKind.ADVANCE.label),
        ],
    )

    class Meta:
        model = Spending
        # What the form offers is what the service lets a user change.
        fields = services.SPENDING_EDITABLE

    field_order = ["allocation", "kind", "date", "amount", "payee", "voucher_number", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allocation"].queryset = self.fields["allocation"].queryset.filter(status=AllocationStatus.APPROVED)
        self.fields["allocation"].help_text = _(
            "Only approved allocations; type the unit, the year or the decision number."
        )


class ReverseForm(ScopedForm):
    date = forms.DateField(label=_("Date"), required=False, help_text=_("Today if left empty (31/12 for a past year)."))
    voucher_number = forms.CharField(label=_("Voucher number"), max_length=60, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record


class YearCloseForm(ScopedForm):
    unit = forms.ModelChoiceField(
        label=_("Close for unit"),
        queryset=Unit.objects.filter(valid_to__isnull=True),
        help_text=_("The year is closed for this unit and every unit counted under it."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        if not self.is_bound and self.user is not None and self.user.unit_id:
            self.initial["unit"] = self.user.unit_id


class ExecutionReportForm(YearRangeForm):
    source = forms.ModelChoiceField(
        label=_("Funding source"), queryset=FundingSource.objects.all(), required=False, empty_label=_("All")
    )
    category = forms.ModelChoiceField(
        label=_("Spending category"), queryset=SpendingCategory.objects.all(), required=False, empty_label=_("All")
    )
