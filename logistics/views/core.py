"""Pages of the shared core: units, personnel, suppliers, the export log, look-ups, attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from logistics import filtersets, forms, reads, services, tables
from logistics.forms import AttachmentForm
from logistics.models import Attachment, ExportLog, Personnel, Supplier, Unit
from logistics.registry import registry
from logistics.scope import restrict
from logistics.search import filter_by_search
from logistics.steps import UNIT_DISSOLVE
from logistics.views.generic import ObjectDetailView, ObjectViews, Related
from logistics.widgets import lookup_label


class UnitViews(ObjectViews):
    model = Unit
    filterset = filtersets.UnitFilterSet
    table = tables.UnitTable
    form = forms.UnitForm
    create_service = services.unit_create
    update_service = services.unit_update
    delete_service = None
    description = gettext_lazy(
        "The force's units as a tree. Dissolved units stay, greyed, with the unit that took them over."
    )
    detail_fields = ("code", "name", "kind", "parent", "valid_from", "valid_to", "successor")
    steps = (UNIT_DISSOLVE,)

    @classmethod
    def get_queryset(cls):
        return Unit.objects.select_related("parent", "successor")

    @classmethod
    def initial(cls, request):
        return {"parent": request.user.unit_id, "valid_from": timezone.localdate()}

    @classmethod
    def related(cls, unit, user):
        return [
            Related(
                _("Units under it"),
                lambda u: Unit.objects.filter(parent=u).select_related("parent", "successor"),
                tables.UnitTable,
            ),
            Related(
                _("Dissolved into it"),
                lambda u: Unit.objects.filter(successor=u).select_related("parent", "successor"),
                tables.UnitTable,
            ),
            Related(
                _("Personnel"),
                lambda u: Personnel.objects.filter(unit=u).select_related("unit"),
                tables.PersonnelTable,
            ),
        ]


class PersonnelViews(ObjectViews):
    model = Personnel
    filterset = filtersets.PersonnelFilterSet
    table = tables.PersonnelTable
    form = forms.PersonnelForm
    create_service = services.personnel_create
    update_service = services.personnel_update
    description = gettext_lazy("Officers and police workers, by unit.")

    @classmethod
    def get_queryset(cls):
        return Personnel.objects.select_related("unit")

    @classmethod
    def initial(cls, request):
        return {"unit": request.user.unit_id}


class SupplierViews(ObjectViews):
    model = Supplier
    filterset = filtersets.SupplierFilterSet
    table = tables.SupplierTable
    form = forms.SupplierForm
    create_service = services.supplier_create
    update_service = services.supplier_update
    description = gettext_lazy("Suppliers of goods and construction contractors, with their tax codes.")


class ExportLogViews(ObjectViews):
    model = ExportLog
    filterset = filtersets.ExportLogFilterSet
    table = tables.ExportLogTable
    delete_service = None
    description = gettext_lazy("Every export of every list: who, which list, which filters, how many rows, when.")

    @classmethod
    def get_queryset(cls):
        return ExportLog.objects.select_related("user")

    @classmethod
    def urls(cls):
        return [pattern for pattern in super().urls() if pattern.name in (cls.name("list"), cls.name("export"))]


@login_required
def lookup(request, app_label, model):
    """Look-up as you type: scoped, accent-insensitive, at most 20 matches."""
    model_class = registry.lookup_model(app_label, model)
    if model_class is None:
        raise Http404
    if any("\x00" in value for _name, values in request.GET.lists() for value in values):
        # The database refuses NUL in text; the widget shows no match, the caller learns why.
        message = str(filtersets.TEXT_ERROR_MESSAGES["null_characters_not_allowed"])
        return JsonResponse({"results": [], "detail": message}, status=400)
    queryset = restrict(model_class.objects.all(), request.user, "view")
    if model_class is Unit:
        queryset = queryset.filter(valid_to__isnull=True)
    query = request.GET.get("q", "")[: filtersets.TEXT_FILTER_MAX_LENGTH]
    custom = getattr(model_class, "lookup_filter", None)
    if custom is not None:
        # A model may search more than its own text (an allocation by its unit, source, year…)
        # and narrow by the form's needs (``?status=approved``).
        queryset = custom(queryset, query, request.GET)
    elif query:
        queryset = filter_by_search(queryset, query)
    records = list(queryset[:20])
    reads.note_read(request, reads.Door.LOOKUP, records)
    results = [{"value": record.pk, "text": lookup_label(record)} for record in records]
    return JsonResponse({"results": results})


def _attached_record(content_type_id, object_id, user):
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None or not hasattr(model, "scope_units"):
        raise Http404
    return get_object_or_404(restrict(model.objects.all(), user, "view"), pk=object_id)


@login_required
@require_POST
def attachment_add(request, content_type_id, object_id):
    record = _attached_record(content_type_id, object_id, request.user)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                actor=request.user,
                record=record,
                uploaded_file=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("File attached."))
            return redirect(record.get_absolute_url() + "#attachments")
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    # Show the record again with the form's errors, keeping the description typed.
    view = ObjectDetailView()
    view.setup(request, pk=record.pk)
    view.declaration = registry.page(type(record))
    return view.render("detail", view.detail_context(record, attachment_form=form), status=400)


def _attachment_in_scope(pk, user) -> Attachment:
    attachment = get_object_or_404(Attachment, pk=pk)
    _attached_record(attachment.content_type_id, attachment.object_id, user)
    return attachment


@login_required
def attachment_download(request, pk):
    attachment = _attachment_in_scope(pk, request.user)
    record = attachment.record
    # A file attached to a record whose reads are logged (a lab result) is read like the record.
    reads.note_read(request, reads.Door.ATTACHMENT, [record] if record is not None else [], record=record)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = _attachment_in_scope(pk, request.user)
    record = attachment.record
    try:
        services.attachment_delete(actor=request.user, attachment=attachment)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except PermissionDenied:
        raise
    else:
        messages.success(request, _("File removed."))
    return redirect(record.get_absolute_url() + "#attachments")
