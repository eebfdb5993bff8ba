"""The budget's reminders: an advance still open 60 days after it was paid, and a year not yet closed
for a unit that was allocated money in it (told to that unit's people who may close a year)."""

import datetime

from budget import services as budget_services
from logistics import services
from logistics.models import Notification
from logistics.roles import Role
from tests.fixtures.budget import PAST_YEAR

PAID = datetime.date(PAST_YEAR, 5, 10)


def told(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind).order_by("pk"))


def test_an_open_advance_is_reminded_when_due_and_not_once_cleared(tree, make_allocation, make_user):
    officer = make_user(Role.LOGISTICS_OFFICER, tree.commune_a1)
    stranger = make_user(Role.LOGISTICS_OFFICER, tree.commune_b1)
    allocation = make_allocation()
    advance = budget_services.spending_create(
        actor=None,
        allocation=allocation,
        kind="advance",
        date=PAID,
        amount=5_000_000,
        voucher_number="TU-1",
        description="Tạm ứng công tác phí",
        post=True,
    )
    due = PAID + datetime.timedelta(days=60)
    assert services.send_reminders(today=due - datetime.timedelta(days=1)) == 0
    services.send_reminders(today=due)
    [note] = told(officer, "budget.advance_open")
    assert note.object_id == advance.pk and "TU-1" in note.title
    assert told(stranger, "budget.advance_open") == []
    services.send_reminders(today=due + datetime.timedelta(days=30))
    assert len(told(officer, "budget.advance_open")) == 2


def test_a_year_not_closed_is_reminded_to_its_unit_until_closed(tree, make_allocation, make_user):
    officer = make_user(Role.LOGISTICS_OFFICER, tree.commune_a1)
    other = make_user(Role.LOGISTICS_OFFICER, tree.commune_b1)
    commander = make_user(Role.UNIT_COMMANDER, tree.commune_a1)  # may not close a year
    make_allocation(unit=tree.commune_a1)
    january = datetime.date(PAST_YEAR + 1, 1, 1)
    services.send_reminders(today=january)
    [note] = told(officer, "budget.year_close")
    assert str(PAST_YEAR) in note.title
    assert told(other, "budget.year_close") == [] and told(commander, "budget.year_close") == []
    budget_services.year_close(actor=None, fiscal_year=budget_services.fiscal_year_for(PAST_YEAR), unit=tree.district_a)
    services.send_reminders(today=january + datetime.timedelta(days=6))
    assert len(told(officer, "budget.year_close")) == 1
