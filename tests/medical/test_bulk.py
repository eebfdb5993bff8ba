"""Many rows at once (a clinic day on one sheet, a campaign's candidates): each row meets the
refusals of the one-record service, named by its row, and nothing is saved unless every row passes."""

import datetime

import pghistory.models
import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from logistics.roles import Role
from medical import services
from medical.models import Encounter, Exposure, ExposureTest, MedicineDispensed, Patient
from tests.factories import PersonnelFactory
from tests.medical.conftest import DAY

pytestmark = pytest.mark.django_db

GOOD_VISIT = {"date": DAY, "service": "examination", "diagnosis": "Cúm"}

ENCOUNTER_REFUSALS = [
    ({"date": timezone.localdate() + datetime.timedelta(days=2)}, "date"),
    ({"date": datetime.date(1980, 1, 1)}, "date"),
    ({"service": ""}, "service"),
    ({"service": "referral", "referral_reason": "Cần phẫu thuật"}, "referral_hospital"),
    ({"service": "referral", "referral_hospital": "Bệnh viện 19-8"}, "referral_reason"),
    ({"service": "health_check", "health_grade": 2, "is_fit": True}, "health_check_purpose"),
    ({"service": "health_check", "health_check_purpose": "recruitment", "is_fit": True}, "health_grade"),
    ({"service": "health_check", "health_check_purpose": "recruitment", "health_grade": 3, "is_fit": True}, "is_fit"),
    (
        {"service": "health_check", "health_check_purpose": "recruitment", "health_grade": 7, "is_fit": False},
        "health_grade",
    ),
    ({"service": "treatment"}, "care_setting"),
    ({"service": "treatment", "care_setting": "hammock"}, "care_setting"),
    ({"icd10_code": "viem hong"}, "icd10_code"),
    ({"medicines": [{"name": "Paracetamol", "quantity": 0}]}, "medicines"),
    ({"medicines": [{"name": "", "quantity": 3}]}, "medicines"),
]
FIELD_LABELS = {"medicines": MedicineDispensed._meta.verbose_name_plural}


@pytest.fixture(autouse=True)
def english():
    """The messages below are written as the source strings read."""
    with translation.override("en"):
        yield


def row_messages(number, model, refusal):
    """The single service's refusal as the many-row service words it for row ``number``."""
    return [
        f"Row {number}, {FIELD_LABELS.get(field) or model._meta.get_field(field).verbose_name}: {message}"
        for field, messages in refusal.message_dict.items()
        for message in messages
    ]


@pytest.mark.parametrize(("fields", "error_field"), ENCOUNTER_REFUSALS)
def test_a_visit_is_refused_as_the_single_service_refuses_it_named_by_its_row(
    clinic_staff, clinic, patient, fields, error_field
):
    with pytest.raises(ValidationError) as single:
        services.encounter_record(actor=clinic_staff, clinic=clinic, patient=patient, **{**GOOD_VISIT, **fields})
    assert error_field in single.value.message_dict
    expected = row_messages(2, Encounter, single.value)
    visits = [
        {"patient": patient, **GOOD_VISIT, "medicines": [{"name": "Vitamin C", "quantity": 10}]},
        {"patient": patient, **GOOD_VISIT, **fields},
        {"patient": patient, **GOOD_VISIT},
    ]
    with pytest.raises(ValidationError) as raised:
        services.encounters_record(actor=clinic_staff, clinic=clinic, visits=visits)
    assert raised.value.message_dict == {"visits": expected}
    assert not Encounter.objects.exists() and not MedicineDispensed.objects.exists()


def test_every_refused_row_is_named(clinic_staff, clinic, patient):
    visits = [
        {"patient": patient, **GOOD_VISIT, "service": "treatment"},
        {"patient": patient, **GOOD_VISIT},
        {"patient": None, **GOOD_VISIT},
        {"patient_id": 987654, **GOOD_VISIT},
    ]
    with pytest.raises(ValidationError) as raised:
        services.encounters_record(actor=clinic_staff, clinic=clinic, visits=visits)
    assert raised.value.message_dict == {
        "visits": [
            "Row 1, inpatient or outpatient: Say whether the treatment is inpatient or outpatient.",
            "Row 3, patient: Choose the patient.",
            "Row 4, patient: patient instance with id 987654 is not a valid choice.",
        ]
    }
    assert not Encounter.objects.exists()


