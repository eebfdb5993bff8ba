import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from budget.models import Allocation
from construction.choices import COMPLETED, ProjectStatus, Step, WorkKind
from construction.models import (
    Contract,
    Funding,
    Milestone,
    Payment,
    ProgressReport,
    Project,
    overdue_condition,
    work_year,
)
from logistics.filtersets import (
    BaseFilterSet,
    DateFromFilter,
    DateToFilter,
    IdFilter,
    IdInFilter,
    UnitSubtreeFilter,
    YearFilter,
)
from logistics.models import Supplier, SupplierKind
from logistics.search import filter_by_search_any


def work_filterset(prefix: str) -> type[BaseFilterSet]:
    """Filters on the work a record belongs to, reached through ``prefix`` (``""`` or ``"project__"``)."""

    class WorkFilterSet(BaseFilterSet):
        unit = UnitSubtreeFilter(
            field_name=f"{prefix}beneficiary_unit", label=_("Beneficiary unit (with units under it)")
        )
        units = IdInFilter(field_name=f"{prefix}beneficiary_unit", label=_("Only these units (ids)"))
        kind = django_filters.ChoiceFilter(
            field_name=f"{prefix}kind", choices=WorkKind.choices, label=_("Kind of work")
        )

    return WorkFilterSet


class ProjectFilterSet(work_filterset("")):
    status = django_filters.MultipleChoiceFilter(
        choices=ProjectStatus.choices, label=_("Status"), null_label=None, widget=forms.CheckboxSelectMultiple
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    year = YearFilter(label=_("Year of construction"), method="filter_year")
    year_from = YearFilter(label=_("From year"), method="filter_year")
    year_to = YearFilter(label=_("To year"), method="filter_year")
    completed_from = django_filters.DateFilter(label=_("Completed from"), method="filter_completed")
    completed_to = django_filters.DateFilter(label=_("Completed to"), method="filter_completed")
    planned_end_to = DateToFilter(field_name="planned_end", label=_("Planned completion by"))
    contractor = django_filters.ModelChoiceFilter(
        field_name="contracts__contractor",
        distinct=True,
        label=_("Contractor"),
        queryset=Supplier.objects.filter(kind__in=(SupplierKind.CONTRACTOR, SupplierKind.BOTH)),
    )

    class Meta:
        model = Project
        fields = [
            "q",
            "status",
            "kind",
            "unit",
            "units",
            "overdue",
            "year",
            "year_from",
            "year_to",
            "completed_from",
            "completed_to",
            "planned_end_to",
            "contractor",
        ]

    def filter_overdue(self, queryset, name, value):
        late = overdue_condition()
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_year(self, queryset, name, value):
        lookup = {"year": "exact", "year_from": "gte", "year_to": "lte"}[name]
        return queryset.alias(work_year_value=work_year()).filter(**{f"work_year_value__{lookup}": value})

    def filter_completed(self, queryset, name, value):
        lookup = "gte" if name == "completed_from" else "lte"
        return queryset.filter(status__in=COMPLETED, **{f"actual_end__{lookup}": value})


class ContractFilterSet(work_filterset("project__")):
    project = IdFilter(field_name="project", label=_("Construction work (id)"))
    contractor = django_filters.ModelChoiceFilter(
        queryset=Supplier.objects.filter(kind__in=(SupplierKind.CONTRACTOR, SupplierKind.BOTH)),
        label=_("Contractor"),
    )
    signed_from = DateFromFilter(field_name="signed_on", label=_("Signed from"))
    signed_to = DateToFilter(field_name="signed_on", label=_("Signed to"))

    class Meta:
        model = Contract
        fields = ["q", "project", "contractor", "unit", "units", "kind", "signed_from", "signed_to"]

    def filter_search(self, queryset, name, value):
        return filter_by_search_any(queryset, value, ("search_text", "contractor__search_text", "project__search_text"))


class FundingFilterSet(work_filterset("project__")):
    project = IdFilter(field_name="project", label=_("Construction work (id)"))
    allocation = IdFilter(field_name="allocation", label=_("Allocation (id)"))
    year = django_filters.NumberFilter(field_name="allocation__fiscal_year", label=_("Fiscal year"))

    class Meta:
        model = Funding
        fields = ["q", "project", "allocation", "year", "unit", "units", "kind"]

    def filter_search(self, queryset, name, value):
        return filter_by_search_any(queryset, value, ("project__search_text", "allocation__search_text"))


class ProgressReportFilterSet(work_filterset("project__")):
    project = IdFilter(field_name="project", label=_("Construction work (id)"))
    date_from = DateFromFilter(field_name="date", label=_("Date from"))
    date_to = DateToFilter(field_name="date", label=_("Date to"))
    lowered = django_filters.BooleanFilter(label=_("Lower than the previous report"), method="filter_lowered")

    class Meta:
        model = ProgressReport
        fields = ["q", "project", "unit", "units", "kind", "date_from", "date_to", "lowered"]

    def filter_search(self, queryset, name, value):
        return filter_by_search_any(queryset, value, ("search_text", "project__search_text"))

    def filter_lowered(self, queryset, name, value):
        lowered = Q(percent__lt=F("previous_percent"))
        return queryset.filter(lowered) if value else queryset.exclude(lowered)


class MilestoneFilterSet(work_filterset("project__")):
    project = IdFilter(field_name="project", label=_("Construction work (id)"))
    step = django_filters.ChoiceFilter(choices=Step.choices, label=_("Step"))
    date_from = DateFromFilter(field_name="date", label=_("Date from"))
    date_to = DateToFilter(field_name="date", label=_("Date to"))

    class Meta:
        model = Milestone
        fields = ["q", "project", "step", "unit", "units", "kind", "date_from", "date_to"]

    def filter_search(self, queryset, name, value):
        return filter_by_search_any(queryset, value, ("search_text", "project__search_text"))


class PaymentFilterSet(work_filterset("project__")):
    project = IdFilter(field_name="project", label=_("Construction work (id)"))
    contract = IdFilter(field_name="contract", label=_("Contract (id)"))
    contractor = django_filters.ModelChoiceFilter(
        field_name="contract__contractor",
        queryset=Supplier.objects.filter(kind__in=(SupplierKind.CONTRACTOR, SupplierKind.BOTH)),
        label=_("Contractor"),
    )
    allocation = django_filters.ModelChoiceFilter(
        field_name="spending__allocation", queryset=Allocation.objects.all(), label=_("Allocation")
    )
    year = django_filters.NumberFilter(field_name="spending__allocation__fiscal_year", label=_("Fiscal year"))
    date_from = DateFromFilter(field_name="spending__date", label=_("Date from"))
    date_to = DateToFilter(field_name="spending__date", label=_("Date to"))
    reversed = django_filters.BooleanFilter(label=_("Reversed"), method="filter_reversed")

    class Meta:
        model = Payment
        fields = [
            "q",
            "project",
            "contract",
            "contractor",
            "allocation",
            "year",
            "unit",
            "units",
            "kind",
            "date_from",
            "date_to",
            "reversed",
        ]

    def filter_search(self, queryset, name, value):
        return filter_by_search_any(
            queryset, value, ("spending__search_text", "project__search_text", "contract__contractor__search_text")
        )

    def filter_reversed(self, queryset, name, value):
        return queryset.filter(spending__reversal__isnull=not value)
