import io
from pathlib import Path

import pypdf
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from assets import services
from assets.choices import Origin, Tracking, VoucherKind
from assets.models import AssetCategory, Holding, Item, ItemType, Voucher
from assets.services import LineData
from logistics import services as core_services
from logistics.models import Supplier, Unit
from tests.conftest import DEMO
from tests.e2e.conftest import RUN, beyond_first_page, pick, plain, service_number, sign_in

pytestmark = [*DEMO, pytest.mark.e2e, pytest.mark.usefixtures("demo_lookups_beyond_one_page")]


def _catalogue(test: str) -> dict[str, ItemType]:
    """Two item types of this test's own, last in the catalogue's order (past the look-up's first page)."""
    category = AssetCategory.objects.create(code=f"ZZZ-{RUN}-{test}", name=f"Trang bị thử nghiệm {RUN} {test}")
    return {
        "cabinet": ItemType.objects.create(
            category=category,
            code=f"TU-{RUN}-{test}",
            name=f"Tủ sắt thử nghiệm {RUN}{test}",
            unit_of_measure="chiếc",
            tracking=Tracking.QUANTITY,
        ),
        "car": ItemType.objects.create(
            category=category,
            code=f"XE-{RUN}-{test}",
            name=f"Xe ô tô thử nghiệm {RUN}{test}",
            unit_of_measure="chiếc",
            tracking=Tracking.SERIAL,
        ),
    }


def _two_units_found_only_by_typing(page, live_server) -> tuple[Unit, Unit]:
    units = list(
        Unit.objects.filter(valid_to__isnull=True, kind="commune").exclude(code__contains="-E2E-").order_by("-path")
    )
    lookup = reverse("lookup", args=["logistics", "unit"])
    first = beyond_first_page(page, live_server, lookup, [unit.name for unit in units])
    second = beyond_first_page(page, live_server, lookup, [unit.name for unit in units if unit.name != first])
    by_name = {unit.name: unit for unit in units}
    return by_name[first], by_name[second]


def test_multi_line_issue_voucher_posted_and_minutes_printed(live_server, page, shot):
    catalogue = _catalogue("a")
    sign_in(page, live_server, "officer", settings.DEMO_PASSWORD)
    holder, receiver = _two_units_found_only_by_typing(page, live_server)
    plate = f"99A-{RUN}"
    services.voucher_create(
        actor=None,
        kind=VoucherKind.RECEIPT,
        date=timezone.localdate(),
        to_unit=holder,
        origin=Origin.TRANSFER_IN,  # from the ministry: no budget payment to cite
        lines=[
            LineData(item_type=catalogue["cabinet"], quantity=12, unit_value=7_000_000),
            LineData(item_type=catalogue["car"], quantity=1, unit_value=1_480_000_000, plate_number=plate),
        ],
        post=True,
    )
    officer_name = f"Vũ Thị Nhận {RUN}"
    core_services.personnel_create(
        actor=None, full_name=officer_name, service_number=service_number(), rank="captain", unit=receiver
    )
    people = reverse("lookup", args=["logistics", "personnel"])
    assert beyond_first_page(page, live_server, people, [officer_name]) == officer_name
    types = reverse("lookup", args=["assets", "itemtype"])
    assert beyond_first_page(page, live_server, types, [catalogue["car"].name]) == catalogue["car"].name

    page.goto(live_server.url + reverse("assets:voucher_add") + "?kind=issue")
    pick(page, "id_from_unit", holder.name, query=plain(holder.name))
    pick(page, "id_to_unit", receiver.name, query=plain(receiver.name))
    pick(page, "id_to_person", officer_name, query=plain(officer_name))
    page.fill("#id_reason", "Cấp phát trang bị đầu năm")
    # Line 1: five cabinets.
    pick(page, "id_lines-0-item_type", catalogue["cabinet"].name, query=f"tu sat {RUN}a")
    page.fill("#id_lines-0-quantity", "5")
    # Line 2: the car, chosen by its plate.
    page.click("[data-add-line]")
    pick(page, "id_lines-1-item_type", catalogue["car"].name, query=f"xe o to {RUN}a")
    items = page.get_attribute("#id_lines-1-item", "data-lookup")
    assert beyond_first_page(page, live_server, items, [plate]) == plate
    pick(page, "id_lines-1-item", plate, query=plate)
    # Line 3 added by mistake, then removed.
    page.click("[data-add-line]")
    page.locator("[data-line-row]").nth(2).locator("[data-remove-line]").click()
    shot(page, "assets-01-voucher-form")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[name=_post]")
    page.wait_for_selector("[data-testid=status]:has-text('Đã ghi sổ')")
    shot(page, "assets-02-voucher-posted")

    voucher = Voucher.objects.get(kind=VoucherKind.ISSUE, to_unit=receiver, lines__item_type=catalogue["cabinet"])
    assert voucher.lines.count() == 2 and voucher.to_person.full_name == officer_name
    assert Holding.objects.get(unit=receiver, item_type=catalogue["cabinet"]).quantity == 5
    assert Holding.objects.get(unit=holder, item_type=catalogue["cabinet"]).quantity == 7
    assert Item.objects.get(plate_number=plate).holder_unit == receiver

    with page.expect_download() as download_info:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = 'bb.pdf'; document.body.appendChild(a); a.click(); }",
            reverse("assets:voucher_minutes", args=[voucher.pk]),
        )
    pdf = Path(download_info.value.path()).read_bytes()
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())
    assert "BIÊN BẢN BÀN GIAO" in text and receiver.name in text and plate in text
    assert page.locator("a:has-text('Biên bản bàn giao số')").count() == 1


