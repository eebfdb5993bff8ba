"""``/api/notifications/``: the signed-in user's own notifications (never another's: a foreign id is a
404), filtered by ``unread`` and ``kind``; ``POST /api/notifications/{id}/read/`` marks one read."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from logistics import services
from logistics.models import Notification
from logistics.registry import registry


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "due_date", "created_at", "read_at", "is_read"]
        read_only_fields = fields


def reminder_kind_choices() -> list[tuple[str, str]]:
    return [(kind.key, kind.label) for kind in registry.reminder_kinds()]


class NotificationFilterSet(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label="unread")
    kind = django_filters.ChoiceFilter(field_name="kind", choices=reminder_kind_choices)

    class Meta:
        model = Notification
        fields = ["unread", "kind"]


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = NotificationFilterSet
    ordering_fields = ["created_at", "due_date"]
    # No class-level queryset: this is no door of the permission matrix (no role grants reading
    # notifications); each person reads their own, whatever their roles.

    @classmethod
    def step_named(cls, action_name: str):
        """Marking read is no workflow step of a record (``logistics.steps``), as the API's steps are."""
        return None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return Notification.objects.filter(recipient=self.request.user).order_by("-created_at", "-id")

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        services.notification_mark_read(notification=notification, user=request.user)
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)
