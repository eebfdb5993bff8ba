"""The voucher form follows the kind chosen: a loss write-off asks for its decision, a repair for
its expected return date and the item's condition, a consumption for quantities only — and hides
the side of the voucher the kind does not have."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import DEMO
from tests.e2e.conftest import sign_in

pytestmark = [*DEMO, pytest.mark.e2e]


def shown(page, field: str) -> bool:
    return page.locator(f"[data-field={field}]").is_visible()


def test_the_voucher_form_shows_the_fields_of_each_new_kind(live_server, page, shot):
    sign_in(page, live_server, "officer", settings.DEMO_PASSWORD)
    page.goto(live_server.url + reverse("assets:voucher_add") + "?kind=loss")
    assert shown(page, "decision_number") and shown(page, "decision_date") and shown(page, "from_unit")
    assert not shown(page, "to_unit") and not shown(page, "expected_return_date") and not shown(page, "origin")
    assert not page.locator("th.col-condition").is_visible()
    shot(page, "assets-kinds-01-loss-form")

    page.select_option("#id_kind", "repair_out")
    assert shown(page, "expected_return_date") and shown(page, "supplier") and shown(page, "from_unit")
    assert not shown(page, "to_unit")
    assert page.locator("th.col-condition").is_visible() and page.locator("th.col-item").is_visible()

    page.select_option("#id_kind", "repair_back")
    assert shown(page, "to_unit") and not shown(page, "from_unit") and not shown(page, "expected_return_date")

    page.select_option("#id_kind", "consumption")
    assert shown(page, "from_unit") and not shown(page, "to_unit") and not shown(page, "supplier")
    assert not page.locator("th.col-item").is_visible() and not page.locator("th.col-condition").is_visible()
    shot(page, "assets-kinds-02-consumption-form")
