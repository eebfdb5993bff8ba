"""Scope, history, the API's lines, list query counts and the caseload report."""

import datetime

import pghistory.models
import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from logistics.roles import Role
from medical import selectors, services
from medical.models import Encounter
from tests.conftest import api_for, logged_in
from tests.factories import PersonnelFactory
from tests.medical.conftest import DAY, SECRET_NAME

pytestmark = pytest.mark.django_db


def test_staff_of_another_clinic_reach_nothing(make_user, other_clinic, encounter, patient):
    stranger = make_user(Role.CLINIC_STAFF, other_clinic)
    client = logged_in(stranger)
    assert client.get(reverse("medical:encounter_detail", args=[encounter.pk])).status_code == 404
    assert SECRET_NAME not in client.get(reverse("medical:patient_list")).content.decode()
    assert api_for(stranger).get(f"/api/medical/patients/{patient.pk}/").status_code == 404
    assert client.get(reverse("lookup", args=["medical", "patient"])).json()["results"] == []


def test_records_keep_the_patients_unit_at_the_time(clinic_staff, clinic, tree, officer_record):
    patient = services.patient_register(
        actor=clinic_staff, clinic=clinic, kind="officer", personnel=officer_record, sex="male", birth_year=1990
    )
    first = services.encounter_record(actor=clinic_staff, clinic=clinic, patient=patient, date=DAY, service="ecg")
    officer_record.unit = tree.commune_b1
    officer_record.save()
    second = services.encounter_record(actor=clinic_staff, clinic=clinic, patient=patient, date=DAY, service="ecg")
    assert (first.patient_unit, second.patient_unit) == (tree.commune_a1, tree.commune_b1)


def test_history_records_the_actor_of_each_write(clinic_staff, encounter):
    services.encounter_update(
        actor=clinic_staff,
        encounter=encounter,
        clinic=encounter.clinic,
        patient=encounter.patient,
        date=encounter.date,
        service="examination",
        diagnosis="Viêm họng cấp",
        medicines=[{"name": "Vitamin C", "quantity": 20}],
    )
    events = pghistory.models.Events.objects.tracks(encounter).order_by("pgh_created_at", "pgh_id")
    assert [event.pgh_label for event in events] == ["insert", "update"]
    assert all(event.pgh_context["user"] == clinic_staff.pk for event in events)
    assert events.last().pgh_diff["diagnosis"][1] == "Viêm họng cấp"
    medicine_events = apps.get_model("medical", "MedicineDispensedEvent").objects.all()
    assert sorted(medicine_events.values_list("pgh_label", flat=True)) == ["delete", "insert", "insert"]
    page = logged_in(clinic_staff).get(reverse("medical:encounter_detail", args=[encounter.pk])).content.decode()
    assert "Viêm họng cấp" in page and "Vitamin C" in page


