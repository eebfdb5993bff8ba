from django.core.management.base import BaseCommand

from logistics.services import email_is_configured, send_digest


class Command(BaseCommand):
    help = "Email each unit commander one summary of their unread notifications (weekly). Needs EMAIL_HOST."

    def handle(self, *args, **options):
        if not email_is_configured():
            self.stdout.write("EMAIL_HOST is not set: no digest sent.")
            return
        self.stdout.write(f"{send_digest()} digest(s) sent.")
