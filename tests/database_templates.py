"""Test databases cloned from template databases on the PostgreSQL server (the why: tests/conftest.py).

Two kinds of template live on the server beside the test databases, named after the project's
database and a fingerprint of what they hold, so that a stale template is never used and checkouts
with other migrations or other code never use each other's:

- ``test_<NAME>_tpl_<fingerprint>``: the migrations applied. Fingerprint: the installed apps, the
  versions of the packages that provide them, every file of their migrations, and the roles that
  connect (the tables belong to whoever migrated them).
- ``test_<NAME>_demo_<fingerprint>``: a clone of the first with ``load_demo_data`` run in it, and the
  files the demo wrote kept in a table of its own (``test_template_files``), so that any checkout on
  any run gets them back. Fingerprint: the first one's, every file of the project's apps but their
  static files and page templates (the loaders, their data and all the code they go through), the
  compiled translations, the password hasher, the demo password, and the local date (the demo dates
  this year's records from today: a template built yesterday would lack today's).

A template is built once, by the first process that needs it, under a PostgreSQL advisory lock of
its name taken on the server's ``postgres`` database; the others wait for the lock, find it built,
and clone it. It counts as built only once its comment is written, after the build, so that one
left half-built by a killed run is dropped and built again. ``--create-db`` builds the templates
again, once per run. After a build, the templates of other fingerprints beyond the newest
:data:`KEEP` of each kind are dropped (unless a run is using one).
"""

import hashlib
import importlib
import importlib.metadata
import json
import re
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings
from django.utils import timezone

#: SQLSTATE of DROP DATABASE on a database someone is connected to.
OBJECT_IN_USE = "55006"
#: Templates of each kind kept on the server: enough for a few branches or checkouts in turn.
KEEP = 3
SCHEMA = "tpl"
DEMO = "demo"
FILES_TABLE = "test_template_files"
_SKIPPED_FOLDERS = {"static", "templates", "__pycache__"}


def _add_files(digest, root: Path, paths) -> None:
    for path in sorted(paths):
        digest.update(f"{path.relative_to(root).as_posix()}\0".encode())
        digest.update(path.read_bytes())
        digest.update(b"\0")


def schema_fingerprint() -> str:
    """What the migrated database depends on."""
    digest = hashlib.sha256(json.dumps(settings.INSTALLED_APPS).encode())
    providers = importlib.metadata.packages_distributions()
    for app in apps.get_app_configs():
        for distribution in sorted(set(providers.get(app.name.split(".")[0], ()))):
            digest.update(f"{app.label}:{distribution}=={importlib.metadata.version(distribution)}\0".encode())
        module_name, _explicit = MigrationLoader.migrations_module(app.label)
        try:
            module = importlib.import_module(module_name) if module_name else None
        except ModuleNotFoundError:
            module = None
        for folder in getattr(module, "__path__", ()):
            _add_files(digest, Path(folder).parent, Path(folder).glob("*.py"))
    owner_url = getattr(settings, "DATABASE_OWNER_URL", "")
    owner = dj_database_url.parse(owner_url)["USER"] if owner_url else ""
    digest.update(f"{connection.settings_dict['USER']}\0{owner}".encode())
    return digest.hexdigest()


def project_apps() -> list:
    """The installed apps whose code is this project's (not a package of the virtual environment)."""
    base = Path(settings.BASE_DIR).resolve()
    return [
        app
        for app in apps.get_app_configs()
        if Path(app.path).resolve().is_relative_to(base) and ".venv" not in Path(app.path).resolve().parts
    ]


def demo_fingerprint(schema: str) -> str:
    """What the demo data depends on: the schema, and everything of the project's apps that can run while
    it loads. Every file is hashed rather than the demo modules' imports followed: a change anywhere in
    the apps' code builds the demo template again (a minute and a half), never a stale one used."""
    digest = hashlib.sha256(schema.encode())
    base = Path(settings.BASE_DIR)
    for app in project_apps():
        root = Path(app.path)
        _add_files(
            digest,
            base,
            (
                path
                for path in root.rglob("*")
                if path.is_file()
                and path.suffix != ".pyc"
                and not _SKIPPED_FOLDERS.intersection(path.relative_to(root).parts[:-1])
            ),
        )
    for folder in settings.LOCALE_PATHS:
        _add_files(digest, base, Path(folder).rglob("*.mo"))
    digest.update(f"{settings.PASSWORD_HASHERS[0]}\0{settings.DEMO_PASSWORD}\0{timezone.localdate()}".encode())
    return digest.hexdigest()


