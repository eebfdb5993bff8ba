from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from budget import services
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
    actions = ["reverse_selected"]

    @admin.action(permissions=["post"], description=_("Reverse the selected entries (đảo bút toán)"))
    def reverse_selected(self, request, queryset):
        """The same service as the page's and the API's Reverse: each refusal is told with its entry."""
        reversed_count = 0
        for entry in queryset.order_by("date", "pk"):
            try:
                services.spending_reverse(actor=request.user, spending=entry, reason=gettext("Reversed in the admin"))
            except (ValidationError, PermissionDenied) as error:
                reasons = error.messages if isinstance(error, ValidationError) else [gettext("Not allowed.")]
                self.message_user(request, f"{entry.voucher_number}: {' '.join(reasons)}", messages.ERROR)
            else:
                reversed_count += 1
        if reversed_count:
            self.message_user(
                request, gettext("%(count)s entries reversed.") % {"count": reversed_count}, messages.SUCCESS
            )

    def has_post_permission(self, request):
        return request.user.has_perm("budget.post_spending")


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
