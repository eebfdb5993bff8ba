"""An export's plan: what each column of a list's table reads from the database, derived once.

An export used to draw every cell through the list's table (django-tables2 rows, one model instance
per row, the column's accessor, ``value`` and the scope check of :class:`logistics.tables.DisclosedRow`
for each cell): most of its time went there. A plan asks the table once, per column, how its value
is made, and turns that into

- a path for ``values_list()`` (``date``, ``allocation__unit``, ``voucher__kind``): the rows come as
  tuples from a server-side cursor, the joins in the same query;
- a choice field's labels, read once in the request's language;
- for a column that shows another record (a foreign key), the record's id along every hop of the
  way: the records are fetched once per chunk by kind and named once (not once per row), and what
  the reader may see of them is decided by the scope rule (:class:`logistics.scope.Disclosure`)
  exactly as the page decides it, withheld names and all;
- the column's ``value`` function, when it reads only the value (``value_quantity(value)``).

A column whose value needs the whole record (``value_name(value, record)``) cannot be planned
unless its table declares how the value is made from database values (``export_values``); a table
with such a column is exported through the table itself, as before (:func:`plan_for` says None).
"""

from __future__ import annotations

import inspect
import string
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import islice

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import FieldDoesNotExist
from django.db import connections, models
from django.db.backends.utils import CursorDebugWrapper
from django.db.models import Case, F, Func, Q, Value, When
from django.db.models.functions import Cast, Concat, NullIf
from django.utils import timezone
from django.utils.encoding import force_str
from django_tables2 import columns as table_columns
from django_tables2.utils import A
from psycopg.pq import TransactionStatus

from logistics import reads
from logistics.models.units import Unit
from logistics.scope import (
    UNRESTRICTED,
    Verdict,
    _is_scoped,
    hidden_label,
    permission_name,
    restrict,
    scoped_unit_ids,
)
from logistics.tables import MoneyColumn, cell_for_export
from logistics.xlsx_stream import STYLE_DATE, STYLE_DATETIME, STYLE_MONEY, STYLE_NUMBER

#: The most records of one kind whose names an export keeps at once (memory stays flat).
NAMES_KEPT = 50_000

#: Fields whose values are cells as they are: text, whole numbers.
_SIMPLE_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BigIntegerField)

#: Fields whose values repeat over many rows (days, booleans).
_FEW_FIELDS = (models.DateField, models.BooleanField)

_BASE_VALUE = table_columns.Column.value
_BASE_RENDER = table_columns.Column.render


class _NotPlanned(Exception):
    pass


