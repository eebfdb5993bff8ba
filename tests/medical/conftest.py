import datetime

import pytest

from logistics.models import UnitKind
from logistics.roles import Role
from medical import services
from tests.factories import PersonnelFactory, UnitFactory

SECRET_NAME = "Hoàng Thị Bí Mật"
SECRET_DIAGNOSIS = "Viêm gan siêu vi bí mật"
DAY = datetime.date(2024, 5, 6)


@pytest.fixture(autouse=True)
def fitness_standards(db):
    """The standards health checks are judged by: grades 1–2 fit for recruitment and pre-selection,
    1–3 for police service, since 2015."""
    return {
        purpose: services.fitness_standard_create(
            actor=None,
            purpose=purpose,
            fit_up_to_grade=worst,
            valid_from=datetime.date(2015, 1, 1),
            basis="Thông tư thử",
        )
        for purpose, worst in (("recruitment", 2), ("pre_selection", 2), ("service", 3))
    }


@pytest.fixture
def clinic(tree):
    return UnitFactory(code="P-BX", name="Bệnh xá thử", kind=UnitKind.CLINIC, parent=tree.province)


@pytest.fixture
def other_clinic(tree):
    return UnitFactory(code="P-BX2", name="Bệnh xá khác", kind=UnitKind.CLINIC, parent=tree.province)


@pytest.fixture
def clinic_staff(make_user, clinic):
    return make_user(Role.CLINIC_STAFF, clinic, is_staff=True)


@pytest.fixture
def officer_record(tree):
    return PersonnelFactory(full_name="Phạm Văn Chiến Sĩ", unit=tree.commune_a1)


@pytest.fixture
def patient(clinic_staff, clinic, tree):
    """A relative of an officer of commune A1: a name nobody but the clinic may read."""
    officer = PersonnelFactory(full_name="Trần Văn Cán Bộ", unit=tree.commune_a1)
    return services.patient_register(
        actor=clinic_staff,
        clinic=clinic,
        kind="relative",
        relative_of=officer,
        relationship="Vợ",
        full_name=SECRET_NAME,
        birth_year=1990,
        sex="female",
        insurance_number="TN4301234567890",
    )


@pytest.fixture
def encounter(clinic_staff, clinic, patient):
    return services.encounter_record(
        actor=clinic_staff,
        clinic=clinic,
        patient=patient,
        date=DAY,
        service="examination",
        diagnosis=SECRET_DIAGNOSIS,
        icd10_code="B19",
        medicines=[{"name": "Paracetamol 500mg", "quantity": 10, "unit_of_measure": "viên"}],
    )


@pytest.fixture
def exposure(clinic_staff, clinic, patient):
    return services.exposure_record(
        actor=clinic_staff,
        clinic=clinic,
        patient=patient,
        classification="F1",
        source_note="Ca bệnh công bố",
        date_identified=datetime.date(2021, 2, 1),
        isolation_place="facility",
        isolation_start=datetime.date(2021, 2, 1),
        isolation_end=datetime.date(2021, 2, 21),
        status="released",
        tests=[{"date": datetime.date(2021, 2, 1), "method": "pcr", "result": "negative"}],
    )
