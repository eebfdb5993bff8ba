"""Table machinery (django-tables2): the columns every list shares, and typed values for exports."""

import dataclasses
import datetime
import functools
import inspect
import types
import weakref
from decimal import Decimal

import django_tables2 as tables
import django_tables2.utils
from django.db.models import Model, QuerySet
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_tables2.columns import ManyToManyColumn
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.rows import BoundRow, BoundRows
from django_tables2.utils import A

from logistics.formatting import day_text, vnd
from logistics.models import ExportLog, Personnel, Supplier, Unit
from logistics.models.base import DomainModel
from logistics.paging import CountingPaginator, stable_order
from logistics.scope import Verdict, disclosure_for, hidden_label, relation_path

_read_signature = django_tables2.utils.signature
_signatures_of_functions: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_signatures_of_methods: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _remembered_signature(function):
    """django-tables2 reads the parameters of a column's ``render``/``value`` function with
    ``inspect.signature`` for every cell it draws — a third of a list page's time. A function's
    parameters never change, so each function's (and each method's, whatever its instance) are
    read once; other callables are read every time, as before."""
    if isinstance(function, types.MethodType):
        store, key = _signatures_of_methods, function.__func__
    elif isinstance(function, types.FunctionType):
        store, key = _signatures_of_functions, function
    else:
        return _read_signature(function)
    try:
        return store[key]
    except KeyError:
        store[key] = found = _read_signature(function)
        return found


def remember_signatures() -> None:
    """Make django-tables2 read each function's parameters once (called from the app's ``ready()``)."""
    django_tables2.utils.signature = _remembered_signature


#: A table built without a request or a reader is the system's (a test, a command): it sees everything.
_READER_OF_THE_REQUEST = object()


def withheld(table, record, name: str, *, html: bool):
    """What the cell ``name`` of ``record``'s row shows instead of its value under the scope rule
    (``logistics.scope``): a record the reader may not see is hidden, a unit the row's record
    concerns is named unlinked; None when the cell shows its value."""
    path = table.related_paths.get(name)
    if path is None:
        return None
    verdict, reached = table.disclosure.along(record, path)
    if verdict is Verdict.HIDDEN:
        label = hidden_label(reached)
        return (
            format_html('<span class="text-muted fst-italic" data-scope="hidden">{}</span>', label) if html else label
        )
    if verdict is Verdict.NAMED and path.to_record:
        name = str(reached if reached is not None else A("__".join(path.hops)).resolve(record))
        return conditional_escape(name) if html else name
    return None


class DisclosedRow(BoundRow):
    """A row whose cells that show another record follow the scope rule (:func:`withheld`)."""

    def get_cell(self, name):
        shown = withheld(self.table, self.record, name, html=True)
        return super().get_cell(name) if shown is None else shown

    def get_cell_value(self, name):
        shown = withheld(self.table, self.record, name, html=False)
        return super().get_cell_value(name) if shown is None else shown


#: What a column's ``render`` function (or a table's ``render_<column>``) may ask for.
_CELL_ARGUMENTS = frozenset({"value", "record", "column", "bound_column", "bound_row", "table"})


