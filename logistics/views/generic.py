"""Generic pages every model gets from a short declaration (NetBox style).

An app declares, for one model::

    class SupplierViews(ObjectViews):
        model = Supplier
        filterset = SupplierFilterSet
        table = SupplierTable
        form = SupplierForm
        create_service = services.supplier_create
        update_service = services.supplier_update

and ``SupplierViews.urls()`` gives list, detail, add, edit, delete, export and action pages, all
restricted by :func:`logistics.scope.restrict` and writing only through the services.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Model, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import select_template
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View

from logistics import reads
from logistics.exports import EXPORT_FORMATS, export_response
from logistics.forms import AttachmentForm, LinesFormMixin
from logistics.history import history_for
from logistics.links import query_changed
from logistics.models import Attachment
from logistics.models.base import record_keyword
from logistics.paging import CursorError, CursorUnsupported, RowCount, count_rows, cursor_after, keyset_page
from logistics.panels import panels_for
from logistics.scope import can, permission_name, record_name, restrict
from logistics.services import record_delete
from logistics.tables import MoneyColumn, configure_from_request, page_size
from logistics.workflow import Step


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the fields it names, the rest at the top. A key the form
    names in ``error_links`` (key → label) carries the address of the records behind a refusal (the
    open advances that hold back a year's closing): it becomes a link beside the errors."""
    links = getattr(form, "error_links", {})
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            if name in links:
                form.refusal_links = [
                    *getattr(form, "refusal_links", []),
                    *((links[name], message) for item in errors for message in item.messages),
                ]
                continue
            target = name if name in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def configure_table(request, table, *, per_page_default: int, page: int | None = None) -> None:
    """Sort and paginate ``table`` from the request, ``per_page_default`` rows a page unless the
    query asks for another size (within the bounds of :func:`configure_from_request`), from ``page``
    (or the query's)."""
    paginate = {"per_page": per_page_default} if page is None else {"per_page": per_page_default, "page": page}
    configure_from_request(table, request, paginate=paginate)


@dataclass
class SubmitButton:
    """A second way to submit an entry form, e.g. *Lưu và ghi sổ* next to *Lưu nháp*.

    The create/update service receives ``service_kwargs`` (e.g. ``{"post": True}``) and does both
    steps in one transaction, so a refusal of the second step saves nothing.
    """

    name: str
    label: str
    service_kwargs: dict
    permission: str | None = None
    confirm: str = ""
    style: str = "success"
    icon: str = "check2-circle"


@dataclass
class Related:
    """A table of records related to the one shown on a detail page."""

    title: str
    queryset: Callable[[Model], QuerySet]
    table: type
    add_url: Callable[[Model], str] | None = None


