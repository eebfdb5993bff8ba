from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings

from logistics.filtersets import TEXT_ERROR_MESSAGES


class OrderingFilter(filters.OrderingFilter):
    """``?ordering=field`` or ``-field`` on the fields the serializer shows."""


class FilterBackend(DjangoFilterBackend):
    """A list's FilterSet (the web list's), and nothing else: a query parameter the list does not
    know answers 400 naming it, since a mistyped filter would otherwise return every row."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) == "list":
            known = self.known_parameters(queryset, view)
            unknown = sorted(set(request.query_params) - known)
            if unknown:
                message = _("This list has no such parameter. It takes: %(names)s.") % {
                    "names": ", ".join(sorted(known))
                }
                raise ValidationError({name: [message] for name in unknown})
            # The filters refuse NUL themselves; ordering, page and export do not look.
            with_nul = sorted(
                name for name, values in request.query_params.lists() if any("\x00" in value for value in values)
            )
            if with_nul:
                raise ValidationError({name: [TEXT_ERROR_MESSAGES["null_characters_not_allowed"]] for name in with_nul})
        return super().filter_queryset(request, queryset, view)

    def known_parameters(self, queryset, view) -> set[str]:
        """The FilterSet's filters, pagination, ordering, and what the view itself reads
        (``export``); ``format`` only where the settings let a query choose the format."""
        known = set(getattr(view, "query_parameters", ()))
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            for name, filter_ in filterset_class.base_filters.items():
                known.add(name)
                # A filter of two inputs (a range) reads name_min and name_max.
                suffixes = getattr(filter_.field_class.widget, "suffixes", ())
                known.update(f"{name}_{suffix}" if suffix else name for suffix in suffixes)
        paginator = getattr(view, "paginator", None)
        for attribute in (
            "page_query_param",
            "page_size_query_param",
            "limit_query_param",
            "offset_query_param",
            "cursor_query_param",
        ):
            if getattr(paginator, attribute, None):
                known.add(getattr(paginator, attribute))
        for backend in getattr(view, "filter_backends", ()):
            for attribute in ("ordering_param", "search_param"):
                if getattr(backend, attribute, None):
                    known.add(getattr(backend, attribute))
        if api_settings.URL_FORMAT_OVERRIDE:
            known.add(api_settings.URL_FORMAT_OVERRIDE)
        return known
