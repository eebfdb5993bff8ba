"""Embedded PostgreSQL for machines without a database server.

When ``DATABASE_URL`` is unset, the settings call :func:`database_url`, which starts (or reuses) a
PostgreSQL server from the ``pgserver`` package whose data lives in ``.pgdata/`` of the checkout.
The server keeps running between commands so that the next ``manage.py`` call starts at once;
``python -m logistics.embedded_db stop`` (``make db-stop``) stops it.

It is set up as a server should be (logistics/database_roles.py): the role ``logistics_owner`` owns
the database and runs the migrations, and the application connects as ``logistics_app``, which owns
nothing. Local connections need no password (the server listens on a private unix socket only).
A folder created before the roles were split, whose tables the superuser owned, is handed over to
the owner the first time.
"""

import sys
import warnings
from contextlib import closing
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psycopg

from logistics.database_roles import ensure_login_role, hand_over_database, quote

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".pgdata" / "data"
DATABASE_NAME = "logistics"
SUPERUSER = "postgres"  # the role pgserver's initdb creates
OWNER_ROLE = "logistics_owner"
APP_ROLE = "logistics_app"
SETUP_LOCK = 4_211_011  # advisory lock key held while the roles and the database are set up
_socket_dir = ""


class EmbeddedDatabaseError(RuntimeError):
    pass


def _server():
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset; pgserver then uses /tmp, which is fine.
            warnings.simplefilter("ignore")
            # Deferred: only a machine without DATABASE_URL needs the embedded server, and a
            # missing package is then explained rather than failing every start-up.
            import pgserver
    except ImportError as exc:  # pragma: no cover - only without the pinned requirements
        raise EmbeddedDatabaseError(
            "DATABASE_URL is not set and the 'pgserver' package is not installed. "
            "Install requirements.txt or point DATABASE_URL at a PostgreSQL server."
        ) from exc
    try:
        DATA_DIR.parent.mkdir(parents=True, exist_ok=True)
        return pgserver.get_server(DATA_DIR, cleanup_mode=None)
    except Exception as exc:
        raise EmbeddedDatabaseError(
            f"DATABASE_URL is not set and the embedded PostgreSQL in {DATA_DIR} could not start "
            f"({type(exc).__name__}: {exc}). Its log is {DATA_DIR / 'log'}. Either set "
            "DATABASE_URL=postgres://user:password@host:5432/dbname to use a PostgreSQL server, "
            "or stop whatever holds that folder and try again."
        ) from exc


def _prepare() -> str:
    """Start the server if needed, make sure the roles and the database are set up; the socket folder."""
    global _socket_dir
    if _socket_dir:
        return _socket_dir
    server = _server()
    # pgserver listens on a unix socket only; psycopg takes the socket folder as host.
    socket_dir = parse_qs(urlsplit(server.get_uri()).query)["host"][0]
    with closing(psycopg.connect(host=socket_dir, user=SUPERUSER, dbname="postgres")) as admin:
        admin.autocommit = True  # CREATE DATABASE runs outside a transaction
        with admin.cursor() as cursor:
            # Several processes may start at once (test workers, gunicorn): one sets up, the others wait.
            cursor.execute("SELECT pg_advisory_lock(%s)", [SETUP_LOCK])
            cursor.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [DATABASE_NAME])
            row = cursor.fetchone()
            ensure_login_role(cursor, OWNER_ROLE)
            ensure_login_role(cursor, APP_ROLE)
            if row is None:
                cursor.execute(f"CREATE DATABASE {quote(DATABASE_NAME)} OWNER {quote(OWNER_ROLE)}")
        if row is None or row[0] != OWNER_ROLE:
            # One transaction: the database changes owner with everything in it, or not at all.
            with (
                psycopg.connect(host=socket_dir, user=SUPERUSER, dbname=DATABASE_NAME) as session,
                session.transaction(),
                session.cursor() as cursor,
            ):
                hand_over_database(cursor, database=DATABASE_NAME, owner=OWNER_ROLE, app_role=APP_ROLE)
    _socket_dir = socket_dir
    return socket_dir


def _url(role: str) -> str:
    return f"postgres://{role}@/{DATABASE_NAME}?host={_prepare()}"


def database_url() -> str:
    """Start the embedded server if needed and return the application's URL of the project database."""
    return _url(APP_ROLE)


def owner_url() -> str:
    """The URL of the role that owns the tables and runs the migrations."""
    return _url(OWNER_ROLE)


def superuser_url() -> str:
    """The server's superuser on the project database (the test runner creates databases with it)."""
    return _url(SUPERUSER)


def stop() -> None:
    if not (DATA_DIR / "postmaster.pid").exists():
        print("Embedded PostgreSQL is not running.")
        return
    server = _server()
    from pgserver._commands import pg_ctl  # deferred with pgserver itself (see _server)

    pg_ctl(["-w", "stop", "-m", "fast"], pgdata=DATA_DIR, user=server.system_user)
    print("Embedded PostgreSQL stopped.")


if __name__ == "__main__":
    command = sys.argv[1:]
    if command == ["stop"]:
        stop()
    elif command == ["url"]:
        print(database_url())
    elif command == ["owner-url"]:
        print(owner_url())
    elif command == ["superuser-url"]:
        print(superuser_url())
    else:
        print("usage: python -m logistics.embedded_db [stop|url|owner-url|superuser-url]")
        sys.exit(2)
