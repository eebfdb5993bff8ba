"""Recommendations are reminded of 30, 7 and 1 days before their due date and 1, 7, 30 days after, to
the people who may see them; a recommendation done is no longer reminded of."""

import datetime

from logistics import services
from logistics.models import Notification
from logistics.roles import Role
from oversight import services as oversight_services
from tests.oversight.conftest import evidence

DUE = datetime.date(2020, 9, 30)
KIND = "oversight.recommendation_due"


def offsets_told(user):
    return [
        key.split(":")[3]
        for key in Notification.objects.filter(recipient=user, kind=KIND)
        .values_list("dedupe_key", flat=True)
        .order_by("pk")
    ]


def test_recommendations_are_reminded_by_their_due_date_in_scope(build, tree, make_user, inspector):
    commune_officer = make_user(Role.LOGISTICS_OFFICER, tree.commune_a1)
    district_commander = make_user(Role.UNIT_COMMANDER, tree.district_a)
    other_commander = make_user(Role.UNIT_COMMANDER, tree.district_b)
    inspection = build.concluded(due=DUE, unit=tree.district_a, target=tree.district_a)
    for days in (-30, -7, -1, 1):
        services.send_reminders(today=DUE + datetime.timedelta(days=days))
        services.send_reminders(today=DUE + datetime.timedelta(days=days))  # twice: nothing new
    assert offsets_told(district_commander) == ["-30", "-7", "-1", "1"]
    assert offsets_told(inspector) == ["-30", "-7", "-1", "1"]
    assert offsets_told(other_commander) == []
    assert offsets_told(commune_officer) == []  # addressed to the district, not to the commune
    # Once reported done, the recommendation is no longer reminded of.
    recommendation = inspection.findings.get().recommendations.get()
    oversight_services.recommendation_report_progress(
        actor=district_commander,
        recommendation=recommendation,
        status="done",
        note="Đã khắc phục",
        reported_on=DUE,
        evidence=evidence(),
    )
    services.send_reminders(today=DUE + datetime.timedelta(days=7))
    assert offsets_told(district_commander) == ["-30", "-7", "-1", "1"]
