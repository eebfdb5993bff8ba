"""``manage.py migrate`` as the owner of the tables, then the application role's privileges.

The application connects as a role that owns nothing (``DATABASE_URL``; logistics/database_roles.py),
so it cannot create or alter a table. When ``DATABASE_OWNER_URL`` names the owner, this command logs
the connection in as the owner for its run, migrates, and then gives the application role exactly
its privileges on the tables as they now are (a new history table is append-only from its first
minute). Without an owner URL the connection's own role migrates, as Django's command does.
"""

from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrateCommand
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from logistics.database_roles import app_role_problems, connected_as, grant_app_privileges, logged_in_settings


class Command(DjangoMigrateCommand):
    help = (
        "Update the database schema as the owner of the tables (DATABASE_OWNER_URL), "
        "then grant the application role (DATABASE_URL) its row privileges."
    )

    def handle(self, *args, **options):
        database = options["database"]
        owner_url = getattr(settings, "DATABASE_OWNER_URL", "")
        if not owner_url or database != DEFAULT_DB_ALIAS:
            return super().handle(*args, **options)
        connection = connections[database]
        app_role = connection.settings_dict["USER"]
        owner_role = logged_in_settings(connection.settings_dict, owner_url)["USER"]
        with connected_as(connection, owner_url):
            super().handle(*args, **options)
            if options["plan"] or options["check_unapplied"]:
                return
            if not app_role or owner_role == app_role:
                self.stderr.write(
                    self.style.WARNING(
                        "Warning: DATABASE_URL names no role of its own (it logs in as the owner or as the "
                        "operating system user); no privileges were granted."
                    )
                )
                return
            with transaction.atomic(using=database), connection.cursor() as cursor:
                grant_app_privileges(cursor, app_role)
                problems = app_role_problems(cursor, app_role, owner_role)
        if options["verbosity"] >= 1:
            self.stdout.write(f"Privileges of the application role {app_role} applied (owner: {owner_role}).")
        for problem in problems:
            self.stderr.write(self.style.WARNING(f"Warning: {problem}; it is not held to its privileges."))