def _reads_value_only(function) -> bool:
    """Whether ``function`` (a table's ``value_…``/``render_…``, a column's ``value``/``render``)
    reads nothing of the row but its value."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return False
    names = {p.name for p in parameters if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)}
    return names <= {"value"} and "value" in names


def _value_function(table, bound_column):
    """The function that turns a cell's value into the exported one, None when it is the value
    itself; raises _NotPlanned when it needs the record."""
    column = bound_column.column
    name = bound_column.name
    if name in getattr(table, "export_as_is", ()):
        return None
    function = getattr(table, f"value_{name}", None) or getattr(table, f"render_{name}", None)
    if function is None:
        kind = type(column)
        if getattr(column, "export_as_is", False):
            return None
        if kind.value is _BASE_VALUE:
            if kind.render is _BASE_RENDER:
                return None
            function = column.render
        elif isinstance(column, table_columns.BooleanColumn) and kind.value is table_columns.BooleanColumn.value:
            # django-tables2's own: the text of a bool (the field has no choices: checked when planned).
            return lambda value: str(bool(value))
        else:
            function = column.value
    if not _reads_value_only(function):
        raise _NotPlanned(name)
    return lambda value: function(value=value)


def _field_along(model, bits):
    """(the field the value is, whether it is a foreign key whose record is the value) along
    ``bits`` from ``model``; raises _NotPlanned for anything but fields."""
    found = None
    for position, bit in enumerate(bits):
        if model is None:
            raise _NotPlanned(bit)
        if bit == "pk":
            found = model._meta.pk
            model = None
            continue
        try:
            found = model._meta.get_field(bit)
        except FieldDoesNotExist:
            found = next((f for f in model._meta.concrete_fields if f.attname == bit), None)
            if found is None:
                raise _NotPlanned(bit) from None
            return found, False
        if isinstance(found, GenericForeignKey) or (found.is_relation and not found.concrete):
            raise _NotPlanned(bit)
        if found.is_relation and bit == found.attname and bit != found.name:
            # ``heading_id``: the id itself, read from the row.
            return found, False
        if found.is_relation:
            if position == len(bits) - 1:
                return found, True
            model = found.related_model
        else:
            model = None
    return found, False


@dataclass
class _Hop:
    index: int  # where the record's id is in the row
    model: type
    checked: bool
    path: str = ""


@dataclass
class _Column:
    name: str
    index: int = -1  # where the value is in the row (None: made by ``make`` from ``indexes``)
    indexes: tuple[int, ...] = ()
    make: object = None
    labels: dict | None = None
    transform: object = None
    empty: tuple = (None, "")
    #: The model of the record that is the value (a foreign key): named once per record.
    target: type | None = None
    hops: list[_Hop] = field(default_factory=list)
    to_record: bool = False
    cells: dict = field(default_factory=dict)
    #: Text or a whole number, whose cell is the value itself.
    simple: bool = False
    #: Of few distinct values (a day, yes/no): each one's cell is made once.
    few: bool = False
    #: The values_list() path of the value and its field (None for an annotation or a declared value).
    accessor: str = ""
    found: object = None
    #: The SQL expression of a declared value (``ExportValue.expression``), if it has one.
    expression: object = None


class ExportPlan:
    """Headers, money flags and typed rows of a list's export, read as tuples (see the module)."""

    def __init__(self, table, queryset):
        self.model = queryset.model
        self.table = table
        self.paths: list[str] = []
        self._where: dict[str, int] = {}
        bound_columns = [c for c in table.columns.iterall() if not c.column.exclude_from_export]
        self.headers = [force_str(c.header) for c in bound_columns]
        self.money = [isinstance(c.column, MoneyColumn) for c in bound_columns]
        annotations = set(queryset.query.annotations)
        declared = getattr(table, "export_values", {}) or {}
        self.columns = [self._plan(table, c, annotations, declared.get(c.name)) for c in bound_columns]
        # The units the row's record itself concerns: a hidden unit among them is named (scope rule).
        self.named_units = [self._at(_scope_path(path)) for path in (getattr(self.model, "scope_units", None) or ())]
        self.targets = {c.target for c in self.columns if c.target is not None}
        self.names: dict[type, dict] = {}
        self._verdicts: dict = {}

    def _at(self, path: str) -> int:
        if path not in self._where:
            self._where[path] = len(self.paths)
            self.paths.append(path)
        return self._where[path]

    def _plan(self, table, bound_column, annotations, declared) -> _Column:
        planned = _Column(bound_column.name, empty=tuple(bound_column.column.empty_values))
        bits = A(bound_column.accessor).bits
        path = table.related_paths.get(bound_column.name)
        if path is not None:
            planned.hops = [
                _Hop(
                    self._at("__".join(path.hops[: i + 1])),
                    _hop_model(self.model, path.hops[: i + 1]),
                    checked,
                    "__".join(path.hops[: i + 1]),
                )
                for i, checked in enumerate(path.checked)
            ]
            planned.to_record = path.to_record
        if declared is not None:
            planned.indexes = tuple(self._at(p) for p in declared.paths)
            planned.make = declared.make
            planned.expression = declared.expression
            return planned
        planned.transform = _value_function(table, bound_column)
        accessor = planned.accessor = "__".join(bits)
        if len(bits) == 1 and bits[0] in annotations:
            planned.index = self._at(accessor)
            return planned
        found, is_record = _field_along(self.model, bits)
        planned.found = found
        planned.index = self._at(accessor)
        planned.simple = isinstance(found, _SIMPLE_FIELDS) and not found.choices and planned.transform is None
        planned.few = isinstance(found, _FEW_FIELDS) and not isinstance(found, models.DateTimeField)
        if is_record:
            planned.target = found.related_model
        elif getattr(found, "choices", None):
            if isinstance(bound_column.column, table_columns.BooleanColumn):
                raise _NotPlanned(bound_column.name)
            planned.labels = {key: force_str(label) for key, label in found.flatchoices}
        return planned

    # --- the whole row in SQL -----------------------------------------------------------------------

    def sql_columns(self, user, *, text: bool) -> list | None:
        """One SQL expression per column that gives the cell itself — names of related records,
        choice labels, withheld names, and (with ``text``, for CSV) days as dd/mm/yyyy and yes/no as
        1/0 — or None when a column cannot be said in SQL (then the rows are made in Python)."""
        expressions = []
        for column in self.columns:
            expression = _sql_value(column, text=text)
            if expression is None:
                return None
            hidden = [_sql_hidden(self.model, hop, user) for hop in column.hops if hop.checked]
            whens = [When(condition, then=Value(str(hidden_label(model)))) for condition, model in hidden if condition]
            if whens:
                expression = Case(*whens, default=expression, output_field=models.TextField())
            expressions.append(expression)
        return expressions

    def sql_rows(self, queryset, user, *, text: bool, read_by=None, read_door="", chunk_size=2000):
        """The rows made by the database (:meth:`sql_columns`), or None when it cannot make them."""
        expressions = self.sql_columns(user, text=text)
        if expressions is None:
            return None
        names = [f"export_cell_{i}" for i in range(len(expressions))]
        extra = []
        logged = read_by is not None and reads.is_logged(queryset.model)
        if logged:
            extra = [f.attname for f in self.model._meta.concrete_fields if f.primary_key or f.is_relation]
        cells = dict(zip(names, expressions, strict=True))
        tuples = read_whole(_selected(queryset, [*names, *extra], cells), chunk_size)
        width = len(names)

        def rows():
            while chunk := list(islice(tuples, chunk_size)):
                if logged:
                    stand_ins = reads.stand_ins(self.model, extra, [row[width:] for row in chunk])
                    reads.note_read(read_by, read_door, stand_ins)
                    yield from (row[:width] for row in chunk)
                else:
                    yield from chunk

        return rows()

    def copy_csv(self, queryset, user, *, counted: list) -> Iterator[bytes] | None:
        """The CSV rows as PostgreSQL writes them (``COPY (the export's select) TO STDOUT``), in
        pieces of about :data:`COPY_PIECE` bytes, or None when a column cannot be said in SQL. The
        number of rows is appended to ``counted`` once the last piece is out. Not for a model whose
        reads are logged: those are noted chunk by chunk before they leave (:meth:`sql_rows`)."""
        expressions = self.sql_columns(user, text=True)
        if expressions is None:
            return None
        names = [f"export_cell_{i}" for i in range(len(expressions))]
        selected = _selected(queryset, names, dict(zip(names, expressions, strict=True)))
        return _copied(selected, counted)

    def copy_xlsx_rows(self, queryset, user, *, counted: list) -> Iterator[bytes] | None:
        """The sheet's ``<row>`` elements as PostgreSQL writes them, one a line (``COPY … TO STDOUT``,
        text format), or None when a column's cell cannot be said in SQL. Each column's cell XML is
        chosen once, by the type of its value (:func:`_xlsx_cell_sql`), and matches what
        :mod:`logistics.xlsx_stream` writes for the typed value in Python. As :meth:`copy_csv`: not
        for a model whose reads are logged; ``counted`` gets the number of rows at the end."""
        expressions = self.sql_columns(user, text=False)
        if expressions is None:
            return None
        names = [f"export_cell_{i}" for i in range(len(expressions))]
        # The type of each value, as the query resolves it (a foreign key, a label, a day …).
        probe = _selected(queryset, names, dict(zip(names, expressions, strict=True)))
        kinds = [_xlsx_kind(probe.query.annotations[f"export_value_{i}"].output_field) for i in range(len(names))]
        if None in kinds:
            return None
        cells = [
            _xlsx_cell_sql(expression, kind, money)
            for expression, kind, money in zip(expressions, kinds, self.money, strict=True)
        ]
        row = Func(Value("<row>"), *cells, Value("</row>"), function="CONCAT", output_field=models.TextField())
        selected = _selected(queryset, ["export_row"], {"export_row": row})
        return _copied(selected, counted, copy_format="text")

    # --- reading ----------------------------------------------------------------------------------

    def rows(self, queryset, disclosure, *, read_by=None, read_door="", chunk_size=2000, finish=None):
        """The rows of ``queryset``, each cell as :func:`logistics.tables.cell_for_export` makes it
        and then given to ``finish`` (the text of a CSV cell, say; it must leave text and whole
        numbers as they are), read with a server-side cursor
        ``chunk_size`` rows at a time; a logged model's rows are noted as read before a chunk leaves."""
        logged = read_by is not None and reads.is_logged(queryset.model)
        if logged:
            # A log's writer is told which records were read: their kind, id and the ids of the
            # records they belong to (a medicine's encounter), read with the rows.
            own = [f.attname for f in self.model._meta.concrete_fields if f.primary_key or f.is_relation]
            stand_in_at = [self._at(name) for name in own]
        tuples = read_whole(_selected(queryset, self.paths), chunk_size)
        makers = [self._cell_maker(column, disclosure, finish or _as_is) for column in self.columns]
        while chunk := list(islice(tuples, chunk_size)):
            self._prime(chunk, disclosure)
            if logged:
                stand_ins = reads.stand_ins(self.model, own, [[row[i] for i in stand_in_at] for row in chunk])
                reads.note_read(read_by, read_door, stand_ins)
            for row in chunk:
                yield [make(row) for make in makers]

    def _prime(self, chunk, disclosure) -> None:
        """Name the chunk's records once per kind, and check together what the reader may see."""
        for model in self.targets:
            names = self.names.setdefault(model, {})
            if len(names) > NAMES_KEPT:
                names.clear()
                for column in self.columns:
                    column.cells.clear()
            wanted = {row[c.index] for c in self.columns if c.target is model for row in chunk} - names.keys()
            wanted.discard(None)
            if wanted:
                # Named once per record, with the records its name may read (one level).
                related = [f.name for f in model._meta.concrete_fields if f.is_relation]
                names.update(model._base_manager.select_related(*related).in_bulk(list(wanted)))
        keys: dict[type, set] = {}
        for column in self.columns:
            for hop in column.hops:
                if hop.checked:
                    keys.setdefault(hop.model, set()).update(row[hop.index] for row in chunk)
        for model, pks in keys.items():
            pks.discard(None)
            disclosure.prime_keys(model, pks)

    def _cell_maker(self, column: _Column, disclosure, finish):
        plain = self._plain_maker(column, finish)
        if not column.hops or disclosure.user is None:
            return plain
        decide = self._decider(column, disclosure, finish)
        last = column.hops[-1]
        if column.target is None or len(column.hops) > 1 or last.index != column.index:

            def disclosed(row):
                decided = decide(row)
                return plain(row) if decided is None else decided

            return disclosed
        # A foreign key: what the cell shows depends on the record it names only — but for a unit
        # the reader may not see, which the row's own record may name (see ``named_units``).
        index, cells, verdicts = column.index, column.cells, self._verdicts
        unit = last.model is Unit

        def related(row):
            pk = row[index]
            cell = cells.get(pk)
            if cell is None:
                if pk is None:
                    return ""
                decided = decide(row)
                cell = plain(row) if decided is None else decided
                if not (unit and verdicts.get((Unit, pk)) is Verdict.HIDDEN):
                    cells[pk] = cell
            return cell

        return related

    def _decider(self, column: _Column, disclosure, finish):
        """row → None when the cell shows its value, else what it shows instead (``DisclosedRow``)."""
        verdicts, named_units, names, hops = self._verdicts, self.named_units, self.names, column.hops
        labels = {}

        def decide(row):
            verdict = Verdict.SHOWN
            reached = None
            for hop in hops:
                pk = row[hop.index]
                if pk is None:
                    return None
                reached = (hop.model, pk)
                if not hop.checked:
                    continue
                shown = verdicts.get(reached)
                if shown is None:
                    shown = verdicts[reached] = disclosure.verdict(model=hop.model, pk=pk)
                if shown is Verdict.HIDDEN and hop.model is Unit and any(row[i] == pk for i in named_units):
                    shown = Verdict.NAMED
                if shown is Verdict.HIDDEN:
                    if hop.model not in labels:
                        labels[hop.model] = finish(hidden_label(hop.model))
                    return labels[hop.model]
                verdict = min(verdict, shown)
            if verdict is Verdict.NAMED and column.to_record:
                model, pk = reached
                record = names.get(model, {}).get(pk)
                if record is None:
                    names.setdefault(model, {}).update(model._base_manager.in_bulk([pk]))
                    record = names[model].get(pk)
                return finish(str(record))
            return None

        return decide

    def _plain_maker(self, column: _Column, finish):
        transform = column.transform
        empty = column.empty
        if column.make is not None:
            make, indexes = column.make, column.indexes
            return lambda row: finish(cell_for_export(make(*(row[i] for i in indexes))))
        index = column.index
        if column.target is not None:
            records, cells = self.names.setdefault(column.target, {}), column.cells

            def related(row):
                pk = row[index]
                if pk is None:
                    return ""
                cell = cells.get(pk)
                if cell is None:
                    value = records[pk]
                    cell = cells[pk] = finish(cell_for_export(value if transform is None else transform(value)))
                return cell

            return related
        labels = column.labels
        if labels is None and column.few:
            labels = {}
        if labels is not None:
            # A choice's (a day's) cell is one of a few: made once each.
            cells = {}

            def labelled(row):
                value = row[index]
                cell = cells.get(value)
                if cell is None:
                    shown = labels.get(value, value)
                    if shown in empty:
                        cell = ""
                    else:
                        cell = finish(cell_for_export(shown if transform is None else transform(shown)))
                    cells[value] = cell
                return cell

            return labelled
        if transform is None:
            if column.simple:
                # Text and whole numbers are their own cells (``finish`` leaves them as they are).
                return lambda row: "" if (value := row[index]) is None or value == "" else value

            def as_is(row):
                value = row[index]
                return "" if value in empty else finish(cell_for_export(value))

            return as_is

        def transformed(row):
            value = row[index]
            return "" if value in empty else finish(cell_for_export(transform(value)))

        return transformed