class ObjectViews:
    model: type[Model]
    filterset: type
    table: type
    form: type | None = None
    create_service: Callable[..., Model] | None = None
    update_service: Callable[..., Model] | None = None
    delete_service: Callable[..., None] | None = staticmethod(record_delete)
    description: str = ""
    detail_fields: tuple[str, ...] | None = None
    #: Fields the record's page leaves out besides those no page shows (when ``detail_fields`` is unset).
    detail_hidden: frozenset[str] = frozenset()
    #: The workflow steps offered on a record's page (:class:`logistics.workflow.Step`).
    steps: tuple[Step, ...] = ()
    submit_buttons: tuple[SubmitButton, ...] = ()
    save_label: str = ""
    #: Bootstrap colour of each value of the model's ``status`` field, for badges.
    status_colors: dict = {}
    per_page = 50

    # --- hooks a declaration may override ----------------------------------------------------

    @classmethod
    def get_queryset(cls) -> QuerySet:
        return cls.model.objects.all()

    @classmethod
    def related(cls, obj, user) -> list[Related]:
        return []

    @classmethod
    def initial(cls, request) -> dict:
        """Defaults for a new record: the user's unit, today, the current year."""
        return {}

    @classmethod
    def totals(cls, rows: QuerySet) -> dict:
        columns = getattr(cls.table, "total_columns", ())
        if not columns:
            return {}
        return rows.aggregate(**{name: Sum(name) for name in columns})

    @classmethod
    def detail_links(cls, obj, user) -> list[tuple[str, str, str]]:
        """Buttons on a record's page that open other pages: (label, url, icon)."""
        return []

    @classmethod
    def list_links(cls, user) -> list[tuple[str, str, str]]:
        """Buttons on the list page that open other pages, beside *Thêm mới*: (label, url, icon)."""
        return []

    @classmethod
    def on_view(cls, request, obj) -> None:
        """Called each time a record's page is shown. (Reads that must be logged are noted by
        :func:`logistics.reads.note_read` at every door, whatever the declaration says.)"""

    @classmethod
    def export_filters(cls, params: dict) -> dict:
        """The filters of an export as the export log keeps them (the clinic hides its searches)."""
        return dict(params)

    # --- URLs ---------------------------------------------------------------------------------

    @classmethod
    def name(cls, view: str) -> str:
        return f"{cls.model._meta.model_name}_{view}"

    @classmethod
    def url_prefix(cls) -> str:
        return str(cls.model._meta.model_name)

    @classmethod
    def urls(cls) -> list:
        prefix = cls.url_prefix()
        patterns = [
            path(f"{prefix}/", ObjectListView.as_view(declaration=cls), name=cls.name("list")),
            path(f"{prefix}/export/", ObjectExportView.as_view(declaration=cls), name=cls.name("export")),
            path(f"{prefix}/<int:pk>/", ObjectDetailView.as_view(declaration=cls), name=cls.name("detail")),
        ]
        if cls.form is not None and cls.create_service is not None:
            patterns.append(path(f"{prefix}/add/", ObjectEditView.as_view(declaration=cls), name=cls.name("add")))
        if cls.form is not None and cls.update_service is not None:
            patterns.append(
                path(f"{prefix}/<int:pk>/edit/", ObjectEditView.as_view(declaration=cls), name=cls.name("edit"))
            )
        if cls.delete_service is not None:
            patterns.append(
                path(f"{prefix}/<int:pk>/delete/", ObjectDeleteView.as_view(declaration=cls), name=cls.name("delete"))
            )
        for step in cls.steps:
            patterns.append(path(f"{prefix}/<int:pk>/{step.name}/", cls.step_view(step), name=cls.name(step.name)))
        return patterns

    @classmethod
    def step_view(cls, step: Step):
        """The page of a step: its form and confirmation, unless the declaration gives it a page of
        its own (a count sheet that is more than a form)."""
        return ObjectActionView.as_view(declaration=cls, step_name=step.name)

    @classmethod
    def step(cls, name: str) -> Step:
        return next(step for step in cls.steps if step.name == name)

    @classmethod
    def url(cls, view: str, obj=None) -> str:
        namespace = cls.model._meta.app_label
        kwargs = {"pk": obj.pk} if obj is not None else {}
        return reverse(f"{namespace}:{cls.name(view)}", kwargs=kwargs)

    @classmethod
    def has_view(cls, view: str) -> bool:
        if view == "add":
            return cls.form is not None and cls.create_service is not None
        if view == "edit":
            return cls.form is not None and cls.update_service is not None
        if view == "delete":
            return cls.delete_service is not None
        return True


