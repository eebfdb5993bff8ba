"""Reminders on a clock moved forward: each offset once, scope, mute, rules, the page, the bell, the API."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from logistics import services
from logistics.models import Notification
from logistics.roles import Role
from tests.notifications.conftest import DUE, TODAY

KIND = "construction.work_overdue"


def day(offset):
    return DUE + datetime.timedelta(days=offset)


def notes_of(user):
    return list(Notification.objects.filter(recipient=user, kind=KIND).order_by("pk"))


def test_each_offset_is_told_once_as_the_clock_moves(tree, make_work, commune_officer):
    work = make_work(tree.commune_a1)
    assert services.send_reminders(today=TODAY) == 1  # 30 days before
    assert services.send_reminders(today=TODAY) == 0  # the same day again: nothing new
    assert services.send_reminders(today=TODAY + datetime.timedelta(days=1)) == 0  # no offset reached
    assert services.send_reminders(today=day(-7)) == 1
    assert services.send_reminders(today=day(-7)) == 0
    assert services.send_reminders(today=day(-1)) == 1
    assert services.send_reminders(today=day(1)) == 1
    notes = notes_of(commune_officer)
    assert [note.dedupe_key.split(":")[-1] for note in notes] == ["-30", "-7", "-1", "1"]
    assert {note.object_id for note in notes} == {work.pk}
    assert all(note.link == work.get_absolute_url() for note in notes)
    assert "Nhà làm việc số 1" in notes[0].title


def test_a_missed_day_is_caught_up_with_the_latest_offset_only(tree, make_work, commune_officer):
    make_work(tree.commune_a1)
    assert services.send_reminders(today=day(-5)) == 1  # the run of day −7 was missed
    assert [note.dedupe_key.split(":")[-1] for note in notes_of(commune_officer)] == ["-7"]


def test_a_commune_never_hears_of_another_communes_work(
    tree, make_work, commune_officer, other_commune_officer, make_user
):
    district = make_user(Role.UNIT_COMMANDER, tree.district_a)
    province = make_user(Role.UNIT_COMMANDER, tree.province)
    make_work(tree.commune_a1)
    services.send_reminders(today=TODAY)
    assert len(notes_of(commune_officer)) == 1
    assert notes_of(other_commune_officer) == []
    assert len(notes_of(district)) == 1 and len(notes_of(province)) == 1
    # The other commune's page and API do not name the work either.
    client_b = _client(other_commune_officer)
    assert "Nhà làm việc số 1" not in client_b.get(reverse("notifications")).content.decode()
    assert client_b.get("/api/notifications/").json()["results"] == []


def test_a_user_without_the_view_permission_is_not_told(tree, make_work, make_user):
    clinic = make_user(Role.CLINIC_STAFF, tree.province)  # reaches every unit, but no construction rights
    make_work(tree.commune_a1)
    services.send_reminders(today=TODAY)
    assert notes_of(clinic) == []


def test_a_muted_kind_is_not_told_and_unmuting_tells_the_next_offset(tree, make_work, commune_officer):
    make_work(tree.commune_a1)
    services.notification_kind_mute(user=commune_officer, kind=KIND, muted=True)
    assert services.send_reminders(today=TODAY) == 0
    services.notification_kind_mute(user=commune_officer, kind=KIND, muted=False)
    assert services.send_reminders(today=day(-7)) == 1
    with pytest.raises(ValidationError):
        services.notification_kind_mute(user=commune_officer, kind="no.such_kind", muted=True)


def test_a_disabled_rule_and_changed_days(tree, make_work, commune_officer, admin_user):
    make_work(tree.commune_a1)
    services.reminder_rule_save(actor=admin_user, kind=KIND, enabled=False, days_before=[30], days_after=[])
    assert services.send_reminders(today=TODAY) == 0
    services.reminder_rule_save(actor=admin_user, kind=KIND, enabled=True, days_before=[3], days_after=[])
    assert services.send_reminders(today=TODAY) == 0  # 30 days before is no longer a reminder day
    services.send_reminders(today=day(-3))
    assert [note.dedupe_key.split(":")[-1] for note in notes_of(commune_officer)] == ["-3"]
    with pytest.raises(PermissionDenied):
        services.reminder_rule_save(actor=commune_officer, kind=KIND, enabled=True, days_before=[1], days_after=[])


def test_the_database_refuses_the_same_reminder_twice(tree, make_work, commune_officer):
    make_work(tree.commune_a1)
    services.send_reminders(today=TODAY)
    note = notes_of(commune_officer)[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(recipient=commune_officer, kind=KIND, title="x", dedupe_key=note.dedupe_key)


def test_the_command_takes_a_day_and_refuses_a_bad_one(tree, make_work, commune_officer, capsys):
    make_work(tree.commune_a1)
    call_command("send_reminders", "--today", TODAY.isoformat())
    assert "1 notification(s)" in capsys.readouterr().out
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        call_command("send_reminders", "--today", "02/03/2026")


def _client(user):
    client = Client()
    client.force_login(user)
    return client
