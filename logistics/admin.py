from django.contrib import admin
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from logistics import services
from logistics.admin_base import ReadOnlyAdmin, ScopedAdmin
from logistics.forms import UnitForm
from logistics.models import (
    Attachment,
    ExportLog,
    Job,
    Notification,
    NotificationMute,
    Personnel,
    ReminderRule,
    Supplier,
    Unit,
    User,
)
from logistics.registry import registry
from logistics.scope import restrict

admin.site.site_header = _("Police logistics — administration")
admin.site.site_title = _("Police logistics")


@admin.action(permissions=["delete"], description=_("Delete the selected records"))
def delete_selected(modeladmin, request, queryset):
    """Django's bulk delete (with its confirmation page), under a name that reads right in Vietnamese:
    Django's own puts "Xóa các" before plural names that already begin with "các"."""
    return django_delete_selected(modeladmin, request, queryset)


admin.site.add_action(delete_selected, "delete_selected")


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    """The units as the tree they are: in tree order, each name indented under its parent (as on the
    web list). Moving a unit goes through its form (the parent field) and so through the services,
    not by dragging rows."""

    list_display = ("tree_name", "code", "kind", "valid_from", "valid_to", "successor")
    list_display_links = ("tree_name",)
    list_filter = ("kind",)
    search_fields = ("code", "name", "search_text")
    fields = ("code", "name", "kind", "parent", "valid_from")
    readonly_fields = ()
    list_select_related = ("successor",)
    ordering = ("path",)
    # Sorted by another column the rows would no longer read as a tree.
    sortable_by = ()

    @admin.display(description=_("name"))
    def tree_name(self, unit):
        indent = f"{max(unit.depth - 1, 0) * 1.5:.1f}"
        dissolved = format_html(" <em>({})</em>", _("Dissolved")) if unit.valid_to else ""
        return format_html('<span style="margin-left:{}em">{}</span>{}', indent, unit.name, dissolved)

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = UnitForm
        # ``parent`` is the form's own field (the model keeps it in step with the tree, not editable):
        # named among the model form's fields it would make Django refuse to build the form.
        kwargs["fields"] = [name for name in self.fields if name != "parent"]
        form_class = super().get_form(request, obj, **kwargs)
        user = request.user

        class ScopedUnitForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=user, **inner)

        return ScopedUnitForm

    def get_fields(self, request, obj=None):
        return self.fields


@admin.register(Personnel)
class PersonnelAdmin(ScopedAdmin):
    list_display = ("service_number", "full_name", "rank", "position", "unit", "is_active")
    list_filter = ("rank", "is_party_member", "is_active")
    search_fields = ("full_name", "service_number")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit",)


@admin.register(Supplier)
class SupplierAdmin(ScopedAdmin):
    list_display = ("name", "kind", "tax_code", "contact_person", "phone", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "tax_code")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    show_facets = admin.ShowFacets.NEVER
    list_display = ("username", "full_name", "unit", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "groups")
    search_fields = ("username", "full_name", "email")
    autocomplete_fields = ("unit",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "email", "unit")}),
        (_("Roles and access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "unit", "groups", "password1", "password2")}),
    )

    def get_queryset(self, request):
        return restrict(super().get_queryset(request), request.user, "view")


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "user", "source_label", "format", "channel", "row_count")
    list_filter = ("format", "channel")
    list_select_related = ("user",)


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "record_kind", "record_number", "size", "uploaded_by", "uploaded_at")
    list_select_related = ("content_type", "uploaded_by")

    @admin.display(description=_("Kind of record"), ordering="content_type")
    def record_kind(self, attachment):
        model = attachment.content_type.model_class()
        return model._meta.verbose_name if model is not None else attachment.content_type.model

    @admin.display(description=_("Record number"), ordering="object_id")
    def record_number(self, attachment):
        return attachment.object_id


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "started_by", "kind", "state", "progress_done", "progress_total", "attempts")
    list_filter = ("state", "kind")
    list_select_related = ("started_by",)


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    """When each kind of reminder is sent; the kinds are the areas' (``logistics.reminders``)."""

    show_facets = admin.ShowFacets.NEVER
    list_display = ("kind_label", "enabled", "days_before", "days_after")
    readonly_fields = ("kind",)
    fields = ("kind", "enabled", "days_before", "days_after")

    @admin.display(description=_("kind"))
    def kind_label(self, rule):
        kind = registry.reminder_kind(rule.kind)
        return kind.label if kind is not None else rule.kind

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.reminder_rule_save(
            actor=request.user,
            kind=obj.kind,
            enabled=form.cleaned_data["enabled"],
            days_before=form.cleaned_data["days_before"],
            days_after=form.cleaned_data["days_after"],
        )


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "kind", "title", "read_at", "emailed_at")
    list_filter = ("kind",)
    list_select_related = ("recipient",)


@admin.register(NotificationMute)
class NotificationMuteAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind")
    list_select_related = ("user",)