class DeclaredView(LoginRequiredMixin, View):
    declaration: type[ObjectViews] = None  # set by as_view()

    @property
    def model(self):
        return self.declaration.model

    def templates(self, kind: str) -> list[str]:
        meta = self.model._meta
        return [f"{meta.app_label}/{meta.model_name}_{kind}.html", f"generic/object_{kind}.html"]

    def render(self, kind: str, context: dict, status: int = 200):
        context.setdefault("declaration", self.declaration)
        context.setdefault("meta", self.model._meta)
        return TemplateResponse(self.request, select_template(self.templates(kind)), context, status=status)

    def require_model_permission(self, action: str) -> None:
        if not self.request.user.has_perm(permission_name(self.model, action)):
            raise PermissionDenied

    def get_object(self, action: str = "view"):
        queryset = restrict(self.declaration.get_queryset(), self.request.user, "view")
        obj = get_object_or_404(queryset, pk=self.kwargs["pk"])
        if action != "view" and not can(self.request.user, action, obj):
            raise PermissionDenied
        return obj

    def filtered(self, query=None):
        self.require_model_permission("view")
        queryset = restrict(self.declaration.get_queryset(), self.request.user, "view")
        query = self.request.GET if query is None else query
        filterset = self.declaration.filterset(query or None, queryset=queryset, request=self.request)
        return filterset, filterset.qs


@dataclass
class ListPager:
    """The links under a list: numbered pages for the first pages, then *next* / *previous* by
    position (a cursor), which costs the same however deep the page is."""

    count: RowCount
    #: The page number (numbered pages), or None for a page read by position.
    number: int | None = None
    start: int = 0
    end: int = 0
    pages: list = dataclasses.field(default_factory=list)
    first_url: str | None = None
    previous_url: str | None = None
    next_url: str | None = None

    @property
    def several(self) -> bool:
        return bool(self.pages and len(self.pages) > 1) or bool(self.previous_url or self.next_url)


#: Query parameters of a list page that are no filters.
LIST_CONTROLS = ("page", "sort", "per_page", "cursor", "totals")


def _query_with(request, **changes) -> str:
    encoded = query_changed(request.GET, **changes)
    return f"?{encoded}" if encoded else request.path


