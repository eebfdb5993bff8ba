"""Summary tables: running totals per unit × month × the dimension a report needs, kept in step with
the records so that dashboards and reports read a few hundred rows instead of millions.

Each app declares its summaries (:class:`Summary`, ``app.register_summary``). A summary row is kept by
a statement-level trigger on its records (``summary_trigger``): the rows a statement inserts, updates
or deletes are grouped and added with ``INSERT … ON CONFLICT DO UPDATE SET x = x + EXCLUDED.x``, in
the same transaction as the write, whoever writes (a posting service, a unit merger, a bulk import).
The upsert takes the row lock of each summary row, in key order, so parallel postings add up instead
of overwriting each other. ``manage.py check_summaries`` compares every summary with the sums of its
records and, with ``--rebuild``, writes them again from the records.

Months are the grain. A period of arbitrary days reads its whole months from the summary and its
partial first and last months from the records, through an index on their date (:func:`split_period`),
so the figure is exact and the record part is bounded by two months whatever the period.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pgtrigger
from django.db import connection, transaction
from django.db.models import Q

from logistics.scope import UNRESTRICTED, permission_name, scope_q, scoped_unit_ids


@dataclass(frozen=True)
class Summary:
    """A summary table and how to compute it from its records."""

    model: type
    #: The key columns (attnames: ``unit_id``, ``month``…) and the summed columns.
    keys: tuple[str, ...]
    values: tuple[str, ...]
    #: ``expected()`` → the summary's rows as the records give them: dicts of keys and values, one
    #: per key (values not all zero). A queryset's ``values(...).annotate(...)`` does.
    expected: Callable[[], Iterable[dict]]

    @property
    def name(self) -> str:
        return self.model._meta.label


def summary_trigger(
    *,
    name: str,
    table: str,
    summary_table: str,
    keys: dict[str, str],
    values: dict[str, str],
    joins: str = "",
    where: str = "TRUE",
    operations: tuple[str, ...] = ("insert", "update", "delete"),
) -> list[pgtrigger.Trigger]:
    """The statement-level triggers keeping ``summary_table`` in step with ``table``.

    ``keys`` and ``values`` map each summary column to an SQL expression over a record row ``r``
    (``date_trunc('month', r.date)::date``, ``r.quantity``) and the rows ``joins`` brings; ``where``
    selects the records counted. Inserted rows add, deleted rows subtract, an update does both.
    """
    key_columns = ", ".join(keys)
    value_columns = ", ".join(values)
    select_keys = ", ".join(f"{expr} AS {col}" for col, expr in keys.items())
    positions = ", ".join(str(index) for index in range(1, len(keys) + 1))

    def add(transition: str, sign: str) -> str:
        sums = ", ".join(f"{sign}SUM({expr}) AS {col}" for col, expr in values.items())
        updates = ", ".join(f"{col} = {summary_table}.{col} + EXCLUDED.{col}" for col in values)
        # Grouped, then in key order: concurrent statements lock the summary rows in one order.
        return (
            f"INSERT INTO {summary_table} ({key_columns}, {value_columns}) "
            f"SELECT {key_columns}, {value_columns} FROM ("
            f"SELECT {select_keys}, {sums} FROM {transition} r {joins} WHERE {where} GROUP BY {positions}"
            f") grouped ORDER BY {key_columns} "
            f"ON CONFLICT ({key_columns}) DO UPDATE SET {updates};"
        )

    def trigger(operation, suffix: str, body: str, referencing) -> pgtrigger.Trigger:
        return pgtrigger.Trigger(
            name=f"{name}_{suffix}",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=operation,
            referencing=referencing,
            func=f"{body} RETURN NULL;",
        )

    triggers = {
        "insert": lambda: trigger(pgtrigger.Insert, "ins", add("new_rows", ""), pgtrigger.Referencing(new="new_rows")),
        "update": lambda: trigger(
            pgtrigger.Update,
            "upd",
            add("old_rows", "-") + add("new_rows", ""),
            pgtrigger.Referencing(old="old_rows", new="new_rows"),
        ),
        "delete": lambda: trigger(pgtrigger.Delete, "del", add("old_rows", "-"), pgtrigger.Referencing(old="old_rows")),
    }
    return [triggers[operation]() for operation in operations]


# --- reading ------------------------------------------------------------------------------------


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


@dataclass(frozen=True)
class PeriodSplit:
    """A period as whole months (``first_month`` ≤ month ≤ ``last_month``, read from a summary) and
    the days outside them (``edges``: (from, to) pairs, read from the records)."""

    first_month: datetime.date | None
    last_month: datetime.date | None
    edges: tuple[tuple[datetime.date, datetime.date], ...]

    def months_q(self, field: str = "month") -> Q:
        if self.first_month is None:
            return Q(pk__in=[])
        return Q(**{f"{field}__gte": self.first_month, f"{field}__lte": self.last_month})

    def edges_q(self, field: str = "date") -> Q:
        condition = Q(pk__in=[])
        for start, end in self.edges:
            condition |= Q(**{f"{field}__gte": start, f"{field}__lte": end})
        return condition


def split_period(date_from: datetime.date, date_to: datetime.date) -> PeriodSplit:
    first = date_from if date_from.day == 1 else next_month(date_from)
    ends_a_month = next_month(date_to) - datetime.timedelta(days=1) == date_to
    # The first day after the whole months.
    after = next_month(date_to) if ends_a_month else month_start(date_to)
    if first >= after:  # no whole month inside the period
        return PeriodSplit(None, None, ((date_from, date_to),) if date_from <= date_to else ())
    edges = []
    if date_from < first:
        edges.append((date_from, first - datetime.timedelta(days=1)))
    if after <= date_to:
        edges.append((after, date_to))
    return PeriodSplit(first, month_start(after - datetime.timedelta(days=1)), tuple(edges))


def restrict_like(queryset, user, record_model, action: str = "view"):
    """``queryset`` of a summary narrowed as :func:`logistics.scope.restrict` narrows ``record_model``:
    the user's permission on the records, and the records' scope columns, which the summary carries
    under the same names (``scope_units`` of the summary model)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if not user.has_perm(permission_name(record_model, action)):
        return queryset.none()
    unit_ids = scoped_unit_ids(user)
    if unit_ids is UNRESTRICTED:
        return queryset
    condition = scope_q(queryset.model, unit_ids)
    return queryset if condition is None else queryset.filter(condition)


