from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from logistics.history import actor_context
from logistics.registry import registry
from logistics.services import in_callers_savepoint, send_reminders

#: The demo's reminders: the latest reminder day of each record due in the last month, as if the
#: daily run had been going on (a real installation runs ``send_reminders`` every day).
DEMO_REMINDER_DAYS = 31


class Command(BaseCommand):
    help = "Load the demo data (idempotent): units, personnel, suppliers, each area's records, demo accounts."

    def handle(self, *args, **options):
        # Each app's loader runs in the order of INSTALLED_APPS (the shared core's first: its units,
        # people and demo accounts); once every app has loaded, each ``finish`` runs (budget closes
        # the past years only then, because the other apps' demo data records payments in those years).
        loaders = registry.demo_loaders()
        # One transaction for the whole demo, which any refusal ends: the services need no
        # savepoint each (a loader that steps over a refusal takes a savepoint for it).
        with actor_context(None, command="load_demo_data"), transaction.atomic(), in_callers_savepoint():
            accounts = []
            for loader in loaders:
                accounts.extend(loader.load() or ())
            for loader in loaders:
                if loader.finish is not None:
                    loader.finish()
            reminders = send_reminders(today=timezone.localdate(), catch_up_days=DEMO_REMINDER_DAYS)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({reminders} new notifications)."))
        self.stdout.write("")
        self.stdout.write("Demo accounts (tài khoản demo) — password / mật khẩu: " + settings.DEMO_PASSWORD)
        for username, role, unit in accounts:
            self.stdout.write(f"  {username:<18} {role:<22} {unit}")
