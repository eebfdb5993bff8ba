"""Real browser: an inspector records a finding and a recommendation, concludes the inspection, and
the commander of the inspected unit sees the conclusion and reports the recommendation done."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from logistics.roles import Role
from oversight import services
from oversight.choices import Area, InspectionForm, ProgrammeKind, Schedule, TargetKind, TeamRole
from oversight.models import Finding, FindingLink, Inspection, Recommendation
from tests.e2e.conftest import pick, sign_in
from tests.factories import PASSWORD, PersonnelFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_conclude_an_inspection_and_follow_it_up_on_the_inspected_side(
    live_server, page, shot, tree, make_user, tmp_path
):
    inspector = make_user(Role.INSPECTOR, tree.province, username="kiemtra", full_name="Ủy viên Kiểm Tra")
    make_user(Role.UNIT_COMMANDER, tree.district_a, username="chihuy", full_name="Trưởng Công An Huyện")
    head = PersonnelFactory(unit=tree.department, is_party_member=True, full_name="Nguyễn Văn Trưởng Đoàn")
    PersonnelFactory(unit=tree.district_a, is_party_member=True, full_name="Lê Thị Kế Toán")
    year = timezone.localdate().year
    programme = services.programme_create(
        actor=inspector,
        year=year,
        kind=ProgrammeKind.INSPECTION,
        schedule=Schedule.ANNUAL,
        quarter=None,
        title=f"Chương trình kiểm tra năm {year}",
        document_number=f"01-CTr/UBKT-{year}",
        issued_on=None,
        issuing_unit=tree.province,
        areas=[Area.BUDGET],
        planned_count=2,
        planned_targets="Công an các huyện",
    )
    start = timezone.localdate() - datetime.timedelta(days=10)
    inspection = services.inspection_create(
        actor=inspector,
        programme=programme,
        form=InspectionForm.INSPECTION_PERIODIC,
        title="Kiểm tra công tác tài chính đối với tổ chức đảng Công an huyện Thanh Hà",
        decision_number="12-QĐ/UBKT",
        inspecting_unit=tree.province,
        target_kind=TargetKind.ORGANISATION,
        target_unit=tree.district_a,
        target_person=None,
        period_from=datetime.date(year - 1, 1, 1),
        period_to=datetime.date(year - 1, 12, 31),
        planned_start=start,
        planned_end=start + datetime.timedelta(days=20),
    )
    services.team_member_create(actor=inspector, inspection=inspection, personnel=head, role=TeamRole.HEAD)

    # --- the inspector ------------------------------------------------------------------------
    sign_in(page, live_server, "kiemtra", PASSWORD)
    page.goto(live_server.url + reverse("oversight:inspection_add") + f"?programme={programme.pk}")
    shot(page, "oversight-00-new-inspection-form")
    page.goto(live_server.url + inspection.get_absolute_url())
    shot(page, "oversight-01-planned-inspection")
    page.click(f"a[href='{inspection.get_absolute_url()}start/']")
    page.fill("#id_started_on", start.strftime("%d/%m/%Y"))
    page.click("main .card form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert Inspection.objects.get(pk=inspection.pk).status == "in_progress"

    # A finding, with its amount typed the way officers write it.
    page.click(f"a[href='{reverse('oversight:finding_add')}?inspection={inspection.pk}']")
    page.select_option("#id_area", "budget")
    page.select_option("#id_kind", "violation")
    page.select_option("#id_severity", "serious")
    page.fill("#id_title", "Chi sai mục chi, hạch toán không đúng nguồn kinh phí")
    page.fill("#id_description", "Chi tiếp khách từ nguồn mua sắm trang thiết bị.")
    page.fill("#id_amount", "45.000.000")
    shot(page, "oversight-02-finding-form")
    page.click("button[name=_save]")
    page.wait_for_selector(".alert-success")
    finding = Finding.objects.get(inspection=inspection)
    assert finding.amount == 45_000_000

    # It cites the officer concerned, found by typing without accents.
    page.click(f"[data-testid=citations] a[href='{reverse('oversight:findinglink_add')}?finding={finding.pk}']")
    pick(page, "id_record", "Lê Thị Kế Toán", query="ke toan")
    page.fill("#id_note", "Kế toán trưởng ký duyệt chứng từ")
    shot(page, "oversight-03-cite-record")
    page.click("button[name=_save]")
    page.wait_for_selector("[data-testid=citations] a:has-text('Lê Thị Kế Toán')")
    assert FindingLink.objects.get(finding=finding).record.full_name == "Lê Thị Kế Toán"

    # A recommendation to the inspected unit, due in three months (the defaults).
    page.click(f"a[href='{reverse('oversight:recommendation_add')}?finding={finding.pk}']")
    page.fill("#id_content", "Hạch toán lại các khoản chi theo đúng mục chi, nguồn kinh phí")
    shot(page, "oversight-04-recommendation-form")
    page.click("button[name=_save]")
    page.wait_for_selector(".alert-success")
    recommendation = Recommendation.objects.get(finding=finding)
    assert recommendation.responsible_unit == tree.district_a

    # Conclude: a warning says it is final.
    page.goto(live_server.url + inspection.get_absolute_url())
    shot(page, "oversight-05-in-progress")
    page.click(f"a[href='{inspection.get_absolute_url()}conclude/']")
    page.fill("#id_conclusion_number", "05-TB/UBKT")
    page.fill(
        "#id_conclusion",
        "Tổ chức đảng Công an huyện Thanh Hà đã lãnh đạo thực hiện cơ bản tốt công tác tài chính; "
        "còn thiếu sót trong hạch toán. Yêu cầu khắc phục theo kiến nghị.",
    )
    assert page.locator(".alert-warning").count() == 1
    shot(page, "oversight-06-conclude-form")
    page.click("main .card form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert page.get_attribute("[data-testid=status]", "class").count("success") == 1
    assert page.locator(f"a[href='{reverse('oversight:inspection_edit', args=[inspection.pk])}']").count() == 0
    shot(page, "oversight-07-concluded")
    assert Inspection.objects.get(pk=inspection.pk).status == "concluded"

    # --- the commander of the inspected unit -----------------------------------------------------
    page.context.clear_cookies()
    sign_in(page, live_server, "chihuy", PASSWORD)
    page.goto(live_server.url + reverse("oversight:overview"))
    assert page.inner_text("[data-testid=overdue-count] .value") == "0"
    shot(page, "oversight-08-commander-overview")
    page.goto(live_server.url + reverse("oversight:inspection_list"))
    page.click(f"table a[href='{inspection.get_absolute_url()}']")
    assert "còn thiếu sót trong hạch toán" in page.inner_text("[data-testid=conclusion]")
    shot(page, "oversight-09-commander-sees-conclusion")

    page.goto(live_server.url + recommendation.get_absolute_url())
    page.click(f"a[href='{recommendation.get_absolute_url()}report/']")
    page.check("input[name=status][value=done]")
    page.fill("#id_note", "Đã hạch toán điều chỉnh, có biên bản kèm theo")
    evidence = Path(tmp_path) / "bien-ban-khac-phuc.pdf"
    evidence.write_bytes(b"%PDF-1.4 bien ban khac phuc")
    page.set_input_files("#id_evidence", str(evidence))
    shot(page, "oversight-10-report-done")
    page.click("[data-testid=action-submit]")
    page.wait_for_selector(".alert-success")
    page.click("button[data-bs-target='#attachments']")
    page.wait_for_selector("#attachments.show a:has-text('bien-ban-khac-phuc.pdf')")
    shot(page, "oversight-11-recommendation-done")
    assert Recommendation.objects.get(pk=recommendation.pk).status == "done"

    # The cited officer's page says which finding and inspection cite the record.
    officer = FindingLink.objects.get(finding=finding).record
    page.goto(live_server.url + officer.get_absolute_url())
    assert "Chi sai mục chi" in page.inner_text("[data-testid=cited-by]")
    shot(page, "oversight-12-cited-record")

    # The follow-up is on the committee's lists and reports.
    page.context.clear_cookies()
    sign_in(page, live_server, "kiemtra", PASSWORD)
    page.goto(live_server.url + reverse("oversight:recommendation_list") + "?status=done")
    assert page.locator("table tbody tr").count() == 1
    shot(page, "oversight-13-recommendations-to-verify")
    page.goto(live_server.url + reverse("oversight:report_recommendations"))
    assert page.locator("[data-testid=report-pdf]").count() == 1
    shot(page, "oversight-14-report")
