"""Time the pages and exports of issue 14 beside their physical limit::

    python manage.py benchmark --repeat 30 --json /tmp/bench-100x.json --compare /tmp/bench-1x.json

Each page is asked ``--repeat`` times in this process through Django's test client, logged in as
an administrator of the force's top unit (``--user``, the demo's ``admin``: every unit is in their
scope). Beside each page, timed in turn with it, is its physical limit: the same rows (or the same
sums) read by one raw SQL query and turned into JSON by ``json.dumps``. An export is timed as rows
a second over its first ``--export-rows`` rows, beside PostgreSQL's ``COPY (the same select) TO
STDOUT`` of as many rows through psycopg. The result is a Markdown table; ``--json`` keeps it,
and ``--compare`` prints how each figure grew against a saved run (of the demo, say).
"""

from __future__ import annotations

import io
import json
import os
import platform
import statistics
import time
from dataclasses import dataclass
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

DEEP_PAGE = "`/api/budget/spending/?page=1000`"
PAGE = 50  # the API's and the lists' page size (REST_FRAMEWORK PAGE_SIZE, ObjectViews.per_page)
PERIOD = "date_from=2015-01-01&date_to=2026-12-31"

SPENDING_ROWS = """
    SELECT s.id, s.date, s.kind, s.amount, s.voucher_number, s.description, s.status, u.name, f.name, c.name
    FROM budget_spending s
    JOIN budget_allocation a ON a.id = s.allocation_id
    JOIN logistics_unit u ON u.id = a.unit_id
    JOIN budget_fundingsource f ON f.id = a.source_id
    JOIN budget_spendingcategory c ON c.id = a.category_id
"""
MOVEMENT_ROWS = """
    SELECT m.id, m.date, v.number, v.kind, u.name, t.name, i.serial_number, m.quantity, m.value
    FROM assets_movement m
    JOIN assets_voucher v ON v.id = m.voucher_id
    JOIN logistics_unit u ON u.id = m.unit_id
    JOIN assets_itemtype t ON t.id = m.item_type_id
    LEFT JOIN assets_item i ON i.id = m.item_id
"""
ITEM_ROWS = """
    SELECT i.id, t.name, i.name, i.serial_number, i.plate_number, i.cost, i.status, u.name
    FROM assets_item i
    JOIN assets_itemtype t ON t.id = i.item_type_id
    LEFT JOIN logistics_unit u ON u.id = i.holder_unit_id
    ORDER BY t.name, i.serial_number, i.plate_number, i.id
"""
# The figures of the dashboard and the annual report, summed from the records of the period.
PERIOD_SUMS = """
    SELECT
      (SELECT json_agg(x) FROM (SELECT a.source_id, sum(a.amount + a.adjustments_total), sum(a.spent_total)
         FROM budget_allocation a WHERE a.fiscal_year_id BETWEEN 2015 AND 2026 GROUP BY a.source_id) x),
      (SELECT json_agg(x) FROM (SELECT s.kind, count(*), sum(s.signed_amount) FROM budget_spending s
         WHERE s.status = 'posted' AND s.date BETWEEN '2015-01-01' AND '2026-12-31' GROUP BY s.kind) x),
      (SELECT json_agg(x) FROM (SELECT t.category_id, sum(m.quantity), sum(m.value) FROM assets_movement m
         JOIN assets_itemtype t ON t.id = m.item_type_id
         WHERE m.date BETWEEN '2015-01-01' AND '2026-12-31' GROUP BY t.category_id) x),
      (SELECT json_agg(x) FROM (SELECT e.service, count(*) FROM medical_encounter e
         WHERE e.date BETWEEN '2015-01-01' AND '2026-12-31' GROUP BY e.service) x),
      (SELECT json_agg(x) FROM (SELECT p.status, count(*) FROM construction_project p GROUP BY p.status) x)
"""
SEARCHED = ("logistics_personnel", "budget_spending", "assets_item", "assets_voucher", "medical_encounter")
SEARCH_XE = " UNION ALL ".join(
    f"(SELECT '{table}', id, search_text FROM {table} "
    f"WHERE search_words @@ to_tsquery('simple', 'xe:*') AND search_text ~ '\\mxe' LIMIT 6)"
    for table in SEARCHED
)


@dataclass(frozen=True)
class Case:
    label: str
    url: str
    #: The physical limit: one SQL query whose rows ``json.dumps`` turns into the answer; for an
    #: export, the select that ``COPY`` writes.
    raw: str
    export: bool = False


