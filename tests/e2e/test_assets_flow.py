import io
from pathlib import Path

import pypdf
import pytest
from django.urls import reverse

from assets.models import Holding, Item, Voucher
from logistics.roles import Role
from tests.e2e.conftest import pick, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_multi_line_issue_voucher_posted_and_minutes_printed(
    live_server, page, shot, tree, make_user, receive, store, catalogue
):
    receive(cabinets=12, cars=[("34A-777.77", 1_480_000_000)])
    officer = make_user(Role.LOGISTICS_OFFICER, tree.province, username="thukho")
    sign_in(page, live_server, officer.username, PASSWORD)

    page.goto(live_server.url + reverse("assets:voucher_add") + "?kind=issue")
    pick(page, "id_from_unit", "Kho Phòng Hậu cần", query="kho")
    pick(page, "id_to_unit", "Công an huyện Thanh Hà", query="thanh ha")
    page.fill("#id_reason", "Cấp phát trang bị đầu năm")
    # Line 1: five cabinets.
    pick(page, "id_lines-0-item_type", "Tủ sắt 4 cánh", query="tu sat")
    page.fill("#id_lines-0-quantity", "5")
    # Line 2: the car, chosen by its plate.
    page.click("[data-add-line]")
    pick(page, "id_lines-1-item_type", "Xe ô tô", query="xe o to")
    pick(page, "id_lines-1-item", "34A-777.77", query="34A-777")
    # Line 3 added by mistake, then removed.
    page.click("[data-add-line]")
    page.locator("[data-line-row]").nth(2).locator("[data-remove-line]").click()
    shot(page, "assets-01-voucher-form")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[name=_post]")
    page.wait_for_selector("[data-testid=status]:has-text('Đã ghi sổ')")
    shot(page, "assets-02-voucher-posted")

    voucher = Voucher.objects.get(kind="issue")
    assert voucher.lines.count() == 2
    assert Holding.objects.get(unit=tree.district_a, item_type=catalogue["cabinet"]).quantity == 5
    assert Item.objects.get(plate_number="34A-777.77").holder_unit == tree.district_a

    with page.expect_download() as download_info:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = 'bb.pdf'; document.body.appendChild(a); a.click(); }",
            reverse("assets:voucher_minutes", args=[voucher.pk]),
        )
    pdf = Path(download_info.value.path()).read_bytes()
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())
    assert "BIÊN BẢN BÀN GIAO" in text and "Công an huyện Thanh Hà" in text and "34A-777.77" in text
    assert page.locator("a:has-text('Biên bản bàn giao (PDF)')").count() == 1
