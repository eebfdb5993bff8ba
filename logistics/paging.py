"""Counting and paging long lists at a cost that does not grow with the list.

Counting every filtered row on each page view read the whole list (hundreds of milliseconds on a
million entries), and a page far down (``OFFSET 50 000``) read every row before it. Here:

- :func:`count_rows` counts exactly up to ``LIST_COUNT_THRESHOLD`` rows (``LIMIT threshold + 1``)
  and beyond that takes the planner's estimate of the filtered list, said as an estimate;
- :func:`keyset_page` reads the page after (or before) a row of the list, found by the values of
  the list's sort keys (its ordering and the id that breaks ties), whatever the page's depth. The
  position travels as an opaque signed cursor, bound to the ordering it was made for.

The web lists and the API lists both use them.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import json
import uuid
from functools import reduce
from operator import and_, or_

from django.conf import settings
from django.core import signing
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import F, OrderBy, Q, QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from logistics.formatting import number

_CURSOR_SALT = "logistics.paging.cursor"


# --- counting ------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class RowCount:
    """How many rows a list holds: exact up to ``threshold``, else the planner's estimate."""

    value: int
    estimated: bool = False
    threshold: int = 0

    def __int__(self) -> int:
        return self.value

    @property
    def text(self) -> str:
        if not self.estimated:
            return number(self.value)
        if self.value <= self.threshold + 1:
            # The planner guessed fewer rows than were counted: all that is known is the floor.
            return _("more than %(count)s") % {"count": number(self.threshold)}
        return _("about %(count)s") % {"count": number(_rounded(self.value))}


def _rounded(value: int) -> int:
    """Two significant digits: an estimate shown to the unit would claim a precision it lacks."""
    digits = len(str(value))
    if digits <= 2:
        return value
    scale = 10 ** (digits - 2)
    return round(value / scale) * scale


def count_threshold() -> int:
    return int(getattr(settings, "LIST_COUNT_THRESHOLD", 10_000))


def count_rows(queryset: QuerySet, threshold: int | None = None) -> RowCount:
    """The rows of ``queryset``: counted up to ``threshold`` (one query that stops reading there),
    estimated beyond it by the planner (``EXPLAIN``, which reads no row)."""
    threshold = count_threshold() if threshold is None else threshold
    # Neither the order nor the related records joined for display change how many rows there are;
    # an order would make PostgreSQL sort the whole list to keep the first rows.
    bare = queryset.order_by().select_related(None)
    counted = bare[: threshold + 1].count()
    if counted <= threshold:
        return RowCount(counted, estimated=False, threshold=threshold)
    return RowCount(max(planned_rows(bare), threshold + 1), estimated=True, threshold=threshold)


def planned_rows(queryset: QuerySet) -> int:
    """The planner's estimate of the rows ``queryset`` returns (from the statistics, reading no row)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, (str, bytes)):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class CountingPaginator(Paginator):
    """A paginator whose count is :func:`count_rows`'s (``row_count`` says whether it is estimated).

    It takes a queryset (the API) or a table's rows (django-tables2, which paginates a table when it
    is made and again when it is configured: the count is kept on the table's data, made once)."""

    @cached_property
    def row_count(self) -> RowCount:
        rows = self.object_list
        table_data = getattr(rows, "data", None)
        if isinstance(rows, QuerySet):
            return count_rows(rows)
        if table_data is None or not isinstance(getattr(table_data, "data", None), QuerySet):
            return RowCount(len(rows))
        if getattr(table_data, "row_count", None) is None:
            table_data.row_count = count_rows(table_data.data)
        return table_data.row_count

    @cached_property
    def count(self) -> int:
        return self.row_count.value


# --- keyset pages ---------------------------------------------------------------------------------


class CursorError(ValueError):
    """A cursor that cannot be read, or that belongs to another ordering of the list."""


class CursorUnsupported(CursorError):
    """An ordering that a cursor cannot follow (random, or by an expression)."""


@dataclasses.dataclass(frozen=True)
class SortKey:
    name: str
    descending: bool = False
    #: Where rows without a value go; PostgreSQL's default: last going up, first going down.
    nulls_last: bool = True
    nullable: bool = True
    #: Read from the record as it is (a field of its own or an annotation) rather than annotated.
    on_record: str | None = None

    @property
    def label(self) -> str:
        return f"{'-' if self.descending else ''}{self.name}{'' if self.nulls_last else '^'}"

    def reversed(self) -> SortKey:
        return dataclasses.replace(self, descending=not self.descending, nulls_last=not self.nulls_last)

    def order(self) -> OrderBy:
        default_nulls_last = not self.descending
        # Spelled out only where it differs from PostgreSQL's default and a value can be missing:
        # ``NULLS FIRST`` going up on a column that has none would keep its index from serving
        # the previous pages.
        nulls = (
            {}
            if self.nulls_last == default_nulls_last or not self.nullable
            else ({"nulls_last": True} if self.nulls_last else {"nulls_first": True})
        )
        return OrderBy(F(self.name), descending=self.descending, **nulls)


