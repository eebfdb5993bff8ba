import csv
import datetime
import io
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.urls import reverse

from logistics import services
from logistics.models import Personnel, Unit, UnitKind
from tests.conftest import DEMO
from tests.e2e.conftest import RUN, beyond_first_page, is_answer_to, pick, plain, service_number, sign_in

pytestmark = [*DEMO, pytest.mark.e2e]


def test_find_edit_and_export_a_unit(live_server, page, shot):
    city = Unit.objects.get(code="HP")
    unit = services.unit_create(
        actor=None,
        code=f"HP-E2E-{RUN}",
        name=f"Công an xã Đồng Tâm {RUN}",
        kind=UnitKind.COMMUNE,
        parent=city,
        valid_from=datetime.date(2025, 7, 1),
    )
    services.personnel_create(
        actor=None, full_name=f"Nguyễn Văn Đông {RUN}", service_number=service_number(), rank="captain", unit=unit
    )
    sign_in(page, live_server, "admin", settings.DEMO_PASSWORD)
    shot(page, "01-home")

    # Search without accents among every unit of the force, open the unit.
    page.goto(live_server.url + reverse("logistics:unit_list"))
    page.fill(".filter-panel input[name=q]", f"dong tam {RUN}")
    page.press(".filter-panel input[name=q]", "Enter")
    page.wait_for_url(f"**q=dong+tam+{RUN}**")
    shot(page, "02-unit-search")
    assert page.locator("table tbody tr").count() == 1
    page.click(f"table >> text=Công an xã Đồng Tâm {RUN}")
    page.wait_for_selector(f"h1:has-text('Công an xã Đồng Tâm {RUN}')")
    shot(page, "03-unit-detail")

    # An invalid edit is refused with a message beside the field.
    page.click("main a:has-text('Sửa')")
    page.fill("#id_code", "")
    page.fill("#id_valid_from", "31/02/2020")
    page.click("button[name=_save]")
    page.wait_for_selector("[data-testid=form-errors]")
    shot(page, "04-invalid-edit")
    assert page.locator(".invalid-feedback").count() >= 2
    assert Unit.objects.get(pk=unit.pk).code == f"HP-E2E-{RUN}"

    # A valid edit is saved and appears in the history.
    page.fill("#id_code", f"HP-E2E-{RUN}")
    page.fill("#id_name", f"Công an xã Đồng Tâm {RUN} (mới)")
    page.fill("#id_valid_from", "01/07/2025")
    page.click("button[name=_save]")
    page.wait_for_selector(".alert-success")
    page.click("button[data-bs-target='#history']")
    history = page.locator("[data-testid=history]")
    assert f"Tên: từ “Công an xã Đồng Tâm {RUN}” thành “Công an xã Đồng Tâm {RUN} (mới)”" in history.inner_text()
    assert "Quản trị hệ thống" in history.inner_text()
    shot(page, "05-history")

    # Export the filtered list as CSV.
    page.goto(live_server.url + reverse("logistics:personnel_list") + f"?q=dong+{RUN}")
    with page.expect_download() as download_info:
        page.click("[data-testid=export-csv]")
    rows = list(csv.reader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][1] == "Họ và tên"
    assert [row[1] for row in rows[1:]] == [f"Nguyễn Văn Đông {RUN}"]
    shot(page, "06-personnel-list")


def test_lookup_as_you_type_in_a_form(live_server, page, shot):
    sign_in(page, live_server, "officer", settings.DEMO_PASSWORD)
    # A unit the look-up does not offer before typing: only typing finds it.
    units = Unit.objects.filter(valid_to__isnull=True).exclude(code__contains="-E2E-").order_by("-path")
    unit_name = beyond_first_page(page, live_server, "logistics/unit", [unit.name for unit in units])
    page.goto(live_server.url + reverse("logistics:personnel_add"))
    page.fill("#id_full_name", f"Phạm Thị Hậu Cần {RUN}")
    page.fill("#id_service_number", service_number())
    page.select_option("#id_rank", "captain")
    pick(page, "id_unit", unit_name, query=plain(unit_name))
    shot(page, "07-lookup")
    page.click("button[name=_save]")
    page.wait_for_selector(".alert-success")
    shot(page, "08-personnel-saved")
    assert unit_name in page.inner_text("main")
    assert Personnel.objects.get(full_name=f"Phạm Thị Hậu Cần {RUN}").unit.name == unit_name


def test_the_list_shows_exactly_the_servers_answer_to_what_is_typed(live_server, page, shot):
    """Tom Select on its own kept the 20 records loaded on focus, cached answers by query and
    filtered them itself: typing found nothing beyond them. Now each answer replaces the last."""
    sign_in(page, live_server, "officer", settings.DEMO_PASSWORD)
    page.goto(live_server.url + reverse("assets:voucher_add") + "?kind=issue")
    lookup = reverse("lookup", args=["logistics", "unit"])

    def answer(query: str) -> list[str]:
        response = page.request.get(f"{live_server.url}{lookup}?q={quote(query)}")
        return [result["text"] for result in response.json()["results"]]

    def shown(field: str) -> list[str]:
        return [text.strip() for text in page.locator(f"#{field}-ts-dropdown .option").all_inner_texts()]

    def type_in(field: str, query: str) -> None:
        with page.expect_response(lambda response: is_answer_to(response, query)):
            page.locator(f"#{field}-ts-control").fill(query)
        page.wait_for_function(
            "([field, count]) => document.querySelectorAll(`#${field}-ts-dropdown .option`).length === count",
            arg=[field, len(answer(query))],
        )

    # The sending unit comes chosen (the officer's own); the list offers the first records, in order.
    with page.expect_response(lambda response: is_answer_to(response, "")):
        page.locator(".ts-wrapper:has(#id_from_unit-ts-control) .ts-control").click()
    page.wait_for_function("document.querySelectorAll('#id_from_unit-ts-dropdown .option').length === 20")
    assert shown("id_from_unit") == answer("")

    type_in("id_from_unit", "thanh")
    assert shown("id_from_unit") == answer("thanh")
    # While typing, the box shows what is typed, not the unit chosen before.
    assert not page.locator(".ts-wrapper:has(#id_from_unit-ts-control) .ts-control .item").is_visible()
    shot(page, "09-lookup-typing")

    units = Unit.objects.filter(valid_to__isnull=True).exclude(code__contains="-E2E-").order_by("-path")
    far = beyond_first_page(page, live_server, "logistics/unit", [unit.name for unit in units])
    type_in("id_from_unit", plain(far))
    assert shown("id_from_unit") == answer(plain(far)) and far in shown("id_from_unit")
    page.keyboard.press("Escape")

    # An optional field with nothing chosen shows its hint, never a “—” choice, typing or not.
    page.locator(".ts-wrapper:has(#id_to_unit-ts-control) .ts-control").click()
    type_in("id_to_unit", "thanh")
    assert page.locator(".ts-wrapper:has(#id_to_unit-ts-control) .ts-control .item").count() == 0
    assert "—" not in shown("id_to_unit")
