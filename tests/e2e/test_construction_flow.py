"""A logistics officer takes a work from its proposal to settlement in a real browser: approval,
contract and funding, start, a progress report with a photo, a payment (after an overspend is
refused), acceptance, handover into the asset register, and settlement."""

import datetime

import pytest
from django.urls import reverse

from assets.models import AssetCategory, FixedAssetClass, ItemType
from budget import services as budget_services
from budget.models import FundingSource, Spending, SpendingCategory
from construction.models import Milestone, Payment, ProgressReport, Project
from logistics.models import Attachment, SupplierKind
from logistics.roles import Role
from tests.e2e.conftest import pick, sign_in
from tests.factories import PASSWORD, SupplierFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YEAR = 2024
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _setup(tree):
    source = FundingSource.objects.create(code="BO", name="Bộ cấp", kind="ministry")
    category = SpendingCategory.objects.create(code="XDSC", name="Xây dựng, cải tạo, sửa chữa doanh trại")
    allocation = budget_services.allocation_create(
        actor=None,
        fiscal_year=budget_services.fiscal_year_for(YEAR),
        unit=tree.department,
        source=source,
        category=category,
        amount=5_000_000_000,
        decision_number="2310/QĐ-H01-XDSC",
        decision_date=datetime.date(YEAR - 1, 12, 20),
    )
    allocation = budget_services.allocation_approve(actor=None, allocation=allocation)
    SupplierFactory(name="Công ty CP Xây dựng Thanh Hà Thử", kind=SupplierKind.CONTRACTOR)
    building = ItemType.objects.create(
        category=AssetCategory.objects.create(code="NHA", name="Nhà, công trình"),
        code="NHA-LAMVIEC",
        name="Nhà làm việc",
        unit_of_measure="công trình",
        tracking="serial",
        fixed_asset_class=FixedAssetClass.objects.create(
            code="NHA-C3", name="Nhà cấp III", wear_rate=4, useful_life_years=25, is_building=True
        ),
    )
    return allocation, building


def _open_step(page, project, action):
    page.click(f"a[href='{reverse(f'construction:project_{action}', args=[project.pk])}']")
    page.wait_for_selector("main form button[type=submit]")


def _submit_step(page):
    page.click("main form button[type=submit]")
    page.wait_for_selector(".alert-success")


