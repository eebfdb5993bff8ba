import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from budget import services
from budget.choices import SourceKind
from budget.models import Allocation, FundingSource, Spending, SpendingCategory
from logistics.models import Unit
from logistics.roles import Role
from tests.conftest import DEMO
from tests.e2e.conftest import RUN, beyond_first_page, committed_user, pick, plain, sign_in
from tests.factories import PASSWORD

pytestmark = [*DEMO, pytest.mark.e2e]


def _fill_the_year_with_other_allocations(year: int, units: list[Unit], category: SpendingCategory) -> None:
    """A force allocates a source to most of its units: two dozen open allocations of this year
    come before the officer's in the look-up, as they would in a real year."""
    source = FundingSource.objects.create(code=f"DM{RUN}", name=f"Nguồn đệm {RUN}", kind=SourceKind.LOCAL)
    for unit in units:
        allocation = services.allocation_create(
            actor=None,
            fiscal_year=services.fiscal_year_for(year),
            unit=unit,
            source=source,
            category=category,
            amount=1_000_000,
            decision_number=f"{RUN}/QĐ-DM",
            decision_date=datetime.date(year - 1, 12, 20),
        )
        services.allocation_approve(actor=None, allocation=allocation)


def test_allocate_approve_spend_overspend_and_report(live_server, page, shot):
    year = timezone.localdate().year
    source = FundingSource.objects.create(code=f"TN{RUN}", name=f"Nguồn thử nghiệm {RUN}", kind=SourceKind.MINISTRY)
    category = SpendingCategory.objects.get(name="Chi thường xuyên")
    officer = committed_user(Role.LOGISTICS_OFFICER, Unit.objects.get(code="HP"), full_name=f"Cán bộ ngân sách {RUN}")
    officer.user_permissions.add(Permission.objects.get(codename="approve_allocation"))
    sign_in(page, live_server, officer.username, PASSWORD)

    # The unit is one the look-up offers only to typing, late in the tree.
    units = list(Unit.objects.filter(valid_to__isnull=True).exclude(code__contains="-E2E-").order_by("-path"))
    unit_name = beyond_first_page(page, live_server, "logistics/unit", [unit.name for unit in units])
    unit = next(unit for unit in units if unit.name == unit_name)
    _fill_the_year_with_other_allocations(year, [u for u in reversed(units) if u != unit][:24], category)

    # Enter an allocation of 20.000.000 ₫ for it.
    page.goto(live_server.url + reverse("budget:allocation_add"))
    page.select_option("#id_fiscal_year", str(year))
    pick(page, "id_unit", unit_name, query=plain(unit_name))
    page.select_option("#id_source", label=source.name)
    page.select_option("#id_category", label=category.name)
    page.fill("#id_amount", "20.000.000")
    page.fill("#id_decision_number", f"{RUN}/QĐ-CAT")
    page.fill("#id_decision_date", f"20/12/{year - 1}")
    shot(page, "budget-01-allocation-form")
    page.click("button[name=_save]")
    page.wait_for_selector("[data-testid=status]")
    assert page.inner_text("[data-testid=status]") == "Nháp"

    # Approve it, after the confirmation page.
    page.locator("main").get_by_text("Duyệt", exact=True).first.click()
    shot(page, "budget-02-approve-confirm")
    page.click("button[type=submit]:has-text('Duyệt')")
    page.wait_for_selector(".alert-success")
    assert page.inner_text("[data-testid=status]") == "Đã duyệt"
    shot(page, "budget-03-approved")
    allocation = Allocation.objects.get(source=source)

    # Record and post a payment of 15.000.000 ₫ from the allocation's page: dated today.
    page.click("text=Ghi khoản chi")
    assert page.input_value("#id_date") == timezone.localdate().strftime("%d/%m/%Y")
    page.fill("#id_amount", "15.000.000")
    page.fill("#id_voucher_number", f"PC-{RUN}-1")
    page.fill("#id_description", "Thanh toán sửa chữa trụ sở")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[name=_post]")
    page.wait_for_selector("[data-testid=status]:has-text('Đã ghi sổ')")
    shot(page, "budget-04-posted")

    # Try to spend 8.000.000 ₫ more from a new entry, finding the allocation by typing: only
    # 5.000.000 ₫ are left.
    page.goto(live_server.url + reverse("budget:spending_add"))
    lookup = reverse("lookup", args=["budget", "allocation"]) + "?status=approved"
    beyond_first_page(page, live_server, lookup, [str(allocation)])
    pick(page, "id_allocation", str(allocation), query=f"thu nghiem {RUN}")
    page.fill("#id_amount", "8.000.000")
    page.fill("#id_voucher_number", f"PC-{RUN}-2")
    page.fill("#id_description", "Mua văn phòng phẩm")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[name=_post]")
    page.wait_for_selector(".invalid-feedback")
    message = page.inner_text(".invalid-feedback")
    assert message == "Vượt dự toán còn lại: còn 5.000.000\u00a0₫, yêu cầu 8.000.000\u00a0₫."
    assert page.input_value("#id_description") == "Mua văn phòng phẩm"
    shot(page, "budget-05-overspend")
    assert Spending.objects.filter(allocation=allocation).count() == 1

    # The execution report shows it on its source's row, and the figure leads to the entry behind it.
    page.goto(live_server.url + reverse("budget:execution") + f"?year_from={year}&year_to={year}")
    row = page.locator("table.report-table").first.locator("tbody tr", has_text=source.name)
    assert "20.000.000" in row.inner_text() and "15.000.000" in row.inner_text() and "75,0 %" in row.inner_text()
    shot(page, "budget-06-execution-report")
    row.locator("a:has-text('15.000.000')").first.click()
    page.wait_for_selector(f"text=PC-{RUN}-1")
    assert page.locator("[data-testid=totals]").inner_text().endswith("15.000.000\u00a0₫")
    shot(page, "budget-07-drilldown")