CASES = [
    Case(
        "`/api/budget/spending/` first page",
        "/api/budget/spending/",
        f"{SPENDING_ROWS} ORDER BY s.date DESC, s.id DESC LIMIT {PAGE}",
    ),
    Case(
        "`/api/budget/spending/?ordering=-amount`",
        "/api/budget/spending/?ordering=-amount",
        f"{SPENDING_ROWS} ORDER BY s.amount DESC, s.id DESC LIMIT {PAGE}",
    ),
    Case(
        "`/api/budget/spending/?q=thanh`",
        "/api/budget/spending/?q=thanh",
        f"{SPENDING_ROWS} WHERE s.search_words @@ to_tsquery('simple', 'thanh:*') AND s.search_text ~ '\\mthanh' "
        f"ORDER BY s.date DESC, s.id DESC LIMIT {PAGE}",
    ),
    # Page 1000, or the last page of a smaller list (the physical limit reads it by OFFSET).
    Case(
        DEEP_PAGE,
        "/api/budget/spending/?page={deep}",
        f"{SPENDING_ROWS} ORDER BY s.date DESC, s.id DESC LIMIT {PAGE} OFFSET ({{deep}} - 1) * {PAGE}",
    ),
    Case(
        "`/budget/spending/` (UI) first page",
        "/budget/spending/",
        f"{SPENDING_ROWS} ORDER BY s.date DESC, s.id DESC LIMIT {PAGE}",
    ),
    Case("dashboard, 2015–2026", f"/?{PERIOD}", PERIOD_SUMS),
    Case("annual report page, 2015–2026", f"/reports/annual/?{PERIOD}", PERIOD_SUMS),
    Case("annual report API, 2015–2026", f"/api/reports/annual/?{PERIOD}", PERIOD_SUMS),
    Case("annual report PDF, 2015–2026", f"/reports/annual/?{PERIOD}&format=pdf", PERIOD_SUMS),
    Case('global search "xe"', "/search/?q=xe", SEARCH_XE),
    Case("`/api/assets/items/` first page", "/api/assets/items/", f"{ITEM_ROWS} LIMIT {PAGE}"),
    Case(
        "`/api/assets/movements/` first page",
        "/api/assets/movements/",
        f"{MOVEMENT_ROWS} ORDER BY m.date DESC, m.id DESC LIMIT {PAGE}",
    ),
    Case(
        "`/assets/movement/` (UI) first page",
        "/assets/movement/",
        f"{MOVEMENT_ROWS} ORDER BY m.date DESC, m.id DESC LIMIT {PAGE}",
    ),
    Case(
        "CSV export (web) of movements",
        "/assets/movement/export/?format=csv",
        f"{MOVEMENT_ROWS} ORDER BY m.date DESC, m.id DESC",
        export=True,
    ),
    Case(
        "CSV export (API) of movements",
        "/api/assets/movements/?export=csv",
        f"{MOVEMENT_ROWS} ORDER BY m.date DESC, m.id DESC",
        export=True,
    ),
    Case(
        "CSV export (web) of spending",
        "/budget/spending/export/?format=csv",
        f"{SPENDING_ROWS} ORDER BY s.date DESC, s.id DESC",
        export=True,
    ),
    Case(
        "CSV export (API) of spending",
        "/api/budget/spending/?export=csv",
        f"{SPENDING_ROWS} ORDER BY s.date DESC, s.id DESC",
        export=True,
    ),
]


class _Counter(io.RawIOBase):
    """Where ``COPY`` writes: only its lines are counted."""

    def __init__(self):
        self.lines = 0

    def writable(self):
        return True

    def write(self, data):
        self.lines += bytes(data).count(b"\n")
        return len(data)


