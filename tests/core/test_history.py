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


# --- people's changes first, the system's running totals folded away ---------------------------


def _allocation_with_spending(officer, make_allocation, spend, posts: int, unit=None):
    from budget import services as budget_services

    allocation = make_allocation(amount=100_000_000, approve=False, unit=unit)
    budget_services.allocation_update(actor=officer, allocation=allocation, note="Theo quyết định giao bổ sung")
    allocation = budget_services.allocation_approve(actor=None, allocation=allocation)
    for number in range(posts):
        spend(allocation, 1_000_000, actor=officer, voucher=f"C-{number}")
    allocation.refresh_from_db()
    return allocation


def test_allocation_history_shows_people_first_and_folds_the_running_totals(
    tree, officer, auditor, make_allocation, spend
):
    allocation = _allocation_with_spending(officer, make_allocation, spend, posts=2)
    history = history_for(allocation)

    assert [entry.kind for entry in history.people] == ["insert", "update", "update"]
    assert [c.label for c in history.people[1].changes] == ["Ghi chú"]
    assert all(entry.system_changes == [] for entry in history.people)
    # Each posting moved "đã chi"; neither is among the people's changes, both are kept in order.
    assert [(c.label, c.old, c.new) for entry in history.system for c in entry.system_changes] == [
        ("Đã chi", "0\xa0₫", "1.000.000\xa0₫"),
        ("Đã chi", "1.000.000\xa0₫", "2.000.000\xa0₫"),
    ]
    assert {entry.actor for entry in history.system} == {str(officer)}

    page = logged_in(auditor).get(allocation.get_absolute_url()).content.decode()
    people_part, folded = page.split('data-testid="history-system"')
    assert "Ghi chú: từ “” thành “Theo quyết định giao bổ sung”".replace("“”", "“—”") in people_part
    assert "Đã chi:" not in people_part
    assert "<details" in people_part[-300:]  # folded: closed until opened
    assert "Đã chi: từ “1.000.000\xa0₫” thành “2.000.000\xa0₫”" in folded
    assert folded.index("2.000.000") < folded.index("thành “1.000.000")  # newest first, like the rest


def test_an_event_changing_both_shows_the_persons_part_and_folds_the_rest(tree, officer, make_allocation, spend):
    from django.db.models import F

    from budget.models import Allocation

    allocation = _allocation_with_spending(officer, make_allocation, spend, posts=1)
    Allocation.objects.filter(pk=allocation.pk).update(note="Sửa thẳng", spent_total=F("spent_total") + 500_000)
    last = history_for(allocation)[-1]
    assert [c.label for c in last.changes] == ["Ghi chú"]
    assert [c.label for c in last.system_changes] == ["Đã chi"]
    history = history_for(allocation)
    assert history[-1] == history.people[-1] == history.system[-1]


def test_history_reads_the_same_number_of_queries_however_long(tree, officer, make_allocation, spend):
    from django.test.utils import CaptureQueriesContext

    def queries(allocation):
        with CaptureQueriesContext(connection) as context:
            history_for(allocation)
        return len(context.captured_queries)

    short = _allocation_with_spending(officer, make_allocation, spend, posts=1)
    long = _allocation_with_spending(officer, make_allocation, spend, posts=6, unit=tree.commune_a2)
    assert len(history_for(long).system) == 6
    assert queries(long) == queries(short) <= 3


def test_system_fields_must_name_fields():
    from django.core.exceptions import ImproperlyConfigured

    from budget.models import Allocation
    from logistics.history import _check_system_fields, system_attnames

    fake = type("Fake", (), {"_meta": Allocation._meta, "history_system_fields": ("spent", "spent_total")})
    with pytest.raises(ImproperlyConfigured, match="spent"):
        _check_system_fields(fake)
    assert system_attnames(Allocation) == {"adjustments_total", "spent_total", "disposed_total"}
