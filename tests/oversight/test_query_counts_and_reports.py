"""Lists cost the same number of queries for 5 rows or 50; reports and exports carry the figures."""

import csv
import datetime
import io

import openpyxl
import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from logistics.models import ExportLog, User
from oversight import services
from oversight.models import Recommendation
from tests.conftest import api_for, logged_in
from tests.factories import PersonnelFactory
from tests.oversight.conftest import Builder, evidence

pytestmark = pytest.mark.django_db


def count_queries(callable_):
    with CaptureQueriesContext(connection) as context:
        response = callable_()
    assert response.status_code == 200, getattr(response, "content", b"")[:500]
    return len(context.captured_queries)


def grow(build, tree, n, start=0):
    """``n`` concluded inspections, each with a finding citing two records, a recommendation in
    progress with a progress report, and a discipline decision."""
    for index in range(start, start + n):
        officer = PersonnelFactory(unit=tree.district_a, is_party_member=True)
        inspection = build.concluded(
            decision_number=f"{index}-QĐ", records=[tree.district_a, officer], title=f"Kiểm tra số {index}"
        )
        recommendation = Recommendation.objects.get(finding__inspection=inspection)
        services.recommendation_report_progress(
            actor=build.actor, recommendation=recommendation, status="in_progress", note="Đang làm"
        )
        services.discipline_decision_create(
            actor=build.actor,
            inspection=inspection,
            target_kind="member",
            target_unit=None,
            target_person=officer,
            level="reprimand",
            decided_on=inspection.concluded_on,
            decision_number=f"{index}-QĐ/KL",
            issuing_body="inspection_committee",
            issuing_unit=tree.province,
            reason="Vi phạm",
        )


LIST_PAGES = [
    "programme_list",
    "inspection_list",
    "finding_list",
    "recommendation_list",
    "disciplinedecision_list",
    "teammember_list",
    "findinglink_list",
    "progressreport_list",
]
API_LISTS = ["programmes", "inspections", "findings", "recommendations", "discipline"]


@pytest.fixture
def grown(tree, inspector):
    build = Builder(tree, inspector)
    build.programme()
    grow(build, tree, 3)
    return build


def fresh(user):
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("role", ["inspector", "district_commander"])
def test_list_pages_and_api_lists_do_not_grow_with_the_page(request, grown, tree, role):
    user = request.getfixturevalue(role)
    small = {}
    for name in LIST_PAGES:
        small[name] = count_queries(
            lambda name=name: logged_in(fresh(user)).get(reverse(f"oversight:{name}") + "?per_page=3")
        )
    for name in API_LISTS:
        small[name] = count_queries(lambda name=name: api_for(fresh(user)).get(f"/api/oversight/{name}/?page_size=3"))
    grow(grown, tree, 9, start=100)
    for name in LIST_PAGES:
        large = count_queries(
            lambda name=name: logged_in(fresh(user)).get(reverse(f"oversight:{name}") + "?per_page=12")
        )
        assert large == small[name], name
    for name in API_LISTS:
        large = count_queries(lambda name=name: api_for(fresh(user)).get(f"/api/oversight/{name}/?page_size=12"))
        assert large == small[name], name


def test_a_findings_page_does_not_grow_with_its_citations(build, inspector, tree):
    finding = build.finding(build.started(), records=[tree.district_a, PersonnelFactory(unit=tree.district_a)])
    before = count_queries(lambda: logged_in(fresh(inspector)).get(finding.get_absolute_url()))
    more = [tree.district_b, tree.commune_a1, *[PersonnelFactory(unit=tree.district_a) for _ in range(4)]]
    for record in more:
        services.finding_link_create(actor=inspector, finding=finding, record=record)
    after = count_queries(lambda: logged_in(fresh(inspector)).get(finding.get_absolute_url()))
    assert after == before


