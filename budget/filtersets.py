import django_filters
from django.utils.translation import gettext_lazy as _

from budget.choices import AllocationStatus, DispositionKind, SpendingKind, SpendingStatus
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
from logistics.filtersets import BaseFilterSet, DateFromFilter, DateToFilter, IdInFilter, UnitSubtreeFilter


def budget_filterset(prefix: str) -> type[BaseFilterSet]:
    """A FilterSet base with year, unit subtree, source and category, reached through ``prefix``
    (``""`` for allocations, ``"allocation__"`` for what hangs off an allocation)."""

    class BudgetFilterSet(BaseFilterSet):
        year = django_filters.NumberFilter(field_name=f"{prefix}fiscal_year", label=_("Fiscal year"))
        year_from = django_filters.NumberFilter(
            field_name=f"{prefix}fiscal_year", lookup_expr="gte", label=_("From year")
        )
        year_to = django_filters.NumberFilter(field_name=f"{prefix}fiscal_year", lookup_expr="lte", label=_("To year"))
        unit = UnitSubtreeFilter(field_name=f"{prefix}unit")
        units = IdInFilter(field_name=f"{prefix}unit", label=_("Only these units (ids)"))
        source = django_filters.ModelChoiceFilter(
            field_name=f"{prefix}source", queryset=FundingSource.objects.all(), label=_("Funding source")
        )
        category = django_filters.ModelChoiceFilter(
            field_name=f"{prefix}category", queryset=SpendingCategory.objects.all(), label=_("Spending category")
        )
        recurrent = django_filters.BooleanFilter(
            field_name=f"{prefix}category__is_recurrent", label=_("Regular funding")
        )
        heading = django_filters.ModelChoiceFilter(
            field_name=f"{prefix}category__heading",
            queryset=BudgetCode.objects.filter(parent__isnull=True),
            label=_("Heading (mục)"),
        )
        unclassified = django_filters.BooleanFilter(
            field_name=f"{prefix}category__heading", lookup_expr="isnull", label=_("Category without a mục")
        )

    return BudgetFilterSet


class AllocationFilterSet(budget_filterset("")):
    status = django_filters.ChoiceFilter(choices=AllocationStatus.choices, label=_("Status"))
    amount_min = django_filters.NumberFilter(field_name="amount", lookup_expr="gte", label=_("Amount from"))
    amount_max = django_filters.NumberFilter(field_name="amount", lookup_expr="lte", label=_("Amount to"))
    decided_from = DateFromFilter(field_name="decision_date", label=_("Decided from"))
    decided_to = DateToFilter(field_name="decision_date", label=_("Decided to"))
    # The balance of the previous year carried over into this one (chuyển nguồn), apart from the
    # year's own estimate: ``carried_in=false`` is the money allocated this year.
    carried_in = django_filters.BooleanFilter(
        field_name="carried_over_from", lookup_expr="isnull", exclude=True, label=_("Carried in from the previous year")
    )

    class Meta:
        model = Allocation
        fields = [
            "q",
            "year",
            "year_from",
            "year_to",
            "unit",
            "units",
            "source",
            "category",
            "status",
            "amount_min",
            "amount_max",
            "decided_from",
            "decided_to",
            "carried_in",
        ]


class AdjustmentFilterSet(budget_filterset("allocation__")):
    allocation = django_filters.NumberFilter(field_name="allocation", label=_("Allocation"))
    amount_min = django_filters.NumberFilter(field_name="amount", lookup_expr="gte", label=_("Amount from"))
    amount_max = django_filters.NumberFilter(field_name="amount", lookup_expr="lte", label=_("Amount to"))
    decided_from = DateFromFilter(field_name="decision_date", label=_("Decided from"))
    decided_to = DateToFilter(field_name="decision_date", label=_("Decided to"))

    class Meta:
        model = Adjustment
        fields = [
            "q",
            "year",
            "year_from",
            "year_to",
            "unit",
            "units",
            "source",
            "category",
            "allocation",
            "amount_min",
            "amount_max",
            "decided_from",
            "decided_to",
        ]


class SpendingFilterSet(budget_filterset("allocation__")):
    allocation = django_filters.NumberFilter(field_name="allocation", label=_("Allocation"))
    status = django_filters.ChoiceFilter(choices=SpendingStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=SpendingKind.choices, label=_("Kind"))
    amount_min = django_filters.NumberFilter(field_name="amount", lookup_expr="gte", label=_("Amount from"))
    amount_max = django_filters.NumberFilter(field_name="amount", lookup_expr="lte", label=_("Amount to"))
    date_from = DateFromFilter(field_name="date", label=_("Date from"))
    date_to = DateToFilter(field_name="date", label=_("Date to"))

    class Meta:
        model = Spending
        fields = [
            "q",
            "year",
            "year_from",
            "year_to",
            "unit",
            "units",
            "source",
            "category",
            "allocation",
            "status",
            "kind",
            "payee",
            "amount_min",
            "amount_max",
            "date_from",
            "date_to",
        ]


class FundingSourceFilterSet(BaseFilterSet):
    class Meta:
        model = FundingSource
        fields = ["q", "kind", "is_active"]


class SpendingCategoryFilterSet(BaseFilterSet):
    heading = django_filters.ModelChoiceFilter(
        field_name="heading", queryset=BudgetCode.objects.filter(parent__isnull=True), label=_("Heading (mục)")
    )

    class Meta:
        model = SpendingCategory
        fields = ["q", "is_recurrent", "is_active", "heading"]


class BudgetCodeFilterSet(BaseFilterSet):
    parent = django_filters.ModelChoiceFilter(
        field_name="parent", queryset=BudgetCode.objects.filter(parent__isnull=True), label=_("Heading (mục)")
    )
    is_heading = django_filters.BooleanFilter(field_name="parent", lookup_expr="isnull", label=_("Mục only"))

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if value.isdigit() and len(value) <= 4:
            # Typed digits are the start of a code: "65" finds 6500 to 6599.
            scale = 10 ** (4 - len(value))
            return queryset.filter(code__gte=int(value) * scale, code__lt=(int(value) + 1) * scale)
        return super().filter_search(queryset, name, value)

    class Meta:
        model = BudgetCode
        fields = ["q", "parent", "is_heading"]


class FiscalYearFilterSet(BaseFilterSet):
    def filter_search(self, queryset, name, value):
        return queryset.filter(year__startswith=value.strip()) if value.strip().isdigit() else queryset.none()

    class Meta:
        model = FiscalYear
        fields = ["q"]


class YearClosureFilterSet(BaseFilterSet):
    unit = UnitSubtreeFilter(field_name="unit")

    def filter_search(self, queryset, name, value):
        return queryset.filter(note__icontains=value)

    class Meta:
        model = YearClosure
        fields = ["q", "fiscal_year", "unit"]


class BalanceDispositionFilterSet(budget_filterset("allocation__")):
    kind = django_filters.ChoiceFilter(choices=DispositionKind.choices, label=_("Kind"))

    class Meta:
        model = BalanceDisposition
        fields = ["q", "year", "year_from", "year_to", "unit", "units", "source", "category", "kind"]


class YearSettlementFilterSet(BaseFilterSet):
    unit = UnitSubtreeFilter(field_name="unit")

    class Meta:
        model = YearSettlement
        fields = ["q", "fiscal_year", "unit"]
