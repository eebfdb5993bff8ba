import django_tables2 as tables
from django.db.models import Case, F, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from logistics.tables import BadgeColumn, BaseTable, DateColumn, DateTimeColumn, ExportValue
from medical.choices import ExposureStatus, TestResult
from medical.models import AccessLog, Encounter, Exposure, ExposureTest, FitnessStandard, MedicineDispensed, Patient

CLASSIFICATION_COLORS = {"F0": "danger", "F1": "warning", "F2": "info"}
STATUS_COLORS = {
    ExposureStatus.MONITORING: "secondary",
    ExposureStatus.ISOLATING: "warning",
    ExposureStatus.TREATING: "danger",
    ExposureStatus.RELEASED: "success",
}
RESULT_COLORS = {TestResult.PENDING: "secondary", TestResult.NEGATIVE: "success", TestResult.POSITIVE: "danger"}


class PatientTable(BaseTable):
    id = tables.Column(verbose_name=_("No."), linkify=True)
    full_name = tables.Column(linkify=True)
    kind = tables.Column()
    birth_year = tables.Column()
    sex = tables.Column()
    unit = tables.Column()
    insurance_number = tables.Column()

    class Meta(BaseTable.Meta):
        model = Patient
        fields = ("id", "full_name", "kind", "birth_year", "sex", "unit", "insurance_number")


def _diagnosis_text(diagnosis, icd10_code) -> str:
    if not diagnosis:
        return ""
    return f"{diagnosis} ({icd10_code})" if icd10_code else diagnosis


class EncounterTable(BaseTable):
    id = tables.Column(verbose_name=_("No."), linkify=True)
    date = DateColumn()
    patient = tables.Column(linkify=True, order_by=("patient__full_name",))
    service = tables.Column()
    diagnosis = tables.Column()
    patient_unit = tables.Column()
    clinician = tables.Column(order_by=("clinician__full_name",))
    outcome = tables.Column()

    class Meta(BaseTable.Meta):
        model = Encounter
        fields = ("id", "date", "patient", "service", "diagnosis", "patient_unit", "clinician", "outcome")

    def render_diagnosis(self, value, record):
        text = Truncator(value).chars(60)
        return f"{text} ({record.icd10_code})" if record.icd10_code else text

    export_values = {
        "diagnosis": ExportValue(
            ("diagnosis", "icd10_code"),
            _diagnosis_text,
            expression=Case(
                When(diagnosis="", then=Value("")),
                When(icd10_code="", then=F("diagnosis")),
                default=Concat(F("diagnosis"), Value(" ("), F("icd10_code"), Value(")")),
                output_field=TextField(),
            ),
        ),
        # What render_clinician shows: the officer's name.
        "clinician": ExportValue(
            ("clinician__full_name",), lambda name: name or "", expression=F("clinician__full_name")
        ),
    }

    def value_diagnosis(self, value, record):
        return _diagnosis_text(value, record.icd10_code)

    def render_clinician(self, value):
        return value.full_name


class PatientEncounterTable(EncounterTable):
    """A patient's own visits: the patient column would only repeat the page's title."""

    class Meta(EncounterTable.Meta):
        exclude = ("patient",)


class MedicineTable(BaseTable):
    name = tables.Column()
    quantity = tables.Column(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})
    unit_of_measure = tables.Column()
    instructions = tables.Column()

    class Meta(BaseTable.Meta):
        model = MedicineDispensed
        fields = ("name", "quantity", "unit_of_measure", "instructions")


class ExposureTable(BaseTable):
    id = tables.Column(verbose_name=_("No."), linkify=True)
    patient = tables.Column(linkify=True, order_by=("patient__full_name",))
    classification = BadgeColumn(colors=CLASSIFICATION_COLORS)
    patient_unit = tables.Column()
    date_identified = DateColumn()
    isolation_place = tables.Column()
    isolation_start = DateColumn()
    isolation_end = DateColumn()
    status = BadgeColumn(colors=STATUS_COLORS)

    class Meta(BaseTable.Meta):
        model = Exposure
        fields = (
            "id",
            "patient",
            "classification",
            "patient_unit",
            "date_identified",
            "isolation_place",
            "isolation_start",
            "isolation_end",
            "status",
        )


class ExposureTestTable(BaseTable):
    date = DateColumn()
    method = tables.Column()
    result = BadgeColumn(colors=RESULT_COLORS)

    class Meta(BaseTable.Meta):
        model = ExposureTest
        fields = ("date", "method", "result")


class AccessLogTable(BaseTable):
    at = DateTimeColumn()
    user = tables.Column()
    action = tables.Column()
    record_type = tables.Column()
    record_id = tables.Column()
    record_ids = tables.Column(orderable=False)
    row_count = tables.Column(attrs={"td": {"class": "text-end"}})
    path = tables.Column()

    class Meta(BaseTable.Meta):
        model = AccessLog
        fields = ("at", "user", "action", "record_type", "record_id", "record_ids", "row_count", "path")

    def render_record_ids(self, value):
        # A page of 500 numbers would drown the list; the export keeps them all.
        text = ", ".join(str(pk) for pk in value)
        return Truncator(text).chars(80)

    def value_record_ids(self, value):
        return " ".join(str(pk) for pk in value)


class FitnessStandardTable(BaseTable):
    purpose = tables.Column(linkify=True)
    fit_up_to_grade = tables.Column(attrs={"td": {"class": "text-end"}})
    valid_from = DateColumn()
    valid_to = DateColumn()

    class Meta(BaseTable.Meta):
        model = FitnessStandard
        fields = ("purpose", "fit_up_to_grade", "valid_from", "valid_to", "basis")
