"""The OpenAPI schema says what the API answers, for every operation at once.

:class:`AutoSchema` (``DEFAULT_SCHEMA_CLASS``) adds to drf-spectacular's reading of each view:

- the error answers every operation can give, in the one error format of
  :mod:`logistics.api.errors` (the ``Error`` component): 400, 401, 403, 404 and 503 everywhere, and
  409 on writes;
- the CSV and XLSX files a list returns for ``?export=``;
- ``nullable`` on read-only fields shown through a relation that may be empty
  (``holder_unit.name`` of an item nobody holds).

:class:`BoundedFilterExtension` gives each filter parameter the bounds the FilterSet enforces
(:func:`logistics.filtersets.bounded`): whole numbers as integers with their minimum and maximum,
text with its maximum length.
"""

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular import openapi
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from rest_framework import serializers

from logistics.exports import EXPORT_FORMATS

EXPORT_MEDIA_TYPES = {
    "csv": ("text/csv", {"type": "string"}),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        {"type": "string", "format": "binary"},
    ),
}
assert set(EXPORT_MEDIA_TYPES) == set(EXPORT_FORMATS), "every export format has its media type here"

ERROR_DESCRIPTIONS = {
    "400": "The request is not valid: field or parameter errors in `errors`, by name.",
    "401": "No valid credentials were sent.",
    "403": "The user's roles do not allow this.",
    "404": "No such record within the user's scope (or no such page of the list).",
    "409": "The record conflicts with one saved at the same moment, or breaks a rule of the data.",
    "503": "The database cannot be reached; nothing was done. Try again after `Retry-After` seconds.",
}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class ErrorSerializer(serializers.Serializer):
    """The one error format of the API."""

    detail = serializers.CharField(help_text="What went wrong, in the user's language.")
    code = serializers.CharField(help_text="A stable code: invalid, not_found, permission_denied, conflict, …")
    errors = serializers.DictField(
        required=False,
        help_text="For 400: the messages by field or parameter name (non_field_errors for the whole).",
    )

    class Meta:
        ref_name = "Error"


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self._exports() and "200" in responses:
            content = responses["200"].setdefault("content", {})
            for media_type, schema in EXPORT_MEDIA_TYPES.values():
                content[media_type] = {"schema": schema}
        error = {"application/json": {"schema": self.resolve_serializer(ErrorSerializer, "response").ref}}
        for code, description in ERROR_DESCRIPTIONS.items():
            if code == "409" and self.method not in WRITE_METHODS:
                continue
            responses.setdefault(code, {"content": error, "description": description})
        return responses

    def _exports(self) -> bool:
        # The scoped viewsets' lists read ``export`` (logistics.api.base.ScopedViewSetMixin); asked of
        # the view rather than by its class, since DRF loads this schema class while that module
        # is being defined.
        return "export" in getattr(self.view, "query_parameters", ()) and getattr(self.view, "action", None) == "list"

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if field.read_only and schema and "$ref" not in schema and _through_empty_relation(field):
            schema["nullable"] = True
        return schema


def _through_empty_relation(field) -> bool:
    """Whether a dotted source (``holder_unit.name``) passes a relation that may be empty, so that
    DRF shows ``null`` for it."""
    parts = field.source.split(".") if field.source and field.source != "*" else []
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    for part in parts[:-1]:
        if model is None:
            return False
        try:
            model_field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if not model_field.is_relation:
            return False
        # A foreign key that may be empty, or a reverse relation (DRF shows null when none exists).
        if model_field.null or not model_field.concrete:
            return True
        model = model_field.related_model
    return False


class BoundedFilterExtension(DjangoFilterExtension):
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        extra = filter_field.extra
        for parameter in parameters:
            schema = parameter["schema"]
            schema = schema.get("items", schema) if schema.get("type") == "array" else schema
            if extra.get("decimal_places") == 0:
                schema["type"] = "integer"
                schema.pop("format", None)
            for option, keyword in (("min_value", "minimum"), ("max_value", "maximum")):
                if extra.get(option) is not None:
                    value = extra[option]
                    schema[keyword] = int(value) if extra.get("decimal_places") == 0 else float(value)
            if extra.get("max_length"):
                schema["maxLength"] = extra["max_length"]
        return parameters
