import datetime

import pytest
from django.urls import reverse

from assets.models import Item
from logistics.roles import Role
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_commander_goes_from_a_chart_segment_to_the_list_behind_it(
    live_server, page, shot, tree, make_user, receive, issue
):
    receive(cabinets=10, cars=[("34A-555.55", 800_000_000)], date=datetime.date(2024, 3, 1))
    issue(tree.commune_a1, cabinets=3, items=[Item.objects.get()], date=datetime.date(2024, 3, 5))
    issue(tree.commune_b1, cabinets=2, date=datetime.date(2024, 3, 6))
    commander = make_user(Role.UNIT_COMMANDER, tree.district_a, username="chihuy")
    sign_in(page, live_server, commander.username, PASSWORD)

    page.goto(f"{live_server.url}{reverse('home')}?date_from=01/01/2024&date_to=31/12/2024")
    equipment = page.locator("[data-testid=dashboard-assets]")
    cards = equipment.locator("[data-testid=card] .value")
    assert cards.nth(0).inner_text() == "4"  # three cabinets and the car, all in the district's commune
    shot(page, "dashboard-01-commander")

    segment = equipment.locator("[data-testid=chart-segment][title^='Tủ']")
    segment.click()
    page.wait_for_url("**/assets/holding/**")
    assert "category=" in page.url
    table = page.locator("table tbody")
    assert "Tủ sắt 4 cánh" in table.inner_text()
    assert "Thanh Hồng" in table.inner_text() and "Thái Học" not in table.inner_text()
    assert "Xe ô tô" not in table.inner_text()
    shot(page, "dashboard-02-list-behind-the-segment")