def _selected(queryset, paths, expressions=None):
    """``queryset`` as tuples of ``paths`` (or of ``expressions`` by name), each under a name of its
    own: a value named like a field the list is ordered by (``fiscal_year``) would change the order."""
    expressions = expressions or {}
    names = {path: f"export_value_{i}" for i, path in enumerate(paths)}
    annotations = {names[path]: expressions.get(path, F(path)) for path in paths}
    return queryset.prefetch_related(None).annotate(**annotations).values_list(*names.values())


def read_whole(queryset, chunk_size: int) -> Iterator:
    """``queryset.iterator(chunk_size)`` from a server-side cursor planned for reading every row.

    PostgreSQL plans a cursor for its first tenth of rows (``cursor_tuple_fraction`` = 0.1): index
    scans and nested loops that give the first page at once and the whole list three to four times
    slower than the plan of the same select run outright (hash joins, one sort). An export reads to
    the end, so its cursor is planned with the fraction at 1 — for the transaction when there is
    one, else for the session until the rows are read (then reset)."""
    wrapper = connections[queryset.db]
    local = wrapper.in_atomic_block
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT set_config('cursor_tuple_fraction', '1', %s)", [local])
    try:
        yield from queryset.iterator(chunk_size=chunk_size)
    finally:
        raw = wrapper.connection
        # Reset unless the connection is gone or broken (its own error is the one that matters).
        if not local and raw is not None and raw.info.transaction_status == TransactionStatus.IDLE:
            with wrapper.cursor() as cursor:
                cursor.execute("RESET cursor_tuple_fraction")


