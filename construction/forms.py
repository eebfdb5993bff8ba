from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets.models import ItemType
from budget.choices import AllocationStatus
from budget.models import Allocation
from construction import services
from construction.choices import PAYABLE, ProjectStatus, WorkKind
from construction.models import Contract, Funding, ProgressReport, Project, paid_total
from construction.selectors import contracted_on, paid_on
from logistics.formatting import vnd
from logistics.forms import ScopedForm, ScopedModelForm
from logistics.models import SupplierKind
from logistics.report_parameters import YearRangeForm
from logistics.scope import restrict
from logistics.widgets import MoneyFormField, style_widget

CONTRACTOR_KINDS = (SupplierKind.CONTRACTOR, SupplierKind.BOTH)
#: Statuses in which a work takes contracts and funding.
OPEN_FOR_CONTRACTS = [status for status in PAYABLE if status != ProjectStatus.SETTLED]


def plain_select(field: forms.ModelChoiceField) -> None:
    """A short list shown as an ordinary drop-down rather than a look-up."""
    widget = forms.Select(attrs={"required": True} if field.required else {})
    widget.choices = field.choices
    style_widget(widget)
    field.widget = widget


def _project_param(request) -> int | None:
    """``?project=`` of the page that sent the officer here, when it is a number."""
    value = request.GET.get("project", "")
    return int(value) if value.isdigit() else None


