from django.contrib import admin

from logistics.admin_base import ReadOnlyAdmin, ScopedAdmin
from oversight.models import (
    DisciplineDecision,
    Finding,
    FindingLink,
    Inspection,
    Programme,
    ProgressReport,
    Recommendation,
    TeamMember,
)


@admin.register(Programme)
class ProgrammeAdmin(ScopedAdmin):
    list_display = ("year", "title", "kind", "schedule", "quarter", "issuing_body", "issuing_unit", "planned_count")
    list_filter = ("year", "kind", "schedule", "issuing_body")
    search_fields = ("title", "document_number", "search_text")
    list_select_related = ("issuing_unit",)
    autocomplete_fields = ("issuing_unit",)
    fields = (
        "year",
        "kind",
        "schedule",
        "quarter",
        "title",
        "document_number",
        "issued_on",
        "issuing_body",
        "issuing_unit",
        "areas",
        "planned_count",
        "planned_targets",
    )


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    fields = ("personnel", "role")
    readonly_fields = ("personnel", "role")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(ScopedAdmin):
    list_display = ("title", "form", "target_unit", "planned_start", "status", "concluded_on")
    list_filter = ("status", "kind", "form", "target_kind")
    search_fields = ("title", "decision_number", "search_text")
    list_select_related = ("target_unit",)
    autocomplete_fields = ("inspecting_unit", "target_unit", "target_person")
    inlines = [TeamMemberInline]
    fields = (
        "programme",
        "form",
        "title",
        "decision_number",
        "inspecting_unit",
        "target_kind",
        "target_unit",
        "target_person",
        "period_from",
        "period_to",
        "planned_start",
        "planned_end",
        "conclusion",
    )


@admin.register(TeamMember)
class TeamMemberAdmin(ScopedAdmin):
    list_display = ("personnel", "role", "inspection")
    list_filter = ("role",)
    list_select_related = ("personnel", "inspection")
    autocomplete_fields = ("personnel",)
    fields = ("inspection", "personnel", "role")


@admin.register(Finding)
class FindingAdmin(ScopedAdmin):
    list_display = ("title", "inspection", "area", "kind", "severity", "amount")
    list_filter = ("area", "kind", "severity")
    search_fields = ("title", "search_text")
    list_select_related = ("inspection",)
    fields = ("inspection", "area", "kind", "severity", "title", "description", "amount")


@admin.register(FindingLink)
class FindingLinkAdmin(ReadOnlyAdmin):
    list_display = ("finding", "content_type", "object_id", "note")
    list_select_related = ("finding", "content_type")


@admin.register(Recommendation)
class RecommendationAdmin(ScopedAdmin):
    list_display = ("__str__", "responsible_unit", "due_date", "status", "done_on", "verified_on")
    list_filter = ("status",)
    search_fields = ("content", "search_text")
    list_select_related = ("responsible_unit", "finding__inspection")
    autocomplete_fields = ("responsible_unit",)
    fields = ("finding", "content", "responsible_unit", "due_date")


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ("recommendation", "reported_on", "status", "reported_by")
    list_filter = ("status",)
    list_select_related = ("recommendation", "reported_by")


@admin.register(DisciplineDecision)
class DisciplineDecisionAdmin(ScopedAdmin):
    list_display = ("decision_number", "decided_on", "target_kind", "target_unit", "target_person", "level")
    list_filter = ("level", "target_kind", "issuing_body")
    search_fields = ("decision_number", "search_text")
    list_select_related = ("target_unit", "target_person")
    autocomplete_fields = ("target_unit", "target_person", "issuing_unit")
    fields = (
        "decision_number",
        "decided_on",
        "issuing_body",
        "issuing_unit",
        "target_kind",
        "target_unit",
        "target_person",
        "level",
        "inspection",
        "reason",
        "corrects",
        "correction",
    )
    raw_id_fields = ("corrects",)