class ObjectListView(DeclaredView):
    def get(self, request, **kwargs):
        filterset, rows = self.filtered()
        # Configured (sorted, paginated) once, below: a table made with the request would be too.
        table = self.declaration.table(rows)
        status = 200
        try:
            pager = self.page_by_position(table) if "cursor" in request.GET else None
        except CursorError as error:
            if not isinstance(error, CursorUnsupported):
                messages.error(request, str(error))
                status = 400
            pager = None
        if pager is None:
            pager = self.page_by_number(table)
        table.pager = pager
        # The totals row sums every filtered row: at once while the list is counted exactly (it
        # is small enough), on demand (``?totals=1``) beyond that.
        has_totals = bool(getattr(self.declaration.table, "total_columns", ()))
        totals_now = has_totals and (not pager.count.estimated or request.GET.get("totals") == "1")
        totals = self.totals(table, rows) if totals_now else []
        # The page's rows (one query, which the template reuses) and what the filter panel names.
        shown = [row.record for row in table.paginated_rows] if reads.is_logged(self.model) else []
        reads.note_read(request, reads.Door.LIST, [*shown, *reads.shown_in_form(filterset.form)])
        context = {
            "title": self.model._meta.verbose_name_plural,
            "description": self.declaration.description,
            "filterset": filterset,
            "table": table,
            "pager": pager,
            "totals": totals,
            "totals_url": _query_with(request, totals="1") if has_totals and not totals_now else None,
            "total_values": {total["name"]: total["value"] for total in totals},
            "row_count": pager.count.value,
            "can_add": self.declaration.has_view("add") and request.user.has_perm(permission_name(self.model, "add")),
            "links": self.declaration.list_links(request.user),
            "export_formats": EXPORT_FORMATS,
            "filtered": any(value for key, value in request.GET.items() if key not in LIST_CONTROLS),
        }
        return self.render("list", context, status=status)

    def page_by_number(self, table) -> ListPager:
        request = self.request
        configure_table(request, table, per_page_default=self.declaration.per_page)
        page, paginator = table.page, table.paginator
        numbered = settings.LIST_NUMBERED_PAGES
        count = getattr(paginator, "row_count", None)
        if count is None:
            # A list with a paginator of its own (the change log's stops counting at a cap).
            capped = bool(getattr(paginator, "capped", False))
            count = RowCount(paginator.count, estimated=capped, threshold=getattr(paginator, "cap", 0))
        pager = ListPager(count=count, number=page.number)
        if paginator.count:
            # From the rows read, not the count: an estimated count may end the last page early.
            pager.start = page.start_index()
            pager.end = pager.start + len(page.object_list) - 1
        if page.number <= numbered:
            pager.pages = [
                (number, _query_with(request, page=str(number), cursor=None))
                for number in range(1, min(paginator.num_pages, numbered) + 1)
            ]
        if page.has_previous():
            pager.previous_url = _query_with(request, page=str(page.previous_page_number()), cursor=None)
        if page.has_next():
            if page.number < numbered:
                pager.next_url = _query_with(request, page=str(page.next_page_number()), cursor=None)
            else:
                # Past the numbered pages the list goes on by position (the page's rows are read
                # already: the template draws the same ones).
                records = list(table.paginated_rows.data)
                cursor = cursor_after(table.data.data, records[-1]) if records else None
                pager.next_url = (
                    _query_with(request, cursor=cursor, page=None)
                    if cursor
                    else _query_with(request, page=str(page.next_page_number()))
                )
        if page.number > numbered:
            pager.first_url = _query_with(request, page=None, cursor=None)
        return pager

    def page_by_position(self, table) -> ListPager:
        request = self.request
        configure_from_request(table, request, paginate=False)
        queryset = table.data.data
        page = keyset_page(queryset, request.GET["cursor"] or None, page_size(request, self.declaration.per_page))
        table.show_records(page.rows)
        pager = ListPager(count=count_rows(queryset), first_url=_query_with(request, page=None, cursor=None))
        if page.previous_cursor:
            pager.previous_url = _query_with(request, cursor=page.previous_cursor, page=None)
        if page.next_cursor:
            pager.next_url = _query_with(request, cursor=page.next_cursor, page=None)
        return pager

    def totals(self, table, rows) -> list[dict]:
        """The footer: each total column's sum over every filtered row, money as money."""
        sums = self.declaration.totals(rows)
        result = []
        for name, value in sums.items():
            column = table.columns[name]
            money = isinstance(column.column, MoneyColumn)
            result.append({"name": name, "label": column.header, "value": value or 0, "money": money})
        return result


class ObjectExportView(DeclaredView):
    reads_from_replica = True  # logistics/replica.py

    def get(self, request, **kwargs):
        fmt = request.GET.get("format", "csv")
        if fmt not in EXPORT_FORMATS:
            raise Http404
        # The file's format is no filter of the list, even of a list with a filter of that name
        # (the export log's).
        query = request.GET.copy()
        query.pop("format", None)
        filterset, rows = self.filtered(query)
        if filterset.is_bound and not filterset.is_valid():
            # The list ignores a filter it cannot read, and says so beside it; a file would hold
            # more than was asked for without saying anything. Back to the list and its messages.
            return redirect(f"{self.declaration.url('list')}?{query.urlencode()}")
        if request.GET.get("sort"):
            table = self.declaration.table(rows, request=request)
            table.order_by = request.GET["sort"]
            rows = table.data.data
        return export_response(
            user=request.user,
            queryset=rows,
            table_class=self.declaration.table,
            source=self.model._meta.label_lower,
            label=str(self.model._meta.verbose_name_plural),
            fmt=fmt,
            channel="web",
            filters=self.declaration.export_filters({k: v for k, v in request.GET.items() if k != "format"}),
            read_by=request,
            read_door=reads.Door.EXPORT,
        )