def sort_keys(queryset: QuerySet) -> list[SortKey]:
    """The keys ``queryset`` is ordered by, as columns a row can be compared on, ending with the id."""
    query = queryset.query
    model = queryset.model
    if query.order_by:
        ordering = list(query.order_by)
    elif query.default_ordering and model._meta.ordering:
        ordering = list(model._meta.ordering)
    else:
        ordering = []
    keys: list[SortKey] = []
    for item in ordering:
        keys.extend(_keys_of(queryset, item))
    pk = model._meta.pk
    if not any(key.name in ("pk", pk.name, pk.attname) for key in keys):
        # Ties broken by the id, in the last key's direction (an index on (key, id) serves both).
        descending = keys[-1].descending if keys else False
        keys.append(
            SortKey(pk.attname, descending=descending, nulls_last=not descending, nullable=False, on_record="pk")
        )
    unique = []
    for key in keys:
        if key.name not in {seen.name for seen in unique}:
            unique.append(key)
    return unique


def _keys_of(queryset: QuerySet, item) -> list[SortKey]:
    if isinstance(item, str):
        if item == "?" or "." in item:
            raise CursorUnsupported(_("This ordering cannot be followed by a cursor."))
        descending = item.startswith("-")
        return _expand(queryset, item.lstrip("-+"), descending, nulls_last=not descending)
    if isinstance(item, F):
        return _expand(queryset, item.name, False, nulls_last=True)
    if isinstance(item, OrderBy) and isinstance(item.expression, F):
        descending = item.descending
        nulls_last = bool(item.nulls_last) if (item.nulls_last or item.nulls_first) else not descending
        return _expand(queryset, item.expression.name, descending, nulls_last=nulls_last)
    raise CursorUnsupported(_("This ordering cannot be followed by a cursor."))


def _expand(queryset: QuerySet, name: str, descending: bool, *, nulls_last: bool) -> list[SortKey]:
    """One ordering term as columns: a relation orders by its model's ordering (as Django does)."""
    model = queryset.model
    if name in queryset.query.annotations:
        return [SortKey(name, descending, nulls_last, nullable=True, on_record=name)]
    if name == "pk":
        name = model._meta.pk.attname
    current, field, nullable = model, None, False
    parts = name.split(LOOKUP_SEP)
    try:
        for part in parts:
            field = current._meta.pk if part == "pk" else current._meta.get_field(part)
            nullable = nullable or bool(getattr(field, "null", False))
            if field.is_relation and field.related_model is not None:
                current = field.related_model
    except FieldDoesNotExist as error:
        raise CursorUnsupported(_("This ordering cannot be followed by a cursor.")) from error
    local = len(parts) == 1
    by_id = parts[-1] == getattr(field, "attname", None)
    if field.is_relation and not by_id:
        if not (field.many_to_one or field.one_to_one) or not field.concrete:
            raise CursorUnsupported(_("This ordering cannot be followed by a cursor."))
        related_ordering = list(field.related_model._meta.ordering or [])
        if not related_ordering:
            return [
                SortKey(
                    f"{name}_id" if local else name, descending, nulls_last, nullable, field.attname if local else None
                )
            ]
        keys = []
        for term in related_ordering:
            if not isinstance(term, str):
                raise CursorUnsupported(_("This ordering cannot be followed by a cursor."))
            direction = descending != term.startswith("-")
            keys.extend(
                _expand(queryset, f"{name}{LOOKUP_SEP}{term.lstrip('-+')}", direction, nulls_last=not direction)
            )
        return keys
    return [SortKey(name, descending, nulls_last, nullable, on_record=field.attname if local else None)]


def _encode_value(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    return value


def make_cursor(keys: list[SortKey], values: list, *, backwards: bool) -> str:
    payload = {"o": [key.label for key in keys], "v": [_encode_value(value) for value in values], "b": backwards}
    return signing.dumps(payload, salt=_CURSOR_SALT, compress=True)


def read_cursor(cursor: str, keys: list[SortKey]) -> tuple[list, bool]:
    """The sort key values and the direction a cursor holds, or :class:`CursorError`."""
    try:
        payload = signing.loads(cursor, salt=_CURSOR_SALT)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError) as error:
        raise CursorError(_("This cursor is not valid: follow the next or previous link of a list.")) from error
    if not isinstance(payload, dict) or payload.get("o") != [key.label for key in keys]:
        raise CursorError(_("This cursor belongs to another ordering of the list: start again from its first page."))
    values = payload.get("v")
    if not isinstance(values, list) or len(values) != len(keys):
        raise CursorError(_("This cursor is not valid: follow the next or previous link of a list."))
    return values, bool(payload.get("b"))