#: About how many bytes of COPY's output leave together.
COPY_PIECE = 256 * 1024


def _copied(selected, counted: list, copy_format: str = "csv") -> Iterator[bytes]:
    """Stream ``COPY (selected's SQL) TO STDOUT WITH (FORMAT copy_format)`` in pieces of about :data:`COPY_PIECE` bytes.

    The copy runs on the connection the ORM would read ``selected`` from (``selected.db``: the
    replica when the context reads it, see :func:`logistics.replica.read_alias`), with psycopg's own
    streaming copy: memory stays flat and the first bytes leave at once. A download stopped early
    (the generator closed mid-copy) cancels the copy on the server and drains what is in flight
    (psycopg's ``Copy`` does both when its block ends by an exception, ``GeneratorExit`` included);
    inside a transaction the copy runs under a savepoint, rolled back then, so the transaction and
    the connection stay usable."""
    alias = selected.db
    wrapper = connections[alias]
    sql, params = selected.query.get_compiler(using=alias).as_sql()
    savepoint = wrapper.savepoint() if wrapper.in_atomic_block else None
    finished = False
    try:
        with wrapper.cursor() as cursor:
            raw = cursor.cursor
            # COPY takes no parameters: the statement is bound on the client (Django's own cursor).
            statement = f"COPY ({raw.mogrify(sql, params)}) TO STDOUT WITH (FORMAT {copy_format})"
            # Logged like any query when queries are (DEBUG, the tests' query counts).
            logged = cursor.debug_sql(statement) if isinstance(cursor, CursorDebugWrapper) else nullcontext()
            with logged, raw.copy(statement) as copy:
                parts: list = []
                size = 0
                for data in copy:
                    parts.append(data)
                    size += len(data)
                    if size >= COPY_PIECE:
                        yield b"".join(parts)
                        parts, size = [], 0
                if parts:
                    yield b"".join(parts)
            counted.append(raw.rowcount)
        finished = True
    finally:
        if savepoint is not None:
            if finished:
                wrapper.savepoint_commit(savepoint)
            else:
                wrapper.savepoint_rollback(savepoint)