def test_a_clinic_day_is_saved_with_its_medicines_units_and_history(clinic_staff, clinic, patient, tree):
    officer = services.patient_register(
        actor=clinic_staff,
        clinic=clinic,
        kind="officer",
        personnel=PersonnelFactory(unit=tree.commune_b1),
        sex="male",
        birth_year=1990,
    )
    visits = [
        {"patient": patient, **GOOD_VISIT, "medicines": [{"name": " Vitamin C ", "quantity": 10}]},
        {"patient": officer, "date": DAY, "service": "ecg", "diagnosis": "Điện tim bình thường", "outcome": "stable"},
        {
            "patient_id": officer.pk,
            "date": DAY,
            "service": "referral",
            "referral_hospital": "Bệnh viện 19-8",
            "referral_reason": "CT",
            "care_setting": "inpatient",
            "icd10_code": "k80.2",
        },
    ]
    saved = services.encounters_record(actor=clinic_staff, clinic=clinic, visits=visits)
    assert [encounter.pk for encounter in saved] == list(Encounter.objects.order_by("pk").values_list("pk", flat=True))
    rows = Encounter.objects.order_by("pk")
    assert [(e.patient_unit, e.recorded_by, e.clinic) for e in rows] == [
        (tree.commune_a1, clinic_staff, clinic),
        (tree.commune_b1, clinic_staff, clinic),
        (tree.commune_b1, clinic_staff, clinic),
    ]
    referral = rows[2]
    # The details of another service are dropped, the code upper-cased, as for a single visit.
    assert (referral.care_setting, referral.icd10_code) == ("", "K80.2")
    assert list(MedicineDispensed.objects.values_list("encounter", "name")) == [(saved[0].pk, "Vitamin C")]
    events = pghistory.models.Events.objects.filter(pgh_model="medical.EncounterEvent")
    assert events.count() == 3 and all(event.pgh_context["user"] == clinic_staff.pk for event in events)
    assert apps.get_model("medical", "MedicineDispensedEvent").objects.count() == 1


def test_the_look_ups_are_made_once_for_all_rows(clinic_staff, clinic, patient, tree):
    others = [
        services.patient_register(
            actor=clinic_staff,
            clinic=clinic,
            kind="officer",
            personnel=PersonnelFactory(unit=tree.commune_b1),
            sex="male",
            birth_year=1980 + number,
        )
        for number in range(3)
    ]
    clinician = PersonnelFactory(unit=clinic)

    def day_of(count):
        people = [patient, *others]
        return [
            {
                "patient_id": people[n % 4].pk,
                "clinician_id": clinician.pk,
                **GOOD_VISIT,
                "medicines": [{"name": "Vitamin C", "quantity": 10}],
            }
            for n in range(count)
        ]

    with CaptureQueriesContext(connection) as few:
        services.encounters_record(actor=clinic_staff, clinic=clinic, visits=day_of(4))
    with CaptureQueriesContext(connection) as many:
        services.encounters_record(actor=clinic_staff, clinic=clinic, visits=day_of(40))
    assert len(many) == len(few)
    assert Encounter.objects.count() == 44 and MedicineDispensed.objects.count() == 44


def test_a_patient_out_of_reach_refuses_the_whole_day(make_user, other_clinic, clinic, patient):
    stranger = make_user(Role.CLINIC_STAFF, other_clinic)
    with pytest.raises(PermissionDenied):
        services.encounters_record(actor=stranger, clinic=other_clinic, visits=[{"patient": patient, **GOOD_VISIT}])
    assert not Encounter.objects.exists()


def test_a_dissolved_clinic_is_refused_on_every_row(clinic_staff, clinic, patient):
    clinic.valid_to = datetime.date(2024, 1, 1)
    clinic.save()
    with pytest.raises(ValidationError) as raised:
        services.encounters_record(actor=clinic_staff, clinic=clinic, visits=[{"patient": patient, **GOOD_VISIT}] * 2)
    assert raised.value.message_dict == {"visits": [f"Row {n}, clinic: {clinic} was dissolved." for n in (1, 2)]}


# --- patients -----------------------------------------------------------------------------------


def citizen(**fields):
    return {"kind": "citizen", "full_name": "Lê Văn Dân", "birth_year": 1970, "sex": "male", **fields}


PATIENT_REFUSALS = [
    (citizen(full_name=""), "full_name"),
    (citizen(birth_year=None), "birth_year"),
    (citizen(birth_year=1890), "birth_year"),
    (citizen(date_of_birth=datetime.date(1971, 3, 1)), "birth_year"),
    (citizen(date_of_birth=timezone.localdate() + datetime.timedelta(days=3), birth_year=None), "date_of_birth"),
    (citizen(kind="officer"), "personnel"),
    (citizen(kind="relative"), "relative_of"),
    (citizen(sex="unknown"), "sex"),
    (citizen(insurance_number="12"), "insurance_number"),
]


