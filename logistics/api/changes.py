"""``/api/changes/``: the change log, read-only, with the web list's filters and scope."""

from django.http import Http404
from rest_framework import serializers

from logistics import reads
from logistics.api.base import ReadOnlyModelViewSet
from logistics.api.pagination import PageNumberPagination
from logistics.change_log import CappedPaginator, ChangeFilterSet
from logistics.models import Change


class ChangeSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="kind_label", read_only=True, help_text="The kind of record, by name.")
    record = serializers.CharField(
        source="record_name",
        read_only=True,
        allow_null=True,
        help_text="The record's name; null when it no longer exists, is outside your units, or is a health record.",
    )
    record_url = serializers.CharField(read_only=True, allow_null=True)
    actor = serializers.IntegerField(source="actor_id", read_only=True, allow_null=True)
    actor_name = serializers.CharField(read_only=True)
    request_id = serializers.CharField(read_only=True, allow_null=True)
    changed = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Fields a person changed (an update)."
    )
    system_changed = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Figures the system keeps that the same event updated (running totals).",
    )

    class Meta:
        model = Change
        fields = [
            "id",
            "model",
            "kind",
            "event_id",
            "created_at",
            "action",
            "object_id",
            "record",
            "record_url",
            "actor",
            "actor_name",
            "request_id",
            "changed",
            "system_changed",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name in ("record", "record_url", "request_id"):
            data[name] = data[name] or None
        return data


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(source="label")
    before = serializers.CharField(source="old")
    after = serializers.CharField(source="new")


class ChangeDetailSerializer(ChangeSerializer):
    """One event with every value: what a person changed, what the system updated with it, and for
    a creation or a deletion every field of the record."""

    changes = FieldChangeSerializer(many=True, read_only=True)
    system_changes = FieldChangeSerializer(many=True, read_only=True)
    values = FieldChangeSerializer(many=True, read_only=True)

    class Meta(ChangeSerializer.Meta):
        fields = [*ChangeSerializer.Meta.fields, "changes", "system_changes", "values"]


class ChangePagination(PageNumberPagination):
    django_paginator_class = CappedPaginator


class ChangeViewSet(ReadOnlyModelViewSet):
    """Every change of every record in your scope, newest first, with the web list's filters.

    ``count`` stops at 10 001 (``COUNT_CAP`` + 1): past that, narrow the list by person, kind of
    record, unit or dates.
    """

    queryset = Change.objects.select_related("context")
    serializer_class = ChangeSerializer
    filterset_class = ChangeFilterSet
    pagination_class = ChangePagination
    ordering_fields = ["created_at"]
    lookup_value_regex = r"[a-z0-9_]+\.[a-z0-9_]+:[0-9]+"

    def get_serializer_class(self):
        return ChangeDetailSerializer if self.action == "retrieve" else ChangeSerializer

    def get_object(self):
        # The id is "app.model:event"; the log is found by its two parts, which each event table
        # answers from its keys (an id compared as text would read every table).
        model, _separator, event_id = str(self.kwargs[self.lookup_field]).rpartition(":")
        if not event_id.isdigit() or len(event_id) > 10:
            raise Http404
        queryset = self.filter_queryset(self.get_queryset()).filter(model=model, event_id=int(event_id))
        obj = queryset.described_fully().first()
        if obj is None:
            raise Http404
        self.check_object_permissions(self.request, obj)
        reads.note_read(self.request, reads.Door.API_VIEW, [obj], record=obj)
        return obj
