"""A clinic day in a real browser: record an encounter through the page, see it counted."""

import pytest
from django.urls import reverse
from django.utils import timezone

from logistics.models import UnitKind
from logistics.roles import Role
from medical import services
from medical.models import Encounter
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, PersonnelFactory, UnitFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_record_an_encounter_and_see_it_counted(live_server, page, shot, tree, make_user):
    clinic = UnitFactory(code="P-BX", name="Bệnh xá thử", kind=UnitKind.CLINIC, parent=tree.province)
    staff = make_user(Role.CLINIC_STAFF, clinic, username="bacsi", full_name="Bác sĩ Lê Thị Khám")
    doctor = PersonnelFactory(full_name="Bác sĩ Lê Thị Khám", unit=clinic, position="Bác sĩ")
    officer = PersonnelFactory(full_name="Đỗ Văn Đồng", unit=tree.commune_a1)
    services.patient_register(
        actor=staff, clinic=clinic, kind="officer", personnel=officer, sex="male", birth_year=1987
    )
    sign_in(page, live_server, staff.username, PASSWORD)

    page.goto(live_server.url + reverse("medical:encounter_add"))
    # Today and the clinician are already there; the patient is found without accents.
    assert page.input_value("#id_date") == timezone.localdate().strftime("%d/%m/%Y")
    assert page.input_value("#id_clinician") == str(doctor.pk)
    page.locator(".ts-wrapper:has(#id_patient-ts-control) .ts-control").click()
    page.keyboard.type("do van dong")
    page.wait_for_selector(".ts-dropdown .option:has-text('Đỗ Văn Đồng')")
    page.click(".ts-dropdown .option:has-text('Đỗ Văn Đồng')")
    page.select_option("#id_service", "referral")
    assert page.is_visible("#id_referral_hospital") and not page.is_visible("#id_health_grade")
    page.fill("#id_diagnosis", "Nghi sỏi túi mật")
    page.fill("#id_icd10_code", "K80.2")
    shot(page, "medical-01-encounter-form")

    # Saving without the receiving hospital is refused beside the field; nothing typed is lost.
    page.fill("#id_referral_reason", "Cần chụp cắt lớp vi tính")
    page.fill("#id_medicines-0-name", "Paracetamol 500mg")
    page.fill("#id_medicines-0-quantity", "10")
    page.click("button[name=_save]")
    page.wait_for_selector("[data-testid=form-errors]")
    shot(page, "medical-02-encounter-errors")
    assert page.locator("#id_referral_hospital.is-invalid").count() == 1
    assert page.input_value("#id_medicines-0-name") == "Paracetamol 500mg"
    assert not Encounter.objects.exists()

    page.fill("#id_referral_hospital", "Bệnh viện 19-8, Bộ Công an")
    page.click("#add-medicines")
    page.fill("#id_medicines-3-name", "Vitamin C 500mg")
    page.fill("#id_medicines-3-quantity", "20")
    page.click("button[name=_save]")
    page.wait_for_selector(".alert-success")
    shot(page, "medical-03-encounter-saved")
    encounter = Encounter.objects.get()
    assert encounter.service == "referral" and encounter.recorded_by == staff and encounter.clinician == doctor
    assert sorted(encounter.medicines.values_list("name", flat=True)) == ["Paracetamol 500mg", "Vitamin C 500mg"]
    assert "Vitamin C 500mg" in page.inner_text("main")

    # The caseload counts it, by month and service, with a chart drawn on the page itself.
    page.goto(live_server.url + reverse("medical:caseload"))
    page.wait_for_selector("#caseload-chart rect")
    shot(page, "medical-04-caseload")
    by_service = page.locator("table.report-table").first
    referral_row = by_service.locator("tbody tr").nth(5)
    assert referral_row.locator("td").nth(1).inner_text() == "1"
    assert by_service.locator("tfoot td").nth(1).inner_text() == "1"
