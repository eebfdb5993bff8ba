"""API of the clinic. Identifiable records answer only clinic staff and administrators (the
roles that hold the models' permissions); every page, record and export they read is written to
the access log by the API's base classes (:mod:`logistics.reads`). The figures endpoints answer
everyone with ``medical.caseload_encounter``, in counts."""

from logistics.api.base import ModelViewSet
from medical import filtersets
from medical.api import serializers
from medical.models import Encounter, Exposure, FitnessStandard, Patient


class FitnessStandardViewSet(ModelViewSet):
    """The health standards: reference data, changed (never deleted: health checks were judged by them)."""

    queryset = FitnessStandard.objects.all()
    serializer_class = serializers.FitnessStandardSerializer
    filterset_class = filtersets.FitnessStandardFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class PatientViewSet(ModelViewSet):
    queryset = Patient.objects.select_related("unit")
    serializer_class = serializers.PatientSerializer
    filterset_class = filtersets.PatientFilterSet


class EncounterViewSet(ModelViewSet):
    queryset = Encounter.objects.select_related("patient").prefetch_related("medicines")
    serializer_class = serializers.EncounterSerializer
    filterset_class = filtersets.EncounterFilterSet


class ExposureViewSet(ModelViewSet):
    queryset = Exposure.objects.select_related("patient").prefetch_related("tests")
    serializer_class = serializers.ExposureSerializer
    filterset_class = filtersets.ExposureFilterSet
