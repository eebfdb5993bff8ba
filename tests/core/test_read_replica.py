"""Reads from a real PostgreSQL streaming replica (logistics/replica.py).

The module starts its own primary (initdb, ``wal_level=replica``) and a hot standby cloned from it
with ``pg_basebackup -R``, each on a free port in a temporary folder, points Django at the pair
as ``default`` and ``replica``, and migrates the primary. Replay on the standby is paused
(``pg_wal_replay_pause()``) where a test must tell the two apart: a row written on the primary is
then visible on the primary only, so a page that shows it read the primary and one that does not
read the replica. The servers are stopped and their folders removed at the end, also on failure.

PostgreSQL's binaries are looked for in ``$POSTGRES_BIN_DIR``, ``pg_config --bindir``, Debian's
``/usr/lib/postgresql/<version>/bin`` (newest first) and the ``pgserver`` package; without them the
module is skipped, unless ``REQUIRE_REPLICA=1`` (CI), where that is a failure.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connections, transaction
from django.test import Client, override_settings
from django.urls import reverse

from logistics import replica
from logistics.models import ExportLog, Supplier
from logistics.settings import database_settings, replica_databases
from tests.factories import UnitFactory, UserFactory

BINARIES = ("initdb", "pg_ctl", "pg_basebackup", "pg_dump", "postgres")
DATABASE = "logistics_replica_test"
ROUTERS = ["logistics.replica.ReplicaRouter"]


def _major_version(folder: Path) -> int:
    """The major version of the binaries in ``folder`` ("pg_dump (PostgreSQL) 15.10 …" → 15)."""
    found = subprocess.run([str(folder / "pg_dump"), "--version"], capture_output=True, text=True, check=False)
    words = found.stdout.split("(PostgreSQL)")[-1].split() if found.returncode == 0 else []
    digits = words[0].split(".")[0] if words else ""
    return int(digits) if digits.isdigit() else 0


def _debian_version(folder: Path) -> float:
    try:
        return float(folder.parent.name)
    except ValueError:
        return 0.0


def postgres_bin_dir(server_major: int) -> Path | None:
    """A folder holding every binary a primary and its standby need, of the test server's major
    version if there is one (its ``pg_dump`` then reads the test database), else the newest."""
    candidates = []
    if os.environ.get("POSTGRES_BIN_DIR"):
        candidates.append(Path(os.environ["POSTGRES_BIN_DIR"]))
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        if found.returncode == 0 and found.stdout.strip():
            candidates.append(Path(found.stdout.strip()))
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_debian_version, reverse=True)
    spec = importlib.util.find_spec("pgserver")
    if spec is not None and spec.origin:
        candidates.append(Path(spec.origin).parent / "pginstall" / "bin")
    complete = [folder for folder in candidates if all(os.access(folder / name, os.X_OK) for name in BINARIES)]
    if not complete or os.environ.get("POSTGRES_BIN_DIR"):
        return complete[0] if complete else None
    versions = {folder: _major_version(folder) for folder in complete}
    return next((folder for folder in complete if versions[folder] == server_major), max(complete, key=versions.get))


def _server_user() -> pwd.struct_passwd | None:
    """PostgreSQL refuses to run as root: as root, run it as ``postgres`` (or pgserver's own user)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "pgserver"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    # What pgserver does on a machine with neither user.
    subprocess.run(["useradd", "--system", "--no-create-home", "pgserver"], check=True, capture_output=True)
    return pwd.getpwnam("pgserver")


def _free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """A primary and a hot standby streaming from it, in ``root``."""

    def __init__(self, bin_dir: Path, root: Path):
        self.bin_dir = bin_dir
        self.root = root
        self.user = _server_user()
        self.primary_dir = root / "primary"
        self.standby_dir = root / "standby"
        self.primary_port = _free_port()
        self.standby_port = _free_port()
        self.started: list[Path] = []

    def run(self, name: str, *args: str) -> None:
        kwargs = {"user": self.user.pw_uid, "group": self.user.pw_gid} if self.user else {}
        result = subprocess.run(
            [str(self.bin_dir / name), *args], capture_output=True, text=True, timeout=120, check=False, **kwargs
        )
        if result.returncode != 0:
            raise RuntimeError(f"{name} {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")

    def _configure(self, data: Path, lines: list[str]) -> None:
        with (data / "postgresql.conf").open("a") as conf:
            conf.write("\n".join(lines) + "\n")

    def _start(self, data: Path) -> None:
        self.run("pg_ctl", "-D", str(data), "-l", str(self.root / f"{data.name}.log"), "-w", "-t", "60", "start")
        self.started.append(data)

    def start(self) -> None:
        if self.user:
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)
        self.run(
            "initdb", "-D", str(self.primary_dir), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"
        )  # fmt: skip
        self._configure(
            self.primary_dir,
            [
                f"port = {self.primary_port}",
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = ''",
                "wal_level = replica",
                "max_wal_senders = 4",
                # A throw-away server: nothing needs to survive a crash of the machine.
                "fsync = off",
                "synchronous_commit = off",
            ],
        )
        self._start(self.primary_dir)
        with self.connect(self.primary_port, "postgres") as cursor:
            cursor.execute(f"CREATE DATABASE {DATABASE}")

    def load(self, schema: str) -> bool:
        """Load ``schema`` into the primary's database; False (and the database empty) if it does not
        load, as a dump of another major version may not."""
        try:
            with self.connect(self.primary_port) as cursor:
                cursor.execute(schema)
        except psycopg.Error:
            with self.connect(self.primary_port, "postgres") as cursor:
                cursor.execute(f"DROP DATABASE {DATABASE}")
                cursor.execute(f"CREATE DATABASE {DATABASE}")
            return False
        return True

    def start_standby(self) -> None:
        self.run(
            "pg_basebackup", "-D", str(self.standby_dir), "-R", "-X", "stream", "-c", "fast",
            "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres",
        )  # fmt: skip
        self._configure(self.standby_dir, [f"port = {self.standby_port}", "hot_standby = on"])
        self._start(self.standby_dir)

    def stop(self) -> None:
        for data in reversed(self.started):
            try:
                self.run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
            except (RuntimeError, subprocess.TimeoutExpired):
                continue

    @contextmanager
    def connect(self, port: int, dbname: str = DATABASE):
        with closing(psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname=dbname)) as conn:
            conn.autocommit = True
            with conn.cursor() as cursor:
                yield cursor

    def url(self, port: int) -> str:
        return f"postgres://postgres@127.0.0.1:{port}/{DATABASE}"

    def wait_for_replay(self) -> None:
        """Until the standby has replayed everything the primary wrote so far."""
        with self.connect(self.primary_port) as primary:
            primary.execute("SELECT pg_current_wal_lsn()")
            (target,) = primary.fetchone()
        with self.connect(self.standby_port) as standby:
            for _ in range(300):
                standby.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
                if standby.fetchone()[0]:
                    return
                time.sleep(0.05)
        raise AssertionError("The standby did not catch up with the primary in 15 s.")

    @contextmanager
    def replay_paused(self):
        with self.connect(self.standby_port) as standby:
            standby.execute("SELECT pg_wal_replay_pause()")
            try:
                yield
            finally:
                standby.execute("SELECT pg_wal_replay_resume()")