#: Characters XML 1.0 does not allow (PostgreSQL's text holds no NUL): dropped, as in Python.
_XML_ILLEGAL = "".join(chr(c) for c in [*range(1, 9), 11, 12, *range(14, 32)])
#: Day 0 of a spreadsheet's serial days.
_XLSX_EPOCH = "1899-12-30"


def _xlsx_kind(field) -> str | None:
    """What a value of ``field`` is in a sheet: text, a whole number, yes/no, a day, a moment."""
    if isinstance(field, (models.CharField, models.TextField)):
        return "text"
    if isinstance(field, models.BooleanField):
        return "bool"
    if isinstance(field, models.DateTimeField):
        return "moment"
    if isinstance(field, models.DateField):
        return "day"
    if isinstance(field, (models.IntegerField, models.ForeignKey)):
        return "number"
    return None


#: Text that needs XML escaping, or a character COPY's text format would escape (a regex in SQL).
_XML_CARE_SQL = r"E'[&<>\\\\\n\r\t\x01-\x08\x0b\x0c\x0e-\x1f]'"


class _XlsxCell(Func):
    """One cell's XML made by the database; an empty value (NULL, '') is ``<c/>``. ``{x}`` in the
    template is the value (its parameters repeated for each time it is used)."""

    output_field = models.TextField()

    def __init__(self, expression, template: str):
        super().__init__(expression)
        self.cell_template = template

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        uses = self.cell_template.count("{x}")
        return self.cell_template.replace("{x}", f"({sql})"), tuple(params) * uses


