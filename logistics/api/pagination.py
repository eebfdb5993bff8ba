"""API list pages: numbered (``?page=``) or, for deep pages, by cursor (``?cursor=``).

Both answer ``count`` — exact up to ``LIST_COUNT_THRESHOLD`` rows, the planner's estimate beyond it
with ``count_is_estimate: true`` — and ``next``/``previous`` links; with a cursor the links are
cursors, and a page costs the same however deep it is (:mod:`logistics.paging`).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from logistics.paging import CountingPaginator, CursorError, count_rows, keyset_page, stable_order


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


class ListPagination(PageNumberPagination):
    django_paginator_class = CountingPaginator
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.keyset = None
        if self.cursor_query_param not in request.query_params:
            page = super().paginate_queryset(stable_order(queryset), request, view)
            self.row_count = self.page.paginator.row_count if page is not None else None
            return page
        if self.page_query_param in request.query_params:
            message = _("Give either %(page)s or %(cursor)s, not both.") % {
                "page": self.page_query_param,
                "cursor": self.cursor_query_param,
            }
            raise ValidationError({self.cursor_query_param: [message]})
        try:
            self.keyset = keyset_page(
                queryset, request.query_params[self.cursor_query_param] or None, self.get_page_size(request)
            )
        except CursorError as error:
            raise ValidationError({self.cursor_query_param: [str(error)]}) from error
        self.row_count = count_rows(queryset)
        return self.keyset.rows

    def _cursor_link(self, cursor):
        if cursor is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_next_link(self):
        if self.keyset is not None:
            return self._cursor_link(self.keyset.next_cursor)
        return super().get_next_link()

    def get_previous_link(self):
        if self.keyset is not None:
            return self._cursor_link(self.keyset.previous_cursor)
        return super().get_previous_link()

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.row_count.value,
                "count_is_estimate": self.row_count.estimated,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        properties = described["properties"]
        properties["count"]["description"] = (
            "Rows of the filtered list: exact up to the count threshold, the database planner's "
            "estimate beyond it (then `count_is_estimate` is true)."
        )
        described["properties"] = {
            "count": properties["count"],
            "count_is_estimate": {"type": "boolean", "example": False},
            **{name: value for name, value in properties.items() if name != "count"},
        }
        described["required"] = ["count", "count_is_estimate", "results"]
        return described

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        parameters.append(
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "Page by position instead of number, at the same cost however deep: send it empty for "
                    "the first page, then follow the `next` and `previous` links (cursors of the current "
                    "ordering). Not together with `page`."
                ),
                "schema": {"type": "string"},
            }
        )
        return parameters
