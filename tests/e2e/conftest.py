"""Real-browser tests: Playwright drives Debian's Chromium against the live test server."""

import itertools
import os
import shutil
import time
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connections
from pytest_django.plugin import blocking_manager_key

from assets.choices import Tracking
from assets.models import AssetCategory, ItemType
from logistics import services
from logistics.models import Supplier, SupplierKind, User
from logistics.roles import Role
from tests.factories import UserFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    return configured if os.path.exists(configured) else shutil.which("chromium")


@pytest.fixture(autouse=True)
def _live_server_helper(request):
    """pytest-django's helper, without its flush: browser tests run on the shared demo data.

    The live server answers from its own connection, so what a test writes must be committed to be
    seen there; the demo data stays until the last demo test (tests/conftest.py). A browser test
    therefore creates records of its own and never counts on others being absent.
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    live_server = request.getfixturevalue("live_server")
    with request.config.stash[blocking_manager_key].unblock():
        live_server._live_server_modified_settings.enable()
        try:
            yield
        finally:
            live_server._live_server_modified_settings.disable()
            # As Django's TransactionTestCase does: no connection outlives the test.
            connections.close_all()


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    if executable is None:
        message = "Chromium is not installed (apt-get install chromium, or set CHROMIUM_PATH)."
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    outside = []
    page.on(
        "request",
        lambda req: (
            outside.append(req.url)
            if not req.url.startswith(("http://localhost", "http://127.0.0.1", "data:", "blob:"))
            else None
        ),
    )
    yield page
    context.close()
    assert outside == [], f"the page asked for something outside the machine: {outside}"


@pytest.fixture
def shot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take


def sign_in(page, live_server, username: str, password: str):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def is_answer_to(response, query: str) -> bool:
    """Whether ``response`` is a look-up's answer to ``query``."""
    if response.request.resource_type != "fetch":
        return False
    return parse_qs(urlparse(response.url).query, keep_blank_values=True).get("q") == [query]


def pick(page, field_id: str, text: str, query: str | None = None):
    """Choose ``text`` in a look-up-as-you-type field, typing ``query`` (default: ``text``).

    It waits for the server's answer to what was typed and chooses from it, so that a test can
    never pass by clicking an option left over from an earlier answer (the first 20 records).
    """
    query = query or text
    page.locator(f".ts-wrapper:has(#{field_id}-ts-control) .ts-control").click()
    with page.expect_response(lambda response: is_answer_to(response, query)) as answer:
        page.locator(f"#{field_id}-ts-control").fill(query)
    found = [result["text"] for result in answer.value.json()["results"]]
    assert any(text in result for result in found), f"the look-up answered {found} to {query!r}"
    option = page.locator(f"#{field_id}-ts-dropdown .option", has_text=text).first
    option.click()


# --- the demo data, larger than one page of every look-up ----------------------------------------

#: Told apart from every earlier run on a reused test database: what a test creates is named with it.
RUN = f"{int(time.time()) % 1_000_000:06d}"


_numbers = itertools.count(1)


def service_number() -> str:
    """A service number no demo officer and no earlier run has (the demo's start at 100-000)."""
    number = int(RUN) % 10_000 * 10 + next(_numbers) % 10
    return f"9{number // 1000 % 100:02d}-{number % 1000:03d}"


def plain(text: str) -> str:
    """``text`` typed without accents, as officers often do: "Thanh Hà" → "thanh ha"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def first_page(page, live_server, lookup: str) -> list[str]:
    """What the look-up at ``lookup`` ("logistics/unit", or a full path with its parameters) offers
    before anything is typed: at most 20 records."""
    path = lookup if lookup.startswith("/") else f"/lookup/{lookup}/"
    joiner = "&" if "?" in path else "?"
    response = page.request.get(f"{live_server.url}{path}{joiner}q=")
    assert response.ok, response.status
    return [result["text"] for result in response.json()["results"]]


def beyond_first_page(page, live_server, lookup: str, candidates) -> str:
    """The first of ``candidates`` (texts as the look-up shows them) that the look-up does not
    offer before typing: only typing can find it."""
    offered = first_page(page, live_server, lookup)
    assert len(offered) == 20, f"{lookup}: fewer records than one page ({len(offered)})"
    for candidate in candidates:
        if not any(candidate in text for text in offered):
            return candidate
    raise AssertionError(f"{lookup}: every candidate is on the first page")


def committed_user(role: Role, unit, **fields):
    """A user of the demo data's force, committed (the live server must see it), password PASSWORD."""
    username = fields.pop("username", f"e2e_{role.value}_{RUN}_{User.objects.count()}")
    return UserFactory(username=username, unit=unit, roles=[role], **fields)


@pytest.fixture(scope="session")
def demo_lookups_beyond_one_page(demo_data, django_db_blocker):
    """The demo has fewer suppliers and item types than one look-up page (20): a force has more.
    Enough of them are added, committed, once, for every look-up to have a second page."""
    with django_db_blocker.unblock():
        category, _ = AssetCategory.objects.get_or_create(code="ZZ-MAU", defaults={"name": "Trang bị mẫu"})
        for number in range(1, 26 - ItemType.objects.count()):
            ItemType.objects.create(
                category=category,
                code=f"ZZ-MAU-{number:02d}",
                name=f"Trang bị mẫu {number:02d}",
                unit_of_measure="cái",
                tracking=Tracking.QUANTITY,
            )
        for number in range(1, 26 - Supplier.objects.count()):
            services.supplier_create(
                actor=None,
                name=f"Công ty TNHH Thương mại mẫu {number:02d}",
                kind=SupplierKind.SUPPLIER,
                tax_code=f"0999{number:06d}",
                address="Hải Phòng",
            )


@pytest.fixture
def phone(browser):
    """A page on a phone's screen, 390 px wide."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
