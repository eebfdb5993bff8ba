"""Closing the books in the browser: refused while an advance is open, with a link to the advances
that hold it back; closed once the advance is refunded (hoàn ứng)."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from budget import services
from budget.choices import SourceKind
from budget.models import FundingSource, Spending, SpendingCategory, YearClosure
from logistics import services as core_services
from logistics.models import UnitKind
from logistics.roles import Role
from tests.conftest import DEMO
from tests.e2e.conftest import RUN, committed_user, sign_in
from tests.factories import PASSWORD

pytestmark = [*DEMO, pytest.mark.e2e]

YEAR = 2025


def test_the_close_waits_for_the_open_advance_and_links_to_it(live_server, page, shot):
    # A force of its own: the demo's force has closed 2025 already.
    force = core_services.unit_create(
        actor=None,
        code=f"X-E2E-K{RUN}",
        name=f"Công an tỉnh thử nghiệm {RUN}",
        kind=UnitKind.PROVINCE,
        valid_from=datetime.date(2020, 1, 1),
    )
    source = FundingSource.objects.create(code=f"KS{RUN}", name=f"Nguồn khóa sổ {RUN}", kind=SourceKind.LOCAL)
    allocation = services.allocation_create(
        actor=None,
        fiscal_year=services.fiscal_year_for(YEAR),
        unit=force,
        source=source,
        category=SpendingCategory.objects.get(name="Chi thường xuyên"),
        amount=50_000_000,
        decision_number=f"{RUN}/QĐ-KS",
        decision_date=datetime.date(YEAR, 1, 5),
    )
    services.allocation_approve(actor=None, allocation=allocation)
    advance = services.spending_create(
        actor=None,
        allocation=allocation,
        kind="advance",
        date=datetime.date(YEAR, 11, 20),
        amount=8_000_000,
        voucher_number=f"TU-{RUN}",
        description="Tạm ứng hội nghị tổng kết",
        post=True,
    )
    officer = committed_user(Role.LOGISTICS_OFFICER, force, full_name=f"Kế toán {RUN}")
    officer.user_permissions.add(
        *Permission.objects.filter(codename__in=["close_fiscalyear", "post_spending", "add_spending"])
    )
    sign_in(page, live_server, officer.username, PASSWORD)

    close_page = live_server.url + reverse("budget:fiscalyear_close", args=[YEAR])
    page.goto(close_page)
    page.click("main form button[type=submit]")
    error = page.locator(".invalid-feedback, .alert-danger").filter(has_text=f"TU-{RUN}").first
    error.wait_for()
    assert "8.000.000" in error.inner_text()
    assert "hoàn ứng" in error.inner_text()
    shot(page, "year-close-01-refused-while-an-advance-is-open")
    assert not YearClosure.objects.filter(unit=force).exists()

    # The link beside the refusal lists the advance.
    page.get_by_role("link", name="Xem các khoản tạm ứng chưa thanh toán đang chặn việc khóa sổ").click()
    page.wait_for_load_state()
    assert "open" in page.url or "tam-ung" in page.url or "advances" in page.url
    assert f"TU-{RUN}" in page.inner_text("main")
    shot(page, "year-close-02-the-open-advances")

    # The advance is refunded from its page; the close then goes through.
    page.goto(live_server.url + reverse("budget:spending_clear", args=[advance.pk]))
    page.select_option("#id_kind", "refund")
    page.fill("#id_amount", "8.000.000")
    page.fill("#id_date", f"28/12/{YEAR}")
    page.fill("#id_voucher_number", f"HU-{RUN}")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert Spending.objects.get(pk=advance.pk).open_amount == 0

    page.goto(close_page)
    page.click("main form button[type=submit]")
    page.wait_for_selector(".alert-success")
    closure = YearClosure.objects.get(unit=force, fiscal_year_id=YEAR)
    assert closure.unspent_total == 50_000_000
    shot(page, "year-close-03-closed")
