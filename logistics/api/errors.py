"""One error format for the whole API.

Every error body is ``{"detail": "...", "code": "...", "errors": {field: [messages]}}`` with
``errors`` present for validation failures (400). Errors raised outside a view (an unknown address
under /api/, a failure of the server, an unreachable database: 503) answer the same body, from
``logistics.views.errors``. Validation errors raised by services
(``django.core.exceptions.ValidationError``) and database refusals caused by bad input answer
400 like any other bad input, never 500.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback


def error_body(detail, code: str, errors: dict | None = None) -> dict:
    """The one error format: also what Django's error handlers answer under /api/
    (``logistics.views.errors``) and the ``Error`` component of the schema."""
    body = {"detail": str(detail), "code": code}
    if errors is not None:
        body["errors"] = errors
    return body


def _validation_body(detail) -> dict:
    errors = detail if isinstance(detail, dict) else {"non_field_errors": detail}
    return error_body(_("The data sent is not valid."), "invalid", errors)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, (IntegrityError, DataError)):
        set_rollback()
        message = (
            _("The record conflicts with one saved at the same moment or breaks a rule of the data.")
            if isinstance(exc, IntegrityError)
            else _("A value is out of range or has the wrong form.")
        )
        return Response(
            error_body(
                message,
                "conflict" if isinstance(exc, IntegrityError) else "invalid",
                {"non_field_errors": [message]},
            ),
            status=status.HTTP_409_CONFLICT if isinstance(exc, IntegrityError) else status.HTTP_400_BAD_REQUEST,
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation_body(response.data)
    elif isinstance(response.data, dict) and "detail" in response.data:
        detail = response.data["detail"]
        response.data = error_body(detail, getattr(detail, "code", "error"))
    return response
