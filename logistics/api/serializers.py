from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from logistics import services
from logistics.api.base import ServiceModelSerializer
from logistics.api.scoped import DisclosedModelSerializer
from logistics.models import Job, Personnel, Supplier, Unit, User
from logistics.roles import role_names


class UnitBriefSerializer(DisclosedModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name"]


class UnitSerializer(ServiceModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(valid_to__isnull=True), allow_null=True, required=False
    )
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    parent_name = serializers.CharField(source="parent.name", read_only=True, default=None)
    successor_name = serializers.CharField(source="successor.name", read_only=True, default=None)

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "kind_display",
            "parent",
            "parent_name",
            "depth",
            "valid_from",
            "valid_to",
            "successor",
            "successor_name",
        ]
        read_only_fields = ["depth", "valid_to", "successor"]
        create_service = services.unit_create
        update_service = services.unit_update


class UnitDissolveSerializer(serializers.Serializer):
    successor = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(valid_to__isnull=True))
    effective_date = serializers.DateField(help_text=_("The first day the unit no longer exists."))


class PersonnelSerializer(ServiceModelSerializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    rank_display = serializers.CharField(source="get_rank_display", read_only=True)

    class Meta:
        model = Personnel
        fields = [
            "id",
            "full_name",
            "service_number",
            "rank",
            "rank_display",
            "position",
            "unit",
            "unit_name",
            "date_of_birth",
            "is_party_member",
            "is_active",
        ]
        create_service = services.personnel_create
        update_service = services.personnel_update


class SupplierSerializer(ServiceModelSerializer):
    class Meta:
        model = Supplier
        fields = [
            "id",
            "name",
            "kind",
            "tax_code",
            "address",
            "contact_person",
            "phone",
            "email",
            "is_active",
        ]
        create_service = services.supplier_create
        update_service = services.supplier_update


class MeSerializer(serializers.ModelSerializer):
    unit = UnitBriefSerializer(read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "email", "unit", "roles", "is_superuser"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_roles(self, user):
        return role_names(user)


class JobSerializer(serializers.ModelSerializer):
    """A background job: its state, how far it has got, and its file when done."""

    kind_label = serializers.CharField(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    percent = serializers.IntegerField(read_only=True)
    file_url = serializers.SerializerMethodField()
    page_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "kind_label",
            "parameters",
            "state",
            "state_label",
            "progress_done",
            "progress_total",
            "percent",
            "message",
            "file_name",
            "file_size",
            "file_url",
            "page_url",
            "attempts",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_file_url(self, job) -> str | None:
        url = job.download_url()
        if not url:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url