@pytest.mark.parametrize(("fields", "error_field"), PATIENT_REFUSALS)
def test_a_person_is_refused_as_the_single_service_refuses_them_named_by_their_row(
    clinic_staff, clinic, fields, error_field
):
    with pytest.raises(ValidationError) as single:
        services.patient_register(actor=clinic_staff, clinic=clinic, **fields)
    assert error_field in single.value.message_dict
    expected = row_messages(3, Patient, single.value)
    with pytest.raises(ValidationError) as raised:
        services.patients_register(actor=clinic_staff, clinic=clinic, people=[citizen(), citizen(), fields])
    assert raised.value.message_dict == {"people": expected}
    assert not Patient.objects.exists()


def test_an_officer_is_registered_once(clinic_staff, clinic, officer_record):
    first = services.patient_register(
        actor=clinic_staff, clinic=clinic, kind="officer", personnel=officer_record, sex="male", birth_year=1988
    )
    another = PersonnelFactory(unit=officer_record.unit)
    officer = {"kind": "officer", "sex": "male", "birth_year": 1988}
    with pytest.raises(ValidationError) as raised:
        services.patients_register(
            actor=clinic_staff,
            clinic=clinic,
            people=[
                {**officer, "personnel": officer_record},
                {**officer, "personnel": another},
                {**officer, "personnel": another},
            ],
        )
    assert raised.value.message_dict == {
        "people": [
            f"Row 1, officer record: This officer is already registered as patient no. {first.pk}.",
            "Row 3, officer record: This officer is already on row 2.",
        ]
    }
    assert Patient.objects.count() == 1


def test_people_are_registered_with_their_units_and_history(clinic_staff, clinic, officer_record, tree):
    relative_of = PersonnelFactory(unit=tree.commune_b1)
    saved = services.patients_register(
        actor=clinic_staff,
        clinic=clinic,
        people=[
            {"kind": "officer", "personnel": officer_record, "sex": "male", "birth_year": 1988, "relationship": "Vợ"},
            {
                "kind": "relative",
                "relative_of_id": relative_of.pk,
                "relationship": "Con",
                "full_name": " Lê Thị Con ",
                "birth_year": 2015,
                "sex": "female",
                "insurance_number": "tn 4301234567890",
            },
            citizen(),
        ],
    )
    rows = Patient.objects.order_by("pk")
    assert [patient.pk for patient in saved] == [patient.pk for patient in rows]
    assert [(p.full_name, p.unit, p.relationship, p.insurance_number) for p in rows] == [
        (officer_record.full_name, officer_record.unit, "", ""),
        ("Lê Thị Con", tree.commune_b1, "Con", "TN4301234567890"),
        ("Lê Văn Dân", None, "", ""),
    ]
    assert apps.get_model("medical", "PatientEvent").objects.count() == 3


def test_registering_outside_ones_clinic_is_refused(make_user, other_clinic, clinic):
    stranger = make_user(Role.CLINIC_STAFF, other_clinic)
    with pytest.raises(PermissionDenied):
        services.patients_register(actor=stranger, clinic=clinic, people=[citizen()])
    assert not Patient.objects.exists()


# --- epidemic lists -----------------------------------------------------------------------------


def contact(person, **fields):
    return {
        "patient": person,
        "classification": "F1",
        "source_note": "Ca bệnh công bố",
        "date_identified": datetime.date(2021, 2, 1),
        "isolation_place": "facility",
        "isolation_start": datetime.date(2021, 2, 1),
        "isolation_end": datetime.date(2021, 2, 14),
        "status": "released",
        **fields,
    }


EXPOSURE_REFUSALS = [
    ({"isolation_start": datetime.date(2021, 2, 10), "isolation_end": datetime.date(2021, 2, 9)}, "isolation_end"),
    ({"isolation_start": None, "isolation_end": datetime.date(2021, 2, 9)}, "isolation_start"),
    ({"date_identified": timezone.localdate() + datetime.timedelta(days=2)}, "date_identified"),
    ({"date_identified": datetime.date(1980, 1, 1)}, "date_identified"),
    ({"date_identified": None}, "date_identified"),
    ({"status": "isolating", "isolation_start": None, "isolation_end": None}, "isolation_start"),
    ({"status": "released", "isolation_end": None}, "isolation_end"),
    ({"classification": "F9"}, "classification"),
    ({"isolation_place": "moon"}, "isolation_place"),
    ({"patient": None}, "patient"),
    ({"tests": [{"date": None, "method": "pcr", "result": "negative"}]}, "tests"),
    ({"tests": [{"date": datetime.date(2021, 2, 2), "method": ""}]}, "tests"),
]
FIELD_LABELS["tests"] = ExposureTest._meta.verbose_name_plural


