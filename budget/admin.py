from django.contrib import admin

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
from logistics.admin_base import ReadOnlyAdmin, ScopedAdmin


@admin.register(FundingSource)
class FundingSourceAdmin(ScopedAdmin):
    list_display = ("code", "name", "kind", "is_active")
    search_fields = ("code", "name")


@admin.register(BudgetCode)
class BudgetCodeAdmin(ScopedAdmin):
    list_display = ("code", "name", "parent", "valid_from", "valid_to")
    list_filter = (("parent", admin.EmptyFieldListFilter),)
    search_fields = ("name",)
    fields = ("code", "name", "parent", "valid_from", "valid_to", "legal_basis")

    def get_readonly_fields(self, request, obj=None):
        # The code is the record's key: a new code is a new record.
        return ("code",) if obj is not None else ()


@admin.register(SpendingCategory)
class SpendingCategoryAdmin(ScopedAdmin):
    list_display = ("code", "name", "heading", "subheading", "is_recurrent", "is_active")
    list_select_related = ("heading", "subheading")
    search_fields = ("code", "name")


@admin.register(FiscalYear)
class FiscalYearAdmin(ScopedAdmin):
    list_display = ("year", "note")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Allocation)
class AllocationAdmin(ScopedAdmin):
    list_display = (
        "fiscal_year",
        "unit",
        "source",
        "category",
        "amount",
        "adjustments_total",
        "spent_total",
        "available",
        "status",
    )
    list_filter = ("status", "fiscal_year", "source", "category")
    list_select_related = ("fiscal_year", "unit", "source", "category")
    search_fields = ("decision_number",)
    autocomplete_fields = ("unit",)
    fields = ("fiscal_year", "unit", "source", "category", "amount", "decision_number", "decision_date", "note")


@admin.register(Adjustment)
class AdjustmentAdmin(ReadOnlyAdmin):
    list_display = ("decision_number", "decision_date", "allocation", "amount")
    list_select_related = ("allocation__unit", "allocation__source", "allocation__category")


@admin.register(Spending)
class SpendingAdmin(ScopedAdmin):
    list_display = ("date", "voucher_number", "kind", "allocation", "amount", "status")
    list_filter = ("status", "kind")
    list_select_related = ("allocation__unit", "allocation__source", "allocation__category")
    search_fields = ("voucher_number", "description")
    fields = ("allocation", "kind", "date", "amount", "payee", "voucher_number", "description")
    raw_id_fields = ("allocation", "payee")


@admin.register(YearClosure)
class YearClosureAdmin(ReadOnlyAdmin):
    list_display = ("fiscal_year", "unit", "closed_at", "closed_by", "unspent_total")
    list_select_related = ("fiscal_year", "unit", "closed_by")


@admin.register(BalanceDisposition)
class BalanceDispositionAdmin(ReadOnlyAdmin):
    list_display = ("decision_number", "decision_date", "kind", "allocation", "amount", "carried_to")
    list_filter = ("kind",)
    list_select_related = ("allocation__unit", "allocation__source", "allocation__category", "carried_to__unit")


@admin.register(YearSettlement)
class YearSettlementAdmin(ReadOnlyAdmin):
    list_display = ("fiscal_year", "unit", "decision_number", "decision_date", "approving_body", "spent_total")
    list_select_related = ("fiscal_year", "unit")
