"""Which web declaration (``ObjectViews``) serves each model; the API uses it to export the same
columns as the web list."""

from importlib import import_module

from django.utils.module_loading import autodiscover_modules

_VIEWS_BY_MODEL: dict = {}


def register(declaration) -> None:
    _VIEWS_BY_MODEL[declaration.model] = declaration


def _discover() -> None:
    # The core's declarations live in logistics.views.core and logistics.views.changes, which no
    # app-level "views" import loads.
    import_module("logistics.views.core")
    import_module("logistics.views.changes")
    autodiscover_modules("views")


def views_for(model):
    if model not in _VIEWS_BY_MODEL:
        _discover()
    return _VIEWS_BY_MODEL[model]


def all_views() -> list:
    """Every page declaration of every app (after importing each app's ``views``)."""
    _discover()
    return list(_VIEWS_BY_MODEL.values())