def test_a_work_from_proposal_to_settlement_with_a_payment(live_server, page, shot, tree, make_user, tmp_path):
    allocation, building = _setup(tree)
    officer = make_user(Role.LOGISTICS_OFFICER, tree.province, username="canbo_xaydung")
    sign_in(page, live_server, officer.username, PASSWORD)

    # 1. Propose the work: the unit is looked up as you type, the amount typed the Vietnamese way.
    page.goto(live_server.url + reverse("construction:project_add"))
    page.fill("#id_name", "Xây dựng nhà làm việc 2 tầng Công an xã Thanh Hồng")
    page.select_option("#id_kind", "new_build")
    page.fill("#id_phase", "Giai đoạn I")
    pick(page, "id_beneficiary_unit", "Thanh Hồng", "thanh hong")
    page.fill("#id_location", "Xã Thanh Hồng, huyện Thanh Hà")
    page.fill("#id_total_investment", "2.500.000.000")
    page.fill("#id_planned_start", f"01/02/{YEAR}")
    page.fill("#id_planned_end", f"30/11/{YEAR}")
    shot(page, "construction-01-proposal-form")
    page.click("button[name=_save]")
    page.wait_for_selector("[data-testid=status]")
    project = Project.objects.get()
    assert (project.status, project.total_investment, project.code) == ("proposed", 2_500_000_000, f"CT-{YEAR}-001")
    shot(page, "construction-02-proposed")

    # 2. Approve: the investment decision.
    _open_step(page, project, "approve")
    page.fill("#id_decision_number", "125/QĐ-CAT-PH10")
    page.fill("#id_decision_date", f"15/01/{YEAR}")
    shot(page, "construction-03-approve-form")
    _submit_step(page)
    project.refresh_from_db()
    assert project.status == "approved"
    # The page says why construction cannot start yet: no contract.
    assert page.locator("[data-testid=blockers] li").count() == 1
    shot(page, "construction-04-approved-waiting-for-a-contract")

    # 3. The contractor's contract and the funding allocation, from the work's page.
    page.click(f"a[href='{reverse('construction:contract_add')}?project={project.pk}']")
    pick(page, "id_contractor", "Công ty CP Xây dựng Thanh Hà Thử", "xay dung thanh ha")
    page.fill("#id_number", "15/2024/HĐXD")
    page.fill("#id_signed_on", f"20/01/{YEAR}")
    page.fill("#id_value", "2.300.000.000")
    page.fill("#id_description", "Thi công xây dựng")
    page.click("button[name=_save]")
    page.wait_for_selector(".alert-success")
    page.goto(live_server.url + project.get_absolute_url())
    page.click(f"a[href='{reverse('construction:funding_add')}?project={project.pk}']")
    page.select_option("#id_allocation", str(allocation.pk))
    page.click("button[name=_save]")
    page.wait_for_selector(".alert-success")
    page.goto(live_server.url + project.get_absolute_url())
    assert page.locator("[data-testid=blockers]").count() == 0

    # 4. Start construction.
    _open_step(page, project, "start")
    page.fill("#id_date", f"01/02/{YEAR}")
    page.fill("#id_document_number", "01/LKC")
    _submit_step(page)
    project.refresh_from_db()
    assert project.status == "under_construction"

    # 5. A progress report with a photo of the site.
    photo = tmp_path / "cong-truong.png"
    photo.write_bytes(PNG)
    page.click(f"a[href='{reverse('construction:progressreport_add')}?project={project.pk}']")
    page.fill("#id_date", f"15/09/{YEAR}")
    page.fill("#id_percent", "100")
    page.fill("#id_note", "Hoàn thành phần xây thô và hoàn thiện")
    page.set_input_files("#id_attachment", str(photo))
    shot(page, "construction-05-progress-form")
    page.click("button[name=_save]")
    page.wait_for_selector(".alert-success")
    report = ProgressReport.objects.get()
    assert Attachment.objects.filter(object_id=report.pk, original_name="cong-truong.png").exists()

    # 6. A payment: more than the contract is refused beside the amount, nothing lost; then it is posted.
    page.goto(live_server.url + project.get_absolute_url())
    page.click(f"a[href='{reverse('construction:payment_add')}?project={project.pk}']")
    assert page.input_value("#id_allocation") == str(allocation.pk)
    page.fill("#id_date", f"01/03/{YEAR}")
    page.fill("#id_amount", "2.400.000.000")
    page.fill("#id_voucher_number", "PC-001")
    page.fill("#id_description", "Tạm ứng hợp đồng thi công")
    page.click("button[name=_save]")
    page.wait_for_selector(".invalid-feedback")
    message = page.inner_text(".invalid-feedback")
    assert "2.300.000.000" in message and "2.400.000.000" in message
    assert page.input_value("#id_description") == "Tạm ứng hợp đồng thi công"
    shot(page, "construction-06-payment-refused")
    assert not Payment.objects.exists() and not Spending.objects.exists()
    page.fill("#id_amount", "800.000.000")
    page.click("button[name=_save]")
    page.wait_for_selector(".alert-success")
    payment = Payment.objects.get()
    assert (payment.spending.amount, payment.spending.status) == (800_000_000, "posted")
    allocation.refresh_from_db()
    assert allocation.spent_total == 800_000_000
    page.goto(live_server.url + project.get_absolute_url())
    assert "800.000.000" in page.inner_text("[data-testid=paid]")
    assert "1.700.000.000" in page.inner_text("[data-testid=left]")
    shot(page, "construction-07-paid-under-construction")

    # 7. Acceptance, handover into the asset register, settlement.
    _open_step(page, project, "accept")
    page.fill("#id_date", f"30/09/{YEAR}")
    page.fill("#id_document_number", "BBNT-01")
    _submit_step(page)
    _open_step(page, project, "hand_over")
    page.fill("#id_date", f"15/10/{YEAR}")
    page.fill("#id_document_number", "BBBG-01")
    page.check("#id_register_asset")
    page.select_option("#id_item_type", str(building.pk))
    page.fill("#id_asset_cost", "2.300.000.000")
    shot(page, "construction-08-handover-form")
    _submit_step(page)
    _open_step(page, project, "settle")
    page.fill("#id_date", f"20/12/{YEAR}")
    page.fill("#id_document_number", "QĐ-PDQT-01")
    page.fill("#id_settlement_value", "2.250.000.000")
    _submit_step(page)
    project.refresh_from_db()
    assert project.status == "settled"
    assert project.asset_item.cost == 2_250_000_000
    assert list(Milestone.objects.filter(project=project).values_list("step", flat=True)) == [
        "approve",
        "start",
        "accept",
        "hand_over",
        "register_asset",
        "settle",
    ]
    assert set(Milestone.objects.values_list("recorded_by", flat=True)) == {officer.pk}
    assert page.locator("[data-testid=next-step]").count() == 0
    shot(page, "construction-09-settled")
