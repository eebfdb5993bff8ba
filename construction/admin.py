from django.contrib import admin

from construction.models import Contract, Funding, Milestone, Payment, ProgressReport, Project
from logistics.admin_base import ReadOnlyAdmin, ScopedAdmin


@admin.register(Project)
class ProjectAdmin(ScopedAdmin):
    """Proposals are edited here; steps (approval, start, …) are taken on the work's page or the API."""

    list_display = ("code", "name", "kind", "beneficiary_unit", "status", "total_investment", "planned_end", "progress")
    list_filter = ("status", "kind")
    list_select_related = ("beneficiary_unit",)
    search_fields = ("code", "name")
    autocomplete_fields = ("beneficiary_unit",)
    fields = (
        "code",
        "name",
        "kind",
        "phase",
        "beneficiary_unit",
        "location",
        "total_investment",
        "planned_start",
        "planned_end",
        "note",
    )


@admin.register(Contract)
class ContractAdmin(ScopedAdmin):
    list_display = ("number", "project", "contractor", "signed_on", "value")
    list_select_related = ("project", "contractor")
    search_fields = ("number", "description")
    raw_id_fields = ("project", "contractor")
    fields = ("project", "contractor", "number", "signed_on", "value", "description")


@admin.register(Funding)
class FundingAdmin(ScopedAdmin):
    list_display = ("project", "allocation", "note")
    list_select_related = ("project", "allocation__unit", "allocation__source", "allocation__category")
    raw_id_fields = ("project", "allocation")
    fields = ("project", "allocation", "note")

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ("project", "date", "percent", "previous_percent", "reason", "reported_by")
    list_select_related = ("project", "reported_by")


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ("project", "step", "date", "document_number", "from_status", "to_status", "recorded_by")
    list_filter = ("step",)
    list_select_related = ("project", "recorded_by")


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("spending", "project", "contract")
    list_select_related = ("project", "contract__contractor", "spending")
