"""The page, the bell and the API of a person's notifications: own only, query counts constant."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from logistics import services
from logistics.models import Notification, NotificationMute
from tests.notifications.conftest import TODAY


@pytest.fixture
def told(tree, make_work, commune_officer, other_commune_officer):
    make_work(tree.commune_a1)
    make_work(tree.commune_b1)
    services.send_reminders(today=TODAY)
    return Notification.objects.get(recipient=commune_officer), Notification.objects.get(
        recipient=other_commune_officer
    )


def test_the_page_lists_links_marks_read_and_mutes(client, told, commune_officer):
    mine, _theirs = told
    client.force_login(commune_officer)
    page = client.get(reverse("notifications")).content.decode()
    assert mine.title in page and "Nhà làm việc số 2" not in page
    assert 'data-testid="notification-count">1<' in page
    # Following the link opens the work and marks the notification read.
    response = client.get(reverse("notification_open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == mine.link
    mine.refresh_from_db()
    first_read = mine.read_at
    assert first_read is not None
    client.post(reverse("notification_read", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.read_at == first_read  # read once
    assert 'data-testid="notification-count"' not in client.get(reverse("notifications")).content.decode()
    client.post(reverse("notification_mute"), {"kind": "construction.work_overdue", "muted": "1"})
    assert NotificationMute.objects.filter(user=commune_officer, kind="construction.work_overdue").exists()
    assert client.post(reverse("notification_mute"), {"kind": "nonsense", "muted": "1"}).status_code == 302
    assert NotificationMute.objects.filter(user=commune_officer).count() == 1


def test_another_users_notification_is_a_404_everywhere(client, told, commune_officer):
    _mine, theirs = told
    client.force_login(commune_officer)
    assert client.get(reverse("notification_open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notification_read", args=[theirs.pk])).status_code == 404
    assert client.get(f"/api/notifications/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_api_lists_own_notifications_with_filters_and_marks_read(client, told, commune_officer):
    mine, _theirs = told
    client.force_login(commune_officer)
    body = client.get("/api/notifications/").json()
    assert [row["id"] for row in body["results"]] == [mine.pk]
    assert client.get("/api/notifications/?kind=budget.advance_open").json()["results"] == []
    response = client.post(f"/api/notifications/{mine.pk}/read/")
    assert response.status_code == 200 and response.json()["is_read"] is True
    assert client.get("/api/notifications/?unread=true").json()["results"] == []
    assert len(client.get("/api/notifications/?unread=false").json()["results"]) == 1
    client.logout()
    assert client.get("/api/notifications/").status_code in (401, 403)


def test_the_bell_costs_the_same_queries_however_many_notifications(client, tree, make_work, commune_officer):
    client.force_login(commune_officer)
    url = reverse("home")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        make_work(tree.commune_a1)
    services.send_reminders(today=TODAY)
    assert Notification.objects.filter(recipient=commune_officer).count() == 5
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert 'data-testid="notification-count">5<' in page
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as listing:
        client.get(reverse("notifications"))
    for _ in range(5):
        make_work(tree.commune_a1)
    services.send_reminders(today=TODAY)
    with CaptureQueriesContext(connection) as longer:
        client.get(reverse("notifications"))
    assert len(longer) == len(listing)


def test_the_rules_page_is_for_administrators(client, admin_user, commune_officer):
    client.force_login(commune_officer)
    assert client.get(reverse("reminder_rules")).status_code == 403
    client.force_login(admin_user)
    page = client.get(reverse("reminder_rules"))
    assert page.status_code == 200
    forms = page.context["forms"]
    data = {}
    for form in forms:
        data[f"{form.prefix}-enabled"] = "on"
        data[f"{form.prefix}-days_before"] = "14,2"
        data[f"{form.prefix}-days_after"] = "5"
    bad = dict(data, **{f"{forms[0].prefix}-days_before": "abc"})
    assert client.post(reverse("reminder_rules"), bad).status_code == 200  # the form comes back with its error
    assert client.post(reverse("reminder_rules"), data).status_code == 302
    rule = forms[0].instance
    rule.refresh_from_db()
    assert rule.days_before == [14, 2] and rule.days_after == [5]
