"""The body of every list's table, drawn in Python.

django-tables2's template draws each cell through four template nodes, and ``BoundRow.get_cell``
finds the column by name, the model field behind its accessor and the render function's
parameters again for every cell, and computes the cell's attributes again. Here each column is
planned once per drawing (:class:`logistics.tables.CellPlan`) and each row is one pass over the
plans. The markup is django-tables2's (``tests/core/test_table_rendering.py`` compares, for every
registered list): the rows' and cells' attributes as the table declares them, each cell shown as
``{{ cell }}`` would show it (localized and escaped), the table's empty text when there is no row.
"""

from django import template
from django.template.base import render_value_in_context
from django.templatetags.l10n import localize, unlocalize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django_tables2.rows import BoundPinnedRow
from django_tables2.utils import AttributeDict

from logistics.tables import CellPlan

register = template.Library()


def _cell_html(context, localized, cell) -> str:
    if localized is None:
        return render_value_in_context(cell, context)
    return render_value_in_context(localize(cell) if localized else unlocalize(cell), context)


def _declared(attributes) -> bool:
    """Whether attributes are the same for every row (none is computed from the record)."""
    return not any(callable(value) for value in attributes.values())


def _fixed_cell_attributes(column) -> str | None:
    """A column's ``<td>`` attributes when no row changes them: django-tables2 computes them
    again for every cell."""
    declared = {**dict(column._table.attrs), **dict(column.column.attrs)}
    cell = declared.get("td", declared.get("cell", {}))
    if not _declared(cell):
        return None
    return column.attrs["td"].as_html()


def _fixed_row_attributes(table) -> dict | None:
    """The ``<tr>`` attributes of odd and even rows when no row changes them."""
    declared = dict(table.row_attrs or {})
    if not _declared(declared):
        return None
    drawn = {}
    for parity in ("odd", "even"):
        attributes = dict(declared)
        attributes["class"] = f"{attributes['class']} {parity}" if attributes.get("class") else parity
        drawn[parity] = AttributeDict(attributes).as_html()
    return drawn


@register.simple_tag(takes_context=True)
def table_body(context, table):
    columns = [
        (column, CellPlan(table, column), _fixed_cell_attributes(column), column.localize) for column in table.columns
    ]
    fixed_rows = _fixed_row_attributes(table)
    rows = []
    for row in table.paginated_rows:
        pinned = isinstance(row, BoundPinnedRow)
        cells = []
        for column, plan, attributes, localized in columns:
            cell = row.get_cell(column.name) if pinned else plan.cell(row)
            if attributes is None:
                # Attributes computed from the cell (django-tables2 gives them the cell's value and record).
                column.current_value, column.current_record = cell, row.record
                attributes = column.attrs["td"].as_html()
            cells.append(f"<td {attributes}>{_cell_html(context, localized, cell)}</td>")
        row_attributes = (
            row.attrs.as_html() if fixed_rows is None or pinned else fixed_rows[row.get_even_odd_css_class()]
        )
        rows.append(f"<tr {row_attributes}>{''.join(cells)}</tr>")
    if not rows and table.empty_text:
        rows.append(format_html('<tr><td colspan="{}">{}</td></tr>', len(table.columns), table.empty_text))
    body_attrs = AttributeDict(table.attrs.get("tbody") or {}).as_html()
    return format_html("<tbody {}>{}</tbody>", body_attrs, mark_safe("\n".join(rows)))