class CellPlan:
    """How one column draws its cells, worked out once per drawing of a table: what
    django-tables2 does again for every cell (``BoundRow.get_cell``: look the column up by name,
    find the model field behind its accessor, read the render function's parameters, compute the
    link) is decided here, and :meth:`cell` only reads the record and renders.

    The cell is the one ``BoundRow.get_cell`` gives (``tests/core/test_table_rendering.py``
    compares them for every registered list); a many-to-many column, a link column with a text of
    its own and a render function that asks for its row keep django-tables2's own way."""

    def __init__(self, table, bound_column):
        column = bound_column.column
        self.table = table
        self.name = bound_column.name
        self.bound_column = bound_column
        self.column = column
        self.accessor = A(bound_column.accessor)
        path, _, self.remainder = self.accessor.rpartition(self.accessor.SEPARATOR)
        self.penultimate = A(path)
        self.default = bound_column.default
        self.empty_values = column.empty_values
        self.link = bound_column.link
        self.render = bound_column.render
        parameters, catch_all = django_tables2.utils.signature(self.render)
        self.parameters = tuple(parameters)
        self.generic = (
            isinstance(column, ManyToManyColumn)
            or (isinstance(column, BaseLinkColumn) and column.text is not None)
            or "bound_row" in parameters
            or catch_all is not None
            or not set(parameters) <= _CELL_ARGUMENTS
        )
        self.disclosed = self.name in table.related_paths
        # Whether the accessor ends on a field with choices, per kind of record (django-tables2
        # shows such a field's label, ``get_<field>_display()``), and the labels met so far.
        self._choices: dict[type, bool] = {}
        self._labels: dict = {}

    def _has_choices(self, record) -> bool:
        kind = type(record)
        try:
            return self._choices[kind]
        except KeyError:
            field = self.accessor.get_field(record) if isinstance(record, Model) else None
            self._choices[kind] = found = bool(getattr(field, "choices", ()))
            return found

    def value(self, record):
        """The cell's value, as ``BoundRow._get_and_render_with`` reads it (None when the accessor
        fails: the column's default is shown)."""
        if self._has_choices(record):
            penultimate = self.penultimate.resolve(record, quiet=True)
            if isinstance(penultimate, Model):
                display = getattr(penultimate, f"get_{self.remainder}_display", None)
                if display is not None:
                    field = _field_of_standard_display(type(penultimate), self.remainder)
                    if field is None:
                        return display()
                    # Django's label depends on the value alone: read once per value and drawing.
                    key = (field, make_hashable(getattr(penultimate, field.attname)))
                    try:
                        return self._labels[key]
                    except KeyError:
                        self._labels[key] = label = display()
                        return label
        try:
            return self.accessor.resolve(record)
        except Exception:
            return None

    def cell(self, row):
        """The cell of ``row`` (a bound row of the table): what ``row.get_cell(name)`` gives."""
        if self.generic:
            return row.get_cell(self.name)
        record = row.record
        if self.disclosed:
            shown = withheld(self.table, record, self.name, html=True)
            if shown is not None:
                return shown
        value = self.value(record)
        if value in self.empty_values:
            return self.default
        arguments = {
            "value": value,
            "record": record,
            "column": self.column,
            "bound_column": self.bound_column,
            "table": self.table,
        }
        content = self.render(**{name: arguments[name] for name in self.parameters})
        if not self.link:
            return content
        if self.link.attrs:
            return self.link(content, bound_row=row, **arguments)
        # LinkTransform's markup when the link has no attributes but its address.
        url = self.link.compose_url(bound_row=row, **arguments)
        if url is None:
            return content
        return mark_safe(f'<a href="{conditional_escape(url)}">{conditional_escape(content)}</a>')


#: ``get_<field>_display`` as Django and the project's records (:class:`DomainModel`) have it.
_STANDARD_DISPLAYS = (Model._get_FIELD_display, DomainModel._get_FIELD_display)


@functools.cache
def _field_of_standard_display(model, name: str):
    """The field ``name`` of ``model`` when its ``get_<name>_display`` is Django's own (a label that
    depends on the field's value alone), else None."""
    method = inspect.getattr_static(model, f"get_{name}_display", None)
    if isinstance(method, functools.partialmethod) and method.func in _STANDARD_DISPLAYS:
        return method.keywords.get("field")
    return None


class DisclosedRows(BoundRows):
    """The rows of a page (or of an export's chunk): what they show of other records is checked
    together, one query per kind of record, before the first row is drawn."""

    def __iter__(self):
        yield from self.generator_pinned_row(self.pinned_data.get("top"))
        records = list(self.data)
        self.table.prime(records)
        for record in records:
            yield DisclosedRow(record, table=self.table)
        yield from self.generator_pinned_row(self.pinned_data.get("bottom"))

    def __getitem__(self, key):
        if isinstance(key, slice):
            return DisclosedRows(data=self.data[key], table=self.table, pinned_data=self.pinned_data)
        return DisclosedRow(record=self.data[key], table=self.table)


@dataclasses.dataclass(frozen=True)
class ExportValue:
    """How a column is exported when its value needs more of the row than its own field (a table's
    ``export_values``): the values at ``paths`` (``values_list()`` paths) are given, in order, to
    ``make``, which returns the cell. It must give what the column's ``value_…`` gives."""

    paths: tuple[str, ...]
    make: object
    #: The same cell said in SQL (a Django expression), so that the database can make whole rows.
    expression: object = None


#: The most rows a list shows on one page (``?per_page=``).
MAX_PER_PAGE = 500


class _QueryOnly:
    """What django-tables2's RequestConfig reads of a request: its query."""

    def __init__(self, query):
        self.GET = query


