"""Bad input is refused with a message beside the field (pages) or field errors (API), nothing
is saved, and the database refuses what slips past the services."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from medical import services
from medical.models import Encounter, Exposure, MedicineDispensed, Patient
from tests.conftest import api_for, logged_in
from tests.medical.conftest import DAY

pytestmark = pytest.mark.django_db


def record(clinic_staff, clinic, patient, **fields):
    values = {"clinic": clinic, "patient": patient, "date": DAY, "service": "examination", **fields}
    return services.encounter_record(actor=clinic_staff, **values)


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"date": timezone.localdate() + datetime.timedelta(days=2)}, "date"),
        ({"date": datetime.date(1980, 1, 1)}, "date"),
        ({"service": "referral", "referral_reason": "Cần phẫu thuật"}, "referral_hospital"),
        ({"service": "referral", "referral_hospital": "Bệnh viện 19-8"}, "referral_reason"),
        ({"service": "health_check", "health_grade": 2, "is_fit": True}, "health_check_purpose"),
        ({"service": "health_check", "health_check_purpose": "recruitment", "is_fit": True}, "health_grade"),
        (
            {"service": "health_check", "health_check_purpose": "recruitment", "health_grade": 3, "is_fit": True},
            "is_fit",
        ),
        (
            {"service": "health_check", "health_check_purpose": "recruitment", "health_grade": 7, "is_fit": False},
            "health_grade",
        ),
        (
            {"service": "health_check", "health_check_purpose": "recruitment", "health_grade": 0, "is_fit": False},
            "health_grade",
        ),
        ({"service": "treatment"}, "care_setting"),
        ({"icd10_code": "viem hong"}, "icd10_code"),
        ({"medicines": [{"name": "Paracetamol", "quantity": 0}]}, "medicines"),
        ({"medicines": [{"name": "", "quantity": 3}]}, "medicines"),
    ],
)
def test_encounter_rules(clinic_staff, clinic, patient, fields, error_field):
    with pytest.raises(ValidationError) as raised:
        record(clinic_staff, clinic, patient, **fields)
    assert error_field in raised.value.message_dict
    assert not Encounter.objects.exists() and not MedicineDispensed.objects.exists()


def test_a_complete_health_check_and_referral_are_saved(clinic_staff, clinic, patient):
    check = record(
        clinic_staff,
        clinic,
        patient,
        service="health_check",
        health_check_purpose="service",
        health_grade=6,
        is_fit=False,
    )
    referral = record(
        clinic_staff, clinic, patient, service="referral", referral_hospital="Bệnh viện 19-8", referral_reason="CT"
    )
    assert (check.health_grade, check.is_fit, referral.referral_hospital) == (6, False, "Bệnh viện 19-8")
    assert check.patient_unit == patient.unit and check.recorded_by == clinic_staff


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"isolation_start": datetime.date(2021, 2, 10), "isolation_end": datetime.date(2021, 2, 9)}, "isolation_end"),
        ({"isolation_start": None, "isolation_end": datetime.date(2021, 2, 9)}, "isolation_start"),
        ({"date_identified": timezone.localdate() + datetime.timedelta(days=2)}, "date_identified"),
        ({"status": "isolating", "isolation_start": None, "isolation_end": None}, "isolation_start"),
        ({"tests": [{"date": None, "method": "pcr", "result": "negative"}]}, "tests"),
    ],
)
def test_exposure_rules(clinic_staff, clinic, patient, fields, error_field):
    values = {
        "clinic": clinic,
        "patient": patient,
        "classification": "F1",
        "date_identified": datetime.date(2021, 2, 1),
        "isolation_start": datetime.date(2021, 2, 1),
        "isolation_end": None,
        "status": "monitoring",
        **fields,
    }
    with pytest.raises(ValidationError) as raised:
        services.exposure_record(actor=clinic_staff, **values)
    assert error_field in raised.value.message_dict
    assert not Exposure.objects.exists()


def test_citizens_are_not_put_on_epidemic_lists(clinic_staff, clinic):
    citizen = services.patient_register(
        actor=clinic_staff, clinic=clinic, kind="citizen", full_name="Lê Văn Dân", birth_year=1970, sex="male"
    )
    with pytest.raises(ValidationError) as raised:
        services.exposure_record(
            actor=clinic_staff, clinic=clinic, patient=citizen, classification="F2", date_identified=DAY
        )
    assert "patient" in raised.value.message_dict


def test_patient_rules(clinic_staff, clinic, officer_record):
    with pytest.raises(ValidationError) as raised:
        services.patient_register(actor=clinic_staff, clinic=clinic, kind="officer", sex="male")
    assert "personnel" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        services.patient_register(actor=clinic_staff, clinic=clinic, kind="citizen", full_name="Không Tuổi", sex="male")
    assert "birth_year" in raised.value.message_dict
    officer = services.patient_register(
        actor=clinic_staff, clinic=clinic, kind="officer", personnel=officer_record, sex="male", birth_year=1988
    )
    assert officer.full_name == officer_record.full_name and officer.unit == officer_record.unit
    with pytest.raises(ValidationError) as raised:
        services.patient_register(
            actor=clinic_staff, clinic=clinic, kind="officer", personnel=officer_record, sex="male", birth_year=1988
        )
    assert "personnel" in raised.value.message_dict


@pytest.mark.parametrize(
    "change",
    [
        {"health_grade": 9},
        {"service": "referral", "referral_hospital": ""},
        {"service": "health_check", "is_fit": None},
        {"service": "treatment", "care_setting": ""},
        {"date": datetime.date(2999, 1, 1)},
    ],
)
def test_the_database_refuses_what_slips_past(encounter, change):
    with pytest.raises(IntegrityError), transaction.atomic():
        Encounter.objects.filter(pk=encounter.pk).update(**change)


def test_the_database_refuses_an_isolation_ending_before_it_starts(exposure):
    with pytest.raises(IntegrityError), transaction.atomic():
        Exposure.objects.filter(pk=exposure.pk).update(isolation_end=datetime.date(2021, 1, 1))


def test_the_page_shows_errors_beside_the_fields_and_keeps_what_was_typed(clinic_staff, clinic, patient):
    data = {
        "date": "31/12/2999",
        "clinic": clinic.pk,
        "patient": patient.pk,
        "service": "health_check",
        "health_grade": "8",
        "diagnosis": "Khám tuyển",
        "medicines-TOTAL_FORMS": "2",
        "medicines-INITIAL_FORMS": "0",
        "medicines-0-name": "Vitamin C",
        "medicines-0-quantity": "0",
        "medicines-1-name": "",
        "medicines-1-quantity": "",
    }
    response = logged_in(clinic_staff).post(reverse("medical:encounter_add"), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert {"health_grade", "medicines"} <= set(form.errors)
    page = response.content.decode()
    assert 'data-testid="form-errors"' in page and "Vitamin C" in page and "Khám tuyển" in page
    assert not Encounter.objects.exists()
    data.update({"date": "06/05/2024", "health_grade": "2", "health_check_purpose": "recruitment", "is_fit": "false"})
    data["medicines-0-quantity"] = "3"
    response = logged_in(clinic_staff).post(reverse("medical:encounter_add"), data)
    assert response.status_code == 302
    saved = Encounter.objects.get()
    assert (saved.health_grade, saved.is_fit, saved.recorded_by) == (2, False, clinic_staff)
    assert list(saved.medicines.values_list("name", "quantity")) == [("Vitamin C", 3)]


def test_the_api_answers_400_with_field_errors(clinic_staff, clinic, patient):
    response = api_for(clinic_staff).post(
        "/api/medical/encounters/",
        {"clinic": clinic.pk, "patient": patient.pk, "date": "2024-05-06", "service": "referral"},
        format="json",
    )
    assert response.status_code == 400
    assert {"referral_hospital", "referral_reason"} <= set(response.json()["errors"])
    response = api_for(clinic_staff).post(
        "/api/medical/exposures/",
        {
            "clinic": clinic.pk,
            "patient": patient.pk,
            "classification": "F1",
            "date_identified": "2021-02-01",
            "isolation_start": "2021-02-05",
            "isolation_end": "2021-02-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "isolation_end" in response.json()["errors"]
    assert not Encounter.objects.exists() and not Exposure.objects.exists()
    assert Patient.objects.count() == 1
