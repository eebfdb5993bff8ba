"""API machinery: a model viewset is its queryset, serializer and FilterSet.

Reads go through :func:`logistics.scope.restrict`; writes go through the services named in the
serializer's ``Meta``; ``?export=csv|xlsx`` on any list returns the filtered rows as a file, with
the same columns as the web list, and is written to the export log.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from logistics.exports import EXPORT_FORMATS, export_response
from logistics.registry import views_for
from logistics.scope import restrict
from logistics.services import record_delete

EXPORT_PARAMETER = OpenApiParameter(
    "export",
    OpenApiTypes.STR,
    enum=list(EXPORT_FORMATS),
    description="Return every filtered row as a CSV (streamed) or XLSX file instead of a JSON page.",
)


class ServiceModelSerializer(serializers.ModelSerializer):
    """Saves only through the services named in ``Meta.create_service`` / ``Meta.update_service``.

    Services take the record under the model's name, e.g. ``supplier_update(actor=…, supplier=…)``.
    """

    def _actor(self):
        return self.context["request"].user

    def create(self, validated_data):
        service = getattr(self.Meta, "create_service", None)
        if service is None:
            raise ValidationError({"non_field_errors": ["Records of this kind are not created here."]})
        return service(actor=self._actor(), **validated_data)

    def update(self, instance, validated_data):
        service = getattr(self.Meta, "update_service", None)
        if service is None:
            raise ValidationError({"non_field_errors": ["Records of this kind are not changed here."]})
        # A PATCH sends some fields; the service always receives the whole editable record.
        data = {
            field.source: getattr(instance, field.source)
            for field in self.fields.values()
            if not field.read_only and field.source != "*"
        }
        data.update(validated_data)
        return service(actor=self._actor(), **{instance._meta.model_name: instance}, **data)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and user is not None:
                field.queryset = restrict(queryset, user, "view")
        return fields


def service_action(
    service, *, permission: str, response, request=None, name=None, url_path=None, record_arg=None, summary=""
):
    """A POST action on one record that runs a workflow service (approve, post, reverse, …).

    The record is found within the user's scope (404 outside it); ``permission`` names the model
    permission it needs (``approve`` → ``app.approve_model``); the optional ``request`` serializer
    validates the body, whose fields are passed to the service; the reply is the record (or what
    the service returns) in the ``response`` serializer. The action is named after the service
    (``allocation_approve`` → ``approve``) unless ``name`` says otherwise; assign it to an
    attribute of that name.
    """

    @extend_schema(request=request, responses=response, summary=summary or None)
    def handler(self, http_request, pk=None):
        record = self.get_object()
        data = {}
        if request is not None:
            payload = request(data=http_request.data, context=self.get_serializer_context())
            payload.is_valid(raise_exception=True)
            data = payload.validated_data
        result = service(actor=http_request.user, **{record_arg or record._meta.model_name: record}, **data)
        if not isinstance(result, response.Meta.model):
            result = self.get_queryset().get(pk=record.pk)
        return Response(response(result, context=self.get_serializer_context()).data)

    handler.__name__ = name or service.__name__.split("_", 1)[1]
    handler.required_permission = permission
    handler.__doc__ = summary or service.__doc__
    return action(detail=True, methods=["post"], url_path=url_path, serializer_class=request or response)(handler)


class ScopedViewSetMixin:
    def get_queryset(self):
        return restrict(super().get_queryset(), self.request.user, "view")

    @extend_schema(parameters=[EXPORT_PARAMETER])
    def list(self, request, *args, **kwargs):
        fmt = request.query_params.get("export")
        if fmt:
            if fmt not in EXPORT_FORMATS:
                raise ValidationError({"export": [f"Choose one of: {', '.join(EXPORT_FORMATS)}."]})
            queryset = self.filter_queryset(self.get_queryset())
            model = queryset.model
            return export_response(
                user=request.user,
                queryset=queryset,
                table_class=views_for(model).table,
                source=model._meta.label_lower,
                label=str(model._meta.verbose_name_plural),
                fmt=fmt,
                channel="api",
                filters={k: v for k, v in request.query_params.items() if k != "export"},
            )
        return super().list(request, *args, **kwargs)


class ReadOnlyModelViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def perform_destroy(self, instance):
        record_delete(actor=self.request.user, record=instance)

    def destroy(self, request, *args, **kwargs):
        self.perform_destroy(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


__all__ = ["ModelViewSet", "ReadOnlyModelViewSet", "ServiceModelSerializer", "mixins"]