def _lock_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(f"logistics test template {name}".encode()).digest()[:8], "big", signed=True)


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _comment(cursor, name: str) -> str | None:
    """The comment on database ``name``; None when there is no such database, "" when it has none."""
    cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name])
    row = cursor.fetchone()
    return None if row is None else (row[0] or "")


def _built(comment: str | None) -> dict | None:
    """What a template's comment says of its build; None when it is missing or was never finished."""
    try:
        about = json.loads(comment or "")
    except ValueError:
        return None
    return about if isinstance(about, dict) and "built" in about else None


class TestDatabases:
    """This process's test database and the templates it is cloned from."""

    def __init__(self, *, run: str, rebuild: bool, reuse: bool, serialize: bool):
        #: Who built a template: with ``rebuild``, one built by another run is built again.
        self.run = run
        self.rebuild = rebuild
        self.reuse = reuse
        self.serialize = serialize
        self.original_name = connection.settings_dict["NAME"]
        self.worker = connection.creation._get_test_db_name()
        self.prefix = f"test_{self.original_name[:40]}"
        self.schema_fingerprint = schema_fingerprint()
        self.schema_template = f"{self.prefix}_{SCHEMA}_{self.schema_fingerprint[:12]}"

    # --- what conftest calls -----------------------------------------------------------------

    def set_up(self) -> None:
        """The test database: the one kept by ``--reuse-db`` if it is a clone of the current template,
        else a new clone."""
        with connection._nodb_cursor() as cursor:
            kept = self.reuse and _comment(cursor, self.worker) == self._clone_comment(self.schema_template)
        if not kept:
            with self._template(SCHEMA, self.schema_template, self._build_schema) as cursor:
                self._clone(cursor, self.schema_template)
        self._point_at(self.worker)
        self._after_schema_clone()

    def use_demo(self, load: Callable[[], None]) -> None:
        """Make the test database a clone of the demo template, building that with ``load`` if needed."""
        template = f"{self.prefix}_{DEMO}_{demo_fingerprint(self.schema_fingerprint)[:12]}"
        with self._template(DEMO, template, lambda cursor, name: self._build_demo(cursor, name, load)) as cursor:
            self._clone(cursor, template)
        self._point_at(self.worker)
        self._restore_files()

    def use_schema(self) -> None:
        """Make the test database a new clone of the migrated template (after the demo tests: faster than
        a flush of the demo data, and it brings back what the migrations wrote)."""
        with self._template(SCHEMA, self.schema_template, self._build_schema) as cursor:
            self._clone(cursor, self.schema_template)
        self._point_at(self.worker)
        self._after_schema_clone()

    def tear_down(self, keep: bool) -> None:
        connections.close_all()
        if not keep:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {_quote(self.worker)} WITH (FORCE)")
        self._point_at(self.original_name)

    # --- templates ---------------------------------------------------------------------------

    @contextmanager
    def _template(self, kind: str, name: str, build: Callable):
        """A cursor on the server's ``postgres`` database, holding the lock of template ``name``, which is
        built (``build(cursor, name)`` creates and fills it) unless it already was."""
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [_lock_key(name)])
            try:
                about = _built(_comment(cursor, name))
                if about is None or (self.rebuild and about.get("run") != self.run):
                    started = time.monotonic()
                    cursor.execute(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")
                    try:
                        build(cursor, name)
                    finally:
                        self._point_at(self.worker)
                    seconds = round(time.monotonic() - started, 1)
                    about = {"built": int(time.time()), "seconds": seconds, "run": self.run}
                    cursor.execute(f"COMMENT ON DATABASE {_quote(name)} IS %s", [json.dumps(about)])
                    # Nothing connects to a template by mistake (a connection would stop its cloning).
                    cursor.execute(f"ALTER DATABASE {_quote(name)} ALLOW_CONNECTIONS false")
                    self._drop_old_templates(cursor, kind, current=name)
                yield cursor
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_lock_key(name)])

    def _build_schema(self, cursor, name: str) -> None:
        cursor.execute(f"CREATE DATABASE {_quote(name)}")
        self._point_at(name)
        call_command("migrate", verbosity=0, interactive=False, database=DEFAULT_DB_ALIAS, run_syncdb=True)
        call_command("createcachetable", database=DEFAULT_DB_ALIAS)

    def _build_demo(self, cursor, name: str, load: Callable[[], None]) -> None:
        with self._template(SCHEMA, self.schema_template, self._build_schema) as schema_cursor:
            schema_cursor.execute(f"CREATE DATABASE {_quote(name)} TEMPLATE {_quote(self.schema_template)}")
        self._point_at(name)
        emit_post_migrate_signal(0, False, DEFAULT_DB_ALIAS)
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            load()
            files = [
                (path.relative_to(media).as_posix(), path.read_bytes())
                for path in Path(media).rglob("*")
                if path.is_file()
            ]
        with connection.cursor() as database:
            database.execute(f"CREATE TABLE {FILES_TABLE} (name text PRIMARY KEY, content bytea NOT NULL)")
            for path, content in files:
                database.execute(f"INSERT INTO {FILES_TABLE} VALUES (%s, %s)", [path, content])

    def _drop_old_templates(self, cursor, kind: str, current: str) -> None:
        family = re.compile(rf"{re.escape(self.prefix)}_{kind}_[0-9a-f]{{12}}")
        cursor.execute("SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database")
        others = [(name, _built(comment) or {}) for name, comment in cursor.fetchall()]
        others = [(name, about) for name, about in others if family.fullmatch(name) and name != current]
        others.sort(key=lambda other: other[1].get("built", 0), reverse=True)
        for name, _about in others[KEEP - 1 :]:
            # A template another run is building or cloning holds its lock: it stays.
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_lock_key(name)])
            if not cursor.fetchone()[0]:
                continue
            try:
                cursor.execute(f"DROP DATABASE IF EXISTS {_quote(name)}")
            except DatabaseError as error:
                # In use after all (another run connected to it): it goes after a later build.
                cause = error.__cause__
                if (getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)) != OBJECT_IN_USE:
                    raise
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_lock_key(name)])

    # --- the test database -------------------------------------------------------------------

    @staticmethod
    def _clone_comment(template: str) -> str:
        return f"clone of {template}"

    def _clone(self, cursor, template: str) -> None:
        # CREATE DATABASE … TEMPLATE refuses a template anyone is connected to, and a database is
        # dropped only when nobody is: this thread's connections go first, stray ones are ended.
        connections.close_all()
        cursor.execute(f"DROP DATABASE IF EXISTS {_quote(self.worker)} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {_quote(self.worker)} TEMPLATE {_quote(template)}")
        cursor.execute(f"COMMENT ON DATABASE {_quote(self.worker)} IS %s", [self._clone_comment(template)])

    def _point_at(self, name: str) -> None:
        connections.close_all()
        settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"] = name
        connection.settings_dict["NAME"] = name

    def _after_schema_clone(self) -> None:
        # What post_migrate handlers build from code (content types, permissions, the role groups of
        # logistics/roles.py) follows the code, not the migrations the template was built from.
        emit_post_migrate_signal(0, False, DEFAULT_DB_ALIAS)
        if self.serialize:
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()

    def _restore_files(self) -> None:
        """The demo's files, back where the project keeps its files, for the links to them to open."""
        media = Path(settings.MEDIA_ROOT)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT name, content FROM {FILES_TABLE}")
            for name, content in cursor.fetchall():
                path = media / name
                if not path.is_file() or path.read_bytes() != bytes(content):
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(bytes(content))
            cursor.execute(f"DROP TABLE {FILES_TABLE}")
