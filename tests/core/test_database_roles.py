"""The application's database role owns nothing: it reads and writes rows, history and the ledgers
take only INSERT from it, and TRUNCATE, DROP and ALTER are refused (logistics/database_roles.py).

The suite connects as the server's superuser; these tests create a role of their own in the same
cluster (a unique name per test, dropped afterwards, so parallel runs never meet), log Django's
connection in as it, and use the system through its doors.
"""

import io
import secrets
import uuid
from urllib.parse import quote

import pghistory.models
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from assets.models import Movement, Voucher
from logistics.database_roles import (
    append_only_tables,
    connected_as,
    cursor_as,
    drop_role,
    ensure_login_role,
    table_privileges,
)
from medical.models import AccessLog
from tests.conftest import api_for

INSUFFICIENT_PRIVILEGE = "42501"


def url_for(user: str, password: str) -> str:
    """An address of the test database that logs in as ``user`` (host and port as configured)."""
    database = connection.settings_dict
    host = database["HOST"] or ""
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{quote(user, safe='')}:{quote(password, safe='')}@{host}{port}/{quote(database['NAME'])}"


@pytest.fixture
def superuser_url():
    return url_for(connection.settings_dict["USER"], connection.settings_dict["PASSWORD"] or "")


@pytest.fixture
def new_role(superuser_url):
    """Make login roles with random names and passwords; drop them after the test."""
    made = []

    def make(prefix="logistics_app_test") -> tuple[str, str]:
        name, password = f"{prefix}_{uuid.uuid4().hex[:12]}", secrets.token_urlsafe(18)
        with cursor_as(connection, superuser_url) as cursor:
            assert ensure_login_role(cursor, name, password)
        made.append(name)
        return name, password

    yield make
    with cursor_as(connection, superuser_url) as cursor:
        for name in made:
            drop_role(cursor, name)


def privileges_of(superuser_url, role: str, table: str) -> set[str]:
    with cursor_as(connection, superuser_url) as cursor:
        cursor.execute(
            "SELECT p FROM unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) p "
            "WHERE has_table_privilege(%s, %s, p)",
            [role, table],
        )
        return {row[0] for row in cursor.fetchall()}