@contextmanager
def django_databases(databases: dict):
    """Point Django's connections at ``databases`` for the block, then back at the test database."""
    saved_settings = connections.settings
    saved = {alias: getattr(connections._connections, alias, None) for alias in saved_settings}
    for alias, connection in saved.items():
        if connection is not None:
            delattr(connections._connections, alias)
    connections.settings = connections.configure_settings(databases)
    try:
        yield
    finally:
        for alias in databases:
            connection = getattr(connections._connections, alias, None)
            if connection is not None:
                connection.close()
                delattr(connections._connections, alias)
        connections.settings = saved_settings
        for alias, connection in saved.items():
            if connection is not None:
                setattr(connections._connections, alias, connection)


def migrated_schema(bin_dir: Path) -> str | None:
    """The schema of this run's test database (the migrated template's clone), as SQL; None if
    ``pg_dump`` of ``bin_dir`` cannot read that server (an older version, say)."""
    database = connections["default"].settings_dict
    command = [str(bin_dir / "pg_dump"), "--schema-only", "--no-owner", "--no-privileges", "-d", database["NAME"]]
    for option, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if database.get(key):
            command += [option, str(database[key])]
    environment = {**os.environ, "PGPASSWORD": database.get("PASSWORD") or ""}
    result = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120, check=False)
    if result.returncode != 0:
        return None
    # Recent pg_dump wraps its output in psql commands (\\restrict …), which are no SQL.
    return "\n".join(line for line in result.stdout.splitlines() if not line.startswith("\\"))


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        bin_dir = postgres_bin_dir(connections["default"].pg_version // 10000)
    if bin_dir is None:
        reason = (
            "No PostgreSQL binaries with pg_basebackup (POSTGRES_BIN_DIR, pg_config, /usr/lib/postgresql, pgserver)."
        )
        if os.environ.get("REQUIRE_REPLICA") == "1":
            pytest.fail(reason + " REQUIRE_REPLICA=1 requires them.", pytrace=False)
        pytest.skip(reason)
    with django_db_blocker.unblock():
        schema = migrated_schema(bin_dir)
    root = Path(tempfile.mkdtemp(prefix="logistics-replica-"))
    pair = Cluster(bin_dir, root)
    try:
        pair.start()
        databases = {"default": database_settings(pair.url(pair.primary_port))}
        with django_db_blocker.unblock(), django_databases(databases), override_settings(DATABASE_OWNER_URL=""):
            # The test database's schema is the migrated one: loading it takes seconds where applying
            # the migrations takes minutes on a busy machine; what they build from code is built after.
            if schema is not None and pair.load(schema):
                emit_post_migrate_signal(0, False, "default")
            else:
                call_command("migrate", verbosity=0, interactive=False)
        pair.start_standby()
        yield pair
    finally:
        pair.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def replicated(cluster, django_db_blocker):
    """Django on the pair: ``default`` the primary, ``replica`` the standby, the router installed."""
    databases, routers = replica_databases(
        {"default": database_settings(cluster.url(cluster.primary_port))}, cluster.url(cluster.standby_port)
    )
    with (
        django_db_blocker.unblock(),
        django_databases(databases),
        override_settings(DATABASE_ROUTERS=routers, DATABASE_REPLICA_PIN_SECONDS=5),
    ):
        yield cluster


class QueriesByDatabase:
    """The aliases of the connections that ran each statement of the block."""

    def __init__(self, aliases):
        self.aliases = aliases
        self.statements: list[tuple[str, str]] = []

    @contextmanager
    def recording(self):
        def recorder(alias):
            def record(execute, sql, params, many, context):
                self.statements.append((alias, sql))
                return execute(sql, params, many, context)

            return record

        with ExitStack() as stack:
            for alias in self.aliases:
                stack.enter_context(connections[alias].execute_wrapper(recorder(alias)))
            yield self

    def on(self, alias: str, table: str = "") -> list[str]:
        return [sql for used, sql in self.statements if used == alias and table in sql]


def _get(client, url, **extra):
    response = client.get(url, **extra)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode()


def _primary_and_standby_count(cluster, sql, params):
    counts = []
    for port in (cluster.primary_port, cluster.standby_port):
        with cluster.connect(port) as cursor:
            cursor.execute(sql, params)
            counts.append(cursor.fetchone()[0])
    return counts


@pytest.fixture
def people(replicated):
    """An administrator and an auditor, replicated to the standby before each test pauses it."""
    province = UnitFactory(name="Công an tỉnh thử")
    admin = UserFactory(unit=province, is_superuser=True, is_staff=True)
    other = UserFactory(unit=province, is_superuser=True)
    replicated.wait_for_replay()
    return admin, other


def test_report_dashboard_export_and_search_doors_read_the_replica_and_write_the_primary(replicated, people):
    admin, _other = people
    # The alias a replica-reading context reads is the standby (a server in recovery), except
    # inside a transaction, which reads what it wrote on the primary.
    with replica.replica_reads():
        assert replica.read_alias() == "replica"
        with connections[replica.read_alias()].cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            assert cursor.fetchone() == (True,)
        with transaction.atomic():
            assert replica.read_alias() == "default"
    assert replica.read_alias() == "default"
    client = Client()
    with replicated.replay_paused():
        # Written on the primary only: the standby has stopped replaying.
        supplier = Supplier.objects.create(name="Công ty Thủy Tinh Quế Võ", kind="supplier", tax_code="0109998887")
        # A session that exists on the primary only: logins read the primary, whatever the door.
        client.force_login(admin)
        recorder = QueriesByDatabase(["default", "replica"])

        with recorder.recording():
            response, body = _get(client, "/search/?q=thuy+tinh+que+vo")
        assert response.status_code == 200
        assert "Thủy Tinh Quế Võ" not in body
        assert recorder.on("replica", "logistics_supplier") and not recorder.on("default", "logistics_supplier")

        # A door that is not marked (the record's own page) reads the primary and shows it.
        response, body = _get(client, supplier.get_absolute_url())
        assert response.status_code == 200 and "Thủy Tinh Quế Võ" in body

        for url in ("/", "/api/dashboard/", "/reports/", "/reports/annual/", "/api/reports/annual/"):
            recorder.statements.clear()
            with recorder.recording():
                response, _body = _get(client, url)
            assert response.status_code == 200, url
            assert recorder.on("replica"), f"{url} read nothing from the replica"
            # The primary served only who is logged in.
            assert all(
                "django_session" in sql or "logistics_user" in sql or "auth_" in sql for sql in recorder.on("default")
            ), (url, recorder.on("default"))

        exports_before = ExportLog.objects.count()
        for url in (
            reverse(supplier.url_name("export")) + "?format=csv",
            "/api/suppliers/?export=csv",
        ):
            response, body = _get(client, url)
            assert response.status_code == 200, url
            assert "Thủy Tinh" not in body  # the rows came from the replica
        # … while the API's list page (not an export) reads the primary.
        response, body = _get(client, "/api/suppliers/?q=thuy+tinh")
        assert "Thủy Tinh Quế Võ" in body
        # The export log went to the primary, finished (rows counted) after the stream ended.
        logs = list(ExportLog.objects.filter(pk__gt=0).order_by("-pk")[:2])
        assert ExportLog.objects.count() == exports_before + 2
        assert all(log.finished_at is not None for log in logs)
        primary, standby = _primary_and_standby_count(
            replicated, "SELECT count(*) FROM logistics_exportlog WHERE id = ANY(%s)", [[log.pk for log in logs]]
        )
        assert (primary, standby) == (2, 0)
    replicated.wait_for_replay()
    _response, body = _get(client, "/search/?q=thuy+tinh+que+vo")
    assert "Thủy Tinh Quế Võ" in body


def test_a_user_reads_their_own_writes_from_the_primary_for_a_few_seconds(replicated, people, monkeypatch):
    admin, other = people
    writer, bystander = Client(), Client()
    writer.force_login(admin)
    bystander.force_login(other)
    replicated.wait_for_replay()
    with replicated.replay_paused():
        response = writer.post(
            "/api/suppliers/",
            {
                "name": "Công ty Hồng Hà Ninh Giang",
                "kind": "supplier",
                "tax_code": "0107776665",
                "address": "Hải Dương",
            },
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        assert replica.PIN_COOKIE in response.cookies

        # The writer finds it at once: their reads go to the primary within the window …
        _response, body = _get(writer, "/search/?q=hong+ha+ninh+giang")
        assert "Hồng Hà Ninh Giang" in body
        _response, body = _get(writer, "/api/suppliers/?export=csv")
        assert "Hồng Hà Ninh Giang" in body
        # … while somebody else, who wrote nothing, reads the replica, which has not replayed it yet.
        _response, body = _get(bystander, "/search/?q=hong+ha+ninh+giang")
        assert "Hồng Hà Ninh Giang" not in body

        # After the window the writer reads the replica again.
        later = time.time() + 6
        monkeypatch.setattr(replica.time, "time", lambda: later)
        _response, body = _get(writer, "/search/?q=hong+ha+ninh+giang")
        assert "Hồng Hà Ninh Giang" not in body


def test_without_a_replica_everything_reads_and_writes_the_one_database(cluster, django_db_blocker):
    databases, routers = replica_databases({"default": database_settings(cluster.url(cluster.primary_port))}, "")
    assert list(databases) == ["default"] and routers == []
    with (
        django_db_blocker.unblock(),
        django_databases(databases),
        override_settings(DATABASE_ROUTERS=routers),
        cluster.replay_paused(),
    ):
        admin = UserFactory(unit=UnitFactory(), is_superuser=True)
        Supplier.objects.create(name="Công ty Bạch Đằng Kinh Môn", kind="supplier", tax_code="0105554443")
        client = Client()
        client.force_login(admin)
        _response, body = _get(client, "/search/?q=bach+dang+kinh+mon")
        assert "Bạch Đằng Kinh Môn" in body
        _response, body = _get(client, "/api/suppliers/?export=csv")
        assert "Bạch Đằng Kinh Môn" in body
        assert replica.PIN_COOKIE not in client.post("/i18n/setlang/", {"language": "vi"}).cookies


def test_the_replica_takes_no_migration_and_the_settings_name_it_as_a_test_mirror(cluster):
    databases, routers = replica_databases({"default": {}}, cluster.url(cluster.standby_port))
    assert routers == ROUTERS
    assert databases["replica"]["TEST"] == {"MIRROR": "default"}
    assert databases["replica"]["PORT"] == cluster.standby_port
    router = replica.ReplicaRouter()
    for app_label in ("logistics", "budget", "assets", "auth", "sessions"):
        assert router.allow_migrate("default", app_label) is True
        assert router.allow_migrate("replica", app_label) is False
    assert settings.DATABASE_REPLICA_PIN_SECONDS > 0