def _number(value: float) -> str:
    """A whole number as Vietnamese write it: 12.345."""
    return f"{value:,.0f}".replace(",", ".")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Time issue 14's pages and exports (p50, p95) beside one raw SQL query or COPY of the same rows."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=30, help="Requests per page (default 30).")
        parser.add_argument("--warmup", type=int, default=1, help="Untimed rounds first (default 1).")
        parser.add_argument("--export-repeat", type=int, default=3, help="Runs of each export (default 3).")
        parser.add_argument(
            "--export-rows", type=int, default=5_000, help="Rows read from each export (default 5.000)."
        )
        parser.add_argument("--user", default="admin", help="Who asks (default: the demo's administrator).")
        parser.add_argument("--only", default="", help="Only the cases whose label contains this text.")
        parser.add_argument("--json", dest="json_path", help="Save the results to this file.")
        parser.add_argument("--compare", help="A saved run (--json) to print the growth against.")
        parser.add_argument("--saved", help="Print a saved run (--json) instead of measuring.")

    def handle(
        self, *args, repeat, warmup, export_repeat, export_rows, user, only, json_path, compare, saved, **options
    ):
        if saved:
            with open(saved, encoding="utf-8") as source:
                run = json.load(source)
            self.report(run["results"], run["meta"], compare, None)
            return
        if repeat < 1 or export_repeat < 1 or export_rows < 1:
            raise CommandError("--repeat, --export-repeat and --export-rows are at least 1.")
        try:
            account = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user {user!r}: load the demo data, or name one with --user.") from None
        deep = min(1000, max(1, -(-self.count("budget_spending") // PAGE)))
        cases = [
            Case(case.label, case.url.replace("{deep}", str(deep)), case.raw.replace("{deep}", str(deep)), case.export)
            for case in CASES
            if only.lower() in case.label.lower()
        ]
        client = Client()
        client.force_login(account)
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts):
            results = self.measure(client, cases, repeat, warmup, export_repeat, export_rows)
        meta = {
            "user": f"{account.username} ({account.unit if hasattr(account, 'unit') else ''})",
            "database": connection.settings_dict["NAME"],
            "rows": self.volumes(),
            "repeat": repeat,
            "export_rows": export_rows,
            "machine": f"{platform.node()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}",
            "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        }
        self.report(results, meta, compare, json_path)

    def report(self, results, meta, compare, json_path) -> None:
        self.stdout.write(self.markdown(results, meta))
        if compare:
            with open(compare, encoding="utf-8") as saved:
                self.stdout.write("")
                self.stdout.write(self.growth(json.load(saved), results))
        if json_path:
            with open(json_path, "w", encoding="utf-8") as target:
                json.dump({"meta": meta, "results": results}, target, ensure_ascii=False, indent=1)

    # --- measuring ------------------------------------------------------------------------------

    def measure(self, client, cases, repeat, warmup, export_repeat, export_rows) -> list[dict]:
        pages = [case for case in cases if not case.export]
        exports = [case for case in cases if case.export]
        timings = {case.label: ([], []) for case in cases}
        for _round in range(warmup):  # untimed: caches, connections, the first query plans
            for case in pages:
                self.page(client, case)
                self.raw(case)
        # Page and raw query in turn, case after case: whatever else the machine does falls on both.
        for _round in range(repeat):
            for case in pages:
                page_times, raw_times = timings[case.label]
                page_times.append(self.page(client, case))
                raw_times.append(self.raw(case))
        rows = {}
        for _round in range(export_repeat):
            for case in exports:
                page_rates, copy_rates = timings[case.label]
                count, seconds = self.export(client, case, export_rows)
                rows[case.label] = count
                page_rates.append(count / seconds)
                copy_count, copy_seconds = self.copy(case, export_rows)
                copy_rates.append(copy_count / copy_seconds)
        results = []
        for case in cases:
            page_values, raw_values = timings[case.label]
            entry = {"what": case.label, "case": case.label, "url": case.url, "export": case.export}
            if "page=" in case.url and "page=1000" not in case.url:
                entry["what"] = f"{case.label.replace('page=1000', case.url.rsplit('?', 1)[1])} (the last page)"
            if case.export:
                # Rates: the median, and the slow end (the 5th percentile of the rate).
                entry.update(
                    p50=statistics.median(page_values),
                    p95=percentile(page_values, 0.05),
                    raw_p50=statistics.median(raw_values),
                    rows=rows[case.label],
                )
                entry["ratio"] = entry["p50"] / entry["raw_p50"]
            else:
                entry.update(
                    p50=statistics.median(page_values) * 1000,
                    p95=percentile(page_values, 0.95) * 1000,
                    raw_p50=statistics.median(raw_values) * 1000,
                )
                entry["ratio"] = entry["p50"] / entry["raw_p50"] if entry["raw_p50"] else None
            results.append(entry)
        return results

    def page(self, client, case) -> float:
        started = time.perf_counter()
        response = client.get(case.url)
        if response.status_code != 200:
            raise CommandError(f"{case.url} answered {response.status_code}.")
        if response.streaming:
            b"".join(response.streaming_content)
        else:
            response.content  # noqa: B018 — read as a client would
        return time.perf_counter() - started

    def raw(self, case) -> float:
        connection.ensure_connection()
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(case.raw)
            json.dumps(cursor.fetchall(), default=str)
        return time.perf_counter() - started

    def export(self, client, case, export_rows) -> tuple[int, float]:
        """Rows of the export read in its first ``export_rows`` (after the header), and the time."""
        started = time.perf_counter()
        response = client.get(case.url)
        if response.status_code != 200:
            raise CommandError(f"{case.url} answered {response.status_code}.")
        lines = -1  # the header
        for chunk in response.streaming_content:
            lines += chunk.count(b"\n")
            if lines >= export_rows:
                break
        # Closing fires request_finished, whose handler would close the connection (and end the
        # transaction a test runs in); the test client keeps it for a response read to its end,
        # and so does this for one left early.
        with mock.patch.object(connection, "close_if_unusable_or_obsolete", lambda: None):
            response.close()
        return lines, time.perf_counter() - started

    def copy(self, case, export_rows) -> tuple[int, float]:
        sink = _Counter()
        connection.ensure_connection()
        started = time.perf_counter()
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY ({case.raw} LIMIT {export_rows}) TO STDOUT WITH (FORMAT csv)") as copy,
        ):
            for block in copy:
                sink.write(bytes(block))
        return sink.lines, time.perf_counter() - started

    def count(self, table: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {table}")
            return cursor.fetchone()[0]

    def volumes(self) -> dict:
        tables = {
            "items": "assets_item",
            "movements": "assets_movement",
            "spending": "budget_spending",
            "encounters": "medical_encounter",
            "personnel": "logistics_personnel",
        }
        return {name: self.count(table) for name, table in tables.items()}

    # --- reporting ------------------------------------------------------------------------------

    def markdown(self, results, meta) -> str:
        number = _number
        lines = [
            f"Database {meta['database']} ({', '.join(f'{number(v)} {k}' for k, v in meta['rows'].items())}); "
            f"user {meta['user']}; {meta['repeat']} requests a page, exports over {number(meta['export_rows'])} rows; "
            f"{meta['machine']}, {meta['at']}.",
            "",
            "| what | p50 | p95 | raw p50 | ratio to raw / share of COPY |",
            "|---|---|---|---|---|",
        ]
        for entry in results:
            if entry["export"]:
                lines.append(
                    f"| {entry['what']}, rows/s | {number(entry['p50'])} | {number(entry['p95'])} | "
                    f"{number(entry['raw_p50'])} (COPY) | {entry['ratio'] * 100:.1f} % |"
                )
            else:
                ratio = f"×{entry['ratio']:.1f}" if entry["ratio"] else "—"
                lines.append(
                    f"| {entry['what']} | {entry['p50']:.0f} ms | {entry['p95']:.0f} ms | "
                    f"{entry['raw_p50']:.1f} ms | {ratio} |"
                )
        return "\n".join(lines)

    def growth(self, saved, results) -> str:
        # A case is known by its label (a saved run's "what" may name the page it read instead).
        before = {entry.get("case", entry["what"]): entry for entry in saved["results"]}
        for entry in saved["results"]:
            if "page=" in entry["url"] and "page=1000" not in entry["url"]:
                before.setdefault(DEEP_PAGE, entry)
        lines = [
            f"Growth against {saved['meta']['database']} ({saved['meta']['at']}):",
            "",
            "| what | before p50 | now p50 | growth |",
            "|---|---|---|---|",
        ]
        for entry in results:
            old = before.get(entry.get("case", entry["what"]))
            if old is None:
                continue
            if entry["export"]:
                growth = old["p50"] / entry["p50"] if entry["p50"] else None
                old_text, new_text = f"{_number(old['p50'])} rows/s", f"{_number(entry['p50'])} rows/s"
            else:
                growth = entry["p50"] / old["p50"] if old["p50"] else None
                old_text, new_text = f"{old['p50']:.0f} ms", f"{entry['p50']:.0f} ms"
            growth_text = f"×{growth:.1f}" if growth else "—"
            lines.append(f"| {entry['what']} | {old_text} | {new_text} | {growth_text} |")
        return "\n".join(lines)
