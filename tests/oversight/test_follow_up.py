"""The logistics officer does the remedial work an inspection asks for: they see the concluded
recommendations addressed to units in their scope — with the finding and the inspection behind
each, as far as the inspected unit sees them — and report progress on them. Not the inspections'
drafts, not the recommendations addressed to other units, not the rest of oversight."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from logistics.roles import Role
from logistics.scope import restrict
from oversight import services
from oversight.models import DisciplineDecision, Finding, Inspection, ProgressReport, Recommendation, TeamMember
from tests.conftest import api_for, logged_in
from tests.refusals import refusal

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_officer(make_user, tree):
    """A logistics officer of district A: district A and its communes are in scope."""
    return make_user(Role.LOGISTICS_OFFICER, tree.district_a)


@pytest.fixture
def follow_up(build, tree):
    """An inspection of district A concluded with recommendations for a commune of district A and
    for district B; an inspection still in progress with a recommendation for district A; and an
    inspection of district B concluded."""
    inspection = build.started(title="Kiểm tra tài chính huyện Thanh Hà")
    finding = build.finding(inspection, title="Chi sai mục chi")
    own = build.recommendation(finding, unit=tree.commune_a1, content="Xã Thanh Hồng hạch toán lại khoản chi")
    other_unit = build.recommendation(finding, unit=tree.district_b, content="Huyện Bình Giang thu hồi khoản chi")
    other_finding = build.finding(inspection, title="Thiếu sổ theo dõi tài sản")
    build.recommendation(other_finding, unit=tree.district_b, content="Huyện Bình Giang lập sổ theo dõi")
    concluded = services.inspection_conclude(
        actor=build.actor,
        inspection=inspection,
        concluded_on=inspection.started_on + datetime.timedelta(days=15),
        conclusion="Còn thiếu sót trong công tác tài chính; yêu cầu khắc phục.",
        conclusion_number="05-TB/UBKT",
    )
    in_progress = build.started(decision_number="20-QĐ", title="Kiểm tra đang tiến hành")
    draft = build.recommendation(
        build.finding(in_progress, title="Thiếu chứng từ"), unit=tree.district_a, content="Bổ sung chứng từ chi"
    )
    elsewhere = build.concluded(decision_number="22-QĐ", title="Kiểm tra huyện Bình Giang", target=tree.district_b)
    return {
        "inspection": concluded,
        "finding": finding,
        "other_finding": other_finding,
        "own": own,
        "other_unit": other_unit,
        "in_progress": in_progress,
        "draft": draft,
        "elsewhere_inspection": elsewhere,
        "elsewhere": Recommendation.objects.get(finding__inspection=elsewhere),
    }


def pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_the_officer_reaches_only_the_concluded_recommendations_addressed_to_their_units(
    district_officer, follow_up, make_user, tree
):
    assert pks(restrict(Recommendation.objects.all(), district_officer)) == {follow_up["own"].pk}
    assert pks(restrict(Finding.objects.all(), district_officer)) == {follow_up["finding"].pk}
    assert pks(restrict(Inspection.objects.all(), district_officer)) == {follow_up["inspection"].pk}
    # The inspected unit's commander reads the whole inspection, the other unit's recommendation too.
    district_commander = make_user(Role.UNIT_COMMANDER, tree.district_a)
    assert pks(restrict(Recommendation.objects.all(), district_commander)) == {
        follow_up["own"].pk,
        follow_up["other_unit"].pk,
        Recommendation.objects.get(finding=follow_up["other_finding"]).pk,
    }


def test_the_officer_reports_progress_through_the_service(district_officer, follow_up):
    own = services.recommendation_report_progress(
        actor=district_officer, recommendation=follow_up["own"], status="in_progress", note="Đang hạch toán lại"
    )
    assert own.status == "in_progress"
    report = ProgressReport.objects.get(recommendation=own)
    assert report.reported_by == district_officer
    assert pks(restrict(ProgressReport.objects.all(), district_officer)) == {report.pk}
    for name in ("other_unit", "elsewhere"):
        with pytest.raises(PermissionDenied):
            services.recommendation_report_progress(
                actor=district_officer, recommendation=follow_up[name], status="in_progress", note="Thử"
            )
    assert refusal(
        lambda: services.recommendation_report_progress(
            actor=district_officer, recommendation=follow_up["draft"], status="in_progress", note="Thử"
        )
    ) == ["Chỉ báo cáo tiến độ sau khi cuộc kiểm tra đã kết luận."]
    assert ProgressReport.objects.count() == 1


def test_the_officer_follows_up_through_the_pages(district_officer, follow_up):
    client = logged_in(district_officer)
    listed = client.get(reverse("oversight:recommendation_list"))
    assert listed.status_code == 200
    assert [row.record.pk for row in listed.context["table"].page.object_list] == [follow_up["own"].pk]

    own_url = follow_up["own"].get_absolute_url()
    page = client.get(own_url)
    assert page.status_code == 200
    assert [action.name for action in page.context["actions"]] == ["report"]
    assert not page.context["can_edit"] and not page.context["can_delete"]
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = client.post(own_url + "report/", {"status": "in_progress", "reported_on": today, "note": "Đã làm"})
    assert response.status_code == 302
    assert Recommendation.objects.get(pk=follow_up["own"].pk).status == "in_progress"

    for name in ("other_unit", "elsewhere", "draft"):
        url = follow_up[name].get_absolute_url()
        assert client.get(url).status_code == 404, name
        assert client.get(url + "report/").status_code == 404, name
    assert client.get(follow_up["in_progress"].get_absolute_url()).status_code == 404
    assert client.get(follow_up["elsewhere_inspection"].get_absolute_url()).status_code == 404
    assert client.get(follow_up["other_finding"].get_absolute_url()).status_code == 404

    # The inspection behind it, as the inspected unit sees it: concluded, with what concerns the officer.
    inspection = client.get(follow_up["inspection"].get_absolute_url())
    assert inspection.status_code == 200
    shown = {
        item["table"].data.data.model: [row.record.pk for row in item["table"].page.object_list]
        for item in inspection.context["related"]
    }
    assert shown[Recommendation] == [follow_up["own"].pk]
    assert shown[Finding] == [follow_up["finding"].pk]
    assert shown[TeamMember] == [] and shown[DisciplineDecision] == []
    assert inspection.context["actions"] == [] and not inspection.context["can_edit"]
    assert client.get(follow_up["finding"].get_absolute_url()).status_code == 200
    # The overview of overdue recommendations counts theirs only.
    assert client.get(reverse("oversight:overview")).context["recommendations"]["total"] == 1
    # The rest of oversight is not theirs.
    for name in ("programme", "teammember", "findinglink", "disciplinedecision"):
        assert client.get(reverse(f"oversight:{name}_list")).status_code == 403, name


def test_the_officer_follows_up_through_the_api(district_officer, follow_up):
    client = api_for(district_officer)
    rows = client.get("/api/oversight/recommendations/").json()["results"]
    assert [row["id"] for row in rows] == [follow_up["own"].pk]
    inspections = client.get("/api/oversight/inspections/").json()["results"]
    assert [row["id"] for row in inspections] == [follow_up["inspection"].pk]
    for name in ("other_unit", "elsewhere", "draft"):
        pk = follow_up[name].pk
        assert client.get(f"/api/oversight/recommendations/{pk}/").status_code == 404, name
        response = client.post(
            f"/api/oversight/recommendations/{pk}/report-progress/", {"status": "in_progress", "note": "Thử"}
        )
        assert response.status_code == 404, name
    own = follow_up["own"].pk
    assert client.patch(f"/api/oversight/recommendations/{own}/", {"content": "Sửa"}).status_code == 403
    response = client.post(
        f"/api/oversight/recommendations/{own}/report-progress/", {"status": "in_progress", "note": "Đang làm"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"
    assert ProgressReport.objects.get().reported_by == district_officer


def test_the_api_checks_the_right_on_the_record_before_the_body(build, follow_up):
    # The inspector sees the draft but may report progress only once it is concluded: the page
    # refuses, and so does the API — before it reads (and answers about) the body.
    draft = follow_up["draft"]
    assert logged_in(build.actor).get(draft.get_absolute_url() + "report/").status_code == 403
    response = api_for(build.actor).post(f"/api/oversight/recommendations/{draft.pk}/report-progress/", {})
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()