def page_size(request, default: int) -> int:
    """The page size the query asks for (``per_page``), within 1…MAX_PER_PAGE, else ``default``."""
    try:
        asked = int(request.GET.get("per_page", ""))
    except ValueError:
        return default
    return min(asked, MAX_PER_PAGE) if asked >= 1 else default


def configure_from_request(table, request, paginate=True) -> None:
    """Sort and paginate ``table`` from the request's query, as django-tables2's RequestConfig does
    (and as Table does when given a request), but with a page size within 1…MAX_PER_PAGE and a page
    number from 1: RequestConfig hands both to the paginator as sent, and ``per_page=-1`` broke
    every list. A number past the last page is the last page."""
    query = request.GET.copy()
    size_field, page_field = table.prefixed_per_page_field, table.prefixed_page_field
    for field, lowest in ((size_field, 1), (page_field, 1)):
        if field not in query:
            continue
        try:
            value = int(query[field])
        except ValueError:
            query.pop(field)
            continue
        if value < lowest:
            query.pop(field)
        elif field == size_field:
            query[field] = str(min(value, MAX_PER_PAGE))
    tables.RequestConfig(_QueryOnly(query), paginate=paginate).configure(table)
    table.request = request


class BaseTable(tables.Table):
    """Lists of every app derive from this: one look, the same export behaviour, and the scope rule
    for every column that shows another record (found from the column's accessor: ``unit``,
    ``allocation__available``; see :class:`DisclosedRow`)."""

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle mb-0"}
        template_name = "generic/table.html"
        empty_text = _("Nothing matches. Change the filters or add a new record.")
        per_page = 50

    #: Columns whose sum the list shows in its footer, over every filtered row (not just the page).
    total_columns: tuple[str, ...] = ()
    #: Columns that show another record though their accessor does not say so (a column computed
    #: in ``render_…`` from a related record): column name → the way to that record (``allocation``).
    about: dict[str, str] = {}
    #: Columns whose exported value is made from several values of the row: name → ExportValue
    #: (see ``logistics.export_plan``), so that the export reads tuples, not records.
    export_values: dict[str, ExportValue] = {}
    #: Columns whose ``value_…`` gives the field's own value unchanged (the page draws it its own
    #: way): the export reads the field, in SQL when it can.
    export_as_is: tuple[str, ...] = ()

    def __init__(self, *args, reader=_READER_OF_THE_REQUEST, request=None, **kwargs):
        # ``reader``: whose scope applies when there is no request (an export streamed after its view).
        self._reader = reader
        super().__init__(*args, **kwargs)
        self.related_paths = self._related_paths()
        if request is not None:
            configure_from_request(self, request)

    @property
    def rows(self):
        return self._rows

    @rows.setter
    def rows(self, rows):
        # django-tables2 builds its rows (and the paginator over them) inside Table.__init__.
        if type(rows) is BoundRows:
            rows = DisclosedRows(data=rows.data, table=rows.table, pinned_data=rows.pinned_data)
        self._rows = rows

    def _related_paths(self) -> dict:
        model = getattr(self._meta, "model", None)
        paths = {}
        for column in self.columns.iterall():
            way = self.about.get(column.name)
            path = relation_path(model, A(way or column.accessor).bits)
            if path is not None:
                # A column "about" a record shows something of it, never just its name.
                paths[column.name] = dataclasses.replace(path, to_record=False) if way else path
        return paths

    @property
    def disclosure(self):
        # Asked once the table is drawn: its request is set by then (when it was configured from it).
        if getattr(self, "_disclosure", None) is None:
            request = getattr(self, "request", None)
            user = getattr(request, "user", None) if self._reader is _READER_OF_THE_REQUEST else self._reader
            self._disclosure = disclosure_for(user, request)
        return self._disclosure

    def prime(self, records) -> None:
        """Check together what ``records`` show of other records (one query per kind)."""
        if self.related_paths:
            self.disclosure.prime(records, self.related_paths.values())

    def bound_row(self, record) -> BoundRow:
        return DisclosedRow(record, table=self)

    def paginate(self, paginator_class=CountingPaginator, *args, **kwargs):
        # Counted exactly up to the threshold, estimated beyond it (logistics.paging), and once;
        # cut in a stable order (ties broken by the id), the order its cursors follow.
        if isinstance(getattr(self.data, "data", None), QuerySet):
            self.data.data = stable_order(self.data.data)
        super().paginate(paginator_class, *args, **kwargs)

    def show_records(self, records: list) -> None:
        """Draw exactly ``records`` (a page read by position, :func:`logistics.paging.keyset_page`)."""
        self._shown_rows = DisclosedRows(data=records, table=self, pinned_data=self.rows.pinned_data)

    @property
    def paginated_rows(self):
        shown = getattr(self, "_shown_rows", None)
        return shown if shown is not None else super().paginated_rows


