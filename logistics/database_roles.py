"""Least-privilege database roles: the application connects as a role that owns nothing.

Two roles share the project database:

- the **owner** owns every table, sequence and trigger function; ``manage.py migrate`` logs in as
  it (``DATABASE_OWNER_URL``) and, when it is done, gives the application role its privileges;
- the **application role** (``DATABASE_URL``) reads and writes rows and nothing else: no TRUNCATE,
  DROP or ALTER (those need ownership, which it has not), and only SELECT and INSERT on the tables
  whose rows are final.

Which tables are final is not listed here; the models say it. Every history event table (pghistory)
is append-only, and a model whose unconditional ``pgtrigger.Protect`` triggers refuse UPDATE or
DELETE (the equipment ledger, the health-record access log, the export log, construction payments)
loses those privileges too. The triggers alone are not enough: any session may set
``pgtrigger.ignore`` and slip past them, and a trigger never fires for a TRUNCATE or for a statement
that matches no row. A privilege holds whatever the session does.

The functions that create roles and hand a database over to its owner take a plain DB-API cursor
and import no model, so that the embedded server (``logistics/embedded_db.py``) can run them while
the settings load.
"""

from __future__ import annotations

import contextlib

import dj_database_url
from django.apps import apps
from django.db import connections

ROW_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")
#: Tables Django keeps without a model: the application reads which migrations ran
#: (``runserver`` and ``migrate --check`` ask) and never writes them.
TABLES_WITHOUT_MODEL = {
    "django_migrations": ("SELECT",),
    # The job queue's tables (Procrastinate's, unmanaged models): its functions run as the caller.
    **{f"procrastinate_{name}": ROW_PRIVILEGES for name in ("jobs", "events", "periodic_defers", "workers")},
}


def quote(name: str) -> str:
    """A PostgreSQL identifier, quoted (role, table and database names come from configuration)."""
    return '"' + name.replace('"', '""') + '"'


# --- which privileges each table gets ---------------------------------------------------------------


def refused_privileges(model) -> frozenset[str]:
    """The row privileges the application role does not get on ``model``'s table."""
    # An import cycle otherwise: the settings import this module (through logistics.embedded_db),
    # and pghistory's models and pgtrigger's triggers need the settings loaded and the apps ready.
    import pghistory.models
    import pgtrigger

    refused = set()
    if issubclass(model, pghistory.models.Event):
        refused |= {"UPDATE", "DELETE"}
    for trigger in getattr(model._meta, "triggers", ()):
        if isinstance(trigger, pgtrigger.Protect) and trigger.condition is None and trigger.level == pgtrigger.Row:
            operations = getattr(trigger.operation, "operations", (trigger.operation,))
            refused |= {str(operation) for operation in operations} & set(ROW_PRIVILEGES)
    return frozenset(refused)


def table_privileges() -> dict[str, tuple[str, ...]]:
    """Every table of the project's models (many-to-many tables too) with the application's privileges."""
    privileges = dict(TABLES_WITHOUT_MODEL)
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy or meta.swapped:
            continue
        refused = refused_privileges(model)
        privileges[meta.db_table] = tuple(p for p in ROW_PRIVILEGES if p not in refused)
    return privileges


def append_only_tables() -> list[str]:
    """The tables that take only INSERT and SELECT from the application."""
    return sorted(table for table, granted in table_privileges().items() if set(granted) == {"SELECT", "INSERT"})


def grant_app_privileges(cursor, app_role: str) -> None:
    """Give ``app_role`` exactly its privileges on the tables and sequences of the current schema.

    Run it as the owner of the tables or as a superuser, in one transaction: everything the role had
    is revoked first, so a table that became append-only since the last run loses UPDATE and DELETE.
    Tables that do not exist yet (a model whose migration has not run) are skipped.
    """
    role = quote(app_role)
    cursor.execute("SELECT current_schema()")
    schema = quote(cursor.fetchone()[0])
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
    )
    existing = {row[0] for row in cursor.fetchall()}
    cursor.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}")
    cursor.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {role}")
    cursor.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
    for table, granted in sorted(table_privileges().items()):
        if table in existing:
            cursor.execute(f"GRANT {', '.join(granted)} ON TABLE {schema}.{quote(table)} TO {role}")
    # nextval() for the identity columns; USAGE does not allow setval().
    cursor.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}")


# --- roles and ownership (a superuser's work) -------------------------------------------------------


