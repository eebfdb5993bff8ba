"""Who sees and does what: inspectors work on inspections from the day they are planned; the
inspected unit (and the units above it) sees its concluded inspections and reports progress on the
recommendations addressed to it; auditors read everything concluded in scope; logistics officers
follow up the recommendations addressed to their units (test_follow_up.py); others see nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from logistics.roles import Role
from oversight.models import Finding, Inspection, ProgressReport, Recommendation
from tests.conftest import api_for, logged_in
from tests.oversight.conftest import evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(build, tree):
    concluded = build.concluded()
    in_progress = build.started(decision_number="20-QĐ", title="Kiểm tra đang tiến hành")
    planned = build.inspection(decision_number="21-QĐ", title="Kiểm tra dự kiến")
    elsewhere = build.concluded(decision_number="22-QĐ", title="Kiểm tra huyện Bình Giang", target=tree.district_b)
    return {
        "concluded": concluded,
        "in_progress": in_progress,
        "planned": planned,
        "elsewhere": elsewhere,
        "recommendation": Recommendation.objects.get(finding__inspection=concluded),
        "finding": Finding.objects.get(inspection=concluded),
    }


def listed(client, name: str) -> set[str]:
    response = client.get(reverse(f"oversight:{name}_list"))
    assert response.status_code == 200
    return {str(row.record.pk) for row in response.context["table"].page.object_list}


def ids(*inspections) -> set[str]:
    return {str(inspection.pk) for inspection in inspections}


def test_inspector_sees_every_inspection_in_scope(inspector, records):
    client = logged_in(inspector)
    assert listed(client, "inspection") == ids(
        *[records[k] for k in ("concluded", "in_progress", "planned", "elsewhere")]
    )
    assert client.get(records["planned"].get_absolute_url()).status_code == 200


def test_the_inspected_unit_sees_only_its_concluded_inspections(district_commander, records):
    client = logged_in(district_commander)
    assert listed(client, "inspection") == ids(records["concluded"])
    assert client.get(records["concluded"].get_absolute_url()).status_code == 200
    for hidden in ("in_progress", "planned", "elsewhere"):
        assert client.get(records[hidden].get_absolute_url()).status_code == 404
    assert client.get(records["finding"].get_absolute_url()).status_code == 200
    assert client.get(records["recommendation"].get_absolute_url()).status_code == 200


def test_a_commander_above_the_inspected_unit_sees_it_too(commander, records):
    client = logged_in(commander)  # province commander
    assert listed(client, "inspection") == ids(records["concluded"], records["elsewhere"])


def test_a_commune_commander_sees_only_what_concerns_the_commune(commune_commander, records, build, tree):
    client = logged_in(commune_commander)
    assert listed(client, "inspection") == set()
    assert client.get(records["recommendation"].get_absolute_url()).status_code == 404
    commune = build.concluded(decision_number="30-QĐ", target=tree.commune_a1)
    assert listed(client, "inspection") == ids(commune)
    assert len(listed(client, "recommendation")) == 1


def test_auditor_reads_concluded_everything_but_changes_nothing(auditor, records):
    client = logged_in(auditor)
    assert listed(client, "inspection") == ids(records["concluded"], records["elsewhere"])
    assert client.get(records["in_progress"].get_absolute_url()).status_code == 404
    assert client.get(reverse("oversight:inspection_add")).status_code == 403
    assert client.get(records["recommendation"].get_absolute_url() + "report/").status_code == 403
    assert client.get(records["recommendation"].get_absolute_url() + "verify/").status_code == 403


def test_clinic_staff_see_no_oversight(make_user, tree, records):
    # The logistics officer follows up the recommendations addressed to their units: test_follow_up.py.
    clinic = make_user(Role.CLINIC_STAFF, tree.province)
    client = logged_in(clinic)
    assert client.get(reverse("oversight:inspection_list")).status_code == 403
    assert client.get(records["concluded"].get_absolute_url()).status_code == 404
    assert client.get(reverse("oversight:overview")).status_code == 403
    assert api_for(clinic).get("/api/oversight/inspections/").status_code == 403


def test_commanders_cannot_create_or_edit(district_commander, records):
    client = logged_in(district_commander)
    assert client.get(reverse("oversight:inspection_add")).status_code == 403
    assert client.get(reverse("oversight:finding_edit", args=[records["finding"].pk])).status_code == 403
    response = api_for(district_commander).patch(
        f"/api/oversight/findings/{records['finding'].pk}/", {"title": "x"}, format="json"
    )
    assert response.status_code == 403


def test_the_inspected_unit_reports_progress_through_the_page(district_commander, records):
    recommendation = records["recommendation"]
    client = logged_in(district_commander)
    page = client.get(recommendation.get_absolute_url())
    assert [action.name for action in page.context["actions"]] == ["report"]
    response = client.post(
        recommendation.get_absolute_url() + "report/",
        {"status": "done", "reported_on": "", "note": "Đã hạch toán lại", "evidence": evidence()},
    )
    assert response.status_code == 400  # the date is required on the form
    assert not ProgressReport.objects.exists()
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = client.post(
        recommendation.get_absolute_url() + "report/",
        {"status": "done", "reported_on": today, "note": "Đã hạch toán lại", "evidence": evidence()},
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == "done"
    report = ProgressReport.objects.get()
    assert report.reported_by == district_commander and report.evidence.original_name == "bien-ban-khac-phuc.pdf"
    # the evidence is downloadable by the inspector who verifies it
    assert "bien-ban-khac-phuc.pdf" in client.get(recommendation.get_absolute_url()).content.decode()


def test_done_without_evidence_is_refused_beside_the_field(district_commander, records):
    recommendation = records["recommendation"]
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = logged_in(district_commander).post(
        recommendation.get_absolute_url() + "report/", {"status": "done", "reported_on": today, "note": "Xong"}
    )
    assert response.status_code == 400
    assert "evidence" in response.context["form"].errors
    assert Recommendation.objects.get(pk=recommendation.pk).status == "open"


def test_inspector_verifies_through_the_page(inspector, district_commander, records):
    from oversight import services

    recommendation = records["recommendation"]
    services.recommendation_report_progress(
        actor=district_commander, recommendation=recommendation, status="done", note="Xong", evidence=evidence()
    )
    client = logged_in(inspector)
    actions = [action.name for action in client.get(recommendation.get_absolute_url()).context["actions"]]
    assert actions == ["verify", "send_back"]
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = client.post(recommendation.get_absolute_url() + "verify/", {"verified_on": today, "note": "Đạt"})
    assert response.status_code == 302
    assert Recommendation.objects.get(pk=recommendation.pk).status == "verified"


def test_inspector_concludes_through_the_page(inspector, records):
    inspection = records["in_progress"]
    client = logged_in(inspector)
    page = client.get(inspection.get_absolute_url())
    assert [action.name for action in page.context["actions"]] == ["conclude"]
    response = client.post(
        inspection.get_absolute_url() + "conclude/",
        {"concluded_on": "20/03/2020", "conclusion_number": "07-TB", "conclusion": "Kết luận."},
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == "concluded"
    after = client.get(inspection.get_absolute_url())
    assert after.context["actions"] == [] and not after.context["can_edit"] and not after.context["can_delete"]
    assert client.get(reverse("oversight:inspection_edit", args=[inspection.pk])).status_code == 302


def test_api_follows_the_same_visibility(district_commander, inspector, records):
    commander_rows = api_for(district_commander).get("/api/oversight/inspections/").json()["results"]
    assert [row["id"] for row in commander_rows] == [records["concluded"].pk]
    assert api_for(district_commander).get(f"/api/oversight/inspections/{records['planned'].pk}/").status_code == 404
    assert api_for(inspector).get("/api/oversight/inspections/").json()["count"] == 4
    recommendations = api_for(district_commander).get("/api/oversight/recommendations/").json()
    assert [row["id"] for row in recommendations["results"]] == [records["recommendation"].pk]


def test_exports_follow_the_same_visibility(district_commander, records):
    client = logged_in(district_commander)
    text = b"".join(client.get(reverse("oversight:inspection_export") + "?format=csv").streaming_content).decode()
    assert records["concluded"].title in text
    assert "Kiểm tra đang tiến hành" not in text and "Kiểm tra dự kiến" not in text
    api_text = b"".join(
        api_for(district_commander).get("/api/oversight/inspections/?export=csv").streaming_content
    ).decode()
    assert "Kiểm tra dự kiến" not in api_text and records["concluded"].title in api_text


def test_overview_counts_what_the_reader_may_see(district_commander, other_commander, inspector, records):
    assert logged_in(district_commander).get(reverse("oversight:overview")).context["recommendations"]["total"] == 1
    assert logged_in(other_commander).get(reverse("oversight:overview")).context["recommendations"]["total"] == 1
    assert logged_in(inspector).get(reverse("oversight:overview")).context["recommendations"]["total"] == 2


def test_admin_follows_scope_and_keeps_concluded_read_only(make_user, tree, records):
    staff_commander = make_user(Role.UNIT_COMMANDER, tree.district_a, is_staff=True)
    client = logged_in(staff_commander)
    page = client.get("/admin/oversight/inspection/").content.decode()
    assert records["concluded"].title in page and "Kiểm tra dự kiến" not in page
    admin = make_user(Role.ADMINISTRATOR, tree.province, is_staff=True)
    change = logged_in(admin).get(f"/admin/oversight/inspection/{records['concluded'].pk}/change/")
    assert change.status_code == 200 and not change.context["has_change_permission"]
    assert Inspection.objects.count() == 4
