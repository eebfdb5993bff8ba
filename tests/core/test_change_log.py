"""The change log (Nhật ký thay đổi): every event of every tracked table, filtered, scoped, fast."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from logistics import services
from logistics.history import actor_context
from logistics.models import Personnel, User
from logistics.roles import Role
from tests.conftest import api_for, logged_in
from tests.factories import PersonnelFactory, SupplierFactory
from tests.medical.conftest import clinic, clinic_staff, encounter, patient  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

LIST = "/api/changes/"


def rows(reader, **params) -> list[dict]:
    response = api_for(reader).get(LIST, {"page_size": 500, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def keys(reader, **params) -> set[tuple[str, int]]:
    return {(row["model"], row["object_id"]) for row in rows(reader, **params)}


def edit_position(user, person, position) -> str:
    """Change an officer's position through the web page, as a person would; the request's id."""
    response = logged_in(user).post(
        reverse("logistics:personnel_edit", args=[person.pk]),
        {
            "full_name": person.full_name,
            "service_number": person.service_number,
            "rank": person.rank,
            "position": position,
            "unit": person.unit_id,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content
    return response["X-Request-ID"]


@pytest.fixture
def commune_auditor(make_user, tree):
    return make_user(Role.AUDITOR, tree.commune_a1)


def test_the_log_says_who_changed_which_record_and_which_fields_newest_first(tree, officer, auditor):
    person = PersonnelFactory(unit=tree.commune_a1, position="Cán bộ")
    request_id = edit_position(officer, person, "Đội trưởng")

    first = rows(auditor, model="logistics.personnel")[0]
    assert first["object_id"] == person.pk
    assert first["action"] == "update"
    assert (first["actor"], first["actor_name"]) == (officer.pk, str(officer))
    assert first["changed"] == ["Chức vụ"] and first["system_changed"] == []
    assert (first["record"], first["record_url"]) == (str(person), person.get_absolute_url())
    assert first["request_id"] == request_id

    times = [row["created_at"] for row in rows(auditor)]
    assert times == sorted(times, reverse=True)

    page = logged_in(auditor).get(reverse("logistics:change_list")).content.decode()
    assert str(officer) in page and "Chức vụ" in page
    assert f'href="{person.get_absolute_url()}"' in page
    assert reverse("logistics:change_request", kwargs={"request_id": request_id}) in page


def test_spending_posted_is_the_systems_update_of_the_allocation(tree, officer, auditor, make_allocation, spend):
    allocation = make_allocation()
    spend(allocation, 2_000_000, actor=officer)
    update = rows(auditor, model="budget.allocation", action="update")[0]
    assert update["changed"] == [] and update["system_changed"] == ["Đã chi"]
    assert update["actor"] == officer.pk


def test_filters_by_person_kind_unit_action_dates_and_request(tree, officer, auditor, make_user):
    other_officer = make_user(Role.LOGISTICS_OFFICER, tree.district_b)
    person_a = PersonnelFactory(unit=tree.commune_a1)
    person_b = PersonnelFactory(unit=tree.commune_b1)
    supplier = SupplierFactory()
    request_a = edit_position(officer, person_a, "Trưởng Công an xã")
    edit_position(other_officer, person_b, "Phó Trưởng Công an xã")

    assert keys(auditor, user=officer.pk) == {("logistics.personnel", person_a.pk)}
    assert keys(auditor, user=other_officer.pk) == {("logistics.personnel", person_b.pk)}
    assert keys(auditor, model="logistics.supplier") == {("logistics.supplier", supplier.pk)}
    assert keys(auditor, unit=tree.commune_b1.pk) >= {("logistics.personnel", person_b.pk)}
    assert ("logistics.personnel", person_a.pk) not in keys(auditor, unit=tree.commune_b1.pk)
    assert {row["action"] for row in rows(auditor, action="insert")} == {"insert"}
    one = rows(auditor, request_id=request_a)
    assert [(row["model"], row["object_id"], row["action"]) for row in one] == [
        ("logistics.personnel", person_a.pk, "update")
    ]
    today = timezone.localdate()
    assert len(rows(auditor, date_from=today.isoformat(), date_to=today.isoformat())) == len(rows(auditor))
    assert rows(auditor, date_from=(today + datetime.timedelta(days=1)).isoformat()) == []
    assert rows(auditor, date_to=(today - datetime.timedelta(days=1)).isoformat()) == []

    # The same filters on the page, by their Vietnamese names; bad values get a message, not a 500.
    client = logged_in(auditor)
    page = client.get(reverse("logistics:change_list"), {"user": officer.pk}).content.decode()
    assert person_a.full_name in page and person_b.full_name not in page
    for bad in ({"request_id": "abc"}, {"unit": "abc"}, {"date_from": "31/02/2025"}, {"model": "auth.group"}):
        assert api_for(auditor).get(LIST, bad).status_code == 400
        assert client.get(reverse("logistics:change_list"), bad).status_code == 200
    for odd in ({"record": "1e30"}, {"record": "-1"}, {"page": "99999"}, {"sort": "record"}, {"request_id": "a\x00"}):
        assert client.get(reverse("logistics:change_list"), odd).status_code == 200
        assert api_for(auditor).get(LIST, odd).status_code in (200, 400, 404)


def test_a_commune_auditor_sees_only_the_events_of_the_commune_deleted_records_included(
    tree, officer, commune_auditor, admin_user
):
    inside = PersonnelFactory(unit=tree.commune_a1, full_name="Trần Thị Trong Xã")
    outside = PersonnelFactory(unit=tree.commune_b1, full_name="Lê Văn Ngoài Xã")
    gone_inside = PersonnelFactory(unit=tree.commune_a1, full_name="Phạm Đã Xóa Trong")
    gone_outside = PersonnelFactory(unit=tree.commune_b1, full_name="Vũ Đã Xóa Ngoài")
    edit_position(officer, inside, "Trưởng Công an xã")
    request_outside = edit_position(officer, outside, "Trưởng Công an xã")
    gone_inside_pk, gone_outside_pk = gone_inside.pk, gone_outside.pk
    services.record_delete(actor=None, record=gone_inside)
    services.record_delete(actor=None, record=gone_outside)

    # Who made a change is named in its row, and can be filtered by, whatever their unit.
    assert keys(commune_auditor, user=officer.pk) == {("logistics.personnel", inside.pk)}
    seen = keys(commune_auditor, model="logistics.personnel")
    assert seen == {("logistics.personnel", inside.pk), ("logistics.personnel", gone_inside_pk)}
    assert {row["action"] for row in rows(commune_auditor, record=gone_inside_pk)} == {"insert", "delete"}
    assert rows(commune_auditor, record=outside.pk) == rows(commune_auditor, record=gone_outside_pk) == []

    client = logged_in(commune_auditor)
    page = client.get(reverse("logistics:change_list"), {"per_page": 500}).content.decode()
    export = b"".join(client.get(reverse("logistics:change_export"), {"format": "csv"}).streaming_content).decode()
    api_export = b"".join(api_for(commune_auditor).get(LIST, {"export": "csv"}).streaming_content).decode()
    for shown in (page, export, api_export):
        assert "Trần Thị Trong Xã" in shown
        assert "Lê Văn Ngoài Xã" not in shown and "Vũ Đã Xóa Ngoài" not in shown
        assert f"#{gone_inside_pk}" in shown
    # The administrator sees the other commune's events; the commune auditor reaches none of them.
    (outside_event,) = rows(admin_user, model="logistics.personnel", record=outside.pk, action="update")
    event_id = outside_event["event_id"]
    detail = reverse("logistics:change_detail", kwargs={"model": "logistics.personnel", "event_id": event_id})
    assert logged_in(admin_user).get(detail).status_code == 200
    assert client.get(detail).status_code == 404
    assert api_for(commune_auditor).get(f"{LIST}logistics.personnel:{event_id}/").status_code == 404
    assert client.get(reverse("logistics:change_request", kwargs={"request_id": request_outside})).status_code == 404
    assert api_for(commune_auditor).get(LIST, {"unit": tree.commune_b1.pk}).status_code == 400


def test_bulk_updates_and_raw_sql_are_in_the_log(tree, admin_user):
    person = PersonnelFactory(unit=tree.commune_a1, position="Cán bộ")
    Personnel.objects.filter(pk=person.pk).update(position="Phó Đội trưởng")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE logistics_personnel SET position = 'Đội trưởng' WHERE id = %s", [person.pk])
    events = rows(admin_user, model="logistics.personnel", record=person.pk)
    assert [row["action"] for row in events] == ["update", "update", "insert"]
    assert [row["changed"] for row in events[:2]] == [["Chức vụ"], ["Chức vụ"]]
    assert {row["actor_name"] for row in events} == {"Hệ thống"}


def test_one_event_and_one_request_show_every_value_before_and_after(tree, officer, auditor):
    person = PersonnelFactory(unit=tree.commune_a1, position="Cán bộ")
    request_id = edit_position(officer, person, "Đội trưởng")
    (event,) = rows(auditor, request_id=request_id)
    client = logged_in(auditor)

    detail = client.get(
        reverse("logistics:change_detail", kwargs={"model": event["model"], "event_id": event["event_id"]})
    )
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "<td>Chức vụ</td><td>Cán bộ</td><td>Đội trưởng</td>" in text
    assert str(officer) in text and request_id in text

    one = api_for(auditor).get(f"{LIST}{event['id']}/").json()
    assert one["changes"] == [{"field": "Chức vụ", "before": "Cán bộ", "after": "Đội trưởng"}]
    assert one["system_changes"] == [] and one["request_id"] == request_id

    request_page = client.get(reverse("logistics:change_request", kwargs={"request_id": request_id}))
    assert request_page.status_code == 200
    assert "<td>Chức vụ</td><td>Cán bộ</td><td>Đội trưởng</td>" in request_page.content.decode()

    # The record's history links to the log for those who may read it, and only for them.
    link = reverse("logistics:change_request", kwargs={"request_id": request_id})
    assert link in client.get(person.get_absolute_url()).content.decode()
    assert link not in logged_in(officer).get(person.get_absolute_url()).content.decode()


def test_a_request_shows_everything_it_changed_the_systems_updates_included(
    tree, officer, auditor, make_allocation, spend
):
    allocation = make_allocation()
    with actor_context(officer, request_id="6f1c2b3a-0000-4000-8000-000000000001"):
        spending = spend(allocation, 3_000_000, actor=officer)
    page = logged_in(auditor).get(
        reverse("logistics:change_request", kwargs={"request_id": "6f1c2b3a-0000-4000-8000-000000000001"})
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert f'href="{spending.get_absolute_url()}"' in text and f'href="{allocation.get_absolute_url()}"' in text
    assert "<td>Đã chi" in text and "3.000.000\xa0₫" in text


def test_only_auditors_and_administrators_open_the_log(tree, officer, auditor, admin_user):
    url = reverse("logistics:change_list")
    assert logged_in(officer).get(url).status_code == 403
    assert api_for(officer).get(LIST).status_code == 403
    assert url not in logged_in(officer).get("/").content.decode()
    for reader in (auditor, admin_user):
        assert logged_in(reader).get(url).status_code == 200
        assert url in logged_in(reader).get("/").content.decode()


def _grow(tree, actor, count):
    for index in range(count):
        person = PersonnelFactory(unit=tree.commune_a1)
        services.personnel_update(actor=actor, personnel=person, position=f"Tổ trưởng {index}")
        supplier = SupplierFactory()
        services.supplier_update(actor=actor, supplier=supplier, address=f"Số {index}")


@pytest.mark.parametrize("who", ["auditor", "commune_auditor", "admin_user"])
def test_a_page_of_the_log_costs_the_same_queries_however_many_events(tree, officer, who, request):
    user = request.getfixturevalue(who)

    def count(url):
        fresh = User.objects.get(pk=user.pk)  # nothing cached between two requests
        client = api_for(fresh) if url.startswith("/api/") else logged_in(fresh)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200
        return len(context.captured_queries)

    # The officer's changes of officers and suppliers (the fixtures' records are nobody's), all on
    # one page: the page grows fourfold, its queries do not.
    query = f"?user={officer.pk}"
    urls = (reverse("logistics:change_list") + query + "&per_page=500", LIST + query + "&page_size=500")
    _grow(tree, officer, 5)
    small = [count(url) for url in urls]
    shown = len(rows(user, user=officer.pk))
    _grow(tree, officer, 15)
    assert len(rows(user, user=officer.pk)) > 3 * shown
    assert [count(url) for url in urls] == small


def test_health_records_are_numbered_never_named_and_each_read_is_logged(admin_user, auditor, request):
    from medical.models import AccessLog
    from tests.medical.conftest import SECRET_DIAGNOSIS, SECRET_NAME

    record = request.getfixturevalue("encounter")

    client = logged_in(admin_user)
    page = client.get(reverse("logistics:change_list"), {"model": "medical.encounter"}).content.decode()
    assert f"#{record.pk}" in page
    assert SECRET_NAME not in page and SECRET_DIAGNOSIS not in page
    listed = AccessLog.objects.filter(user=admin_user, action="list", record_type="medical.encounter").latest("id")
    assert record.pk in listed.record_ids

    (created,) = rows(admin_user, model="medical.encounter", action="insert")
    assert created["record"] is None and created["record_url"] is None
    detail = client.get(
        reverse("logistics:change_detail", kwargs={"model": "medical.encounter", "event_id": created["event_id"]})
    )
    assert SECRET_DIAGNOSIS in detail.content.decode()
    viewed = AccessLog.objects.filter(user=admin_user, action="view").latest("id")
    assert (viewed.record_type, viewed.record_id) == ("medical.encounter", record.pk)

    # Auditors read the caseload, never a health record: not even the kind is offered in the log.
    assert api_for(auditor).get(LIST, {"model": "medical.encounter"}).status_code == 400
    assert not any(row["model"].startswith("medical.") for row in rows(auditor))