def ensure_login_role(cursor, name: str, password: str | None = None) -> bool:
    """Create a login role with no special powers unless it exists; True if it was created.

    An existing role keeps its password: the command that sets the roles up must not silently
    change the password of a role something else already logs in with.
    """
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
    if cursor.fetchone():
        return False
    statement = f"CREATE ROLE {quote(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
    if password:
        cursor.execute(statement + " PASSWORD %s", [password])
    else:
        cursor.execute(statement)
    return True


def app_role_problems(cursor, app_role: str, owner_role: str) -> list[str]:
    """Why ``app_role`` would not be held to its privileges (empty when it will be)."""
    cursor.execute(
        "SELECT rolsuper, rolbypassrls, pg_has_role(%s, %s, 'USAGE') FROM pg_roles WHERE rolname = %s",
        [app_role, owner_role, app_role],
    )
    row = cursor.fetchone()
    if row is None:
        return [f"role {app_role} does not exist"]
    superuser, bypass_rls, acts_as_owner = row
    problems = []
    if superuser:
        problems.append(f"role {app_role} is a superuser, which no privilege restrains")
    if bypass_rls:
        problems.append(f"role {app_role} bypasses row security")
    if acts_as_owner:
        problems.append(f"role {app_role} is, or is a member of, the owner role {owner_role}")
    return problems


def hand_over_database(cursor, *, database: str, owner: str, app_role: str) -> int:
    """Make ``owner`` own the database and every table, sequence and function in its schema.

    Run as a superuser connected to ``database``. A database set up before the roles were split
    (tables owned by the application role, or by the server's superuser as the embedded server
    once did) is adopted by the owner here; ``REASSIGN OWNED`` cannot do this when the old owner is
    the bootstrap superuser. Returns how many objects changed owner.
    """
    role = quote(owner)
    cursor.execute(f"ALTER DATABASE {quote(database)} OWNER TO {role}")
    cursor.execute("SELECT current_schema()")
    schema = quote(cursor.fetchone()[0])
    # The owner creates the tables; nobody else may (PostgreSQL before 15 let everyone).
    cursor.execute(f"GRANT USAGE, CREATE ON SCHEMA {schema} TO {role}")
    cursor.execute(f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC")
    cursor.execute(f"GRANT CONNECT ON DATABASE {quote(database)} TO {quote(app_role)}")
    cursor.execute(
        """
        SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                              WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
                              ELSE 'TABLE' END,
               c.oid::regclass::text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
          AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = %s)
          -- identity and serial sequences follow their table; extension objects stay the extension's
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
        UNION ALL
        SELECT 'ROUTINE', p.oid::regprocedure::text
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = current_schema() AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = %s)
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                          AND d.objid = p.oid AND d.deptype = 'e')
        """,
        [owner, owner],
    )
    objects = cursor.fetchall()
    for kind, name in objects:
        cursor.execute(f"ALTER {kind} {name} OWNER TO {role}")
    return len(objects)


def drop_role(cursor, name: str) -> None:
    """Remove a role and its privileges in the current database (a role granted nothing elsewhere)."""
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
    if cursor.fetchone():
        cursor.execute(f"DROP OWNED BY {quote(name)}")
        cursor.execute(f"DROP ROLE {quote(name)}")


# --- running Django's connection as another role --------------------------------------------------------


def logged_in_settings(database_settings: dict, url: str) -> dict:
    """``database_settings`` logged in as the role of ``url`` (the database stays the same).

    The URL gives the role, its password and the server; the database name is always the
    application's, so that under the test runner the test database is the one migrated.
    """
    login = dj_database_url.parse(url)
    return {
        **database_settings,
        **{key: login[key] for key in ("USER", "PASSWORD", "HOST", "PORT")},
        "OPTIONS": {**database_settings.get("OPTIONS", {}), **login.get("OPTIONS", {})},
    }


@contextlib.contextmanager
def cursor_as(connection, url: str):
    """A cursor on ``connection``'s database on a separate session logged in from ``url``, in one
    transaction committed at the end of the block (rolled back if it raises)."""
    wrapper = type(connections[connection.alias])  # ``connection`` may be django.db's proxy
    session = wrapper(logged_in_settings(connection.settings_dict, url), alias=f"{connection.alias}-as")
    try:
        session.ensure_connection()
        session.set_autocommit(False)
        with session.cursor() as cursor:
            yield cursor
        session.commit()
    except BaseException:
        if session.connection is not None:
            session.rollback()
        raise
    finally:
        session.close()


@contextlib.contextmanager
def connected_as(connection, url: str):
    """Run the block with ``connection`` logged in as the role of ``url``, then log back in as before."""
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(logged_in_settings(original, url))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
