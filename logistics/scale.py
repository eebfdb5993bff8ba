"""Provincial-scale data: the loaded records multiplied by bulk SQL (``generate_scale_data``).

Each app declares, from its ``AppConfig.ready()``, the models it multiplies and a generator that
copies them and then brings its running totals in step (``register_scale``). An app says how many
rows of its main table one unit of the factor stands for (the factor 100 is issue 14's province:
about 60.000 items, 2.000.000 ledger movements, 1.000.000 spending entries, 500.000 encounters,
30.000 officers), and the plan turns that into a number of copies of what is loaded. The copies
are made by ``INSERT … SELECT`` from the table itself, one statement per copy, never by the ORM.

Copy ``k`` of a row takes the id ``id + k × stride``, where the stride of a table is its largest
id before the run; a reference to a record of a multiplied model follows the same rule, so copy
``k`` of a voucher line belongs to copy ``k`` of its voucher and moves copy ``k`` of its item, and
every copy is a consistent replica of the records it was made from (a model with fewer copies is
taken round). References to records that are not multiplied (units, item types, allocations,
suppliers, users) are kept: the copies belong to the same units and so are in the same scopes.

Every constraint and trigger of the schema stays in force: CHECK and unique constraints are
checked row by row, foreign keys at commit, the ledger's and the event tables' protections hold.
Search columns are generated columns, filled by the database itself. The history is complete:
each copied row has its insert event, under a context that names the command — written by one
``INSERT … SELECT`` per table instead of the insert trigger's statement per row (on 1.323 spending
rows the trigger took 0,60 s beside 1,08 s for the insert itself), with the columns it writes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field

import pgtrigger
from django.apps import apps
from django.db import connection, models

from logistics.models import Personnel
from logistics.registry import ScaleGenerator

#: The name pghistory gives the insert trigger of a tracked model.
INSERT_TRIGGER = "insert_insert"

#: Where the copy number goes in the SQL of a copy.
COPY_NUMBER = "%(k)s"

#: A column of a copy, as SQL over the original row ``o`` and the copy number ``k``.
SqlExpression = str


@dataclass
class ScalePlan:
    """One run: the factor, the stride of each multiplied table, the copies made so far of each,
    and what was done."""

    factor: int
    strides: dict[type, int]
    log: Callable[[str], None] = print
    #: model → the highest copy number made of its rows.
    copies: dict[type, int] = field(default_factory=dict)
    #: (what, rows, seconds) of each step, in order.
    steps: list[tuple[str, int, float]] = field(default_factory=list)

    def stride(self, model) -> int:
        return self.strides[model]

    def multiplier(self, model, rows_per_factor: int) -> int:
        """How many times the rows of ``model`` are to be there in all (1: no copy) so that the
        table holds about ``rows_per_factor`` × the factor rows: the volume an app declares for
        one province's worth of records (the factor 100 is the province of issue 14)."""
        base = self.strides[model] and self.count(model)
        if not base:
            return 1
        return max(1, round(self.factor * rows_per_factor / base))

    def scalar(self, sql: str, params: dict | None = None):
        with connection.cursor() as cursor:
            cursor.execute(sql, params or {})
            return cursor.fetchone()[0]

    def count(self, model) -> int:
        return self.scalar(f"SELECT count(*) FROM {connection.ops.quote_name(model._meta.db_table)}")

    def count_where(self, model, where: str) -> int:
        """Rows of ``model`` that ``where`` keeps (SQL over the row ``o``)."""
        return self.scalar(f"SELECT count(*) FROM {connection.ops.quote_name(model._meta.db_table)} o WHERE {where}")

    def execute(self, sql: str, params: dict | None = None, *, what: str | None = None) -> int:
        """Run one statement (a literal ``%`` is written ``%%``: parameters are always bound, as the
        history context adds its own); with ``what``, time it and record it as a step."""
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, params or {})
            rows = cursor.rowcount
        if what is not None:
            self._step(what, rows, time.perf_counter() - started)
        return rows

    def _step(self, what: str, rows: int, seconds: float) -> None:
        self.steps.append((what, rows, seconds))
        self.log(f"  {what}: {f'{rows:,}'.replace(',', '.')} rows in {seconds:.1f} s")

    def _reference(self, model, model_field) -> SqlExpression:
        """Where copy ``k`` of a row points for a reference to a multiplied model: copy ``k`` of
        the record; when that model has fewer copies, the copies are taken round (copy 1 again
        after the last), so that every reference names a row that exists."""
        target = model_field.related_model
        column = f"o.{connection.ops.quote_name(model_field.column)}"
        made = self.copies.get(target, 0)
        if target is model:
            return f"{column} + %(k)s * {self.strides[target]}"
        if made == 0:
            return column
        return f"{column} + (mod(%(k)s - 1, {made}) + 1) * {self.strides[target]}"

    def copy(self, model, copies: Iterable[int], *, where: str = "", label: str = "", **overrides: SqlExpression):
        """Insert copies ``copies`` (numbers from 1) of the rows of ``model`` (a multiplied model)
        that ``where`` keeps (SQL over the original row ``o``); ``overrides`` give columns their
        own SQL over ``o`` and ``%(k)s`` (unique numbers, say; no other ``%``).
        Returns the rows inserted."""
        copies = list(copies)
        stride = self.strides[model]
        if not stride or not copies:
            return 0
        table = connection.ops.quote_name(model._meta.db_table)
        pk = model._meta.pk.column
        columns, values = [], []
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.GeneratedField):
                continue
            column = model_field.column
            columns.append(connection.ops.quote_name(column))
            if column in overrides:
                values.append(overrides.pop(column))
            elif model_field.primary_key:
                values.append(f"o.{pk} + %(k)s * {stride}")
            elif model_field.is_relation and model_field.related_model in self.strides:
                values.append(self._reference(model, model_field))
            else:
                values.append(f"o.{connection.ops.quote_name(column)}")
        if overrides:
            raise ValueError(f"{model._meta.label} has no column {', '.join(overrides)}.")
        # One statement per copy, in the order of the ids: the new ids are appended to each index.
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {table} o "
            f"WHERE o.{pk} <= {stride} {'AND (' + where + ')' if where else ''} ORDER BY o.{pk}"
        )
        started = time.perf_counter()
        before = self.scalar(f"SELECT coalesce(max({pk}), 0) FROM {table}")
        events = _event_model(model)
        # The history is written set-based below: the same rows the insert trigger writes one
        # by one (a statement of its own per row, over half the cost of the copy again).
        quiet = pgtrigger.ignore(f"{model._meta.label}:{INSERT_TRIGGER}") if events else nullcontext()
        inserted = 0
        with quiet, connection.cursor() as cursor:
            for k in copies:
                # k is written into the statement: the trigger's ignore list is bound as a
                # positional parameter, which named ones cannot join.
                cursor.execute(sql.replace(COPY_NUMBER, str(k)))
                inserted += cursor.rowcount
        with connection.cursor() as cursor:
            if events is not None:
                self._record_inserts(cursor, model, events, after_id=before)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), (SELECT max({pk}) FROM {table}))",
                [model._meta.db_table, pk],
            )
        self.copies[model] = max(self.copies.get(model, 0), *copies)
        what = f"{model._meta.label} copies {copies[0]}–{copies[-1]}" + (f" ({label})" if label else "")
        self._step(what, inserted, time.perf_counter() - started)
        return inserted

    def _record_inserts(self, cursor, model, events, *, after_id: int) -> None:
        """The insert events of the rows of ``model`` above ``after_id``, as its history trigger
        writes them: each row's tracked columns, the command's context, the label ``insert``."""
        quote = connection.ops.quote_name
        tracked = [f.column for f in events._meta.concrete_fields if not f.column.startswith("pgh_")]
        cursor.execute("SELECT _pgh_attach_context()")
        context = cursor.fetchone()[0]
        pk = model._meta.pk.column
        columns = ", ".join(quote(column) for column in tracked)
        cursor.execute(
            f"INSERT INTO {quote(events._meta.db_table)} "
            f"({columns}, pgh_context_id, pgh_created_at, pgh_label, pgh_obj_id) "
            f"SELECT {columns}, %(context)s, now(), 'insert', {pk} FROM {quote(model._meta.db_table)} "
            f"WHERE {pk} > %(after)s ORDER BY {pk}",
            {"context": context, "after": after_id},
        )