def read_csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_list_exports_in_csv_and_xlsx_are_logged(grown, inspector):
    client = logged_in(inspector)
    rows = read_csv(client.get(reverse("oversight:recommendation_export") + "?format=csv"))
    assert len(rows) == 1 + 3
    response = client.get(reverse("oversight:finding_export") + "?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    amounts = [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert amounts == [45_000_000] * 3
    api_rows = read_csv(api_for(inspector).get("/api/oversight/inspections/?export=csv"))
    assert len(api_rows) == 1 + 3
    assert set(ExportLog.objects.values_list("source", flat=True)) == {
        "oversight.recommendation",
        "oversight.finding",
        "oversight.inspection",
    }


def test_programme_execution_counts_planned_against_concluded(grown, inspector, tree):
    programme = grown.programme(document_number="09-CTr", title="Chương trình có kế hoạch")
    grown.concluded(decision_number="P-1", programme=programme, title="Kiểm tra theo chương trình")
    grown.started(decision_number="P-2", programme=programme, title="Kiểm tra đang làm")
    response = logged_in(inspector).get(reverse("oversight:report_programmes") + "?year_from=2020&year_to=2020")
    assert response.status_code == 200
    report = response.context["report"]
    by_programme = {row["title"]: row for row in report.sections[1].rows}
    row = by_programme["Chương trình có kế hoạch"]
    assert (row["planned"], row["concluded"], row["in_progress"], row["rate"]) == (2, 1, 1, 50.0)
    by_year = report.sections[0].rows
    assert by_year[0]["year"] == "2020" and by_year[0]["unplanned"] == 3
    # The figure opens the list of the records behind it.
    listed = logged_in(inspector).get(by_year[0]["_links"]["unplanned"])
    assert listed.context["table"].paginator.count == 3


def test_findings_amounts_and_recommendations_reports(grown, inspector, district_commander):
    client = logged_in(inspector)
    findings = client.get(reverse("oversight:report_findings")).context["report"]
    assert findings.sections[0].totals["count"] == 3 and findings.sections[0].totals["amount"] == 135_000_000
    assert findings.sections[1].rows[0]["unit"] == "Công an huyện Thanh Hà"
    amounts = client.get(reverse("oversight:report_amounts")).context["report"]
    assert amounts.sections[0].totals["budget"] == 135_000_000
    recommendation = Recommendation.objects.first()
    services.recommendation_report_progress(
        actor=district_commander, recommendation=recommendation, status="done", note="Xong", evidence=evidence()
    )
    status = client.get(reverse("oversight:report_recommendations")).context["report"]
    totals = status.sections[0].totals
    assert (totals["in_progress"], totals["done"], totals["overdue"], totals["total"]) == (2, 1, 2, 3)


def test_reports_export_as_csv_xlsx_and_pdf(grown, inspector):
    client = logged_in(inspector)
    url = reverse("oversight:report_recommendations")
    rows = read_csv(client.get(url + "?format=csv"))
    assert any("Công an huyện Thanh Hà" in row for row in rows)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content)).active
    assert any(3 in row for row in sheet.iter_rows(values_only=True))
    pdf = client.get(reverse("oversight:report_findings") + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Công an huyện Thanh Hà" in text and "135.000.000" in text
    assert ExportLog.objects.filter(source="report:oversight.findings", format="pdf").exists()


def test_reports_follow_scope_and_the_api_serves_them(grown, other_commander, inspector):
    outsider = logged_in(other_commander).get(reverse("oversight:report_findings")).context["report"]
    assert outsider.sections[0].totals["count"] == 0
    data = api_for(inspector).get("/api/oversight/reports/amounts/?year_from=2019&year_to=2021").json()
    assert data["report"] == "oversight.amounts" and data["sections"][0]["totals"]["total"] == 135_000_000
    assert api_for(inspector).get("/api/oversight/reports/nothing/").status_code == 404
    assert api_for(inspector).get("/api/oversight/reports/amounts/?year_from=abc").status_code == 400


def test_api_actions_conclude_and_verify(build, inspector, district_commander):
    inspection = build.started(start=datetime.date(2021, 4, 5))
    finding = build.finding(inspection)
    build.recommendation(finding)
    client = api_for(inspector)
    response = client.post(
        f"/api/oversight/inspections/{inspection.pk}/conclude/",
        {"concluded_on": "2021-04-20", "conclusion": "Kết luận", "conclusion_number": "09-TB"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "concluded" and len(response.json()["team"]) == 2
    recommendation = Recommendation.objects.get(finding=finding)
    progress = api_for(district_commander).post(
        f"/api/oversight/recommendations/{recommendation.pk}/report-progress/",
        {"status": "done", "note": "Đã khắc phục", "evidence": evidence()},
        format="multipart",
    )
    assert progress.status_code == 200, progress.json()
    assert progress.json()["status"] == "done"
    assert (
        api_for(district_commander)
        .post(f"/api/oversight/recommendations/{recommendation.pk}/verify/", {}, format="json")
        .status_code
        == 403
    )
    verified = client.post(
        f"/api/oversight/recommendations/{recommendation.pk}/verify/", {"note": "Đạt"}, format="json"
    )
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
    assert [step["status"] for step in verified.json()["progress"]] == ["done", "verified"]
    again = client.post(f"/api/oversight/recommendations/{recommendation.pk}/verify/", {}, format="json")
    assert again.status_code == 400


def test_api_creates_an_inspection_with_its_team(build, inspector, tree):
    programme = build.programme()
    response = api_for(inspector).post(
        "/api/oversight/inspections/",
        {
            "programme": programme.pk,
            "form": "inspection_periodic",
            "title": "Kiểm tra qua API",
            "inspecting_unit": tree.province.pk,
            "target_kind": "organisation",
            "target_unit": tree.district_b.pk,
            "period_from": "2019-01-01",
            "period_to": "2019-12-31",
            "planned_start": "2020-05-04",
            "planned_end": "2020-05-20",
            "team": [{"personnel": build.head.pk, "role": "head"}, {"personnel": build.member.pk}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind"] == "inspection" and body["status"] == "planned"
    assert {(member["personnel"], member["role"]) for member in body["team"]} == {
        (build.head.pk, "head"),
        (build.member.pk, "member"),
    }
    started = api_for(inspector).post(f"/api/oversight/inspections/{body['id']}/start/", {"started_on": "2020-05-04"})
    assert started.status_code == 200 and started.json()["status"] == "in_progress"


def test_a_units_row_opens_the_records_of_that_unit_only(build, inspector, tree):
    """A district and a commune under it both have rows: each row's figure is the total of its list."""
    build.concluded(decision_number="H-1", target=tree.district_a, records=[tree.district_a])
    build.concluded(decision_number="X-1", target=tree.commune_a1, records=[tree.commune_a1], recommendations=2)
    client = logged_in(inspector)
    checked = 0
    for name, section, figure in (
        ("oversight:report_findings", 1, "count"),
        ("oversight:report_recommendations", 0, "total"),
    ):
        report = client.get(reverse(name) + "?year_from=2020&year_to=2020").context["report"]
        rows = report.sections[section].rows
        assert {row["unit"] for row in rows} == {"Công an huyện Thanh Hà", "Công an xã Thanh Hồng"}, name
        for row in rows:
            listed = client.get(row["_links"][figure]).context["row_count"]
            assert listed == row[figure], (name, row["unit"])
            checked += 1
    assert checked == 4
