"""Measures exports against PostgreSQL's own ``COPY`` of the same scoped select.

For each list it times the web export (``/…/export/?format=csv|xlsx``) and the API export
(``/api/…/?export=csv|xlsx``) read to the last byte, as a user of the database, and beside them
``COPY (the export's select) TO STDOUT WITH CSV`` — the same scope, filters, joins and order — read
through psycopg. ``COPY``'s select reads the raw values every column of the export needs (the
ids, fields and related fields of the plan, no labels, no names, no date formatting), so the share
is of the database's plain speed of the same rows. It prints rows/s of each and the share of
``COPY``'s speed. Each export is written to the export log, like any other; ``--rollback`` runs
everything in one transaction rolled back at the end (for a database that must stay as it is).

    python manage.py benchmark_exports --user officer --repeat 3
    python manage.py benchmark_exports --list medical.encounter --user clinic
    python manage.py benchmark_exports --rollback     # leaves no export log rows behind
"""

import statistics
import time

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction
from django.test import Client

from logistics.export_plan import plan_for
from logistics.models import ExportLog
from logistics.registry import registry
from logistics.replica import read_alias
from logistics.scope import restrict

DEFAULT_LISTS = ("budget.spending", "assets.movement", "assets.item", "medical.encounter")


def _api_path(model) -> str:
    for route in registry.api_routes(model._meta.app_label):
        if route.viewset.queryset.model is model:
            return f"/api/{model._meta.app_label}/{route.prefix}/"
    raise CommandError(f"{model._meta.label} has no API list.")


def _copy_rows_per_second(queryset, table) -> tuple[int, float]:
    """(rows, seconds) of COPY of the select the export reads (its plan's raw values, or whole rows)."""
    plan = plan_for(table, queryset)
    select = queryset.values_list(*plan.paths) if plan is not None else queryset
    alias = read_alias()
    sql, params = select.query.get_compiler(using=alias).as_sql()
    rows = 0
    with connections[alias].cursor() as cursor:
        raw = cursor.cursor
        statement = f"COPY ({raw.mogrify(sql, params)}) TO STDOUT WITH (FORMAT csv)"
        started = time.perf_counter()
        with raw.copy(statement) as copy:
            for data in copy:
                rows += bytes(data).count(b"\n")
        return rows, time.perf_counter() - started


def _own_select_seconds(plan, queryset, reader) -> float | None:
    """Seconds of COPY of the CSV select the export itself runs (None: not made by the database)."""
    started = time.perf_counter()
    pieces = plan.copy_csv(queryset, reader, counted=[])
    if pieces is None:
        return None
    for _piece in pieces:
        pass
    return time.perf_counter() - started


def _timed_download(client, url) -> tuple[int, float, int]:
    """(rows, seconds, bytes) of one export read to its last byte; rows as its log counted them."""
    started = time.perf_counter()
    response = client.get(url)
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise CommandError(f"{url} answered {response.status_code}")
    log = ExportLog.objects.order_by("-pk").first()
    return log.row_count, seconds, size


class Command(BaseCommand):
    help = "Rows/s of web and API exports (CSV, XLSX) beside COPY of the same scoped select."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="append", dest="lists", help="app_label.model (repeatable)")
        parser.add_argument("--user", default="admin", help="whose scope the exports read")
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--formats", default="csv,xlsx")
        parser.add_argument("--rollback", action="store_true", help="run in a transaction rolled back at the end")

    def handle(self, *args, rollback, **options):
        if not rollback:
            return self.measure(**options)
        with transaction.atomic():
            self.measure(**options)
            transaction.set_rollback(True)
        return None

    def measure(self, *, lists, user, repeat, formats, **options):
        reader = get_user_model().objects.get(username=user)
        client = Client()
        client.force_login(reader)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
        self.stdout.write(f"user {reader.username}; median of {repeat}; rows/s (share of COPY)")
        for label in lists or DEFAULT_LISTS:
            model = apps.get_model(label)
            declaration = registry.page(model)
            queryset = restrict(declaration.get_queryset(), reader, "view")
            table = declaration.table(queryset.none(), reader=reader)
            copies = [_copy_rows_per_second(queryset, table) for _ in range(repeat)]
            copy_rows = copies[0][0]
            copy_speed = copy_rows / statistics.median(seconds for _rows, seconds in copies)
            plan = plan_for(table, queryset)
            planned = "planned" if plan is not None else "through the table"
            self.stdout.write(f"{label}: {copy_rows} rows, {planned}; COPY {copy_speed:,.0f} rows/s")
            own = [_own_select_seconds(plan, queryset, reader) for _ in range(repeat)] if plan is not None else []
            if own and None not in own:
                speed = copy_rows / statistics.median(own)
                self.stdout.write(
                    f"  COPY of the export's own select (joins, names, labels, days): {speed:,.0f} rows/s "
                    f"({speed / copy_speed:.0%} of COPY)"
                )
            for fmt in formats.split(","):
                for door, url in (
                    ("web", f"{declaration.url('export')}?format={fmt}"),
                    ("api", f"{_api_path(model)}?export={fmt}"),
                ):
                    runs = [_timed_download(client, url) for _ in range(repeat)]
                    rows = runs[0][0]
                    speed = rows / statistics.median(seconds for _rows, seconds, _size in runs)
                    self.stdout.write(
                        f"  {door} {fmt}: {rows} rows, {speed:,.0f} rows/s ({speed / copy_speed:.0%} of COPY), "
                        f"{runs[0][2] / 1e6:.1f} MB"
                    )