def _xlsx_cell_sql(expression, kind: str, money: bool):
    """SQL of the cell :func:`logistics.xlsx_stream._cell` writes for a value of ``kind``. Text is
    escaped for XML, and the characters COPY's text format would escape (backslash, newline, carriage
    return, tab) are written as character references, so each row is one line, as it is; the
    escaping runs only on a text that needs it (one regex test a cell: the chain costs ~25 µs)."""
    style = STYLE_MONEY if money else STYLE_NUMBER
    if kind == "number":
        template = f"""COALESCE('<c s="{style}"><v>' || {{x}}::text || '</v></c>', '<c/>')"""
    elif kind == "bool":
        template = """COALESCE('<c t="b"><v>' || {x}::int::text || '</v></c>', '<c/>')"""
    elif kind == "day":
        template = (
            f"""COALESCE('<c s="{STYLE_DATE}"><v>' || ({{x}} - DATE '{_XLSX_EPOCH}')::text || '</v></c>', '<c/>')"""
        )
    elif kind == "moment":
        zone = timezone.get_current_timezone_name().replace("'", "''")
        template = (
            f"""COALESCE('<c s="{STYLE_DATETIME}"><v>' || to_char(EXTRACT(EPOCH FROM ({{x}} AT TIME ZONE '{zone}') """
            f"""- TIMESTAMP '{_XLSX_EPOCH}') / 86400, 'FM999999990.000000') || '</v></c>', '<c/>')"""
        )
    else:
        escaped = "translate({x}, E'" + "".join(f"\\x{ord(c):02x}" for c in _XML_ILLEGAL) + "', '')"
        for plain, reference in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
            escaped = f"replace({escaped}, '{plain}', '{reference}')"
        for plain, reference in (("\\\\", "&#92;"), ("\\n", "&#10;"), ("\\r", "&#13;"), ("\\t", "&#9;")):
            escaped = f"replace({escaped}, E'{plain}', '{reference}')"
        template = (
            """COALESCE('<c t="inlineStr"><is><t xml:space="preserve">' || NULLIF(CASE WHEN {x} ~ """
            f"""{_XML_CARE_SQL} THEN {escaped} ELSE {{x}} END, '') || '</t></is></c>', '<c/>')"""
        )
    return _XlsxCell(expression, template)


