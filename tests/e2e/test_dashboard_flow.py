import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from assets import services
from assets.choices import Origin, Tracking, VoucherKind
from assets.models import AssetCategory, Item, ItemType, Voucher
from assets.services import LineData
from logistics import services as core_services
from logistics.models import Unit, UnitKind
from tests.conftest import DEMO
from tests.e2e.conftest import RUN, beyond_first_page, pick, plain, sign_in

pytestmark = [*DEMO, pytest.mark.e2e]

#: Money on a page: whole, never broken over two lines (measured line by line).
LINES_OF = """els => els.map(el => {
  const range = document.createRange(); range.selectNodeContents(el);
  const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
  return [el.innerText, tops.size];
})"""
SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"


def _new_commune(name: str, suffix: str) -> Unit:
    return core_services.unit_create(
        actor=None,
        code=f"HP-E2E-{suffix}{RUN}",
        name=f"{name} {RUN}",
        kind=UnitKind.COMMUNE,
        parent=Unit.objects.get(code="HP"),
        valid_from=datetime.date(2025, 7, 1),
    )


def test_commander_goes_from_a_chart_segment_to_the_list_behind_it(live_server, page, shot):
    today = timezone.localdate()
    store, unit, other = (
        _new_commune("Kho thử nghiệm", "K"),
        _new_commune("Công an xã Tân Tiến", "T"),
        _new_commune("Công an xã Hòa Bình", "H"),
    )
    cabinets = AssetCategory.objects.create(code=f"ZZT-{RUN}", name=f"Tủ thử nghiệm {RUN}")
    cars = AssetCategory.objects.create(code=f"ZZX-{RUN}", name=f"Xe thử nghiệm {RUN}")
    cabinet = ItemType.objects.create(
        category=cabinets, code=f"TU-{RUN}-d", name=f"Tủ sắt 4 cánh {RUN}", unit_of_measure="chiếc"
    )
    car = ItemType.objects.create(
        category=cars, code=f"XE-{RUN}-d", name=f"Xe ô tô {RUN}", unit_of_measure="chiếc", tracking=Tracking.SERIAL
    )
    services.voucher_create(
        actor=None,
        kind=VoucherKind.RECEIPT,
        date=today,
        to_unit=store,
        origin=Origin.TRANSFER_IN,  # from the ministry: no budget payment to cite
        lines=[
            LineData(item_type=cabinet, quantity=10, unit_value=7_000_000),
            LineData(item_type=car, quantity=1, unit_value=800_000_000, plate_number=f"98A-{RUN}"),
        ],
        post=True,
    )
    for receiver, lines in (
        (
            unit,
            [LineData(item_type=cabinet, quantity=3), LineData(item_type=car, item=Item.objects.get(item_type=car))],
        ),
        (other, [LineData(item_type=cabinet, quantity=2)]),
    ):
        services.voucher_create(
            actor=None, kind=VoucherKind.ISSUE, date=today, from_unit=store, to_unit=receiver, lines=lines, post=True
        )

    # The provincial commander picks the commune by typing its name: it is past the first page.
    sign_in(page, live_server, "commander", settings.DEMO_PASSWORD)
    assert beyond_first_page(page, live_server, "logistics/unit", [unit.name]) == unit.name
    page.goto(f"{live_server.url}{reverse('home')}?date_from=01/01/{today.year}&date_to={today:%d/%m/%Y}")
    pick(page, "id_unit", unit.name, query=plain(unit.name))
    page.click("[data-testid=dashboard-filters] button[type=submit]")
    page.wait_for_url(f"**unit={unit.pk}**")
    equipment = page.locator("[data-testid=dashboard-assets]")
    cards = equipment.locator("[data-testid=card] .value")
    assert cards.nth(0).inner_text() == "4"  # three cabinets and the car, all the commune holds
    shot(page, "dashboard-01-commander")

    equipment.locator(f"[data-testid=chart-segment][title^='{cabinets.name}']").click()
    page.wait_for_url("**/assets/holding/**")
    assert "category=" in page.url
    table = page.locator("table tbody")
    assert cabinet.name in table.inner_text()
    assert unit.name in table.inner_text() and other.name not in table.inner_text()
    assert car.name not in table.inner_text()
    shot(page, "dashboard-02-list-behind-the-segment")


def test_on_a_phone_nothing_scrolls_sideways_and_money_stays_whole(live_server, phone, shot):
    sign_in(phone, live_server, "officer", settings.DEMO_PASSWORD)
    phone.goto(f"{live_server.url}{reverse('home')}")
    phone.wait_for_selector("[data-testid=dashboard-budget]")
    shot(phone, "phone-01-dashboard")
    assert not phone.evaluate(SCROLLS_SIDEWAYS)
    amounts = phone.eval_on_selector_all(".dash-card .value, .chart-value a", LINES_OF)
    assert any("₫" in text for text, _lines in amounts)
    assert [text for text, lines in amounts if lines > 1] == []

    voucher = Voucher.objects.filter(status="posted").order_by("-date", "-pk").first()
    for url, name in (
        (reverse("budget:allocation_list"), "phone-02-list"),
        (reverse("assets:voucher_add") + "?kind=issue", "phone-03-form"),
        (voucher.get_absolute_url(), "phone-04-detail"),
    ):
        assert phone.goto(live_server.url + url).status == 200, url
        shot(phone, name)
        assert not phone.evaluate(SCROLLS_SIDEWAYS), url
        amounts = phone.eval_on_selector_all("td.text-end", LINES_OF)
        assert [text for text, lines in amounts if lines > 1] == [], url


def test_keyboard_users_skip_the_menu_and_see_where_they_are(live_server, page):
    sign_in(page, live_server, "officer", settings.DEMO_PASSWORD)
    page.goto(live_server.url + reverse("budget:allocation_list"))
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement") and skip.is_visible()
    with translation.override("vi"):
        assert skip.inner_text() == gettext("Skip to the main content")  # “Bỏ qua, đến nội dung chính”
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"

    # On the dark navbar the focus shows as a ring of its own, not Bootstrap's faint blue shadow.
    page.reload()
    for _ in range(3):  # the skip link, the brand, the first menu
        page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const el = document.activeElement; const style = getComputedStyle(el);"
        " return [el.className, style.outlineStyle, style.outlineWidth]; })()"
    )
    assert "nav-link" in focused[0] and focused[1] == "solid" and focused[2] != "0px"
