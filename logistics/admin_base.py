"""Admin machinery: the admin reads through the scope function and writes through the services."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect

from logistics import reads
from logistics.models.base import record_keyword
from logistics.registry import registry
from logistics.scope import can, restrict
from logistics.search import filter_by_search


class NotedReadsMixin:
    """The admin's doors note what they show of a model whose reads are logged: each changelist
    page (and an action's confirmation page), and each record opened — to view, change, delete
    or read its history, which all fetch it through ``get_object``."""

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        if reads.is_logged(self.model):
            changelist = context.get("cl")
            shown = changelist.result_list if changelist is not None else context.get("queryset", ())
            reads.note_read(request, reads.Door.ADMIN_LIST, shown)
        return response

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            reads.note_read(request, reads.Door.ADMIN_VIEW, [obj], record=obj)
        return obj


class ScopedAdmin(NotedReadsMixin, admin.ModelAdmin):
    """Lists only what the user's scope reaches; final records are read-only; saves and deletes
    go through the services declared for the model's pages."""

    # No “Show counts” switch: Django has no Vietnamese for it, and counting every filter's choices
    # over tens of thousands of records slows each page.
    show_facets = admin.ShowFacets.NEVER

    def get_queryset(self, request):
        return restrict(super().get_queryset(request), request.user, "view")

    def has_change_permission(self, request, obj=None):
        if obj is not None and (getattr(obj, "is_locked", False) or not can(request.user, "change", obj)):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (getattr(obj, "is_locked", False) or not can(request.user, "delete", obj)):
            return False
        return super().has_delete_permission(request, obj)

    def get_search_results(self, request, queryset, search_term):
        if search_term and any(f.name == "search_text" for f in self.model._meta.concrete_fields):
            return filter_by_search(queryset, search_term), False
        return super().get_search_results(request, queryset, search_term)

    def _declaration(self):
        return registry.page(self.model)

    def save_model(self, request, obj, form, change):
        declaration = self._declaration()
        data = {name: form.cleaned_data[name] for name in form.fields if name in form.cleaned_data}
        if change:
            saved = declaration.update_service(actor=request.user, **{record_keyword(self.model): obj}, **data)
        else:
            saved = declaration.create_service(actor=request.user, **data)
        obj.pk = saved.pk
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        self._declaration().delete_service(actor=request.user, record=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            try:
                self.delete_model(request, obj)
            except ValidationError as error:
                self.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)

            return HttpResponseRedirect(request.get_full_path())


class ReadOnlyAdmin(NotedReadsMixin, admin.ModelAdmin):
    show_facets = admin.ShowFacets.NEVER

    def get_queryset(self, request):
        return restrict(super().get_queryset(request), request.user, "view")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
