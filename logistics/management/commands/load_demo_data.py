from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from logistics.history import actor_context
from logistics.registry import registry
from logistics.services import in_callers_savepoint


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
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write("")
        self.stdout.write("Demo accounts (tài khoản demo) — password / mật khẩu: " + settings.DEMO_PASSWORD)
        for username, role, unit in accounts:
            self.stdout.write(f"  {username:<18} {role:<22} {unit}")