def _as_is(value):
    return value


def _text_of(model, path: str, field):
    """SQL of a field's value as its cell shows it: a choice by its label (the request's language)."""
    if getattr(field, "choices", None):
        whens = [When(**{path: key}, then=Value(force_str(label))) for key, label in field.flatchoices]
        return Case(*whens, default=Cast(F(path), models.TextField()), output_field=models.TextField())
    return F(path)


def name_sql(model, prefix: str):
    """SQL of a record's name (what ``str()`` gives), reached along ``prefix`` (``voucher__``), from
    the model's ``export_name``: a format string of its fields (``"{number} ({kind})"``, a choice
    by its label) or a function of the prefix giving an expression; None when it declares none."""
    declared = getattr(model, "export_name", None)
    if declared is None:
        return None
    if callable(declared):
        return declared(prefix)
    parts = []
    for literal, name, _spec, _conversion in string.Formatter().parse(declared):
        if literal:
            parts.append(Value(literal))
        if name:
            parts.append(_text_of(model, prefix + name, model._meta.get_field(name)))
    if len(parts) == 1:
        # A name is text, even one made of a number (a fiscal year).
        return Cast(parts[0], models.TextField())
    return Concat(*parts, output_field=models.TextField())


def _sql_value(column: _Column, *, text: bool):
    if column.make is not None:
        return column.expression
    if column.transform is not None or column.found is None:
        return None
    path, found = column.accessor, column.found
    if column.target is not None:
        name = name_sql(column.target, path + "__")
        if name is None:
            return None
        return Case(When(**{f"{path}__isnull": True}, then=Value(None)), default=name, output_field=models.TextField())
    if isinstance(found, models.GeneratedField):
        # A generated column reads as the field it is declared to give.
        found = found.output_field
    if column.labels is not None:
        return _text_of(None, path, found)
    if isinstance(found, models.DateTimeField):
        if not text:
            return F(path)
        zone = timezone.get_current_timezone_name()
        moment = Func(F(path), Value(zone), function="timezone", output_field=models.DateTimeField())
        return Func(moment, Value("DD/MM/YYYY HH24:MI"), function="to_char", output_field=models.TextField())
    if isinstance(found, models.DateField):
        if not text:
            return F(path)
        return Func(F(path), Value("DD/MM/YYYY"), function="to_char", output_field=models.TextField())
    if isinstance(found, models.BooleanField):
        if not text:
            return F(path)
        return Case(When(**{path: True}, then=Value("1")), When(**{path: False}, then=Value("0")))
    if isinstance(found, (models.CharField, models.TextField)):
        return NullIf(F(path), Value(""))
    if found.is_relation or isinstance(found, (models.IntegerField, models.BigIntegerField)):
        return F(path)
    if isinstance(found, models.DecimalField) and found.decimal_places == 0:
        # Whole đồng, as a whole number (not a decimal) in both files.
        return Cast(F(path), models.BigIntegerField())
    return None


