"""History is written by the database: ORM saves, bulk updates and raw SQL alike, append-only."""

import pghistory.models
import pytest
from django.db import InternalError, ProgrammingError, connection, transaction
from django.urls import reverse

from logistics import services
from logistics.history import history_for
from logistics.models import Personnel
from tests.conftest import logged_in
from tests.factories import PersonnelFactory

pytestmark = pytest.mark.django_db


def events(obj):
    return list(pghistory.models.Events.objects.tracks(obj).order_by("pgh_created_at", "pgh_id"))


def test_orm_save_bulk_update_and_raw_sql_are_all_recorded(tree):
    person = PersonnelFactory(unit=tree.commune_a1, position="Cán bộ")
    person.position = "Phó Trưởng Công an xã"
    person.save()
    Personnel.objects.filter(pk=person.pk).update(position="Trưởng Công an xã")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE logistics_personnel SET position = 'Đội trưởng' WHERE id = %s", [person.pk])
    labels = [event.pgh_label for event in events(person)]
    assert labels == ["insert", "update", "update", "update"]
    assert [e.pgh_diff["position"][1] for e in events(person)[1:]] == [
        "Phó Trưởng Công an xã",
        "Trưởng Công an xã",
        "Đội trưởng",
    ]
    pk = person.pk
    Personnel.objects.filter(pk=pk).delete()
    assert pghistory.models.Events.objects.filter(pgh_obj_id=str(pk), pgh_label="delete").exists()


def test_history_records_the_actor_and_request(tree, officer):
    person = PersonnelFactory(unit=tree.commune_a1)
    client = logged_in(officer)
    response = client.post(
        reverse("logistics:personnel_edit", args=[person.pk]),
        {
            "full_name": person.full_name,
            "service_number": person.service_number,
            "rank": "major",
            "position": "Trưởng Công an xã",
            "unit": tree.commune_a1.pk,
        },
    )
    assert response.status_code == 302
    last = events(person)[-1]
    assert last.pgh_context["user"] == officer.pk
    assert last.pgh_context["url"] == reverse("logistics:personnel_edit", args=[person.pk])
    assert len(last.pgh_context["request_id"]) == 36
    assert response["X-Request-ID"] == last.pgh_context["request_id"]


def test_services_record_the_actor_outside_requests(tree, officer):
    person = services.personnel_create(
        actor=officer, full_name="Hoàng Văn Dịch Vụ", service_number="321-654", rank="captain", unit=tree.commune_a1
    )
    assert events(person)[0].pgh_context["user"] == officer.pk


def test_history_is_append_only(tree):
    person = PersonnelFactory(unit=tree.commune_a1)
    event_table = events(person)[0]._meta.db_table
    for statement in (f"UPDATE {event_table} SET full_name = 'Sửa lén'", f"DELETE FROM {event_table}"):
        with pytest.raises((InternalError, ProgrammingError)), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


def test_detail_page_shows_history_in_vietnamese(tree, officer):
    person = PersonnelFactory(unit=tree.commune_a1, position="Cán bộ")
    services.personnel_update(actor=officer, personnel=person, position="Đội trưởng", rank="major")
    entries = history_for(person)
    assert [entry.action for entry in entries] == ["Tạo mới", "Sửa"]
    change = {c.label: (c.old, c.new) for c in entries[1].changes}
    assert change["Chức vụ"] == ("Cán bộ", "Đội trưởng")
    assert change["Cấp bậc"] == ("Đại úy", "Thiếu tá")
    page = logged_in(officer).get(reverse("logistics:personnel_detail", args=[person.pk])).content.decode()
    assert "Lịch sử thay đổi" in page
    assert "Chức vụ: từ “Cán bộ” thành “Đội trưởng”" in page
    assert str(officer) in page


def test_history_shows_names_of_related_records(tree, officer):
    person = PersonnelFactory(unit=tree.commune_a1)
    services.personnel_update(actor=officer, personnel=person, unit=tree.commune_a2)
    change = {c.label: (c.old, c.new) for c in history_for(person)[-1].changes}
    assert change["Đơn vị"] == ("Công an xã Thanh Hồng", "Công an xã Cẩm Chế")


def test_each_actor_gets_their_own_context_inside_a_longer_block(tree, officer, make_user):
    from logistics.history import actor_context
    from logistics.roles import Role

    commander = make_user(Role.LOGISTICS_OFFICER, tree.district_a)

    with actor_context(None, command="load_demo_data"):
        first = services.personnel_create(
            actor=officer, full_name="Người Thứ Nhất", service_number="901-001", rank="captain", unit=tree.commune_a1
        )
        second = services.personnel_create(
            actor=None, full_name="Người Thứ Hai", service_number="901-002", rank="captain", unit=tree.commune_a1
        )
        third = services.personnel_create(
            actor=commander, full_name="Người Thứ Ba", service_number="901-003", rank="captain", unit=tree.commune_a2
        )
    contexts = [events(person)[0].pgh_context for person in (first, second, third)]
    assert [context.get("user") for context in contexts] == [officer.pk, None, commander.pk]
    assert all(context["command"] == "load_demo_data" for context in contexts)