class MoneyColumn(tables.Column):
    """Whole đồng: ``1.234.567 ₫`` on screen, a number in exports, right-aligned."""

    #: The export writes the value itself (``logistics.export_plan`` needs not call ``value``).
    export_as_is = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return vnd(value)

    def value(self, value):
        return value


class DateColumn(tables.Column):
    export_as_is = True

    def render(self, value):
        return day_text(value)

    def value(self, value):
        return value


class DateTimeColumn(tables.DateTimeColumn):
    export_as_is = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("format", "d/m/Y H:i")
        super().__init__(*args, **kwargs)

    def value(self, value):
        return value


class BooleanColumn(tables.BooleanColumn):
    # The value of a boolean field is its own export value (``value`` makes a bool of it).
    export_as_is = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("yesno", ("✔", "—"))
        super().__init__(*args, **kwargs)

    def value(self, value):
        return bool(value)


class BadgeColumn(tables.Column):
    """A status as a coloured badge; ``colors`` maps a value to a Bootstrap colour."""

    #: The export writes the label (``value`` is its text).
    export_as_is = True

    def __init__(self, *args, colors=None, **kwargs):
        self.colors = colors or {}
        super().__init__(*args, **kwargs)

    def render(self, value, record, bound_column):
        raw = tables.A(bound_column.accessor).resolve(record)
        color = self.colors.get(raw, "secondary")
        return format_html('<span class="badge text-bg-{}">{}</span>', color, value)

    def value(self, value):
        return str(value)


def cell_for_export(value):
    """A cell value for CSV/XLSX: numbers and dates stay typed, everything else becomes text."""
    if value is None:
        return ""
    if isinstance(value, (bool, int, float, datetime.date, datetime.datetime)):
        return value

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


# --- the shared core's lists --------------------------------------------------------------------


class UnitTable(BaseTable):
    code = tables.Column(linkify=True)
    name = tables.Column()
    kind = tables.Column()
    parent = tables.Column(linkify=True)
    valid_from = DateColumn()
    valid_to = DateColumn()
    successor = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Unit
        fields = ("code", "name", "kind", "parent", "valid_from", "valid_to", "successor")
        row_attrs = {"class": lambda record: "text-muted" if record.valid_to else ""}

    def render_name(self, value, record):
        # Indented by depth so that the list reads as the tree it is.
        indent = f"{max(record.depth - 1, 0) * 1.25:.2f}"
        badge = (
            format_html(' <span class="badge text-bg-secondary">{}</span>', _("Dissolved")) if record.valid_to else ""
        )
        return format_html(
            '<a href="{}" style="margin-left:{}rem">{}</a>{}', record.get_absolute_url(), indent, value, badge
        )

    def value_name(self, value):
        return value


class PersonnelTable(BaseTable):
    service_number = tables.Column(linkify=True)
    full_name = tables.Column(linkify=True)
    rank = tables.Column()
    position = tables.Column()
    unit = tables.Column(linkify=True)
    is_party_member = BooleanColumn()
    is_active = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = Personnel
        fields = ("service_number", "full_name", "rank", "position", "unit", "is_party_member", "is_active")


class SupplierTable(BaseTable):
    name = tables.Column(linkify=True)
    kind = tables.Column()
    tax_code = tables.Column()
    address = tables.Column()
    contact_person = tables.Column()
    phone = tables.Column()
    is_active = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = Supplier
        fields = ("name", "kind", "tax_code", "address", "contact_person", "phone", "is_active")


class ExportLogTable(BaseTable):
    started_at = DateTimeColumn()
    user = tables.Column()
    source_label = tables.Column()
    format = tables.Column()
    channel = tables.Column()
    filters = tables.Column(orderable=False)
    row_count = tables.Column(attrs={"td": {"class": "text-end"}})
    finished_at = DateTimeColumn()

    class Meta(BaseTable.Meta):
        model = ExportLog
        fields = ("started_at", "user", "source_label", "format", "channel", "filters", "row_count", "finished_at")

    def render_filters(self, value):
        return "; ".join(f"{key}={item}" for key, item in value.items()) or "—"

    def value_filters(self, value):
        return "; ".join(f"{key}={item}" for key, item in value.items())
