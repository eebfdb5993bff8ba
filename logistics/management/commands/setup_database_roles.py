"""Create the two database roles and give each its part (logistics/database_roles.py).

Run once per server, as a PostgreSQL superuser, with the same environment as the application::

    DATABASE_URL=postgres://logistics_app:APP_PASSWORD@db:5432/logistics \\
    DATABASE_OWNER_URL=postgres://logistics_owner:OWNER_PASSWORD@db:5432/logistics \\
    DATABASE_ADMIN_URL=postgres://postgres@db:5432/logistics \\
      python manage.py setup_database_roles

It creates the roles named in the two URLs if they are missing (with the URLs' passwords), makes the
owner own the database and everything in its schema (a database whose tables the application role
used to own is handed over), and grants the application role its row privileges on the tables that
exist. ``manage.py migrate`` grants them again after every migration. Running it twice changes nothing.
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from logistics.database_roles import (
    app_role_problems,
    append_only_tables,
    cursor_as,
    ensure_login_role,
    grant_app_privileges,
    hand_over_database,
    logged_in_settings,
)


class Command(BaseCommand):
    help = (
        "Create the owner role (DATABASE_OWNER_URL) and the application role (DATABASE_URL) if missing, "
        "hand the database over to the owner and grant the application role its row privileges. "
        "Needs a superuser: --admin-url or DATABASE_ADMIN_URL."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--admin-url", help="a superuser of the server (default: $DATABASE_ADMIN_URL)")
        parser.add_argument("--owner-url", help="the owner of the tables (default: $DATABASE_OWNER_URL)")
        parser.add_argument("--app-url", help="the application's login (default: $DATABASE_URL)")

    def handle(self, *args, **options):
        connection = connections[DEFAULT_DB_ALIAS]
        database = connection.settings_dict["NAME"]
        admin_url = options["admin_url"] or os.environ.get("DATABASE_ADMIN_URL", "")
        owner_url = options["owner_url"] or getattr(settings, "DATABASE_OWNER_URL", "")
        if not admin_url:
            raise CommandError("Give a superuser's address: --admin-url or DATABASE_ADMIN_URL.")
        if not owner_url:
            raise CommandError("Name the owner of the tables: --owner-url or DATABASE_OWNER_URL.")
        app = connection.settings_dict
        if options["app_url"]:
            app = logged_in_settings(connection.settings_dict, options["app_url"])
        owner = logged_in_settings(connection.settings_dict, owner_url)
        if not app["USER"] or not owner["USER"]:
            raise CommandError("Both DATABASE_URL and DATABASE_OWNER_URL must name a role.")
        if app["USER"] == owner["USER"]:
            raise CommandError(
                f"DATABASE_URL and DATABASE_OWNER_URL both log in as {app['USER']}; the application "
                "needs a role of its own that owns nothing."
            )
        try:
            with cursor_as(connection, admin_url) as cursor:
                created = [
                    name
                    for name, password in ((owner["USER"], owner["PASSWORD"]), (app["USER"], app["PASSWORD"]))
                    if ensure_login_role(cursor, name, password)
                ]
                adopted = hand_over_database(cursor, database=database, owner=owner["USER"], app_role=app["USER"])
                grant_app_privileges(cursor, app["USER"])
                problems = app_role_problems(cursor, app["USER"], owner["USER"])
                if problems:
                    raise CommandError(
                        "The application role would not be held to its privileges: " + "; ".join(problems)
                    )
        except DatabaseError as error:
            raise CommandError(f"The roles could not be set up ({error}). Is --admin-url a superuser?") from error
        for name in created:
            self.stdout.write(f"Created role {name}.")
        if adopted:
            self.stdout.write(f"{adopted} tables, sequences and functions now belong to {owner['USER']}.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Database {database}: owner {owner['USER']}, application role {app['USER']} "
                f"(INSERT and SELECT only on {len(append_only_tables())} append-only tables)."
            )
        )
