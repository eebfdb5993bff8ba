"""Embedded PostgreSQL for machines without a database server.

When ``DATABASE_URL`` is unset, the settings call :func:`database_url`, which starts (or reuses) a
PostgreSQL server from the ``pgserver`` package whose data lives in ``.pgdata/`` of the checkout.
The server keeps running between commands so that the next ``manage.py`` call starts at once;
``python -m logistics.embedded_db stop`` (``make db-stop``) stops it.
"""

import sys
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".pgdata" / "data"
DATABASE_NAME = "logistics"


class EmbeddedDatabaseError(RuntimeError):
    pass


def _server():
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset; pgserver then uses /tmp, which is fine.
            warnings.simplefilter("ignore")
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


def database_url() -> str:
    """Start the embedded server if needed and return a URL for the project database."""
    server = _server()
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    # pgserver listens on a unix socket only; psycopg2 takes the socket folder as host.
    socket_dir = parse_qs(urlsplit(server.get_uri()).query)["host"][0]
    return f"postgres://postgres@/{DATABASE_NAME}?host={socket_dir}"


def stop() -> None:
    if not (DATA_DIR / "postmaster.pid").exists():
        print("Embedded PostgreSQL is not running.")
        return
    server = _server()
    from pgserver._commands import pg_ctl

    pg_ctl(["-w", "stop", "-m", "fast"], pgdata=DATA_DIR, user=server.system_user)
    print("Embedded PostgreSQL stopped.")


if __name__ == "__main__":
    command = sys.argv[1:]
    if command == ["stop"]:
        stop()
    elif command == ["url"]:
        print(database_url())
    else:
        print("usage: python -m logistics.embedded_db [stop|url]")
        sys.exit(2)
