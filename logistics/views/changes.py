"""The change log (Nhật ký thay đổi): every change of every record, newest first, for auditors.

The list, its filters and its exports are the generic ones (:class:`ChangeViews`); one event, or
every event of one request, has a page of its own with the values before and after.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logistics import reads
from logistics.change_log import ChangeFilterSet, ChangeTable
from logistics.models import Change
from logistics.scope import restrict
from logistics.views.generic import DeclaredView, ObjectViews

#: Events shown on one page of a request (a posting may write hundreds).
REQUEST_PAGE_SIZE = 100


class ChangeViews(ObjectViews):
    model = Change
    filterset = ChangeFilterSet
    table = ChangeTable
    delete_service = None
    description = gettext_lazy(
        "Every change of every record — who, when, which record, which fields — newest first. "
        "Filter by person, kind of record, unit, dates or request id."
    )

    @classmethod
    def get_queryset(cls):
        return Change.objects.select_related("context")

    @classmethod
    def url_prefix(cls) -> str:
        return "changes"

    @classmethod
    def urls(cls):
        prefix = cls.url_prefix()
        generic = [pattern for pattern in super().urls() if pattern.name in (cls.name("list"), cls.name("export"))]
        return [
            *generic,
            path(
                f"{prefix}/request/<uuid:request_id>/",
                ChangeRequestView.as_view(declaration=cls),
                name=cls.name("request"),
            ),
            path(
                f"{prefix}/<str:model>/<int:event_id>/",
                ChangeDetailView.as_view(declaration=cls),
                name=cls.name("detail"),
            ),
        ]


class ChangeDetailView(DeclaredView):
    """One event: the record, who, when, and every field before and after."""

    def get(self, request, model, event_id):
        self.require_model_permission("view")
        rows = list(
            restrict(self.declaration.get_queryset(), request.user, "view")
            .filter(model=model, event_id=event_id)
            .described_fully()
        )
        if not rows:
            raise Http404
        reads.note_read(request, reads.Door.VIEW, rows, record=rows[0])
        return self.render(
            "detail", {"title": str(rows[0]), "rows": rows, "single": True, "list_url": self.declaration.url("list")}
        )


class ChangeRequestView(DeclaredView):
    """Every change one request (or one command) made, in the order it made them."""

    def get(self, request, request_id):
        self.require_model_permission("view")
        queryset = (
            restrict(self.declaration.get_queryset(), request.user, "view")
            .of_request(request_id)
            .order_by("created_at", "event_id")
            .described_fully()
        )
        page = Paginator(queryset, REQUEST_PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
        if not rows:
            raise Http404
        reads.note_read(request, reads.Door.VIEW, rows)
        return self.render(
            "detail",
            {
                "title": _("Request %(id)s") % {"id": request_id},
                "request_id": str(request_id),
                "rows": rows,
                "page_obj": page,
                "list_url": self.declaration.url("list"),
            },
        )
