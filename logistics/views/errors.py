"""What a request that fails outside a view's own handling answers (Django's handler400/403/404/500).

Under ``/api/`` every error is JSON in the API's one error format (:mod:`logistics.api.errors`);
elsewhere the app's own pages. A database that cannot be reached (stopped, restarting, the network
gone) answers 503 with ``Retry-After``: nothing is wrong with the request, it can be sent again.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions

from logistics.api.errors import error_body

API_PREFIX = "/api/"
#: Seconds a client should wait before trying again while the database is unreachable.
RETRY_AFTER_SECONDS = 30


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def api_error(detail, code: str, status: int) -> JsonResponse:
    return JsonResponse(error_body(detail, code), status=status)


def database_unreachable(exc: BaseException | None) -> bool:
    # Django wraps the driver's errors: a refused or lost connection (and a server shutting down or
    # cancelling the statement) is an OperationalError, a connection already closed an InterfaceError.
    return isinstance(exc, (OperationalError, InterfaceError))


def bad_request(request, exception):
    if is_api(request):
        return api_error(exceptions.ParseError.default_detail, "bad_request", 400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api(request):
        return api_error(exceptions.PermissionDenied.default_detail, "permission_denied", 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api(request):
        return api_error(exceptions.NotFound.default_detail, "not_found", 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """Django calls this while handling the exception, so ``sys.exc_info()`` still names it."""
    if database_unreachable(sys.exc_info()[1]):
        if is_api(request):
            response = api_error(
                _("The database cannot be reached at the moment. Nothing was saved; try again shortly."),
                "service_unavailable",
                503,
            )
        else:
            # Rendered without the request: its context processors would ask the database.
            response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if is_api(request):
        return api_error(_("Something went wrong on our side. Nothing was saved; please try again."), "error", 500)
    return defaults.server_error(request)
