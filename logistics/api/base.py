"""API machinery: a model viewset is its queryset, serializer and FilterSet.

Reads go through :func:`logistics.scope.restrict`; writes go through the services named in the
serializer's ``Meta``; ``?export=csv|xlsx`` on any list returns the filtered rows as a file, with
the same columns as the web list, and is written to the export log.
"""

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from logistics import reads
from logistics.api.scoped import DisclosedModelSerializer
from logistics.exports import EXPORT_FORMATS, export_response
from logistics.models.base import record_keyword
from logistics.registry import registry
from logistics.scope import restrict
from logistics.services import record_delete
from logistics.workflow import Step

EXPORT_PARAMETER = OpenApiParameter(
    "export",
    OpenApiTypes.STR,
    enum=list(EXPORT_FORMATS),
    description="Return every filtered row as a CSV (streamed) or XLSX file instead of a JSON page.",
)


class ServiceModelSerializer(DisclosedModelSerializer):
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
        # A PATCH sends some fields; the service also receives the record's stored values of the
        # others, so that rules across fields see the whole record. Only stored columns are copied:
        # write-only instructions (``post``) are not the record's, and nested lines or members that
        # were not sent stay as they are (the service keeps them when it is not given them).
        data = {
            field.source: getattr(instance, field.source)
            for field in self.fields.values()
            if not field.read_only and _is_stored_column(instance, field.source)
        }
        data.update(validated_data)
        return service(actor=self._actor(), **{record_keyword(type(instance)): instance}, **data)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and user is not None:
                field.queryset = restrict(queryset, user, "view")
        return fields


def _is_stored_column(instance, source: str) -> bool:
    try:
        model_field = instance._meta.get_field(source)
    except FieldDoesNotExist:
        return False
    return model_field.concrete and not model_field.many_to_many


def step_action(step: Step, *, response):
    """The POST action on one record that takes ``step`` through the API.

    The record is found within the user's scope (404 outside it); the step's permission is checked
    on it (:class:`logistics.api.permissions.RolePermission` has already asked the model
    permission); the step's serializer validates the body, whose fields go to the service, and the
    service refuses with its blockers' words; the reply is the record (or what the service
    returns) in ``response``.
    """
    name = step.action_name

    def handler(self, http_request, pk=None):
        # Looked up at each request, so that the API and the page answer from the same declaration.
        declared = self.step_named(name)
        record = self.get_object()
        # Whether this user may do this to this record comes before reading the body, as on the page.
        if not declared.permits(http_request.user, record):
            raise PermissionDenied
        data = {}
        if declared.serializer is not None:
            payload = declared.serializer(data=http_request.data, context=self.get_serializer_context())
            payload.is_valid(raise_exception=True)
            data = payload.validated_data
        result = declared.run(actor=http_request.user, record=record, **data)
        if not isinstance(result, response.Meta.model):
            result = record
        return Response(response(self.reread(result), context=self.get_serializer_context()).data)

    handler.__name__ = name
    handler.__doc__ = step.summary or step.service.__doc__
    routed = action(
        detail=True, methods=["post"], url_path=step.action_path, serializer_class=step.serializer or response
    )(handler)
    # The schema goes on after @action, which would otherwise replace it with the serializer_class
    # for both bodies; ``request=None`` documents an action that takes no body.
    return extend_schema(request=step.serializer, responses=response, summary=step.summary or None)(routed)


class ScopedViewSetMixin:
    #: Query parameters a list reads besides its filters, pagination and ordering.
    query_parameters = ("export",)
    #: An export reads from the replica when there is one (logistics/replica.py); pages and writes do not.
    reads_from_replica = staticmethod(lambda request: bool(request.GET.get("export")))
    #: The workflow steps taken through the API, each a POST action (:class:`logistics.workflow.Step`).
    steps: tuple[Step, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for step in cls.__dict__.get("steps", ()):
            setattr(cls, step.action_name, step_action(step, response=step.response or cls.serializer_class))

    @classmethod
    def step_named(cls, action_name: str) -> Step | None:
        return next((step for step in cls.steps if step.action_name == action_name), None)

    def get_queryset(self):
        return restrict(super().get_queryset(), self.request.user, "view")

    def reread(self, record):
        """``record`` as a read shows it: through the viewset's queryset, whose annotations (counts,
        totals) the serializer shows. A service returns the record it saved, without them."""
        queryset = self.get_queryset()
        if not isinstance(record, queryset.model):
            return record
        return queryset.filter(pk=record.pk).first() or record

    def perform_create(self, serializer):
        serializer.save()
        serializer.instance = self.reread(serializer.instance)

    def perform_update(self, serializer):
        serializer.save()
        serializer.instance = self.reread(serializer.instance)

    def _reads_logged(self) -> bool:
        queryset = getattr(self, "queryset", None)
        return queryset is not None and reads.is_logged(queryset.model)

    def get_renderers(self):
        # The browsable API's forms would list the records of every choice field (a patient
        # drop-down of a thousand names) outside any log: logged models answer JSON only.
        renderers = super().get_renderers()
        if self._reads_logged():
            renderers = [renderer for renderer in renderers if not isinstance(renderer, BrowsableAPIRenderer)]
        return renderers

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            reads.note_read(self.request, reads.Door.API_LIST, page)
        elif self._reads_logged():
            raise ImproperlyConfigured("A list whose reads are logged is paginated, so that each page read is noted.")
        return page

    def get_object(self):
        # Every door to one record (retrieve, update, the workflow actions) shows it, but a delete.
        obj = super().get_object()
        if self.action != "destroy":
            reads.note_read(self.request, reads.Door.API_VIEW, [obj], record=obj)
        return obj

    @extend_schema(parameters=[EXPORT_PARAMETER])
    def list(self, request, *args, **kwargs):
        fmt = request.query_params.get("export")
        if fmt:
            if fmt not in EXPORT_FORMATS:
                raise ValidationError({"export": [f"Choose one of: {', '.join(EXPORT_FORMATS)}."]})
            queryset = self.filter_queryset(self.get_queryset())
            model = queryset.model
            declaration = registry.page(model)
            return export_response(
                user=request.user,
                queryset=queryset,
                table_class=declaration.table,
                source=model._meta.label_lower,
                label=str(model._meta.verbose_name_plural),
                fmt=fmt,
                channel="api",
                filters=declaration.export_filters({k: v for k, v in request.query_params.items() if k != "export"}),
                read_by=request,
                read_door=reads.Door.API_EXPORT,
            )
        return super().list(request, *args, **kwargs)


class ReadOnlyModelViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def update(self, request, *args, **kwargs):
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        # The answer is the whole record, as a read shows it, for PATCH as for PUT: DRF's partial
        # serializer would leave out the fields that have a default (a name through an empty relation).
        return Response(self.get_serializer(serializer.instance).data)

    def perform_destroy(self, instance):
        record_delete(actor=self.request.user, record=instance)

    def destroy(self, request, *args, **kwargs):
        self.perform_destroy(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


__all__ = ["ModelViewSet", "ReadOnlyModelViewSet", "ServiceModelSerializer", "mixins"]
