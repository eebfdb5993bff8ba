"""Scope from every door (pages, look-ups, API, exports, reports), change history with the actor,
and list pages whose query count does not grow with their length."""

import csv
import datetime
import io

import pghistory.models
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from construction import services
from construction.models import Contract, Funding, Milestone, Payment, ProgressReport, Project
from logistics import services as core_services
from logistics.history import history_for
from logistics.models import User
from tests.conftest import api_for, logged_in
from tests.construction.conftest import DECIDED, YEAR

pytestmark = pytest.mark.django_db

LISTS = ("project", "contract", "funding", "progressreport", "milestone", "payment")
API_LISTS = ("projects", "contracts", "fundings", "progress-reports", "milestones", "payments")


def paid_work(works, unit, name):
    project = works.started(unit=unit, name=name)
    works.report(project, 40)
    works.pay(project, 100_000_000)
    return project


def read_csv(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_a_commune_commander_reaches_only_the_works_of_the_commune(works, tree, commune_commander):
    own = paid_work(works, tree.commune_a1, "Cải tạo trụ sở Công an xã Thanh Hồng")
    far = paid_work(works, tree.commune_b1, "Cải tạo trụ sở Công an xã Thái Học")
    client = logged_in(commune_commander)
    api = api_for(commune_commander)
    # Pages: lists, details, steps.
    for name in LISTS:
        response = client.get(reverse(f"construction:{name}_list"))
        projects = {getattr(row.record, "project_id", row.record.pk) for row in response.context["table"].rows}
        assert projects == {own.pk}, name
    assert client.get(far.get_absolute_url()).status_code == 404
    assert client.get(own.get_absolute_url()).status_code == 200
    far_payment = Payment.objects.get(project=far)
    assert client.get(far_payment.get_absolute_url()).status_code == 404
    assert client.get(reverse("construction:project_accept", args=[far.pk])).status_code == 404
    assert client.get(reverse("construction:project_adjust", args=[own.pk])).status_code == 403  # may only look
    # Look-up as you type.
    found = client.get(reverse("lookup", args=["construction", "project"]), {"q": "cai tao"}).json()["results"]
    assert [row["value"] for row in found] == [own.pk]
    # API: lists, details, actions.
    for name in API_LISTS:
        rows = api.get(f"/api/construction/{name}/").json()["results"]
        assert {row.get("project", row["id"]) for row in rows} == {own.pk}, name
    assert api.get(f"/api/construction/projects/{far.pk}/").status_code == 404
    assert api.post(f"/api/construction/projects/{own.pk}/accept/", {}).status_code == 403
    # Exports, web and API.
    rows = read_csv(client.get(reverse("construction:project_export") + "?format=csv"))
    assert [row[0] for row in rows[1:]] == [own.code]
    rows = read_csv(api.get("/api/construction/payments/?export=csv"))
    assert len(rows) == 2 and own.code in ",".join(rows[1])
    # Reports.
    data = api.get("/api/construction/reports/works/", {"year_from": YEAR, "year_to": YEAR}).json()
    assert data["sections"][0]["totals"]["count"] == 1
    disbursement = client.get(reverse("construction:report_disbursement")).context["report"]
    assert [row["code"] for row in disbursement.sections[1].rows] == [own.code]


def test_works_of_a_dissolved_unit_pass_to_the_successors_scope(works, tree, commune_commander):
    far = paid_work(works, tree.commune_b1, "Sửa chữa trụ sở Công an xã Thái Học")
    client = logged_in(commune_commander)
    assert client.get(far.get_absolute_url()).status_code == 404
    core_services.unit_dissolve(
        actor=None, unit=tree.commune_b1, successor=tree.commune_a1, effective_date=datetime.date(2025, 3, 1)
    )
    commander = User.objects.get(pk=commune_commander.pk)
    assert logged_in(commander).get(far.get_absolute_url()).status_code == 200


def test_history_keeps_who_changed_what_through_the_pages(officer_construction, works, tree):
    client = logged_in(officer_construction)
    response = client.post(
        reverse("construction:project_add"),
        {
            "name": "Xây tường rào Công an xã Cẩm Chế",
            "kind": "new_build",
            "beneficiary_unit": tree.commune_a2.pk,
            "location": "Xã Cẩm Chế",
            "total_investment": "350.000.000",
            "planned_start": "01/03/2024",
            "planned_end": "30/06/2024",
        },
    )
    project = Project.objects.get()
    assert response.status_code == 302
    client.post(
        reverse("construction:project_edit", args=[project.pk]),
        {
            "code": project.code,
            "name": project.name,
            "kind": "renovation",
            "beneficiary_unit": tree.commune_a2.pk,
            "location": "Xã Cẩm Chế, huyện Thanh Hà",
            "total_investment": "400.000.000",
            "planned_start": "01/03/2024",
            "planned_end": "30/06/2024",
        },
    )
    client.post(
        reverse("construction:project_approve", args=[project.pk]),
        {"decision_number": "15/QĐ", "decision_date": DECIDED.strftime("%d/%m/%Y"), "total_investment": "400.000.000"},
    )
    events = list(pghistory.models.Events.objects.tracks(project).order_by("pgh_created_at", "pgh_id"))
    assert [event.pgh_label for event in events] == ["insert", "update", "update"]
    assert {event.pgh_context["user"] for event in events} == {officer_construction.pk}
    assert events[-1].pgh_diff["status"] == ["proposed", "approved"]
    entries = history_for(project)
    assert [entry.actor for entry in entries] == [str(officer_construction)] * 3  # the three events above
    page = client.get(project.get_absolute_url()).content.decode()
    assert "400.000.000" in page and 'data-testid="history"' in page
    milestone = Milestone.objects.get(project=project)
    assert pghistory.models.Events.objects.tracks(milestone).get().pgh_context["user"] == officer_construction.pk


def test_history_records_bulk_and_raw_changes_too(works):
    project = works.started()
    Project.objects.filter(pk=project.pk).update(location="Thị trấn Thanh Hà (đã sửa)")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE construction_project SET note = 'ghi bằng SQL' WHERE id = %s", [project.pk])
    labels = [e.pgh_label for e in pghistory.models.Events.objects.tracks(project).order_by("pgh_created_at", "pgh_id")]
    assert labels[-2:] == ["update", "update"]
    for model in (Contract, Funding, ProgressReport, Milestone):
        record = model.objects.filter(project=project).first() if model is not ProgressReport else None
        if record is not None:
            assert pghistory.models.Events.objects.tracks(record).exists()


def test_detail_page_queries_do_not_grow_with_the_work(officer_construction, works):
    project = works.started()

    def count():
        client = logged_in(User.objects.get(pk=officer_construction.pk))
        with CaptureQueriesContext(connection) as context:
            assert client.get(project.get_absolute_url()).status_code == 200
        return len(context.captured_queries)

    works.report(project, 10, day=datetime.date(YEAR, 3, 1))
    works.pay(project, 1_000_000)
    small = count()
    for month in range(4, 10):
        works.report(project, month * 10, day=datetime.date(YEAR, month, 1))
        works.pay(project, 1_000_000)
    assert count() == small


def test_steps_need_their_permission_from_the_api_too(works, tree, make_user):
    from logistics.roles import Role

    project = works.approved()
    works.contract(project)
    auditor = make_user(Role.AUDITOR, tree.province)
    response = api_for(auditor).post(
        f"/api/construction/projects/{project.pk}/start/",
        {"date": f"{YEAR}-02-01", "document_number": "X"},
        format="json",
    )
    assert response.status_code == 403
    assert services.blockers(project, "start") == []