class ObjectDetailView(DeclaredView):
    def get(self, request, **kwargs):
        obj = self.get_object()
        self.declaration.on_view(request, obj)
        return self.render("detail", self.detail_context(obj))

    def status_badge(self, obj):
        return _status_badge(self.declaration, obj)

    def detail_context(self, obj, attachment_form=None) -> dict:
        user = self.request.user
        declaration = self.declaration
        fields = detail_fields(declaration, self.model)
        related = []
        shown = [obj]
        for item in declaration.related(obj, user):
            rows = restrict(item.queryset(obj), user, "view")
            table = item.table(rows, request=self.request, orderable=False)
            configure_table(self.request, table, per_page_default=25, page=1)
            related.append({"title": item.title, "table": table, "count": table.paginator.count})
            if reads.is_logged(rows.model):
                shown.extend(row.record for row in table.paginated_rows)
        panels = panels_for(obj, user)
        shown.extend(record for panel in panels for record in panel.shown)
        # Noted here, where every rendering of a record's page is assembled (the page itself, and
        # the page shown again with an attachment's errors), with the related rows it shows.
        reads.note_read(self.request, reads.Door.VIEW, shown, record=obj)
        content_type = ContentType.objects.get_for_model(self.model)
        return {
            "object": obj,
            "title": record_name(obj, request=self.request),
            "fields": fields,
            "related": related,
            "history": history_for(obj),
            "attachments": Attachment.objects.filter(content_type=content_type, object_id=obj.pk).select_related(
                "uploaded_by"
            ),
            "attachment_form": attachment_form or AttachmentForm(),
            "content_type": content_type,
            "can_attach": user.has_perm("logistics.add_attachment"),
            "can_remove_attachment": user.has_perm("logistics.delete_attachment") and not obj.is_locked,
            "can_edit": declaration.has_view("edit") and not obj.is_locked and can(user, "change", obj),
            "can_delete": declaration.has_view("delete") and not obj.is_locked and can(user, "delete", obj),
            "actions": [step for step in declaration.steps if step.offered(user, obj)],
            "panels": panels,
            "status_badge": self.status_badge(obj),
            "links": declaration.detail_links(obj, user),
        }


def detail_fields(declaration, model) -> list:
    """The fields a record's page shows: the declaration's list, or every field users entered."""
    if declaration.detail_fields is not None:
        return [model._meta.get_field(name) for name in declaration.detail_fields]
    # Creation and change times are in the history, beside who made them.
    hidden = {"id", "path", "depth", "numchild", "search_text", "search_words", "password", "created_at", "updated_at"}
    hidden |= declaration.detail_hidden
    return [f for f in model._meta.concrete_fields if f.name not in hidden]


def _status_badge(declaration, obj):
    if not any(f.name == "status" and f.choices for f in obj._meta.concrete_fields):
        return None
    return {"label": obj.get_status_display(), "color": declaration.status_colors.get(obj.status, "secondary")}