# --- checking and rebuilding ----------------------------------------------------------------------


def _rows(summary: Summary, rows: Iterable[dict]) -> dict[tuple, tuple]:
    result: dict[tuple, tuple] = {}
    for row in rows:
        key = tuple(row[k] for k in summary.keys)
        value = tuple(row[v] or 0 for v in summary.values)
        previous = result.get(key)
        if previous is not None:
            value = tuple(a + b for a, b in zip(previous, value, strict=True))
        result[key] = value
    return {key: value for key, value in result.items() if any(value)}


def recorded_rows(summary: Summary) -> dict[tuple, tuple]:
    return _rows(summary, summary.model.objects.values(*summary.keys, *summary.values).order_by().iterator())


def differences(summary: Summary) -> list[dict]:
    """The summary's rows that differ from the sums of the records (should be none)."""
    expected = _rows(summary, summary.expected())
    recorded = recorded_rows(summary)
    found = []
    for key in sorted(set(expected) | set(recorded), key=repr):
        zero = (0,) * len(summary.values)
        want, have = expected.get(key, zero), recorded.get(key, zero)
        if want != have:
            found.append({"key": dict(zip(summary.keys, key, strict=True)), "records": want, "summary": have})
    return found


def rebuild(summary: Summary) -> int:
    """Write the summary again from the records; returns the number of rows written.

    The table is locked first (EXCLUSIVE: readers go on, writers wait), so a posting that has not
    added its rows yet adds them after the rebuild, and one that has is committed before it reads.
    """
    table = summary.model._meta.db_table
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{table}" IN EXCLUSIVE MODE')
        expected = _rows(summary, summary.expected())
        summary.model.objects.all().delete()
        summary.model.objects.bulk_create(
            [
                summary.model(
                    **dict(zip(summary.keys, key, strict=True)), **dict(zip(summary.values, value, strict=True))
                )
                for key, value in sorted(expected.items(), key=lambda item: repr(item[0]))
            ],
            batch_size=5000,
        )
    return len(expected)