def _sql_hidden(model, hop: _Hop, user):
    """(SQL condition under which the record at ``hop`` is withheld from ``user``, its model) — the
    rule of :meth:`logistics.scope.Disclosure.verdict` — with None as condition when it never is."""
    target = hop.model
    path = _path_of(model, hop)
    if user is None or target is get_user_model() or not _scope_is_checked(target):
        return None, target
    unit_ids = scoped_unit_ids(user)
    may_view = getattr(user, "is_active", False) and user.has_perm(permission_name(target, "view"))
    if not may_view:
        visible = Q(pk__in=[])
    elif getattr(target, "scope_filter", None) is not None:
        visible = Q(**{f"{path}__in": restrict(target._base_manager.all(), user, "view").values("pk")})
    elif unit_ids is UNRESTRICTED:
        return None, target
    else:
        # ``restrict``'s own rule on the joined record (its units among the reader's): a list of
        # unit ids, where a subquery of every visible record would be read for every row.
        visible = Q(pk__in=[])
        for own in target.scope_units:
            visible |= Q(**{(f"{path}__in" if own == "pk" else f"{path}__{own}__in"): unit_ids})
    condition = Q(**{f"{path}__isnull": False}) & ~visible
    if target is Unit:
        # A unit the row's own record concerns is named, even when the reader may not see it.
        for own in getattr(model, "scope_units", None) or ():
            own = _scope_path(own)
            condition &= ~Q(**{f"{own}__isnull": False, path: F(own)})
    return condition, target


def _path_of(model, hop: _Hop) -> str:
    return hop.path


def _scope_is_checked(model) -> bool:
    # What the scope rule may hide: records of a unit-scoped kind (not shared reference data, not
    # what only goes with its record).
    return hasattr(model, "scope_units") and model.scope_units is not None and _is_scoped(model)


def _scope_path(path: str) -> str:
    # A unit's own scope path ("pk") names the unit it is placed under.
    return "parent" if path == "pk" else path


def _hop_model(model, hops):
    for hop in hops:
        relation = model._meta.get_field(hop)
        if isinstance(relation, GenericForeignKey):
            # The kind of record is in the row: not one model to name or check per column.
            raise _NotPlanned(hop)
        model = relation.related_model
    return model


def plan_for(table, queryset) -> ExportPlan | None:
    """The plan of ``table``'s export of ``queryset``, or None when a column cannot be planned."""
    try:
        return ExportPlan(table, queryset)
    except _NotPlanned:
        return None


__all__ = ["ExportPlan", "plan_for"]