class ObjectEditView(DeclaredView):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object("change") if "pk" in kwargs else None
        if self.object is None:
            self.require_model_permission("add")
        elif self.object.is_locked:
            messages.error(request, _("This record is final and cannot be changed."))
            return redirect(self.object.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def make_form(self, data=None, files=None):
        initial = self.declaration.initial(self.request) if self.object is None else None
        return self.declaration.form(data, files, instance=self.object, initial=initial, user=self.request.user)

    def buttons(self) -> list[SubmitButton]:
        user = self.request.user
        return [
            button
            for button in self.declaration.submit_buttons
            if button.permission is None or user.has_perm(permission_name(self.model, button.permission))
        ]

    def page(self, form, status=200):
        shown = [self.object] if self.object is not None else []
        reads.note_read(self.request, reads.Door.FORM, [*shown, *reads.shown_in_form(form)], record=self.object)
        verbose = self.model._meta.verbose_name
        title = _("Edit %(name)s") % {"name": self.object} if self.object else _("New %(model)s") % {"model": verbose}
        context = {
            "form": form,
            # A document with lines typed on the same page (logistics.forms.LinesFormMixin).
            "lines": getattr(form, "line_formset", None),
            "object": self.object,
            "title": title,
            "buttons": self.buttons(),
            "save_label": self.declaration.save_label or _("Save"),
        }
        return self.render("form", context, status=status)

    def get(self, request, **kwargs):
        return self.page(self.make_form())

    def post(self, request, **kwargs):
        form = self.make_form(request.POST, request.FILES)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.fields if name in form.cleaned_data}
            if isinstance(form, LinesFormMixin):
                data[form.lines_field] = form.cleaned_data[form.lines_field]
            # What a form typed in a table of its own besides its lines (a voucher's signatories).
            data.update(form.extra_service_data() if hasattr(form, "extra_service_data") else {})
            for button in self.buttons():
                if button.name in request.POST:
                    data.update(button.service_kwargs)
            try:
                if self.object is None:
                    saved = self.declaration.create_service(actor=request.user, **data)
                else:
                    saved = self.declaration.update_service(
                        actor=request.user, **{record_keyword(self.model): self.object}, **data
                    )
            except ValidationError as error:
                apply_errors(form, error)
            except IntegrityError:
                form.add_error(
                    None, _("Someone saved a conflicting record at the same moment. Check the values and save again.")
                )
            else:
                messages.success(request, _("Saved %(name)s.") % {"name": saved})
                return redirect(saved.get_absolute_url())
        return self.page(form, status=400)


class ObjectDeleteView(DeclaredView):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object("delete")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, **kwargs):
        if self.object.is_locked:
            messages.error(request, _("This record is final and cannot be deleted; record a correction instead."))
            return redirect(self.object.get_absolute_url())
        reads.note_read(request, reads.Door.FORM, [self.object], record=self.object)
        return self.render(
            "confirm_delete", {"object": self.object, "title": _("Delete %(name)s") % {"name": self.object}}
        )

    def post(self, request, **kwargs):
        try:
            self.declaration.delete_service(actor=request.user, record=self.object)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.object.get_absolute_url())
        messages.success(request, _("Deleted %(name)s.") % {"name": self.object})
        return redirect(self.declaration.url("list"))


class ObjectActionView(DeclaredView):
    """The page of one workflow step: its confirmation and form, or the service's reasons why the
    step does not apply to the record now."""

    step_name: str = None  # set by as_view()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        # Looked up at each request, so that the page and the API answer from the same declaration.
        self.step = self.declaration.step(self.step_name)
        self.object = self.get_object(self.step.permission)
        reasons = self.step.reasons_against(self.object)
        if reasons:
            for reason in reasons:
                messages.error(request, reason)
            return redirect(self.object.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def make_form(self, data=None, files=None):
        if self.step.form is None:
            return None
        return self.step.form(data, files, user=self.request.user, record=self.object)

    def page(self, form, status=200):
        reads.note_read(self.request, reads.Door.FORM, [self.object, *reads.shown_in_form(form)], record=self.object)
        context = {
            "object": self.object,
            "action": self.step,
            "form": form,
            "title": f"{self.step.label}: {self.object}",
        }
        return self.render("action", context, status=status)

    def get(self, request, **kwargs):
        return self.page(self.make_form())

    def post(self, request, **kwargs):
        form = self.make_form(request.POST, request.FILES)
        if form is not None and not form.is_valid():
            return self.page(form, status=400)
        data = form.cleaned_data if form is not None else {}
        try:
            self.step.run(actor=request.user, record=self.object, **data)
        except ValidationError as error:
            if form is None:
                for message in error.messages:
                    messages.error(request, message)
                return redirect(self.object.get_absolute_url())
            apply_errors(form, error)
            return self.page(form, status=400)
        messages.success(request, _("Done: %(action)s.") % {"action": self.step.label})
        return redirect(self.object.get_absolute_url())
