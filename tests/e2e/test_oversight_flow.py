"""Real browser: an inspector plans an inspection of a unit and its team, records a finding and a
recommendation, concludes, and the commander of the inspected unit sees the conclusion and reports
the recommendation done."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from logistics import services as core_services
from logistics.models import Unit, UnitKind
from logistics.roles import Role
from oversight import services
from oversight.choices import Area, ProgrammeKind, Schedule
from oversight.models import Finding, FindingLink, Inspection, Recommendation
from tests.conftest import DEMO
from tests.e2e.conftest import RUN, beyond_first_page, committed_user, pick, plain, service_number, sign_in
from tests.factories import PASSWORD

pytestmark = [*DEMO, pytest.mark.e2e]


def test_conclude_an_inspection_and_follow_it_up_on_the_inspected_side(live_server, page, shot, tmp_path):
    city = Unit.objects.get(code="HP")
    target = core_services.unit_create(
        actor=None,
        code=f"HP-E2E-Q{RUN}",
        name=f"Công an xã Quang Trung {RUN}",
        kind=UnitKind.COMMUNE,
        parent=city,
        valid_from=datetime.date(2025, 7, 1),
    )
    inspector = committed_user(Role.INSPECTOR, city, full_name=f"Ủy viên Kiểm Tra {RUN}")
    commander = committed_user(Role.UNIT_COMMANDER, target, full_name=f"Trưởng Công an xã {RUN}")
    department = Unit.objects.filter(kind=UnitKind.DEPARTMENT, valid_to__isnull=True).order_by("path").last()
    head = core_services.personnel_create(
        actor=None,
        full_name=f"Nguyễn Văn Trưởng Đoàn {RUN}",
        service_number=service_number(),
        rank="lieutenant_colonel",
        unit=department,
        is_party_member=True,
    )
    accountant = core_services.personnel_create(
        actor=None,
        full_name=f"Lê Thị Kế Toán {RUN}",
        service_number=service_number(),
        rank="captain",
        unit=target,
        is_party_member=True,
    )
    year = timezone.localdate().year
    programme = services.programme_create(
        actor=inspector,
        year=year,
        kind=ProgrammeKind.INSPECTION,
        schedule=Schedule.ANNUAL,
        quarter=None,
        title=f"Chương trình kiểm tra năm {year} ({RUN})",
        document_number=f"{RUN}-CTr/UBKT",
        issued_on=None,
        issuing_unit=city,
        areas=[Area.BUDGET],
        planned_count=2,
        planned_targets="Công an các xã",
    )
    title = f"Kiểm tra công tác tài chính đối với tổ chức đảng Công an xã Quang Trung {RUN}"

    # --- the inspector plans it: the inspected unit and the team head found by typing --------------
    sign_in(page, live_server, inspector.username, PASSWORD)
    assert beyond_first_page(page, live_server, "logistics/unit", [target.name]) == target.name
    page.goto(live_server.url + reverse("oversight:inspection_add") + f"?programme={programme.pk}")
    page.select_option("#id_form", "inspection_periodic")
    page.fill("#id_title", title)
    page.fill("#id_decision_number", f"{RUN}-QĐ/UBKT")
    pick(page, "id_target_unit", target.name, query=plain(target.name))
    shot(page, "oversight-00-new-inspection-form")
    page.click("button[name=_save]")
    page.wait_for_selector("[data-testid=status]")
    inspection = Inspection.objects.get(title=title)
    assert inspection.target_unit == target

    page.click(f"a[href='{reverse('oversight:teammember_add')}?inspection={inspection.pk}']")
    people = page.get_attribute("#id_personnel", "data-lookup")
    assert beyond_first_page(page, live_server, people, [head.full_name]) == head.full_name
    pick(page, "id_personnel", head.full_name, query=plain(head.full_name))
    page.select_option("#id_role", "head")
    page.click("button[name=_save]")
    page.wait_for_selector(".alert-success")
    assert inspection.team.get().personnel == head

    page.goto(live_server.url + inspection.get_absolute_url())
    shot(page, "oversight-01-planned-inspection")
    page.click(f"a[href='{inspection.get_absolute_url()}start/']")
    page.fill("#id_started_on", timezone.localdate().strftime("%d/%m/%Y"))
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

    # It cites the officer concerned, found by typing without accents (this look-up offers
    # nothing before typing: it searches every kind of record).
    page.click(f"[data-testid=citations] a[href='{reverse('oversight:findinglink_add')}?finding={finding.pk}']")
    pick(page, "id_record", accountant.full_name, query=f"ke toan {RUN}")
    page.fill("#id_note", "Kế toán trưởng ký duyệt chứng từ")
    shot(page, "oversight-03-cite-record")
    page.click("button[name=_save]")
    page.wait_for_selector(f"[data-testid=citations] a:has-text('{accountant.full_name}')")
    assert FindingLink.objects.get(finding=finding).record == accountant

    # A recommendation to the inspected unit, due in three months (the defaults).
    content = f"Hạch toán lại các khoản chi theo đúng mục chi, nguồn kinh phí ({RUN})"
    page.click(f"a[href='{reverse('oversight:recommendation_add')}?finding={finding.pk}']")
    page.fill("#id_content", content)
    shot(page, "oversight-04-recommendation-form")
    page.click("button[name=_save]")
    page.wait_for_selector(".alert-success")
    recommendation = Recommendation.objects.get(finding=finding)
    assert recommendation.responsible_unit == target

    # Conclude: a warning says it is final.
    page.goto(live_server.url + inspection.get_absolute_url())
    shot(page, "oversight-05-in-progress")
    page.click(f"a[href='{inspection.get_absolute_url()}conclude/']")
    page.fill("#id_conclusion_number", f"{RUN}-TB/UBKT")
    page.fill(
        "#id_conclusion",
        "Tổ chức đảng Công an xã đã lãnh đạo thực hiện cơ bản tốt công tác tài chính; "
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
    sign_in(page, live_server, commander.username, PASSWORD)
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
    page.goto(live_server.url + accountant.get_absolute_url())
    assert "Chi sai mục chi" in page.inner_text("[data-testid=cited-by]")
    shot(page, "oversight-12-cited-record")

    # The follow-up is on the committee's lists and reports.
    page.context.clear_cookies()
    sign_in(page, live_server, inspector.username, PASSWORD)
    page.goto(live_server.url + reverse("oversight:recommendation_list") + f"?status=done&q={RUN}")
    assert page.locator("table tbody tr").count() == 1
    assert content in page.inner_text("table tbody")
    shot(page, "oversight-13-recommendations-to-verify")
    page.goto(live_server.url + reverse("oversight:report_recommendations"))
    assert page.locator("[data-testid=report-pdf]").count() == 1
    shot(page, "oversight-14-report")
