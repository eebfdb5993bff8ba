from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget import filtersets, forms, services, tables
from budget.choices import AllocationStatus, SpendingKind
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
from budget.steps import (
    ALLOCATION_APPROVE,
    SPENDING_CLEAR,
    SPENDING_POST,
    SPENDING_REVERSE,
    YEAR_CARRY_OVER,
    YEAR_CLOSE,
    YEAR_SETTLE,
)
from logistics.selectors import rollup_unit_ids
from logistics.views.generic import ObjectViews, Related, SubmitButton


def _allocation_param(request) -> int | None:
    """``?allocation=`` of the page that sent the officer here, when it is a number."""
    value = request.GET.get("allocation", "")
    return int(value) if value.isdigit() else None


class FundingSourceViews(ObjectViews):
    model = FundingSource
    filterset = filtersets.FundingSourceFilterSet
    table = tables.FundingSourceTable
    form = forms.FundingSourceForm
    create_service = services.funding_source_create
    update_service = services.funding_source_update
    description = gettext_lazy("Where the money comes from: ministry allocation, local support, extra-plan revenue.")


class BudgetCodeViews(ObjectViews):
    model = BudgetCode
    filterset = filtersets.BudgetCodeFilterSet
    table = tables.BudgetCodeTable
    form = forms.BudgetCodeForm
    create_service = services.budget_code_create
    update_service = services.budget_code_update
    description = gettext_lazy(
        "The state budget classification (Mục lục ngân sách nhà nước): each mục with its tiểu mục, "
        "Circular 324/2016/TT-BTC and its amendments."
    )

    @classmethod
    def get_queryset(cls):
        return BudgetCode.objects.select_related("parent")

    @classmethod
    def related(cls, code, user):
        if not code.is_heading:
            return []
        return [
            Related(
                _("Sub-heading (tiểu mục)"),
                lambda heading: BudgetCode.objects.filter(parent=heading).select_related("parent"),
                tables.BudgetCodeTable,
            )
        ]


class SpendingCategoryViews(ObjectViews):
    model = SpendingCategory
    filterset = filtersets.SpendingCategoryFilterSet
    table = tables.SpendingCategoryTable
    form = forms.SpendingCategoryForm
    create_service = services.spending_category_create
    update_service = services.spending_category_update
    description = gettext_lazy("What the money is spent on.")


class FiscalYearViews(ObjectViews):
    model = FiscalYear
    filterset = filtersets.FiscalYearFilterSet
    table = tables.FiscalYearTable
    form = forms.FiscalYearForm
    create_service = services.fiscal_year_create
    update_service = None
    delete_service = None
    description = gettext_lazy(
        "Fiscal years and their year end: closing the books, carrying over or cancelling balances, settlement."
    )
    steps = (YEAR_CLOSE, YEAR_CARRY_OVER, YEAR_SETTLE)

    @classmethod
    def get_queryset(cls):
        return FiscalYear.objects.prefetch_related("closures__unit", "settlements__unit")

    @classmethod
    def related(cls, fiscal_year, user):
        return [
            Related(
                _("Closures"),
                lambda year: YearClosure.objects.filter(fiscal_year=year).select_related(
                    "fiscal_year", "unit", "closed_by"
                ),
                tables.YearClosureTable,
            ),
            Related(
                _("Balances carried over or cancelled"),
                lambda year: BalanceDisposition.objects.filter(allocation__fiscal_year=year).select_related(
                    "allocation__unit", "allocation__source", "allocation__category", "carried_to__unit"
                ),
                tables.BalanceDispositionTable,
            ),
            Related(
                _("Approved settlements"),
                lambda year: YearSettlement.objects.filter(fiscal_year=year).select_related("fiscal_year", "unit"),
                tables.YearSettlementTable,
            ),
        ]

    @classmethod
    def detail_links(cls, fiscal_year, user):
        query = urlencode({"year_from": fiscal_year.year, "year_to": fiscal_year.year})
        return [(_("Budget execution"), reverse("budget:execution") + "?" + query, "bar-chart")]


