"""Where the generated tests learn what exists: the page declarations, their workflow steps and
the API endpoints. Nothing else in this package reaches the registry or the URL configuration."""

from __future__ import annotations

from django.urls import reverse

from logistics.registry import registry
from tests.api_walk import ApiRoute, api_lists


def page_declarations() -> list:
    """Every page declaration (``ObjectViews``) of every app."""
    return list(registry.pages())


def steps_of(declaration) -> tuple:
    """The workflow steps of a page declaration (``logistics.workflow.Step``)."""
    return tuple(declaration.steps)


#: Endpoints of records that are their starter's own, with no unit scope, list page or export (a
#: user's background jobs): tests/core/test_jobs.py and test_jobs_worker.py cover their doors.
OWN_RECORDS = {"logistics.job"}


def api_list_endpoints() -> list[ApiRoute]:
    """Every API list endpoint of a model (the router's list routes) but of :data:`OWN_RECORDS`."""
    return [route for route in api_lists() if route.model is not None and label_of(route.model) not in OWN_RECORDS]


def label_of(model) -> str:
    return model._meta.label_lower


def has_page(declaration, view: str) -> bool:
    return any(pattern.name == declaration.name(view) for pattern in declaration.urls())


def page_url(declaration, view: str, record=None) -> str:
    """The URL of a declaration's page; a page on a record takes its URL keywords from the record's
    attributes of those names (``pk``, or the change log's ``model`` and ``event_id``)."""
    name = declaration.name(view)
    if record is None:
        return declaration.url(view)
    pattern = next(pattern for pattern in declaration.urls() if pattern.name == name)
    kwargs = {keyword: getattr(record, keyword) for keyword in pattern.pattern.converters}
    return reverse(f"{declaration.model._meta.app_label}:{name}", kwargs=kwargs)