class ProjectForm(ScopedModelForm):
    lookup_params = {"renovated_item": {"building": "1"}}
    field_order = [
        "name",
        "kind",
        "beneficiary_unit",
        "location",
        "total_investment",
        "phase",
        "planned_start",
        "planned_end",
        "code",
        "note",
    ]
    code = forms.CharField(
        label=_("Work code"),
        max_length=30,
        required=False,
        help_text=_("Left empty, it is numbered automatically (CT-year-number)."),
    )

    class Meta:
        model = Project
        # What the form offers is what the service lets a user change.
        fields = services.PROJECT_EDITABLE
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beneficiary_unit"].queryset = self.fields["beneficiary_unit"].queryset.filter(
            valid_to__isnull=True
        )
        self.fields["total_investment"].help_text = _(
            "Tổng mức đầu tư as proposed; the investment decision confirms it. Payments can never exceed it."
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned completion cannot come before the planned start."))
        # Beside the field rather than above the form, where the database's own rule would put it.
        if cleaned.get("renovated_item") is not None and cleaned.get("kind") != WorkKind.RENOVATION:
            self.add_error(
                "renovated_item", _("Only a renovation or upgrade names the building it renovates; leave this empty.")
            )
        return cleaned


class ApproveForm(ScopedForm):
    decision_number = forms.CharField(label=_("Investment decision number"), max_length=60)
    decision_date = forms.DateField(label=_("Investment decision date"))
    total_investment = MoneyFormField(label=_("Total investment approved"), help_text=_("As written in the decision."))
    note = forms.CharField(label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        if not self.is_bound:
            self.initial.setdefault("decision_date", timezone.localdate())
            if record is not None:
                self.initial.setdefault("total_investment", record.total_investment)


class StepForm(ScopedForm):
    """The date and document of a step (start order, acceptance minutes…)."""

    date = forms.DateField(label=_("Date of the document"))
    document_number = forms.CharField(label=_("Document number"), max_length=60)
    note = forms.CharField(label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())


class StartForm(StepForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_number"].help_text = _("The start order or the site handover minutes.")


class AcceptForm(StepForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_number"].help_text = _("The acceptance minutes (biên bản nghiệm thu).")
        self.fields["date"].help_text = _("It becomes the actual completion date of the work.")


def _building_types():
    return ItemType.objects.filter(fixed_asset_class__is_building=True).order_by("name")


class HandOverForm(StepForm):
    register_asset = forms.BooleanField(
        label=_("Register the building in the asset register now"),
        required=False,
        help_text=_("At its provisional cost; the settlement value replaces it at settlement."),
    )
    item_type = forms.ModelChoiceField(
        label=_("Item type (building)"), queryset=ItemType.objects.none(), required=False
    )
    asset_cost = MoneyFormField(label=_("Provisional cost"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_number"].help_text = _("The handover minutes (biên bản bàn giao).")
        self.fields["item_type"].queryset = _building_types()
        plain_select(self.fields["item_type"])
        if not self.is_bound and self.record is not None:
            self.initial.setdefault("asset_cost", contracted_on(self.record) or self.record.total_investment)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("register_asset"):
            if not cleaned.get("item_type"):
                self.add_error("item_type", _("Choose the item type (a building) to register."))
            if not cleaned.get("asset_cost"):
                self.add_error("asset_cost", _("Enter the provisional cost to register."))
        return cleaned


class SettleForm(StepForm):
    settlement_value = MoneyFormField(
        label=_("Settlement value"),
        help_text=_("The approved final value; not more than the total investment, not less than what was paid."),
    )

    item_type = forms.ModelChoiceField(
        label=_("Enters the register as (new build)"),
        queryset=ItemType.objects.none(),
        required=False,
        help_text=_("A new build not yet in the register enters it at the settlement value, whatever its cost."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_number"].help_text = _("The decision approving the settlement.")
        self.fields["item_type"].queryset = _building_types()
        plain_select(self.fields["item_type"])
        if not self.is_bound and self.record is not None:
            self.initial.setdefault("settlement_value", contracted_on(self.record) or self.record.total_investment)
            self.initial.setdefault("item_type", self.record.asset_item_type_id)
        if self.record is not None and (self.record.kind != WorkKind.NEW_BUILD or self.record.asset_item_id):
            del self.fields["item_type"]


class AdjustForm(StepForm):
    total_investment = MoneyFormField(label=_("Total investment"))
    planned_start = forms.DateField(label=_("Planned start"))
    planned_end = forms.DateField(label=_("Planned completion"))
    reason = forms.CharField(label=_("Reason"), max_length=500)

    field_order = ["date", "document_number", "total_investment", "planned_start", "planned_end", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["note"]
        self.fields["document_number"].help_text = _("The adjustment decision.")
        if not self.is_bound and self.record is not None:
            for name in ("total_investment", "planned_start", "planned_end"):
                self.initial.setdefault(name, getattr(self.record, name))


class RegisterAssetForm(ScopedForm):
    item_type = forms.ModelChoiceField(label=_("Item type (building)"), queryset=ItemType.objects.none())
    cost = MoneyFormField(
        label=_("Cost"),
        required=False,
        help_text=_("The provisional cost; left empty for a settled work, its settlement value."),
    )

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        self.fields["item_type"].queryset = _building_types()
        plain_select(self.fields["item_type"])
        if not self.is_bound and record is not None:
            self.initial.setdefault("cost", record.settlement_value or contracted_on(record) or record.total_investment)


class ProjectChoiceMixin:
    """A ``project`` look-up, and the related choices narrowed to the chosen work when known."""

    def project_from_data(self) -> Project | None:
        value = self.data.get("project") if self.is_bound else self.initial.get("project")
        if hasattr(value, "pk"):
            value = value.pk
        try:
            pk = int(value)
        except (TypeError, ValueError):
            return None
        return restrict(Project.objects.all(), self.user, "view").filter(pk=pk).first()


class ContractForm(ProjectChoiceMixin, ScopedModelForm):
    lookup_params = {"project": {"status": ",".join(OPEN_FOR_CONTRACTS)}}

    class Meta:
        model = Contract
        fields = ["project", "contractor", "number", "signed_on", "value", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = self.fields["project"].queryset.filter(status__in=OPEN_FOR_CONTRACTS)
        self.fields["contractor"].queryset = self.fields["contractor"].queryset.filter(kind__in=CONTRACTOR_KINDS)
        self.fields["contractor"].help_text = _("A supplier registered as a contractor.")
        if self.instance.pk:
            self.fields["project"].disabled = True


class FundingForm(ProjectChoiceMixin, ScopedModelForm):
    lookup_params = {"project": {"status": ",".join(OPEN_FOR_CONTRACTS)}}

    class Meta:
        model = Funding
        fields = ["project", "allocation", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = self.fields["project"].queryset.filter(status__in=OPEN_FOR_CONTRACTS)
        allocations = (
            self.fields["allocation"]
            .queryset.filter(status=AllocationStatus.APPROVED)
            .select_related("unit", "source", "category", "fiscal_year")
            .order_by("-fiscal_year", "category__code", "unit__path")
        )
        project = self.project_from_data()
        if project is not None and project.decision_date:
            # Money for a work comes from the years of its investment decision on.
            allocations = allocations.filter(fiscal_year__gte=project.decision_date.year)
        self.fields["allocation"].queryset = allocations
        plain_select(self.fields["allocation"])
        self.fields["allocation"].help_text = _(
            "An approved allocation, usually of the construction and repair category (XDSC)."
        )


class ProgressReportForm(ProjectChoiceMixin, ScopedModelForm):
    lookup_params = {"project": {"status": ProjectStatus.UNDER_CONSTRUCTION}}
    attachment = forms.FileField(
        label=_("Photo or document"),
        required=False,
        help_text=_("Optional; more files can be attached on the report's page."),
    )

    class Meta:
        model = ProgressReport
        fields = ["project", "date", "percent", "note", "reason"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = self.fields["project"].queryset.filter(
            status=ProjectStatus.UNDER_CONSTRUCTION
        )
        self.fields["project"].help_text = _("Only works under construction.")
        self.fields["percent"].widget.attrs.update({"min": 0, "max": 100})


class PaymentForm(ProjectChoiceMixin, ScopedForm):
    lookup_params = {"project": {"status": ",".join(PAYABLE)}}
    project = forms.ModelChoiceField(label=_("Construction work"), queryset=Project.objects.filter(status__in=PAYABLE))
    contract = forms.ModelChoiceField(label=_("Construction contract"), queryset=Contract.objects.none())
    allocation = forms.ModelChoiceField(
        label=_("Paid from allocation"),
        queryset=Allocation.objects.none(),
        help_text=_("One of the work's funding allocations."),
    )
    date = forms.DateField(label=_("Date"))
    amount = MoneyFormField(label=_("Amount"))
    voucher_number = forms.CharField(label=_("Voucher number"), max_length=60)
    description = forms.CharField(
        label=_("Description"),
        max_length=300,
        required=False,
        help_text=_("Left empty, it reads: Payment to [contractor], contract [number], work [code]."),
    )

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = self.project_from_data()
        contracts = Contract.objects.select_related("contractor", "project").annotate(paid=paid_total(field="contract"))
        fundings = Allocation.objects.filter(status=AllocationStatus.APPROVED).select_related(
            "unit", "source", "category", "fiscal_year"
        )
        if chosen is not None:
            contracts = contracts.filter(project=chosen)
            fundings = fundings.filter(construction_fundings__project=chosen)

            self.fields["amount"].help_text = _("Left to pay on the work: %(left)s.") % {
                "left": vnd(chosen.payment_limit - paid_on(project=chosen))
            }
        else:
            contracts = contracts.filter(project__status__in=PAYABLE)
            fundings = fundings.filter(construction_fundings__isnull=False).distinct()
        self.fields["contract"].queryset = restrict(contracts.order_by("project__code", "number"), self.user, "view")
        show_work = chosen is None
        self.fields["contract"].label_from_instance = lambda c: " — ".join(
            [
                f"{c.project.code} · {c.number}" if show_work else c.number,
                _("%(left)s left") % {"left": vnd(c.value - c.paid)},
                str(c.contractor),
            ]
        )
        self.fields["allocation"].queryset = restrict(fundings.order_by("-fiscal_year", "id"), self.user, "view")
        self.fields["allocation"].label_from_instance = lambda a: " — ".join(
            [
                f"{a.fiscal_year_id} · {a.source.code} · {a.category.code}",
                _("%(left)s left") % {"left": vnd(a.available)},
                f"{a.unit} · {a.decision_number}",
            ]
        )
        plain_select(self.fields["contract"])
        plain_select(self.fields["allocation"])


class ReversePaymentForm(ScopedForm):
    date = forms.DateField(label=_("Date"), required=False, help_text=_("Today if left empty (31/12 for a past year)."))
    voucher_number = forms.CharField(label=_("Voucher number"), max_length=60, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record


# --- report parameters -----------------------------------------------------------------------------


class WorksReportForm(YearRangeForm):
    def default_values(self, user, today):
        return {"year_from": today.year - 5, "year_to": today.year}
