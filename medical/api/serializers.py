from rest_framework import serializers

from logistics.api.base import ServiceModelSerializer
from logistics.api.scoped import DisclosedModelSerializer
from logistics.models import Personnel
from logistics.models.base import record_keyword
from medical import services
from medical.models import Encounter, Exposure, ExposureTest, FitnessStandard, MedicineDispensed, Patient


class FitnessStandardSerializer(ServiceModelSerializer):
    class Meta:
        model = FitnessStandard
        fields = ["id", *services.STANDARD_EDITABLE]
        create_service = services.fitness_standard_create
        update_service = services.fitness_standard_update


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
        return service(actor=self._actor(), **{record_keyword(type(instance)): instance}, **data)


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