def _event_model(model):
    """The history event model of ``model`` (``logistics.history.tracked``), or None."""
    try:
        return apps.get_model(model._meta.app_label, f"{model.__name__}Event")
    except LookupError:
        return None


def plan_for(factor: int, generators: Iterable[ScaleGenerator], log: Callable[[str], None] = print) -> ScalePlan:
    """The strides of every multiplied table, read before any row is inserted."""
    strides = {}
    with connection.cursor() as cursor:
        for generator in generators:
            for model in generator.models:
                cursor.execute(
                    f"SELECT coalesce(max({model._meta.pk.column}), 0) FROM {connection.ops.quote_name(model._meta.db_table)}"
                )
                strides[model] = cursor.fetchone()[0]
    # Every multiplied model starts with no copies: a reference to one whose app copies nothing
    # (or has not yet copied) keeps its original.
    return ScalePlan(factor=factor, strides=strides, log=log, copies=dict.fromkeys(strides, 0))


def suffixed(column: str, max_length: int, separator: str = "/") -> SqlExpression:
    """``column`` of copy ``k`` with ``/k`` after it, left empty when empty (unique when given);
    cut from the left of the original when the whole would be too long."""
    suffix = f"'{separator}' || %(k)s"
    return f"CASE WHEN o.{column} = '' THEN '' ELSE left(o.{column}, {max_length} - length({suffix})) || {suffix} END"


