"""Addresses of the system's pages: the same page with other query parameters, and full addresses for
what leaves the browser (printed QR labels, emailed links)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def absolute_url(path: str, request=None) -> str:
    """``path`` (such as ``record.get_absolute_url()``) as an address anyone on the intranet can open.

    The public address (``PUBLIC_BASE_URL``, env ``DJANGO_PUBLIC_BASE_URL``) wins over the request's
    host: a label printed from ``http://127.0.0.1:8000`` or from an officer's bookmark of an internal
    name must still open on every phone that scans it. Without the setting, the request's own
    address serves (development); without either, there is no address to give.
    """
    if not path.startswith("/"):
        raise ValueError(f"absolute_url() takes a path from the site root, not {path!r}")
    if settings.PUBLIC_BASE_URL:
        return settings.PUBLIC_BASE_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    raise ImproperlyConfigured("Set DJANGO_PUBLIC_BASE_URL to the address people open the system at.")


def query_changed(query, **changes) -> str:
    """``query`` (a request's ``GET``) encoded with some parameters replaced; None removes one."""
    params = query.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()