def test_api_writes_an_encounter_with_its_medicines(clinic_staff, clinic, patient):
    api = api_for(clinic_staff)
    response = api.post(
        "/api/medical/encounters/",
        {
            "clinic": clinic.pk,
            "patient": patient.pk,
            "date": "2024-05-06",
            "service": "examination",
            "diagnosis": "Cúm",
            "medicines": [{"name": "Paracetamol 500mg", "quantity": 12, "unit_of_measure": "viên"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert api.patch(f"/api/medical/encounters/{pk}/", {"outcome": "stable"}, format="json").status_code == 200
    encounter = Encounter.objects.get(pk=pk)
    assert encounter.outcome == "stable" and encounter.recorded_by == clinic_staff
    assert list(encounter.medicines.values_list("quantity", flat=True)) == [12]


def test_entry_page_defaults_to_today_and_the_last_clinician(clinic_staff, clinic, patient):
    doctor = PersonnelFactory(full_name="Bác sĩ Nguyễn Văn Khám", unit=clinic)
    services.encounter_record(
        actor=clinic_staff, clinic=clinic, patient=patient, date=DAY, service="lab_test", clinician=doctor
    )
    response = logged_in(clinic_staff).get(reverse("medical:encounter_add"), {"patient": patient.pk})
    form = response.context["form"]
    assert form.initial["clinician"] == doctor.pk and form.initial["clinic"] == clinic.pk
    assert form.initial["patient"] == patient.pk
    assert form.initial["date"] == timezone.localdate()


def test_caseload_counts_by_service_month_and_unit(clinic_staff, clinic, tree, patient, make_user):
    citizen = services.patient_register(
        actor=clinic_staff, clinic=clinic, kind="citizen", full_name="Dân Thường", birth_year=1960, sex="male"
    )
    for day, service, person in [
        (datetime.date(2024, 1, 5), "examination", patient),
        (datetime.date(2024, 1, 9), "examination", citizen),
        (datetime.date(2024, 3, 2), "ultrasound", patient),
        (datetime.date(2023, 12, 31), "ultrasound", patient),
    ]:
        services.encounter_record(actor=clinic_staff, clinic=clinic, patient=person, date=day, service=service)
    period = {"date_from": datetime.date(2024, 1, 1), "date_to": datetime.date(2024, 3, 31)}
    report, figures = selectors.caseload_report(clinic_staff, **period)
    assert figures.by_service["examination"] == 2 and figures.by_service["ultrasound"] == 1
    months = report.sections[1].rows
    assert [row["month"] for row in months] == ["01/2024", "02/2024", "03/2024"]
    assert [row["total"] for row in months] == [2, 0, 1]
    # By unit subtree: the relative counts under her officer's commune, the citizen under the clinic.
    tree.refresh()  # adding the clinic re-numbered its siblings' tree paths
    _report, district = selectors.caseload_report(clinic_staff, unit=tree.district_a, **period)
    assert district.total == 2
    _report, province = selectors.caseload_report(clinic_staff, unit=tree.province, **period)
    assert province.total == 3
    commune_commander = make_user(Role.UNIT_COMMANDER, tree.commune_a1)
    _report, seen = selectors.caseload_report(commune_commander, **period)
    assert seen.total == 2
    page = logged_in(commune_commander).get(
        reverse("medical:caseload"), {"date_from": "01/01/2024", "date_to": "31/03/2024"}
    )
    assert page.status_code == 200 and 'id="caseload-chart"' in page.content.decode()


def test_the_source_case_is_looked_up_by_name_not_listed_in_full(clinic_staff, clinic, exposure, tree):
    """However long the epidemic lists grow, the form names only the chosen source; typing a name
    finds the F0 and F1 entries of that person, never an F2 and never the entry being edited."""

    def listed(full_name, classification, day):
        officer = PersonnelFactory(full_name=full_name, unit=tree.commune_a1)
        person = services.patient_register(
            actor=clinic_staff, clinic=clinic, kind="officer", personnel=officer, sex="male", birth_year=1975
        )
        return services.exposure_record(
            actor=clinic_staff, clinic=clinic, patient=person, classification=classification, date_identified=day
        )

    source = listed("Đỗ Văn Nguồn Lây", "F0", datetime.date(2021, 1, 28))
    contact = listed("Đỗ Thị Tiếp Xúc", "F2", datetime.date(2021, 2, 3))
    client = logged_in(clinic_staff)
    form = client.get(reverse("medical:exposure_add")).content.decode()
    assert "Nguồn Lây" not in form and "Hoàng Thị" not in form  # no name until one is typed or chosen
    lookup = "/lookup/medical/exposure/"
    assert f'data-lookup="{lookup}' in form
    found = client.get(lookup, {"q": "do van nguon"}).json()["results"]
    assert found == [{"value": source.pk, "text": "F0 · Đỗ Văn Nguồn Lây · 28/01/2021"}]
    assert client.get(lookup, {"q": "tiep xuc"}).json()["results"] == []  # an F2 is nobody's source
    everyone = {row["value"] for row in client.get(lookup).json()["results"]}
    assert everyone == {source.pk, exposure.pk}
    edit = client.get(reverse("medical:exposure_edit", args=[exposure.pk])).content.decode()
    assert f"exclude={exposure.pk}" in edit
    assert {row["value"] for row in client.get(lookup, {"exclude": exposure.pk}).json()["results"]} == {source.pk}
    assert contact.pk not in everyone