def refusal(sql: str) -> str | None:
    """Run ``sql`` on Django's connection inside a savepoint; the SQLSTATE if the server refused it."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except Exception as error:
        cause = error.__cause__ or error
        # psycopg2 says pgcode, psycopg 3 (Django's driver when installed) sqlstate.
        return getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None) or repr(error)
    return None


def test_the_append_only_tables_follow_the_models():
    append_only = set(append_only_tables())
    event_tables = {m._meta.db_table for m in apps.get_models() if issubclass(m, pghistory.models.Event)}
    assert len(event_tables) > 30 and event_tables <= append_only
    assert {Movement._meta.db_table, AccessLog._meta.db_table} <= append_only
    privileges = table_privileges()
    # Ordinary tables take every row privilege; a table whose trigger refuses only deletes loses only DELETE.
    assert privileges["budget_allocation"] == ("SELECT", "INSERT", "UPDATE", "DELETE")
    assert privileges["pghistory_context"] == ("SELECT", "INSERT", "UPDATE", "DELETE")
    assert privileges["logistics_exportlog"] == ("SELECT", "INSERT", "UPDATE")
    assert privileges["django_migrations"] == ("SELECT",)


@pytest.mark.django_db(transaction=True)
def test_migrate_grants_the_app_role_which_works_through_the_doors_but_cannot_rewrite_history(
    new_role, superuser_url, settings, officer, receive, store, tree, catalogue
):
    receive(cabinets=5)
    role, password = new_role()
    assert privileges_of(superuser_url, role, "budget_allocation") == set()
    # As in production: Django's connection is the application role's, DATABASE_OWNER_URL the owner's.
    settings.DATABASE_OWNER_URL = superuser_url
    with connected_as(connection, url_for(role, password)):
        stdout = io.StringIO()
        call_command("migrate", verbosity=1, stdout=stdout)
        assert f"Privileges of the application role {role} applied" in stdout.getvalue()
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == role  # logged back in as the application after migrating

        api = api_for(officer)
        # Reads, a posting (ledger, holdings, history events and their context), a draft deleted.
        body = {
            "kind": "issue",
            "date": "2024-03-01",
            "from_unit": store.pk,
            "to_unit": tree.commune_a1.pk,
            "lines": [{"item_type": catalogue["cabinet"].pk, "quantity": 2}],
            "post": True,
        }
        posted = api.post("/api/assets/vouchers/", body, format="json")
        assert posted.status_code == 201, posted.json()
        draft = api.post("/api/assets/vouchers/", {**body, "post": False}, format="json")
        assert draft.status_code == 201, draft.json()
        assert api.delete(f"/api/assets/vouchers/{draft.json()['id']}/").status_code == 204
        holdings = api.get("/api/assets/holdings/", {"unit": tree.commune_a1.pk}).json()["results"]
        assert [row["quantity"] for row in holdings] == [2]
        assert Movement.objects.filter(voucher_id=posted.json()["id"]).count() == 2
        assert Voucher.pgh_event_model.objects.filter(pgh_obj_id=draft.json()["id"], pgh_label="delete").exists()

        # What needs ownership is refused, and so are UPDATE and DELETE of final rows, by privilege:
        # ``WHERE false`` touches no row, so no trigger could be what refuses them.
        for sql in [
            "TRUNCATE budget_allocationevent",
            "TRUNCATE assets_movement",
            "TRUNCATE medical_accesslog",
            "TRUNCATE budget_allocation",
            "DROP TABLE assets_movement",
            "DROP TABLE budget_allocationevent",
            "ALTER TABLE budget_allocation ADD COLUMN sneaky integer",
            "ALTER TABLE assets_movement DISABLE TRIGGER ALL",
            "CREATE TABLE app_role_table (id integer)",
            "UPDATE budget_allocationevent SET amount = 0 WHERE false",
            "DELETE FROM budget_allocationevent WHERE false",
            "UPDATE assets_voucherevent SET number = '' WHERE false",
            "UPDATE assets_movement SET quantity = 0 WHERE false",
            "DELETE FROM assets_movement WHERE false",
            "UPDATE medical_accesslog SET path = '' WHERE false",
            "DELETE FROM medical_accesslog WHERE false",
        ]:
            assert refusal(sql) == INSUFFICIENT_PRIVILEGE, sql
        # Rows of ordinary tables are the application's to change.
        assert refusal("UPDATE budget_allocation SET note = note WHERE false") is None
        assert refusal("DELETE FROM budget_allocation WHERE false") is None

    assert privileges_of(superuser_url, role, "budget_allocation") == {"SELECT", "INSERT", "UPDATE", "DELETE"}
    for table in ("budget_allocationevent", "assets_movement", "medical_accesslog"):
        assert privileges_of(superuser_url, role, table) == {"SELECT", "INSERT"}, table


@pytest.mark.django_db
def test_setup_command_creates_the_app_role_and_grants_it(superuser_url):
    role, password = f"logistics_app_test_{uuid.uuid4().hex[:12]}", secrets.token_urlsafe(18)
    try:
        call_command(
            "setup_database_roles",
            admin_url=superuser_url,
            owner_url=superuser_url,
            app_url=url_for(role, password),
            stdout=io.StringIO(),
        )
        assert privileges_of(superuser_url, role, "budget_allocation") == {"SELECT", "INSERT", "UPDATE", "DELETE"}
        assert privileges_of(superuser_url, role, "construction_paymentevent") == {"SELECT", "INSERT"}
        # The new role logs in with the password of its URL.
        with cursor_as(connection, url_for(role, password)) as cursor:
            cursor.execute("SELECT count(*) FROM logistics_unit")
            with pytest.raises(DatabaseError, match="permission denied"):
                cursor.execute("TRUNCATE logistics_unitevent")
        # Running it again changes nothing and fails on nothing.
        call_command(
            "setup_database_roles",
            admin_url=superuser_url,
            owner_url=superuser_url,
            app_url=url_for(role, password),
            stdout=io.StringIO(),
        )
    finally:
        with cursor_as(connection, superuser_url) as cursor:
            drop_role(cursor, role)