class YearClosureViews(ObjectViews):
    model = YearClosure
    filterset = filtersets.YearClosureFilterSet
    table = tables.YearClosureTable
    delete_service = None
    description = gettext_lazy("Years closed for a unit subtree, with the unspent balances at closing.")

    @classmethod
    def get_queryset(cls):
        return YearClosure.objects.select_related("fiscal_year", "unit", "closed_by")

    @classmethod
    def related(cls, closure, user):
        return [
            Related(
                _("Unspent balances at closing"),
                lambda c: Allocation.objects.filter(
                    fiscal_year=c.fiscal_year,
                    unit_id__in=rollup_unit_ids(c.unit),
                    status=AllocationStatus.APPROVED,
                    available__gt=0,
                ).select_related("unit", "source", "category", "fiscal_year"),
                tables.AllocationTable,
            )
        ]


class BalanceDispositionViews(ObjectViews):
    model = BalanceDisposition
    filterset = filtersets.BalanceDispositionFilterSet
    table = tables.BalanceDispositionTable
    update_service = None
    delete_service = None
    description = gettext_lazy(
        "Unspent balances of closed years carried over to the next year (chuyển nguồn) or cancelled, by decision."
    )
    detail_fields = (
        "allocation",
        "kind",
        "amount",
        "decision_number",
        "decision_date",
        "carried_to",
        "note",
        "recorded_by",
        "created_at",
    )

    @classmethod
    def get_queryset(cls):
        return BalanceDisposition.objects.select_related(
            "allocation__unit",
            "allocation__source",
            "allocation__category",
            "allocation__fiscal_year",
            "carried_to__unit",
            "carried_to__source",
            "carried_to__category",
            "recorded_by",
        )


class YearSettlementViews(ObjectViews):
    model = YearSettlement
    filterset = filtersets.YearSettlementFilterSet
    table = tables.YearSettlementTable
    update_service = None
    delete_service = None
    description = gettext_lazy("Settlements of closed years approved by the superior (quyết toán được duyệt).")

    @classmethod
    def get_queryset(cls):
        return YearSettlement.objects.select_related("fiscal_year", "unit", "closure", "recorded_by")


class AllocationViews(ObjectViews):
    model = Allocation
    status_colors = tables.STATUS_COLORS
    filterset = filtersets.AllocationFilterSet
    table = tables.AllocationTable
    form = forms.AllocationForm
    create_service = services.allocation_create
    update_service = services.allocation_update
    save_label = gettext_lazy("Save draft")
    description = gettext_lazy(
        "What each unit was allocated, per fiscal year, funding source and category; approved allocations are final."
    )
    detail_fields = (
        "fiscal_year",
        "unit",
        "source",
        "category",
        "amount",
        "adjustments_total",
        "spent_total",
        "disposed_total",
        "available",
        "carried_over_from",
        "decision_number",
        "decision_date",
        "status",
        "approved_by",
        "approved_at",
        "note",
    )
    steps = (ALLOCATION_APPROVE,)

    @classmethod
    def get_queryset(cls):
        return Allocation.objects.select_related(
            "fiscal_year", "unit", "source", "category", "approved_by", "carried_over_from"
        )

    @classmethod
    def initial(cls, request):
        return {
            "fiscal_year": timezone.localdate().year,
            "unit": request.user.unit_id,
            "decision_date": timezone.localdate(),
        }

    @classmethod
    def related(cls, allocation, user):
        return [
            Related(
                _("Adjustments"),
                lambda a: a.adjustments.select_related(
                    "allocation__unit", "allocation__source", "allocation__category"
                ),
                tables.AdjustmentTable,
            ),
            Related(
                _("Spending"),
                lambda a: a.spending.select_related("payee", "allocation__unit", "allocation__category"),
                tables.SpendingTable,
            ),
            Related(
                _("Balances carried over or cancelled"),
                lambda a: a.dispositions.select_related(
                    "allocation__unit",
                    "allocation__source",
                    "allocation__category",
                    "carried_to__unit",
                    "carried_to__source",
                    "carried_to__category",
                ),
                tables.BalanceDispositionTable,
            ),
        ]

    @classmethod
    def detail_links(cls, allocation, user):
        if allocation.status != AllocationStatus.APPROVED:
            return []
        links = []
        if user.has_perm("budget.add_spending"):
            links.append(
                (_("Record spending"), reverse("budget:spending_add") + f"?allocation={allocation.pk}", "cash")
            )
        if user.has_perm("budget.add_adjustment"):
            links.append(
                (
                    _("Record an adjustment"),
                    reverse("budget:adjustment_add") + f"?allocation={allocation.pk}",
                    "plus-slash-minus",
                )
            )
        return links


