"""The API's endpoints as the URL configuration declares them, for tests that walk every one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class ApiRoute:
    pattern: str  # "/api/budget/spending/{pk}/"
    viewset: type
    actions: dict  # HTTP method → viewset action, e.g. {"get": "list", "post": "create"}

    @property
    def detail(self) -> bool:
        return "{pk}" in self.pattern

    @property
    def model(self):
        queryset = getattr(self.viewset, "queryset", None)
        return queryset.model if queryset is not None else None

    @property
    def filterset(self):
        return getattr(self.viewset, "filterset_class", None)

    def url(self, pk=None) -> str:
        return self.pattern.replace("{pk}", str(pk))


def _routes(resolver: URLResolver, prefix: str):
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, pattern)
        elif isinstance(entry, URLPattern):
            yield pattern, entry.callback


def api_routes() -> list[ApiRoute]:
    """Every viewset route under /api/ (list, detail and the workflow actions), without the
    ``.json`` format-suffix twins the router adds."""
    routes = []
    for pattern, callback in _routes(get_resolver(), "/"):
        viewset = getattr(callback, "cls", None)
        actions = getattr(callback, "actions", None)
        if not pattern.startswith("/api/") or viewset is None or not actions or "format" in pattern:
            continue
        path = re.sub(r"\(\?P<pk>[^)]*\)", "{pk}", pattern).replace("^", "").replace("$", "")
        routes.append(ApiRoute(path, viewset, dict(actions)))
    return routes


def api_lists() -> list[ApiRoute]:
    return [route for route in api_routes() if route.actions.get("get") == "list"]
