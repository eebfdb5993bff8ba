"""Deep pages of a long list in the browser: numbered pages first, then *Sau / Trước* by position."""

import pytest
from django.conf import settings
from django.urls import reverse

from budget.models import Spending
from logistics.models import Unit
from logistics.roles import Role
from tests.conftest import DEMO
from tests.e2e.conftest import committed_user, sign_in
from tests.factories import PASSWORD

pytestmark = [*DEMO, pytest.mark.e2e]


def _rows(page) -> list[str]:
    return page.locator("main table tbody tr").all_inner_texts()


def test_an_officer_walks_past_the_numbered_pages_and_back(live_server, page, shot):
    per_page = 50
    numbered = settings.LIST_NUMBERED_PAGES
    # The demo's spending is long enough to go three pages past the numbered ones.
    assert Spending.objects.count() > per_page * (numbered + 3)
    officer = committed_user(Role.LOGISTICS_OFFICER, Unit.objects.get(code="HP"))
    sign_in(page, live_server, officer.username, PASSWORD)
    spending_list = live_server.url + reverse("budget:spending_list")

    # The same rows by number, to compare with what the position links show.
    page.goto(f"{spending_list}?page={numbered + 1}")
    rows_after_numbered = _rows(page)
    page.goto(f"{spending_list}?page={numbered + 2}")
    rows_two_after = _rows(page)
    assert len(rows_after_numbered) == per_page and rows_after_numbered != rows_two_after

    # The last numbered page offers its number among the others and a *Sau* link by position.
    page.goto(f"{spending_list}?page={numbered}")
    assert page.locator("[data-testid=pager] .page-item.active").inner_text().strip() == str(numbered)
    page.click("[data-testid=next-page]")
    page.wait_for_url("**cursor=**")
    assert _rows(page) == rows_after_numbered
    assert page.inner_text("[data-testid=row-count]").startswith("Danh sách có")
    assert "Dòng" not in page.inner_text("[data-testid=row-count]")
    shot(page, "paging-01-past-the-numbered-pages")

    page.click("[data-testid=next-page]")
    page.wait_for_url(lambda url: "cursor=" in url)
    assert _rows(page) == rows_two_after

    page.click("[data-testid=previous-page]")
    page.wait_for_load_state()
    assert _rows(page) == rows_after_numbered

    # Sorting by a column starts the list again from its top, without the position.
    page.locator("main table thead th a").first.click()
    page.wait_for_load_state()
    assert "cursor=" not in page.url
    assert "page=" not in page.url

    # *Trang đầu* leads back to page 1 of the numbered pages.
    page.goto(f"{spending_list}?page={numbered}")
    page.click("[data-testid=next-page]")
    page.wait_for_url("**cursor=**")
    page.click("[data-testid=first-page]")
    page.wait_for_load_state()
    assert "cursor=" not in page.url
    assert page.locator("[data-testid=pager] .page-item.active").inner_text().strip() == "1"
