"""Measures exports against PostgreSQL's own ``COPY`` of the same scoped select.

For each list it times the web export (``/…/export/?format=csv|xlsx``) and the API export
(``/api/…/?export=csv|xlsx``) read to the last byte, as a user of the database, and beside them
``COPY (the export's select) TO STDOUT WITH CSV`` — the same scope, filters, joins and order — read
through psycopg. It prints rows/s of each and the share of ``COPY``'s speed. Each export is
written to the export log, like any other: run it on a copy of a database, not a live one.

    python manage.py benchmark_exports --user officer --repeat 3
    python manage.py benchmark_exports --list medical.encounter --user clinic
"""

import statistics
import time

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client

from logistics.export_plan import plan_for
from logistics.models import ExportLog
from logistics.registry import registry
from logistics.scope import restrict

DEFAULT_LISTS = ("assets.movement", "budget.spending", "medical.encounter")


def _api_path(model) -> str:
    for route in registry.api_routes(model._meta.app_label):
        if route.viewset.queryset.model is model:
            return f"/api/{model._meta.app_label}/{route.prefix}/"
    raise CommandError(f"{model._meta.label} has no API list.")


def _copy_rows_per_second(queryset, table) -> tuple[int, float]:
    """(rows, seconds) of COPY of the select the export runs (its plan's, or the whole rows')."""
    plan = plan_for(table, queryset)
    select = queryset.values_list(*plan.paths) if plan is not None else queryset
    sql, params = select.query.sql_with_params()
    sink = _LineCounter()
    with connection.cursor() as cursor:
        statement = cursor.mogrify(sql, params).decode()
        started = time.perf_counter()
        cursor.copy_expert(f"COPY ({statement}) TO STDOUT WITH CSV", sink)
    return sink.lines, time.perf_counter() - started


class _LineCounter:
    """A file that COPY writes to: counts rows, keeps nothing."""

    def __init__(self):
        self.lines = 0

    def write(self, data) -> int:
        self.lines += data.count("\n" if isinstance(data, str) else b"\n")
        return len(data)


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

    def handle(self, *args, lists, user, repeat, formats, **options):
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
            planned = "planned" if plan_for(table, queryset) is not None else "through the table"
            self.stdout.write(f"{label}: {copy_rows} rows, {planned}; COPY {copy_speed:,.0f} rows/s")
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
