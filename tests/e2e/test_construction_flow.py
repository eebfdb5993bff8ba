"""A logistics officer takes a work from its proposal to settlement in a real browser: approval,
contract and funding, start, a progress report with a photo, a payment (after an overspend is
refused), acceptance, handover into the asset register, and settlement."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assets.models import AssetCategory, FixedAssetClass, Item, ItemType
from budget import services as budget_services
from budget.choices import SourceKind
from budget.models import FundingSource, Spending, SpendingCategory
from construction.models import Milestone, Payment, ProgressReport, Project
from logistics import services as core_services
from logistics.models import Attachment, SupplierKind, Unit
from logistics.roles import Role
from tests.conftest import DEMO
from tests.e2e.conftest import RUN, beyond_first_page, committed_user, pick, plain, sign_in
from tests.factories import PASSWORD

pytestmark = [*DEMO, pytest.mark.e2e, pytest.mark.usefixtures("demo_lookups_beyond_one_page")]

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _setup(year: int):
    """This run's own funding (an approved allocation of the year), contractor and building type."""
    source = FundingSource.objects.create(code=f"XD{RUN}", name=f"Nguồn xây dựng {RUN}", kind=SourceKind.MINISTRY)
    allocation = budget_services.allocation_create(
        actor=None,
        fiscal_year=budget_services.fiscal_year_for(year),
        unit=Unit.objects.get(code="HP"),
        source=source,
        category=SpendingCategory.objects.get(name="Xây dựng, cải tạo, sửa chữa doanh trại"),
        amount=5_000_000_000,
        decision_number=f"{RUN}/QĐ-H01-XDSC",
        decision_date=datetime.date(year - 1, 12, 20),
    )
    allocation = budget_services.allocation_approve(actor=None, allocation=allocation)
    contractor = core_services.supplier_create(
        actor=None,
        name=f"Tổng công ty Xây dựng Thanh Hà {RUN}",
        kind=SupplierKind.CONTRACTOR,
        tax_code=f"07{RUN}00",
        address="Hải Dương",
    )
    building = ItemType.objects.create(
        category=AssetCategory.objects.create(code=f"NHA-{RUN}", name=f"Nhà, công trình {RUN}"),
        code=f"NHA-LV-{RUN}",
        name=f"Nhà làm việc {RUN}",
        unit_of_measure="công trình",
        tracking="serial",
        fixed_asset_class=FixedAssetClass.objects.create(
            code=f"NHA-C3-{RUN}", name=f"Nhà cấp III {RUN}", wear_rate=4, useful_life_years=25, is_building=True
        ),
    )
    return allocation, contractor, building


def _open_step(page, project, action):
    page.click(f"a[href='{reverse(f'construction:project_{action}', args=[project.pk])}']")
    page.wait_for_selector("main form button[type=submit]")


def _submit_step(page):
    page.click("main form button[type=submit]")
    page.wait_for_selector(".alert-success")