class AdjustmentViews(ObjectViews):
    model = Adjustment
    filterset = filtersets.AdjustmentFilterSet
    table = tables.AdjustmentTable
    form = forms.AdjustmentForm
    create_service = services.adjustment_create
    update_service = None
    delete_service = None
    description = gettext_lazy(
        "Decisions that add to or reduce approved allocations. Recorded once; a correction is another adjustment."
    )

    @classmethod
    def get_queryset(cls):
        return Adjustment.objects.select_related(
            "allocation__unit", "allocation__source", "allocation__category", "allocation__fiscal_year"
        )

    @classmethod
    def initial(cls, request):
        return {"allocation": _allocation_param(request), "decision_date": timezone.localdate()}


class SpendingViews(ObjectViews):
    model = Spending
    status_colors = tables.STATUS_COLORS
    filterset = filtersets.SpendingFilterSet
    table = tables.SpendingTable
    form = forms.SpendingForm
    create_service = services.spending_create
    update_service = services.spending_update
    save_label = gettext_lazy("Save draft")
    submit_buttons = (
        SubmitButton(
            name="_post",
            label=gettext_lazy("Save and post"),
            service_kwargs={"post": True},
            permission="post",
            confirm=gettext_lazy("Post this entry? A posted entry cannot be changed or deleted, only reversed."),
            icon="journal-check",
        ),
    )
    description = gettext_lazy(
        "Advances and payments against allocations. Posted entries are final; a correction is a reversal."
    )
    detail_fields = (
        "allocation",
        "kind",
        "date",
        "amount",
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
    )
    steps = (SPENDING_POST, SPENDING_CLEAR, SPENDING_REVERSE)

    @classmethod
    def get_queryset(cls):
        return Spending.objects.select_related(
            "allocation__unit",
            "allocation__category",
            "allocation__source",
            "allocation__fiscal_year",
            "payee",
            "posted_by",
            "reverses",
            "clears",
        )

    @classmethod
    def initial(cls, request):
        today = timezone.localdate()
        chosen = _allocation_param(request)
        initial = {"allocation": chosen, "date": today, "kind": SpendingKind.PAYMENT}
        allocation = Allocation.objects.filter(pk=chosen).only("fiscal_year").first() if chosen else None
        if allocation is not None and allocation.fiscal_year_id != today.year:
            # An entry for a past year (still open) is usually dated at the end of that year.
            initial["date"] = today.replace(year=allocation.fiscal_year_id, month=12, day=31)
        return initial

    @classmethod
    def related(cls, entry, user):
        return [
            Related(
                _("Reversed by"),
                lambda e: Spending.objects.filter(reverses=e).select_related(
                    "payee", "allocation__unit", "allocation__category"
                ),
                tables.SpendingTable,
            ),
            Related(
                _("Clearings and refunds"),
                lambda e: Spending.objects.filter(clears=e).select_related(
                    "payee", "allocation__unit", "allocation__category"
                ),
                tables.SpendingTable,
            ),
        ]