def _equal(key: SortKey, value) -> Q:
    return Q(**{f"{key.name}__isnull": True}) if value is None else Q(**{key.name: value})


def _beyond(key: SortKey, value) -> Q | None:
    """Rows strictly after ``value`` on ``key`` (None: there are none)."""
    if value is None:
        return None if key.nulls_last else Q(**{f"{key.name}__isnull": False})
    condition = Q(**{f"{key.name}__{'lt' if key.descending else 'gt'}": value})
    if key.nulls_last and key.nullable:
        condition |= Q(**{f"{key.name}__isnull": True})
    return condition


def _after(keys: list[SortKey], values: list) -> Q:
    """Rows after the row whose sort key values are ``values``, in the order of ``keys``."""
    alternatives = []
    for index, key in enumerate(keys):
        beyond = _beyond(key, values[index])
        if beyond is not None:
            equal = [_equal(earlier, values[position]) for position, earlier in enumerate(keys[:index])]
            alternatives.append(reduce(and_, [*equal, beyond]))
    if not alternatives:
        return Q(pk__in=[])
    condition = reduce(or_, alternatives)
    first, value = keys[0], values[0]
    if value is not None:
        # The same condition again as a plain bound on the first key, which an index can start from.
        bound = Q(**{f"{first.name}__{'lte' if first.descending else 'gte'}": value})
        if first.nulls_last and first.nullable:
            bound |= Q(**{f"{first.name}__isnull": True})
        condition = bound & condition
    return condition


@dataclasses.dataclass
class KeysetPage:
    rows: list
    next_cursor: str | None
    previous_cursor: str | None


def _annotation(index: int) -> str:
    return f"paging_key_{index}"


def _values_of(record, keys: list[SortKey]) -> list:
    return [
        getattr(record, key.on_record) if key.on_record else getattr(record, _annotation(index))
        for index, key in enumerate(keys)
    ]


def stable_order(queryset: QuerySet) -> QuerySet:
    """``queryset`` with ties broken by the id, so that page numbers and cursors cut it the same
    way each time (a sort on a value many rows share leaves their order to chance)."""
    try:
        keys = sort_keys(queryset)
    except CursorUnsupported:
        return queryset
    return queryset.order_by(*(key.order() for key in keys))


def ordered_for_keys(queryset: QuerySet, keys: list[SortKey]) -> QuerySet:
    """``queryset`` in the order of ``keys``, with the values the records do not carry annotated."""
    annotations = {_annotation(index): F(key.name) for index, key in enumerate(keys) if not key.on_record}
    return queryset.order_by(*(key.order() for key in keys)).annotate(**annotations)


def keyset_page(queryset: QuerySet, cursor: str | None, size: int) -> KeysetPage:
    """The ``size`` rows after (or, for a cursor made backwards, before) the cursor's row; the
    first page when there is no cursor."""
    keys = sort_keys(queryset)
    values, backwards = read_cursor(cursor, keys) if cursor else (None, False)
    walk = [key.reversed() for key in keys] if backwards else keys
    rows = ordered_for_keys(queryset, walk)
    if values is not None:
        rows = rows.filter(_after(walk, values))
    found = list(rows[: size + 1])
    more = len(found) > size
    found = found[:size]
    if backwards:
        found.reverse()
    has_next = (values is not None) if backwards else more
    has_previous = more if backwards else (values is not None)
    # A page that went past the end still leads back to what came before its position.
    next_cursor = make_cursor(keys, _values_of(found[-1], keys), backwards=False) if has_next and found else None
    previous_cursor = make_cursor(keys, _values_of(found[0], keys), backwards=True) if has_previous and found else None
    return KeysetPage(found, next_cursor, previous_cursor)


def cursor_after(queryset: QuerySet, record) -> str | None:
    """The cursor of the page after ``record`` in ``queryset``'s order (None when the order cannot
    be followed by one): reads the sort key values the record does not carry (one small query)."""
    try:
        keys = sort_keys(queryset)
    except CursorUnsupported:
        return None
    if all(key.on_record for key in keys):
        values = _values_of(record, keys)
    else:
        found = ordered_for_keys(queryset.order_by(), keys).filter(pk=record.pk).first()
        if found is None:
            return None
        values = _values_of(found, keys)
    return make_cursor(keys, values, backwards=False)