def test_a_work_from_proposal_to_settlement_with_a_payment(live_server, page, shot, tmp_path):
    today = timezone.localdate()
    year, day = today.year, today.strftime("%d/%m/%Y")
    allocation, contractor, building = _setup(year)
    officer = committed_user(Role.LOGISTICS_OFFICER, Unit.objects.get(code="HP"), full_name=f"Cán bộ xây dựng {RUN}")
    sign_in(page, live_server, officer.username, PASSWORD)
    communes = Unit.objects.filter(valid_to__isnull=True, kind="commune").exclude(code__contains="-E2E-")
    beneficiary = beyond_first_page(
        page, live_server, "logistics/unit", [unit.name for unit in communes.order_by("-path")]
    )
    name = f"Xây dựng nhà làm việc 2 tầng {beneficiary} ({RUN})"

    # 1. Propose the work: the unit is looked up as you type, the amount typed the Vietnamese way.
    page.goto(live_server.url + reverse("construction:project_add"))
    page.fill("#id_name", name)
    page.select_option("#id_kind", "new_build")
    page.fill("#id_phase", "Giai đoạn I")
    pick(page, "id_beneficiary_unit", beneficiary, plain(beneficiary))
    page.fill("#id_location", beneficiary.replace("Công an ", ""))
    page.fill("#id_total_investment", "2.500.000.000")
    page.fill("#id_planned_start", day)
    page.fill("#id_planned_end", (today + datetime.timedelta(days=300)).strftime("%d/%m/%Y"))
    shot(page, "construction-01-proposal-form")
    page.click("button[name=_save]")
    page.wait_for_selector("[data-testid=status]")
    project = Project.objects.get(name=name)
    assert (project.status, project.total_investment) == ("proposed", 2_500_000_000)
    assert project.code.startswith(f"CT-{year}-")
    shot(page, "construction-02-proposed")

    # 2. Approve: the investment decision.
    _open_step(page, project, "approve")
    page.fill("#id_decision_number", f"{RUN}/QĐ-CAT-PH10")
    page.fill("#id_decision_date", day)
    shot(page, "construction-03-approve-form")
    _submit_step(page)
    project.refresh_from_db()
    assert project.status == "approved"
    # The page says why construction cannot start yet: no contract.
    assert page.locator("[data-testid=blockers] li").count() == 1
    shot(page, "construction-04-approved-waiting-for-a-contract")

    # 3. The contractor's contract and the funding allocation, from the work's page.
    page.click(f"a[href='{reverse('construction:contract_add')}?project={project.pk}']")
    contractors = page.get_attribute("#id_contractor", "data-lookup")
    assert beyond_first_page(page, live_server, contractors, [contractor.name]) == contractor.name
    pick(page, "id_contractor", contractor.name, f"xay dung thanh ha {RUN}")
    page.fill("#id_number", f"{RUN}/HĐXD")
    page.fill("#id_signed_on", day)
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
    page.fill("#id_date", day)
    page.fill("#id_document_number", f"{RUN}/LKC")
    _submit_step(page)
    project.refresh_from_db()
    assert project.status == "under_construction"

    # 5. A progress report with a photo of the site.
    photo = tmp_path / "cong-truong.png"
    photo.write_bytes(PNG)
    page.click(f"a[href='{reverse('construction:progressreport_add')}?project={project.pk}']")
    page.fill("#id_date", day)
    page.fill("#id_percent", "100")
    page.fill("#id_note", "Hoàn thành phần xây thô và hoàn thiện")
    page.set_input_files("#id_attachment", str(photo))
    shot(page, "construction-05-progress-form")
    page.click("button[name=_save]")
    page.wait_for_selector(".alert-success")
    report = ProgressReport.objects.get(project=project)
    assert Attachment.objects.filter(object_id=report.pk, original_name="cong-truong.png").exists()

    # 6. A payment: more than the contract is refused beside the amount, nothing lost; then it is posted.
    page.goto(live_server.url + project.get_absolute_url())
    page.click(f"a[href='{reverse('construction:payment_add')}?project={project.pk}']")
    assert page.input_value("#id_allocation") == str(allocation.pk)
    page.fill("#id_date", day)
    page.fill("#id_amount", "2.400.000.000")
    page.fill("#id_voucher_number", f"PC-{RUN}")
    page.fill("#id_description", "Tạm ứng hợp đồng thi công")
    page.click("button[name=_save]")
    page.wait_for_selector(".invalid-feedback")
    message = page.inner_text(".invalid-feedback")
    assert "2.300.000.000" in message and "2.400.000.000" in message
    assert page.input_value("#id_description") == "Tạm ứng hợp đồng thi công"
    shot(page, "construction-06-payment-refused")
    assert not Payment.objects.filter(project=project).exists()
    assert not Spending.objects.filter(allocation=allocation).exists()
    page.fill("#id_amount", "800.000.000")
    page.click("button[name=_save]")
    page.wait_for_selector(".alert-success")
    payment = Payment.objects.get(project=project)
    assert (payment.spending.amount, payment.spending.status) == (800_000_000, "posted")
    allocation.refresh_from_db()
    assert allocation.spent_total == 800_000_000
    page.goto(live_server.url + project.get_absolute_url())
    assert "800.000.000" in page.inner_text("[data-testid=paid]")
    assert "1.700.000.000" in page.inner_text("[data-testid=left]")
    shot(page, "construction-07-paid-under-construction")

    # 7. Acceptance, handover into the asset register, settlement.
    _open_step(page, project, "accept")
    page.fill("#id_date", day)
    page.fill("#id_document_number", f"BBNT-{RUN}")
    _submit_step(page)
    _open_step(page, project, "hand_over")
    page.fill("#id_date", day)
    page.fill("#id_document_number", f"BBBG-{RUN}")
    page.check("#id_register_asset")
    page.select_option("#id_item_type", str(building.pk))
    page.fill("#id_asset_cost", "2.300.000.000")
    shot(page, "construction-08-handover-form")
    _submit_step(page)
    _open_step(page, project, "settle")
    page.fill("#id_date", day)
    page.fill("#id_document_number", f"QĐ-PDQT-{RUN}")
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
    assert set(Milestone.objects.filter(project=project).values_list("recorded_by", flat=True)) == {officer.pk}
    assert page.locator("[data-testid=next-step]").count() == 0
    shot(page, "construction-09-settled")


