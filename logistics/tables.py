"""Table machinery (django-tables2): the columns every list shares, and typed values for exports."""

import datetime

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from logistics.templatetags.vnformat import vnd


class BaseTable(tables.Table):
    """Lists of every app derive from this: one look, the same export behaviour."""

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle mb-0"}
        template_name = "generic/table.html"
        empty_text = _("Nothing matches. Change the filters or add a new record.")
        per_page = 50

    #: Columns whose sum the list shows in its footer, over every filtered row (not just the page).
    total_columns: tuple[str, ...] = ()


class MoneyColumn(tables.Column):
    """Whole đồng: ``1.234.567 ₫`` on screen, a number in exports, right-aligned."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return vnd(value)

    def value(self, value):
        return value


class DateColumn(tables.Column):
    def render(self, value):
        return value.strftime("%d/%m/%Y")

    def value(self, value):
        return value


class DateTimeColumn(tables.DateTimeColumn):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("format", "d/m/Y H:i")
        super().__init__(*args, **kwargs)

    def value(self, value):
        return value


class BooleanColumn(tables.BooleanColumn):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("yesno", ("✔", "—"))
        super().__init__(*args, **kwargs)

    def value(self, value):
        return bool(value)


class BadgeColumn(tables.Column):
    """A status as a coloured badge; ``colors`` maps a value to a Bootstrap colour."""

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
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


# --- the shared core's lists --------------------------------------------------------------------

from logistics.models import ExportLog, Personnel, Supplier, Unit  # noqa: E402


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
