"""Which web declaration (``ObjectViews``) serves each model; the API uses it to export the same
columns as the web list."""

from django.utils.module_loading import autodiscover_modules

_VIEWS_BY_MODEL: dict = {}


def register(declaration) -> None:
    _VIEWS_BY_MODEL[declaration.model] = declaration


def views_for(model):
    if model not in _VIEWS_BY_MODEL:
        autodiscover_modules("views")
    return _VIEWS_BY_MODEL[model]
