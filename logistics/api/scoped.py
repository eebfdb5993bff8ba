"""The scope rule (``logistics.scope``) for what an API body shows of other records.

Every model serializer of the API derives from :class:`DisclosedModelSerializer` (the services'
:class:`~logistics.api.base.ServiceModelSerializer` does): a field that shows another record — its
id, a nested object, a value read through it (``unit.name``, ``allocation.available``) — is null
when the reader may not see that record (a unit the record itself concerns is still named), and a
nested list (a year's closures) holds only the records the reader may see. Ids and names of records
the reader may see are unchanged. Lists check what their rows show together, one query per kind.

:class:`ScopedPrimaryKeyRelatedField` is the input side: a record chosen by id (a report's unit)
must be one the reader may see, or the request answers 400.
"""

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from logistics.models import Unit
from logistics.scope import Verdict, disclosure_for, relation_path, restrict


def disclosure_in(context):
    """The reader's :class:`~logistics.scope.Disclosure` for a serializer's ``context``; None when
    the serializer was built by the system itself (a test, a command): then nothing is withheld."""
    request = context.get("request")
    if request is None:
        return None
    return disclosure_for(getattr(request, "user", None), request)


def _disclosure(serializer):
    return disclosure_in(serializer.context)


def _may_be_withheld(model, path) -> bool:
    """Whether a value read along ``path`` may be hidden from some reader: not when every record
    crossed is always named (shared reference data, users, units the record concerns)."""
    scope_paths = set(getattr(model, "scope_units", None) or ())
    current = model
    for position, (hop, checked) in enumerate(zip(path.hops, path.checked, strict=True)):
        relation = next(
            (f for f in [*current._meta.private_fields, *current._meta.concrete_fields] if f.name == hop), None
        )
        target = getattr(relation, "related_model", None)
        if target is None:
            return True  # a generic relation: any kind of record
        current = target
        if not checked:
            continue
        way = "__".join(path.hops[: position + 1])
        always_named = (
            target is get_user_model()
            or getattr(target, "scope_units", ()) is None
            or not (getattr(target, "scope_units", None) or getattr(target, "scope_filter", None))
            or (target is Unit and (way in scope_paths or (way == "parent" and "pk" in scope_paths)))
        )
        if not always_named:
            return True
    return False


def _prefetched(record, source: str) -> list:
    """The records of a nested list already fetched with ``record`` (prefetched); none otherwise,
    so that checking them never costs a query per record."""
    if not source or "." in source or source == "*":
        return []
    manager = getattr(record, source, None)
    if not isinstance(manager, models.manager.BaseManager):
        return []
    queryset = manager.all()
    return list(queryset) if getattr(queryset, "_result_cache", None) is not None else []


class DisclosedListSerializer(serializers.ListSerializer):
    """A list of records: a nested one keeps only the records the reader may see; every list checks
    what its records show of other records together."""

    def to_representation(self, data):
        records = list(data.all() if isinstance(data, models.manager.BaseManager) else data)
        disclosure = _disclosure(self)
        if disclosure is not None:
            if self.parent is not None and not self._belongs_to_parent():
                records = disclosure.visible(records)
            if isinstance(self.child, DisclosedModelSerializer):
                self.child.prime(records, disclosure)
        return [self.child.to_representation(record) for record in records]

    def _belongs_to_parent(self) -> bool:
        """Whether the nested records are scoped through the record they are nested in (a voucher's
        lines): then they are visible exactly when it is, and need no check of their own."""
        parent_model = getattr(getattr(self.parent, "Meta", None), "model", None)
        if parent_model is None or not self.source or "." in self.source:
            return False
        try:
            relation = parent_model._meta.get_field(self.source)
        except Exception:
            return False
        back = getattr(getattr(relation, "field", None), "name", None)
        paths = getattr(relation.related_model, "scope_units", None) or ()
        return bool(back and paths) and all(path.startswith(f"{back}__") for path in paths)


class DisclosedModelSerializer(serializers.ModelSerializer):
    """A model serializer that shows other records only as far as the reader's scope allows."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        serializer = super().many_init(*args, **kwargs)
        if type(serializer) is serializers.ListSerializer:
            serializer.__class__ = DisclosedListSerializer
        return serializer

    def get_fields(self):
        fields = super().get_fields()
        model = self.Meta.model
        for name, field in fields.items():
            source = field.source or name  # not bound yet: a field without source= reads its name
            if field.write_only or source == "*" or isinstance(field, serializers.ListSerializer):
                continue
            path = relation_path(model, source.split("."))
            if path is not None and _may_be_withheld(model, path):
                # Documented as nullable in answers (``WithheldFieldExtension``).
                field.may_be_withheld = True
        return fields

    def disclosed_paths(self) -> dict:
        """Field name → the records crossed to read it, for every field that shows another record."""
        if not hasattr(self, "_disclosed_paths"):
            model = self.Meta.model
            self._disclosed_paths = {}
            for name, field in self.fields.items():
                if field.write_only or field.source == "*" or isinstance(field, serializers.ListSerializer):
                    continue
                path = relation_path(model, field.source.split("."))
                if path is not None:
                    self._disclosed_paths[name] = path
        return self._disclosed_paths

    def prime(self, records, disclosure) -> None:
        """Check together what ``records`` (a page) show of other records: the related fields, and
        the fields of their own that show other records (they define ``prime(records, disclosure)``)."""
        paths = self.disclosed_paths()
        if paths:
            disclosure.prime(records, paths.values())
        for field in self.fields.values():
            if isinstance(field, DisclosedListSerializer) and isinstance(field.child, DisclosedModelSerializer):
                # The nested lists of the whole page, when they were fetched with it (prefetched).
                nested = [item for record in records for item in _prefetched(record, field.source)]
                if not field._belongs_to_parent():
                    disclosure.prime(nested)
                field.child.prime(nested, disclosure)
                continue
            prime = getattr(field, "prime", None)
            if callable(prime) and not isinstance(field, serializers.BaseSerializer):
                prime(records, disclosure)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        disclosure = _disclosure(self)
        if disclosure is None:
            return data
        for name, path in self.disclosed_paths().items():
            if name in data and data[name] is not None:
                verdict, _reached = disclosure.along(instance, path)
                if verdict is Verdict.HIDDEN:
                    data[name] = None
        return data


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A record chosen by id among those the reader may see; any other id is refused like one that
    does not exist (400), so that an answer never names a record out of scope."""

    default_error_messages = {
        "does_not_exist": _("Choose a record in your scope: {pk_value} is not one."),
    }

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        return restrict(queryset, getattr(request, "user", None), "view") if request is not None else queryset


class WithheldFieldExtension(OpenApiSerializerFieldExtension):
    """In the schema, a field that shows another record may be null in an answer: the record is
    outside the reader's scope."""

    target_class = "rest_framework.fields.Field"
    match_subclasses = True

    @classmethod
    def _matches(cls, target) -> bool:
        return bool(getattr(target, "may_be_withheld", False)) and super()._matches(target)

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction == "response":
            if "$ref" in schema:
                schema = {"allOf": [schema]}
            schema["nullable"] = True
        return schema
