"""A clinic day in a real browser: record an encounter through the page, see it counted."""

import pytest
from django.urls import reverse
from django.utils import timezone

from logistics import services as core_services
from logistics.models import Unit, UnitKind
from logistics.roles import Role
from medical import services
from medical.models import Encounter
from tests.conftest import DEMO
from tests.e2e.conftest import RUN, beyond_first_page, committed_user, pick, plain, service_number, sign_in
from tests.factories import PASSWORD

pytestmark = [*DEMO, pytest.mark.e2e]


def _referrals_today(page, live_server) -> int:
    today = timezone.localdate().strftime("%d/%m/%Y")
    page.goto(live_server.url + reverse("medical:caseload") + f"?date_from={today}&date_to={today}")
    if page.get_by_text("Không có lượt khám nào trong thời gian này.").count():
        return 0  # no visit yet today (just after midnight, say): the page says so instead of a chart
    page.wait_for_selector("#caseload-chart")
    row = page.locator("table.report-table").first.locator("tbody tr", has_text="Chuyển viện")
    return int(row.locator("td").nth(1).inner_text().replace(".", "")) if row.count() else 0


def test_record_an_encounter_and_see_it_counted(live_server, page, shot):
    clinic = Unit.objects.get(kind=UnitKind.CLINIC, valid_to__isnull=True)
    doctor_name = f"Bác sĩ Lê Thị Khám {RUN}"
    staff = committed_user(Role.CLINIC_STAFF, clinic, full_name=doctor_name)
    doctor = core_services.personnel_create(
        actor=None,
        full_name=doctor_name,
        service_number=service_number(),
        rank="major",
        position="Bác sĩ",
        unit=clinic,
    )
    commune = Unit.objects.filter(kind=UnitKind.COMMUNE, valid_to__isnull=True).order_by("path").last()
    officer = core_services.personnel_create(
        actor=None,
        full_name=f"Đỗ Văn Đồng {RUN}",
        service_number=service_number(),
        rank="captain",
        unit=commune,
    )
    services.patient_register(
        actor=staff, clinic=clinic, kind="officer", personnel=officer, sex="male", birth_year=1987
    )
    sign_in(page, live_server, staff.username, PASSWORD)
    before = _referrals_today(page, live_server)

    page.goto(live_server.url + reverse("medical:encounter_add"))
    # Today and the clinician are already there; the patient — one of thousands, past the look-up's
    # first page — is found without accents.
    assert page.input_value("#id_date") == timezone.localdate().strftime("%d/%m/%Y")
    assert page.input_value("#id_clinician") == str(doctor.pk)
    patients = page.get_attribute("#id_patient", "data-lookup")
    assert beyond_first_page(page, live_server, patients, [officer.full_name]) == officer.full_name
    pick(page, "id_patient", officer.full_name, query=plain(officer.full_name))
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
    assert not Encounter.objects.filter(patient__personnel=officer).exists()

    page.fill("#id_referral_hospital", "Bệnh viện 19-8, Bộ Công an")
    page.click("#add-medicines")
    page.fill("#id_medicines-3-name", "Vitamin C 500mg")
    page.fill("#id_medicines-3-quantity", "20")
    page.click("button[name=_save]")
    page.wait_for_selector(".alert-success")
    shot(page, "medical-03-encounter-saved")
    encounter = Encounter.objects.get(patient__personnel=officer)
    assert encounter.service == "referral" and encounter.recorded_by == staff and encounter.clinician == doctor
    assert sorted(encounter.medicines.values_list("name", flat=True)) == ["Paracetamol 500mg", "Vitamin C 500mg"]
    assert "Vitamin C 500mg" in page.inner_text("main")

    # The caseload counts it, by service, with a chart drawn on the page itself.
    assert _referrals_today(page, live_server) == before + 1
    page.wait_for_selector("#caseload-chart rect")
    shot(page, "medical-04-caseload")