# --- the core's part: personnel ------------------------------------------------------------------


#: Officers of one province's worth of records (issue 14's 100× held 30.289).
PERSONNEL_PER_FACTOR = 303


def multiply_personnel(plan: ScalePlan) -> None:
    """Officers: each copy gets a service number of its own, one no officer has (six digits,
    ``123-456``), the free numbers taken in order."""
    copies = plan.multiplier(Personnel, PERSONNEL_PER_FACTOR) - 1
    needed = copies * plan.stride(Personnel)
    if not needed:
        return
    plan.execute("DROP TABLE IF EXISTS scale_service_numbers")
    plan.execute(
        """
        CREATE TEMPORARY TABLE scale_service_numbers ON COMMIT DROP AS
        SELECT row_number() OVER (ORDER BY n) AS position,
               to_char(n / 1000, 'FM000') || '-' || to_char(mod(n, 1000), 'FM000') AS number
        FROM generate_series(100000, 999999) AS n
        WHERE NOT EXISTS (
            SELECT 1 FROM logistics_personnel p WHERE replace(p.service_number, '-', '') = n::text
        )
        ORDER BY n
        LIMIT %(needed)s
        """,
        {"needed": needed},
    )
    plan.execute("CREATE UNIQUE INDEX ON scale_service_numbers (position)")
    free = plan.scalar("SELECT count(*) FROM scale_service_numbers")
    if free < needed:
        raise ValueError(
            f"Only {free} six-digit service numbers are free; {needed} are needed: choose a smaller factor."
        )
    plan.copy(
        Personnel,
        range(1, copies + 1),
        service_number=(
            "(SELECT s.number FROM scale_service_numbers s "
            f"WHERE s.position = o.id + (%(k)s - 1) * {plan.stride(Personnel)})"
        ),
    )
