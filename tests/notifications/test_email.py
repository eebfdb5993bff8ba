"""Email through a real SMTP server on 127.0.0.1 started by the test: one email per notification, once;
none while EMAIL_HOST is unset; the commanders' weekly digest."""

import datetime
import email
import smtplib
import socketserver
import threading
from email.header import decode_header, make_header
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from procrastinate.contrib.django import app

from logistics import services, tasks
from logistics.models import Notification
from logistics.roles import Role
from tests.notifications.conftest import TODAY


class SmtpSink(socketserver.StreamRequestHandler):
    """Just enough SMTP to take mail: every message received is kept on the server."""

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.reply("220 sink ready")
        recipients = []
        while True:
            line = self.rfile.readline().decode("utf-8", "replace").strip()
            if not line:
                return
            verb = line.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
            elif verb == "RCPT":
                recipients.append(line.split(":", 1)[1].strip(" <>"))
                self.reply("250 ok")
            elif verb == "DATA":
                self.reply("354 go on")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(data)
                self.server.received.append((list(recipients), email.message_from_bytes(b"".join(lines))))
                recipients.clear()
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


@pytest.fixture
def smtp_server(settings):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SmtpSink)
    server.daemon_threads = True
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.server_address[1]
    settings.EMAIL_USE_TLS = False
    yield server
    server.shutdown()
    server.server_close()


def body_of(message) -> str:
    return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


def test_one_email_per_notification_and_never_twice(
    smtp_server, tree, make_work, commune_officer, other_commune_officer
):
    make_work(tree.commune_a1)
    make_work(tree.commune_b1)
    assert services.send_reminders(today=TODAY) == 2
    assert services.email_notifications() == 2
    assert sorted(to for recipients, _message in smtp_server.received for to in recipients) == [
        "a1@example.vn",
        "b1@example.vn",
    ]
    mine = Notification.objects.get(recipient=commune_officer)
    sent_to_me = next(message for recipients, message in smtp_server.received if recipients == ["a1@example.vn"])
    assert mine.title in str(make_header(decode_header(sent_to_me["Subject"])))
    assert mine.link in body_of(sent_to_me)
    emailed_at = mine.emailed_at
    assert emailed_at is not None
    assert services.email_notifications() == 0  # a second run sends nothing
    assert len(smtp_server.received) == 2
    mine.refresh_from_db()
    assert mine.emailed_at == emailed_at


def test_nothing_is_sent_while_email_host_is_unset(smtp_server, settings, tree, make_work, commune_officer):
    settings.EMAIL_HOST = ""
    make_work(tree.commune_a1)
    services.send_reminders(today=TODAY)
    assert services.email_notifications() == 0
    assert services.send_digest() == 0
    assert smtp_server.received == []
    assert Notification.objects.get(recipient=commune_officer).emailed_at is None


def test_a_read_notification_is_not_emailed(smtp_server, tree, make_work, commune_officer):
    make_work(tree.commune_a1)
    services.send_reminders(today=TODAY)
    services.notifications_mark_all_read(user=commune_officer)
    assert services.email_notifications() == 0
    assert smtp_server.received == []


def test_the_weekly_digest_goes_once_to_each_commander_with_unread(smtp_server, tree, make_work, make_user):
    commander = make_user(Role.UNIT_COMMANDER, tree.district_a, email="chihuy@example.vn")
    make_user(Role.UNIT_COMMANDER, tree.district_b, email="khac@example.vn")  # nothing due in their units
    make_work(tree.commune_a1)
    make_work(tree.commune_a2)
    services.send_reminders(today=TODAY)
    assert services.send_digest() == 1
    [(recipients, message)] = smtp_server.received
    assert recipients == [commander.email]
    text = body_of(message)
    assert "Nhà làm việc số 1" in text and "Nhà làm việc số 2" in text


def test_a_server_failing_midway_keeps_what_went_out_and_sends_only_the_rest_later(
    smtp_server, tree, make_work, commune_officer, other_commune_officer, monkeypatch
):
    make_work(tree.commune_a1)
    make_work(tree.commune_b1)
    services.send_reminders(today=TODAY)
    original = mail.EmailMessage.send
    calls = []

    def fail_second(message, *args, **kwargs):
        calls.append(message.to)
        if len(calls) == 2:
            raise smtplib.SMTPServerDisconnected("gone")
        return original(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", fail_second)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        services.email_notifications()
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 1
    monkeypatch.setattr(mail.EmailMessage, "send", original)
    assert services.email_notifications() == 1
    assert sorted(to for recipients, _message in smtp_server.received for to in recipients) == [
        "a1@example.vn",
        "b1@example.vn",
    ]


def test_the_worker_reminds_each_morning_and_sends_the_digest_each_week(smtp_server, tree, make_work, make_user):
    """The queue's periodic tasks call the same services as the commands, on the worker's day."""
    periodic = {key[1]: task.cron for key, task in app.periodic_registry.periodic_tasks.items()}
    assert periodic["reminders"] == "0 6 * * *"
    assert periodic["weekly_digest"] == "0 7 * * 1"
    commander = make_user(Role.UNIT_COMMANDER, tree.commune_a1, email="chihuy@example.vn")
    make_work(tree.commune_a1)
    morning = datetime.datetime.combine(TODAY, datetime.time(6), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    tasks.reminders_periodic(int(morning.timestamp()))
    assert Notification.objects.filter(recipient=commander, emailed_at__isnull=False).count() == 1
    tasks.reminders_periodic(int(morning.timestamp()))  # the same morning again: nothing new
    assert [recipients for recipients, _message in smtp_server.received] == [["chihuy@example.vn"]]
    tasks.weekly_digest_periodic(int(morning.timestamp()))
    assert [recipients for recipients, _message in smtp_server.received][-1] == ["chihuy@example.vn"]
    assert len(smtp_server.received) == 2
