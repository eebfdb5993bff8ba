"""Real browser: an officer sees the bell's count of reminders, opens the notifications, follows one
to the work it is about, marks the other read, and the bell goes quiet."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from construction import services as construction_services
from construction.choices import WorkKind
from logistics import services
from logistics.models import Notification, Unit, UnitKind
from logistics.roles import Role
from tests.conftest import DEMO
from tests.e2e.conftest import RUN, committed_user, sign_in
from tests.factories import PASSWORD

pytestmark = [*DEMO, pytest.mark.e2e]


def approved_work(unit, name, planned_end):
    work = construction_services.project_create(
        actor=None,
        name=name,
        kind=WorkKind.REPAIR,
        beneficiary_unit=unit,
        location="Trụ sở xã",
        total_investment=900_000_000,
        planned_start=planned_end - datetime.timedelta(days=120),
        planned_end=planned_end,
    )
    return construction_services.project_approve(
        actor=None, project=work, decision_number=f"E2E-{RUN}-{name[-1]}", decision_date=timezone.localdate()
    )


def test_the_bell_the_page_a_link_and_marking_read(live_server, page, shot):
    city = Unit.objects.get(code="HP")
    commune = services.unit_create(
        actor=None,
        code=f"HP-E2E-N{RUN}",
        name=f"Công an xã Chuông Báo {RUN}",
        kind=UnitKind.COMMUNE,
        parent=city,
        valid_from=datetime.date(2025, 7, 1),
    )
    officer = committed_user(Role.LOGISTICS_OFFICER, commune)
    today = timezone.localdate()
    # The seeded rule reminds of a work 7 days before its planned completion.
    first = approved_work(commune, f"Sửa trụ sở {RUN} A", today + datetime.timedelta(days=7))
    approved_work(commune, f"Sửa trụ sở {RUN} B", today + datetime.timedelta(days=7))
    services.send_reminders(today=today)
    assert Notification.objects.filter(recipient=officer).count() == 2

    sign_in(page, live_server, officer.username, PASSWORD)
    bell = page.locator("[data-testid=notification-bell]")
    assert page.locator("[data-testid=notification-count]").inner_text() == "2"
    box = bell.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1366  # the bar still fits at 1366 px
    shot(page, "notifications-01-bell")

    bell.click()
    page.wait_for_url(f"**{reverse('notifications')}")
    assert page.locator("[data-testid=notification]").count() == 2
    shot(page, "notifications-02-page")

    # Following a reminder opens the work and marks it read.
    page.click(f"[data-testid=notification-link]:has-text('Sửa trụ sở {RUN} A')")
    page.wait_for_url(f"**{first.get_absolute_url()}")
    assert f"Sửa trụ sở {RUN} A" in page.locator("h1").inner_text()
    assert page.locator("[data-testid=notification-count]").inner_text() == "1"

    # The other is marked read from the page; the bell goes quiet.
    page.goto(live_server.url + reverse("notifications"))
    page.click("[data-testid=notification][data-read='0'] [data-testid=mark-read]")
    page.wait_for_selector("[data-testid=notification][data-read='0']", state="detached")
    assert page.locator("[data-testid=notification-count]").count() == 0
    shot(page, "notifications-03-read")
    assert not Notification.objects.filter(recipient=officer, read_at__isnull=True).exists()
