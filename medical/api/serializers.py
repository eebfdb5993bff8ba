from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from logistics.api.base import ServiceModelSerializer
from logistics.api.scoped import DisclosedModelSerializer, ScopedPrimaryKeyRelatedField
from logistics.models import Personnel, Unit
from medical import services
from medical.models import Encounter, Exposure, ExposureTest, MedicineDispensed, Patient


class PatientSerializer(ServiceModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None)
    full_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    birth_year = serializers.IntegerField(min_value=1900, max_value=2100, required=False, allow_null=True)

    class Meta:
        model = Patient
        fields = [
            "id",
            "kind",
            "kind_display",
            "clinic",
            "personnel",
            "relative_of",
            "relationship",
            "full_name",
            "sex",
            "date_of_birth",
            "birth_year",
            "unit",
            "unit_name",
            "insurance_number",
            "address",
        ]
        read_only_fields = ["unit"]
        create_service = services.patient_register
        update_service = services.patient_update

    def get_fields(self):
        fields = super().get_fields()
        # The clinic registers officers of every unit, not only those of its own unit.
        for name in ("personnel", "relative_of"):
            fields[name].queryset = Personnel.objects.filter(is_active=True)
        return fields


class MedicineSerializer(DisclosedModelSerializer):
    class Meta:
        model = MedicineDispensed
        fields = ["name", "quantity", "unit_of_measure", "instructions"]


class LinesSerializerMixin:
    """A record sent with its lines (medicines, tests) in ``lines_field``."""

    lines_field = ""

    def update(self, instance, validated_data):
        # The lines are replaced only when sent; a PATCH of other fields keeps them.
        data = {
            field.source: getattr(instance, field.source)
            for field in self.fields.values()
            if not field.read_only and field.source not in ("*", self.lines_field)
        }
        data.update(validated_data)
        service = self.Meta.update_service
        return service(actor=self._actor(), **{instance._meta.model_name: instance}, **data)


class EncounterSerializer(LinesSerializerMixin, ServiceModelSerializer):
    service_display = serializers.CharField(source="get_service_display", read_only=True)
    patient_name = serializers.CharField(source="patient.full_name", read_only=True)
    medicines = MedicineSerializer(many=True, required=False)

    class Meta:
        model = Encounter
        fields = [
            "id",
            "date",
            "clinic",
            "patient",
            "patient_name",
            "patient_unit",
            "service",
            "service_display",
            "clinician",
            "recorded_by",
            "diagnosis",
            "icd10_code",
            "outcome",
            "care_setting",
            "referral_hospital",
            "referral_reason",
            "health_check_purpose",
            "health_grade",
            "is_fit",
            "notes",
            "medicines",
        ]
        read_only_fields = ["patient_unit", "recorded_by"]
        create_service = services.encounter_record
        update_service = services.encounter_update

    lines_field = "medicines"


class ExposureTestSerializer(DisclosedModelSerializer):
    class Meta:
        model = ExposureTest
        fields = ["date", "method", "result"]


class ExposureSerializer(LinesSerializerMixin, ServiceModelSerializer):
    classification_display = serializers.CharField(source="get_classification_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    patient_name = serializers.CharField(source="patient.full_name", read_only=True)
    tests = ExposureTestSerializer(many=True, required=False)

    class Meta:
        model = Exposure
        fields = [
            "id",
            "clinic",
            "patient",
            "patient_name",
            "patient_unit",
            "classification",
            "classification_display",
            "source_case",
            "source_note",
            "date_identified",
            "isolation_place",
            "isolation_address",
            "isolation_start",
            "isolation_end",
            "status",
            "status_display",
            "notes",
            "tests",
        ]
        read_only_fields = ["patient_unit"]
        create_service = services.exposure_record
        update_service = services.exposure_update

    lines_field = "tests"


class CountsQuerySerializer(serializers.Serializer):
    date_from = serializers.DateField(help_text=_("First day of the period (YYYY-MM-DD)."))
    date_to = serializers.DateField(help_text=_("Last day of the period (YYYY-MM-DD)."))
    unit = ScopedPrimaryKeyRelatedField(
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Unit id: the unit and every unit under it."),
    )

    def validate(self, attrs):
        if attrs["date_to"] < attrs["date_from"]:
            raise serializers.ValidationError({"date_to": [_("The end of the period is before its start.")]})
        return attrs


class EpidemicQuerySerializer(CountsQuerySerializer):
    day = serializers.DateField(help_text=_("The day whose number in isolation is counted (YYYY-MM-DD)."))


class ReportColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField()


class ReportSectionSerializer(serializers.Serializer):
    title = serializers.CharField()
    columns = ReportColumnSerializer(many=True)
    rows = serializers.ListField(child=serializers.DictField())
    totals = serializers.DictField(allow_null=True)


class ReportSerializer(serializers.Serializer):
    """A report of counts (``logistics.reports.Report.as_data``)."""

    report = serializers.CharField()
    title = serializers.CharField()
    subtitle = serializers.CharField()
    parameters = serializers.DictField()
    sections = ReportSectionSerializer(many=True)
