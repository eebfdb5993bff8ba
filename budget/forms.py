from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budget import services
from budget.choices import AllocationStatus, DispositionKind, SpendingKind
from budget.models import Adjustment, Allocation, BudgetCode, FiscalYear, FundingSource, Spending, SpendingCategory
from logistics.filtersets import within_filter_dates
from logistics.forms import ScopedForm, ScopedModelForm
from logistics.models import Supplier, Unit
from logistics.report_parameters import ReportParametersForm, YearRangeForm
from logistics.widgets import MoneyFormField


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


class SpendingClearForm(ScopedForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (SpendingKind.CLEARING, SpendingKind.CLEARING.label),
            (SpendingKind.REFUND, SpendingKind.REFUND.label),
        ],
    )
    amount = MoneyFormField(label=_("Amount"), min_value=1)
    date = forms.DateField(label=_("Date"))
    voucher_number = forms.CharField(label=_("Voucher number"), max_length=60)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    payee = forms.ModelChoiceField(
        label=_("Payee"),
        queryset=Supplier.objects.all(),
        required=False,
        help_text=_("The advance's payee if left empty."),
    )

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        if not self.is_bound and record is not None:
            self.initial.setdefault("amount", record.amount - record.cleared_total)
            self.initial.setdefault(
                "date", max(record.date, min(timezone.localdate(), record.date.replace(month=12, day=31)))
            )


class YearCloseForm(ScopedForm):
    unit = forms.ModelChoiceField(
        label=_("Close for unit"),
        queryset=Unit.objects.filter(valid_to__isnull=True),
        help_text=_("The year is closed for this unit and every unit counted under it."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    error_links = {"open_advances": _("See the open advances that hold back the closing")}

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        if not self.is_bound and self.user is not None and self.user.unit_id:
            self.initial["unit"] = self.user.unit_id


class BalanceDispositionForm(ScopedForm):
    lookup_params = {"allocation": {"status": AllocationStatus.APPROVED}}
    allocation = forms.ModelChoiceField(
        label=_("Allocation"),
        queryset=Allocation.objects.filter(status=AllocationStatus.APPROVED),
        help_text=_("An approved allocation of this year with an unspent balance."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=DispositionKind.choices)
    amount = MoneyFormField(label=_("Amount"), min_value=1)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = forms.DateField(label=_("Decision date"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        if record is not None:
            self.fields["allocation"].queryset = self.fields["allocation"].queryset.filter(
                fiscal_year=record, available__gt=0
            )


class YearSettleForm(ScopedForm):
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.all(),
        help_text=_("The settlement covers this unit and every unit counted under it."),
    )
    decision_number = forms.CharField(label=_("Approving decision number"), max_length=60)
    decision_date = forms.DateField(label=_("Approving decision date"))
    approving_body = forms.CharField(label=_("Approved by (body)"), max_length=200)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    error_links = {"open_advances": _("See the open advances that hold back the closing")}

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


class OpenAdvancesForm(ReportParametersForm):
    as_of = forms.DateField(label=_("As of"), validators=[within_filter_dates])

    api_descriptions = {
        **ReportParametersForm.api_descriptions,
        "as_of": _("The day the advances are counted on (YYYY-MM-DD); today by default."),
    }
    field_order = ["as_of", "unit"]

    def default_values(self, user, today):
        return {"as_of": today, "unit": user.unit if user.unit_id else None}
