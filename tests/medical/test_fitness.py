"""A health check's fitness follows from the health standard of its purpose in force on its day
(tiêu chuẩn sức khỏe, reference data kept by administrators)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from medical import services
from medical.models import FitnessStandard
from tests.budget.test_concurrency import run_in_parallel
from tests.conftest import api_for, logged_in
from tests.medical.conftest import DAY

pytestmark = pytest.mark.django_db


def check(clinic_staff, clinic, patient, purpose="recruitment", date=DAY, **fields):
    return services.encounter_record(
        actor=clinic_staff,
        clinic=clinic,
        patient=patient,
        date=date,
        service="health_check",
        health_check_purpose=purpose,
        **fields,
    )


@pytest.mark.parametrize(
    ("purpose", "grade", "fit"),
    [("recruitment", 2, True), ("recruitment", 3, False), ("pre_selection", 3, False), ("service", 3, True)],
)
def test_fitness_follows_from_the_grade_and_the_standard(clinic_staff, clinic, patient, purpose, grade, fit):
    assert check(clinic_staff, clinic, patient, purpose, health_grade=grade).is_fit is fit


def test_fit_with_a_grade_the_standard_does_not_admit_is_refused_unfit_for_another_reason_is_kept(
    clinic_staff, clinic, patient
):
    with pytest.raises(ValidationError) as refused:
        check(clinic_staff, clinic, patient, health_grade=3, is_fit=True)
    assert refused.value.message_dict == {
        "is_fit": ["Sức khỏe loại 3 không đạt cho tuyển dụng: Thông tư thử chỉ chấp nhận loại 1 đến loại 2."]
    }
    assert check(clinic_staff, clinic, patient, health_grade=1, is_fit=False).is_fit is False


def test_the_standard_of_the_day_applies_and_none_means_refused(clinic_staff, clinic, patient, fitness_standards):
    services.fitness_standard_update(
        actor=None, fitness_standard=fitness_standards["service"], valid_to=datetime.date(2023, 12, 31)
    )
    services.fitness_standard_create(
        actor=None, purpose="service", fit_up_to_grade=2, valid_from=datetime.date(2024, 1, 1), basis="Thông tư mới"
    )
    before = check(clinic_staff, clinic, patient, "service", date=datetime.date(2023, 6, 1), health_grade=3)
    after = check(clinic_staff, clinic, patient, "service", date=DAY, health_grade=3)
    assert (before.is_fit, after.is_fit) == (True, False)
    FitnessStandard.objects.filter(purpose="recruitment").delete()
    with pytest.raises(ValidationError) as refused:
        check(clinic_staff, clinic, patient, health_grade=1)
    assert list(refused.value.message_dict) == ["health_check_purpose"]


def test_a_clinic_day_recorded_at_once_follows_the_standards_too(clinic_staff, clinic, patient):
    visits = [
        {"patient": patient, "date": DAY, "service": "health_check", "health_check_purpose": purpose, "health_grade": 3}
        for purpose in ("recruitment", "service")
    ]
    recorded = services.encounters_record(actor=clinic_staff, clinic=clinic, visits=visits)
    assert [encounter.is_fit for encounter in recorded] == [False, True]
    with pytest.raises(ValidationError) as refused:
        services.encounters_record(actor=clinic_staff, clinic=clinic, visits=[{**visits[0], "is_fit": True}])
    assert "Dòng 1" in str(refused.value) and "không đạt cho tuyển dụng" in str(refused.value)


def test_two_standards_of_one_purpose_never_hold_on_the_same_day(fitness_standards):
    with pytest.raises(ValidationError) as refused:
        services.fitness_standard_create(
            actor=None,
            purpose="recruitment",
            fit_up_to_grade=3,
            valid_from=datetime.date(2020, 1, 1),
            basis="Chồng lấn",
        )
    assert list(refused.value.message_dict) == ["valid_from"]
    with pytest.raises(ValidationError) as refused:
        services.fitness_standard_create(
            actor=None,
            purpose="service",
            fit_up_to_grade=7,
            valid_from=datetime.date(2030, 1, 1),
            valid_to=datetime.date(2029, 1, 1),
            basis="Sai",
        )
    assert set(refused.value.message_dict) >= {"fit_up_to_grade"}
    assert FitnessStandard.objects.count() == 3


def test_administrators_keep_the_standards_the_clinic_reads_them(admin_user, clinic_staff, fitness_standards):
    data = {"purpose": "recruitment", "fit_up_to_grade": 1, "valid_from": "2035-01-01", "basis": "Thông tư tương lai"}
    assert api_for(clinic_staff).post("/api/medical/fitness-standards/", data, format="json").status_code == 403
    assert api_for(clinic_staff).get("/api/medical/fitness-standards/").json()["count"] == 3
    overlapping = api_for(admin_user).post("/api/medical/fitness-standards/", data, format="json")
    assert overlapping.status_code == 400 and "valid_from" in overlapping.json()["errors"]
    ended = api_for(admin_user).patch(
        f"/api/medical/fitness-standards/{fitness_standards['recruitment'].pk}/",
        {"valid_to": "2034-12-31"},
        format="json",
    )
    assert ended.status_code == 200
    assert api_for(admin_user).post("/api/medical/fitness-standards/", data, format="json").status_code == 201
    page = logged_in(clinic_staff).get("/medical/fitnessstandard/", {"in_force_on": "01/01/2035"})
    assert page.status_code == 200 and "Thông tư tương lai" in page.content.decode()
    assert "Thêm mới" not in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_standards_saved_at_the_same_moment_never_both_land(fitness_standards):
    def create(grade):
        return lambda: services.fitness_standard_create(
            actor=None,
            purpose="service",
            fit_up_to_grade=grade,
            valid_from=datetime.date(2040, 1, 1),
            basis="Song song",
        )

    FitnessStandard.objects.filter(purpose="service").delete()
    outcomes = run_in_parallel([create(grade) for grade in (1, 2, 3, 4)])
    assert sorted(outcomes) == ["ok", "refused", "refused", "refused"]
    assert FitnessStandard.objects.filter(purpose="service").count() == 1