@pytest.mark.parametrize(("fields", "error_field"), EXPOSURE_REFUSALS)
def test_an_entry_is_refused_as_the_single_service_refuses_it_named_by_its_row(
    clinic_staff, clinic, patient, fields, error_field
):
    with pytest.raises(ValidationError) as single:
        services.exposure_record(actor=clinic_staff, clinic=clinic, **contact(patient, **fields))
    assert error_field in single.value.message_dict
    expected = row_messages(2, Exposure, single.value)
    entries = [contact(patient), contact(patient, **fields), contact(patient)]
    with pytest.raises(ValidationError) as raised:
        services.exposures_record(actor=clinic_staff, clinic=clinic, exposures=entries)
    assert raised.value.message_dict == {"exposures": expected}
    assert not Exposure.objects.exists() and not ExposureTest.objects.exists()


def test_a_source_case_of_the_wrong_kind_and_a_citizen_are_refused_alike(clinic_staff, clinic, patient):
    second = services.exposure_record(actor=clinic_staff, clinic=clinic, **contact(patient, classification="F2"))
    citizen_patient = services.patient_register(actor=clinic_staff, clinic=clinic, **citizen())
    for fields in ({"source_case": second, "classification": "F1"}, {"patient": citizen_patient}):
        with pytest.raises(ValidationError) as single:
            services.exposure_record(actor=clinic_staff, clinic=clinic, **contact(patient, **fields))
        with pytest.raises(ValidationError) as raised:
            services.exposures_record(
                actor=clinic_staff, clinic=clinic, exposures=[contact(patient, **fields), contact(patient)]
            )
        assert raised.value.message_dict == {"exposures": row_messages(1, Exposure, single.value)}
    with pytest.raises(ValidationError) as raised:
        services.exposures_record(
            actor=clinic_staff, clinic=clinic, exposures=[contact(patient, source_case_id=987654)]
        )
    assert raised.value.message_dict == {
        "exposures": ["Row 1, source case: epidemic list entry instance with id 987654 is not a valid choice."]
    }
    assert Exposure.objects.count() == 1


def test_a_list_is_saved_as_the_single_service_saves_each_entry(clinic_staff, clinic, patient, tree):
    tests = [{"date": datetime.date(2021, 2, 1), "method": "pcr", "result": "positive"}]
    zero = services.exposures_record(
        actor=clinic_staff,
        clinic=clinic,
        exposures=[contact(patient, classification="F0", tests=tests)],
    )[0]
    saved = services.exposures_record(
        actor=clinic_staff,
        clinic=clinic,
        exposures=[
            contact(patient, source_case=zero, source_note=" Tiếp xúc gần ", tests=[{"date": DAY, "method": "rapid"}]),
            contact(patient, source_case_id=zero.pk, classification="F1"),
        ],
    )
    single = services.exposure_record(
        actor=clinic_staff,
        clinic=clinic,
        tests=[{"date": DAY, "method": "rapid"}],
        **contact(patient, source_case=zero, source_note="Tiếp xúc gần"),
    )
    rows = Exposure.objects.order_by("pk")
    assert [exposure.pk for exposure in saved] == [row.pk for row in rows][1:3]
    fields = ("clinic", "patient", "patient_unit", "classification", "source_case", "source_note", "status")
    first = Exposure.objects.values(*fields).get(pk=saved[0].pk)
    assert first == Exposure.objects.values(*fields).get(pk=single.pk)
    assert first["patient_unit"] == tree.commune_a1.pk and first["source_note"] == "Tiếp xúc gần"
    assert list(ExposureTest.objects.filter(exposure=saved[0]).values_list("method", "result")) == [
        ("rapid", "pending")
    ]
    assert apps.get_model("medical", "ExposureEvent").objects.count() == 4
    assert apps.get_model("medical", "ExposureTestEvent").objects.count() == 3


def test_the_look_ups_of_a_list_are_made_once_for_all_entries(clinic_staff, clinic, patient):
    def entries(count):
        return [contact(patient, tests=[{"date": DAY, "method": "rapid"}]) for _ in range(count)]

    with CaptureQueriesContext(connection) as few:
        services.exposures_record(actor=clinic_staff, clinic=clinic, exposures=entries(2))
    with CaptureQueriesContext(connection) as many:
        services.exposures_record(actor=clinic_staff, clinic=clinic, exposures=entries(20))
    assert len(many) == len(few)
    assert Exposure.objects.count() == 22 and ExposureTest.objects.count() == 22


def test_a_person_out_of_reach_refuses_the_whole_list(make_user, other_clinic, clinic_staff, clinic, patient):
    stranger = make_user(Role.CLINIC_STAFF, other_clinic)
    with pytest.raises(PermissionDenied):
        services.exposure_record(actor=stranger, clinic=other_clinic, **contact(patient))
    with pytest.raises(PermissionDenied):
        services.exposures_record(actor=stranger, clinic=other_clinic, exposures=[contact(patient)])
    with pytest.raises(PermissionDenied):
        services.exposures_record(actor=stranger, clinic=clinic, exposures=[contact(patient)])
    assert not Exposure.objects.exists()
