import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from logistics.services import email_notifications, send_reminders


def day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today takes a day as YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Make the reminders due today (by the reminder rules) for everyone they concern, then email the new "
        "ones when EMAIL_HOST is set. Run it once a day; running it again the same day makes nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="The day to remind for (YYYY-MM-DD); today by default.")
        parser.add_argument("--no-email", action="store_true", help="Make the notifications but send no email.")

    def handle(self, *args, **options):
        today = day(options["today"]) if options["today"] else timezone.localdate()
        created = send_reminders(today=today)
        emailed = 0 if options["no_email"] else email_notifications()
        self.stdout.write(f"{created} notification(s) made for {today.isoformat()}, {emailed} emailed.")