def test_a_renovation_names_the_building_it_renovates(live_server, page, shot):
    """The building is found by typing among the register's buildings only; a new build that names
    one is refused beside the field, and the renovation keeps it."""
    building = Item.objects.get(name="Xây dựng trụ sở làm việc Công an xã Thanh Hồng")
    car = Item.objects.filter(item_type__fixed_asset_class__is_building=False).exclude(plate_number="").first()
    officer = committed_user(Role.LOGISTICS_OFFICER, Unit.objects.get(code="HP"), full_name=f"Cán bộ cải tạo {RUN}")
    sign_in(page, live_server, officer.username, PASSWORD)
    today = timezone.localdate()
    name = f"Cải tạo, nâng cấp trụ sở Công an xã Thanh Hồng ({RUN})"

    page.goto(live_server.url + reverse("construction:project_add"))
    lookup = page.get_attribute("#id_renovated_item", "data-lookup")
    offered = page.request.get(f"{live_server.url}{lookup}&q={car.plate_number}").json()["results"]
    assert offered == [], "a car is no building a renovation could name"
    page.fill("#id_name", name)
    page.select_option("#id_kind", "new_build")
    pick(page, "id_beneficiary_unit", "Công an xã Thanh Hồng", "thanh hong")
    page.fill("#id_location", "Xã Thanh Hồng")
    page.fill("#id_total_investment", "1.200.000.000")
    page.fill("#id_planned_start", today.strftime("%d/%m/%Y"))
    page.fill("#id_planned_end", (today + datetime.timedelta(days=200)).strftime("%d/%m/%Y"))
    pick(page, "id_renovated_item", "trụ sở làm việc Công an xã Thanh Hồng", "tru so lam viec thanh hong")
    page.click("button[name=_save]")
    error = page.locator(".invalid-feedback").filter(has_text="cải tạo").first
    error.wait_for()
    shot(page, "construction-renovation-01-new-build-refused")
    assert not Project.objects.filter(name=name).exists()

    page.select_option("#id_kind", "renovation")
    page.click("button[name=_save]")
    page.wait_for_selector("[data-testid=status]")
    project = Project.objects.get(name=name)
    assert project.renovated_item == building
    assert "trụ sở làm việc Công an xã Thanh Hồng" in page.inner_text("main")
    shot(page, "construction-renovation-02-proposed")
