import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from budget import services
from budget.models import Allocation, FundingSource, Spending, SpendingCategory
from logistics.roles import Role
from tests.e2e.conftest import pick, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YEAR = 2024


def test_allocate_approve_spend_overspend_and_report(live_server, page, shot, tree, make_user):
    FundingSource.objects.create(code="BO", name="Bộ cấp", kind="ministry")
    SpendingCategory.objects.create(code="TX", name="Chi thường xuyên", is_recurrent=True)
    services.fiscal_year_for(YEAR)
    officer = make_user(Role.LOGISTICS_OFFICER, tree.province, username="canbohaucan")
    officer.user_permissions.add(Permission.objects.get(codename="approve_allocation"))
    sign_in(page, live_server, officer.username, PASSWORD)

    # Enter an allocation of 20.000.000 ₫ for a commune.
    page.goto(live_server.url + reverse("budget:allocation_add"))
    page.select_option("#id_fiscal_year", str(YEAR))
    pick(page, "id_unit", "Thanh Hồng")
    page.select_option("#id_source", label="Bộ cấp")
    page.select_option("#id_category", label="Chi thường xuyên")
    page.fill("#id_amount", "20.000.000")
    page.fill("#id_decision_number", "125/QĐ-CAT")
    page.fill("#id_decision_date", "20/12/2023")
    shot(page, "budget-01-allocation-form")
    page.click("button[name=_save]")
    page.wait_for_selector("[data-testid=status]")
    assert page.inner_text("[data-testid=status]") == "Nháp"

    # Approve it, after the confirmation page.
    page.click("text=Duyệt")
    shot(page, "budget-02-approve-confirm")
    page.click("button[type=submit]:has-text('Duyệt')")
    page.wait_for_selector(".alert-success")
    assert page.inner_text("[data-testid=status]") == "Đã duyệt"
    shot(page, "budget-03-approved")

    # Record and post a payment of 15.000.000 ₫ from the allocation's page.
    page.click("text=Ghi khoản chi")
    assert page.input_value("#id_date") == f"31/12/{YEAR}"
    page.fill("#id_date", f"15/06/{YEAR}")
    page.fill("#id_amount", "15.000.000")
    page.fill("#id_voucher_number", "PC-001")
    page.fill("#id_description", "Thanh toán sửa chữa trụ sở")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[name=_post]")
    page.wait_for_selector("[data-testid=status]:has-text('Đã ghi sổ')")
    shot(page, "budget-04-posted")

    # Try to spend 8.000.000 ₫ more: only 5.000.000 ₫ are left.
    allocation = Allocation.objects.get()
    page.goto(live_server.url + reverse("budget:spending_add") + f"?allocation={allocation.pk}")
    page.fill("#id_amount", "8.000.000")
    page.fill("#id_voucher_number", "PC-002")
    page.fill("#id_description", "Mua văn phòng phẩm")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[name=_post]")
    page.wait_for_selector(".invalid-feedback")
    message = page.inner_text(".invalid-feedback")
    assert message == "Vượt dự toán còn lại: còn 5.000.000\u00a0₫, yêu cầu 8.000.000\u00a0₫."
    assert page.input_value("#id_description") == "Mua văn phòng phẩm"
    shot(page, "budget-05-overspend")
    assert Spending.objects.count() == 1

    # The execution report shows it, and its figure leads to the entry behind it.
    page.goto(live_server.url + reverse("budget:execution") + f"?year_from={YEAR}&year_to={YEAR}")
    first_table = page.locator("table.report-table").first
    assert "15.000.000" in first_table.inner_text() and "75,0 %" in first_table.inner_text()
    shot(page, "budget-06-execution-report")
    first_table.locator("tbody a:has-text('15.000.000')").first.click()
    page.wait_for_selector("text=PC-001")
    assert page.locator("[data-testid=totals]").inner_text().endswith("15.000.000\u00a0₫")
    shot(page, "budget-07-drilldown")
