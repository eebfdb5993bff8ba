import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse

from logistics.models import Unit
from logistics.roles import Role
from tests.e2e.conftest import pick, sign_in
from tests.factories import PASSWORD, PersonnelFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_find_edit_and_export_a_unit(live_server, page, shot, tree, make_user):
    admin = make_user(Role.ADMINISTRATOR, tree.province, username="quantri", is_staff=True)
    PersonnelFactory(full_name="Nguyễn Văn Đông", unit=tree.district_a)
    sign_in(page, live_server, admin.username, PASSWORD)
    shot(page, "01-home")

    # Search without accents, open the unit.
    page.goto(live_server.url + reverse("logistics:unit_list"))
    page.fill(".filter-panel input[name=q]", "thanh ha")
    page.press(".filter-panel input[name=q]", "Enter")
    page.wait_for_url("**q=thanh+ha**")
    shot(page, "02-unit-search")
    assert page.locator("table tbody tr").count() == 1  # not "Thanh Hồng": words match from their start
    page.click("table >> text=Công an huyện Thanh Hà")
    page.wait_for_selector("h1:has-text('Công an huyện Thanh Hà')")
    shot(page, "03-unit-detail")

    # An invalid edit is refused with a message beside the field.
    page.click("text=Sửa")
    page.fill("#id_code", "")
    page.fill("#id_valid_from", "31/02/2020")
    page.click("button[name=_save]")
    page.wait_for_selector("[data-testid=form-errors]")
    shot(page, "04-invalid-edit")
    assert page.locator(".invalid-feedback").count() >= 2
    assert Unit.objects.get(pk=tree.district_a.pk).code == "P-TH"

    # A valid edit is saved and appears in the history.
    page.fill("#id_code", "P-TH")
    page.fill("#id_name", "Công an huyện Thanh Hà (cũ)")
    page.fill("#id_valid_from", "01/01/1997")
    page.click("button[name=_save]")
    page.wait_for_selector(".alert-success")
    page.click("button[data-bs-target='#history']")
    history = page.locator("[data-testid=history]")
    assert "Tên: từ “Công an huyện Thanh Hà” thành “Công an huyện Thanh Hà (cũ)”" in history.inner_text()
    assert admin.full_name in history.inner_text()
    shot(page, "05-history")

    # Export the filtered list as CSV.
    page.goto(live_server.url + reverse("logistics:personnel_list") + "?q=dong")
    with page.expect_download() as download_info:
        page.click("[data-testid=export-csv]")
    rows = list(csv.reader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][1] == "Họ và tên"
    assert [row[1] for row in rows[1:]] == ["Nguyễn Văn Đông"]
    shot(page, "06-personnel-list")


def test_lookup_as_you_type_in_a_form(live_server, page, shot, tree, make_user):
    officer = make_user(Role.LOGISTICS_OFFICER, tree.province, username="canbo")
    sign_in(page, live_server, officer.username, PASSWORD)
    page.goto(live_server.url + reverse("logistics:personnel_add"))
    page.fill("#id_full_name", "Phạm Thị Hậu Cần")
    page.fill("#id_service_number", "777-888")
    page.select_option("#id_rank", "captain")
    pick(page, "id_unit", "Công an xã Thái Học", query="thai hoc")
    shot(page, "07-lookup")
    page.click("button[name=_save]")
    page.wait_for_selector(".alert-success")
    shot(page, "08-personnel-saved")
    assert "Công an xã Thái Học" in page.inner_text("main")