def test_a_receipt_from_the_items_list_saves_as_the_form_comes(live_server, page, shot):
    """Nhập kho from the items list: the form comes set for a receipt — no sending unit (the goods
    come from outside the force), the officer's unit receiving — and saves with what was received."""
    catalogue = _catalogue("b")
    sign_in(page, live_server, "officer", settings.DEMO_PASSWORD)
    suppliers = [supplier.name for supplier in Supplier.objects.order_by("-name")]
    supplier = beyond_first_page(page, live_server, reverse("lookup", args=["logistics", "supplier"]), suppliers)

    page.goto(live_server.url + reverse("assets:item_list"))
    page.click("main a:has-text('Nhập kho')")
    page.wait_for_selector("#id_kind")
    assert page.input_value("#id_kind") == VoucherKind.RECEIPT
    assert not page.is_visible("#id_from_unit-ts-control")
    assert page.input_value("#id_from_unit") == ""
    assert "Công an thành phố Hải Phòng" in page.inner_text("[data-field=to_unit]")
    # Another kind shows the sending unit; back to a receipt, it is hidden and empty again.
    page.select_option("#id_kind", VoucherKind.ISSUE)
    assert page.is_visible("#id_from_unit-ts-control")
    page.select_option("#id_kind", VoucherKind.RECEIPT)
    assert not page.is_visible("#id_from_unit-ts-control")

    page.select_option("#id_origin", Origin.PURCHASE)
    pick(page, "id_supplier", supplier, query=plain(supplier))
    pick(page, "id_lines-0-item_type", catalogue["cabinet"].name, query=f"tu sat {RUN}b")
    page.fill("#id_lines-0-quantity", "2")
    page.fill("#id_lines-0-unit_value", "3.000.000")
    assert page.inner_text("[data-line-total]") == "6.000.000"
    shot(page, "assets-03-receipt-form")
    page.click("button[name=_save]")
    page.wait_for_selector("[data-testid=status]:has-text('Nháp')")
    shot(page, "assets-04-receipt-saved")
    voucher = Voucher.objects.get(lines__item_type=catalogue["cabinet"])
    assert (voucher.kind, voucher.from_unit, voucher.to_unit.code) == (VoucherKind.RECEIPT, None, "HP")
    assert voucher.supplier.name == supplier and voucher.lines.get().quantity == 2
