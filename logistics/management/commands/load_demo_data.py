from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from logistics.history import actor_context

#: Apps whose ``demo.load()`` runs after the shared core's, in this order. Once every app has
#: loaded, each ``demo.finish()`` runs (budget closes the past years only then, because the other
#: apps' demo data records payments in those years).
DEMO_APPS = ("budget", "assets", "construction", "medical", "oversight")


class Command(BaseCommand):
    help = "Load the demo data (idempotent): units, personnel, suppliers, each area's records, demo accounts."

    def handle(self, *args, **options):
        from logistics import demo

        with actor_context(None, command="load_demo_data"), transaction.atomic():
            accounts = demo.load()
            modules = []
            for label in DEMO_APPS:
                if not apps.is_installed(label):
                    continue
                try:
                    modules.append(import_module(f"{label}.demo"))
                except ModuleNotFoundError:
                    continue
            for module in modules:
                module.load()
            for module in modules:
                if hasattr(module, "finish"):
                    module.finish()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write("")
        self.stdout.write("Demo accounts (tài khoản demo) — password / mật khẩu: " + settings.DEMO_PASSWORD)
        for username, role, unit in accounts:
            self.stdout.write(f"  {username:<18} {role:<22} {unit}")
