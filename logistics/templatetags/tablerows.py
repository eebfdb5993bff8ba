"""The body of every list's table, drawn in Python.

django-tables2's template draws each cell through four template nodes and computes its attributes
again for every cell; on a page of 100 rows that took about a tenth of the page's time. This
writes the same markup (``tests/core/test_table_rendering.py`` compares): the rows' and cells'
attributes as the table declares them, each cell shown as ``{{ cell }}`` would show it (localized
and escaped), the table's empty text when there is no row.
"""

from django import template
from django.template.base import render_value_in_context
from django.templatetags.l10n import localize, unlocalize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django_tables2.utils import AttributeDict

register = template.Library()


def _cell_html(context, column, cell):
    if column.localize is None:
        return render_value_in_context(cell, context)
    return render_value_in_context(localize(cell) if column.localize else unlocalize(cell), context)


def _fixed_cell_attributes(column) -> str | None:
    """A column's ``<td>`` attributes when no row changes them (none is computed from the record):
    django-tables2 computes them again for every cell."""
    declared = {**dict(column._table.attrs), **dict(column.column.attrs)}
    cell = declared.get("td", declared.get("cell", {}))
    if any(callable(value) for value in cell.values()):
        return None
    return column.attrs["td"].as_html()


@register.simple_tag(takes_context=True)
def table_body(context, table):
    fixed = {column.name: _fixed_cell_attributes(column) for column in table.columns}

    def cell_attributes(column) -> str:
        attributes = fixed[column.name]
        return column.attrs["td"].as_html() if attributes is None else attributes

    rows = []
    for row in table.paginated_rows:
        cells = format_html_join(
            "",
            "<td {}>{}</td>",
            ((cell_attributes(column), _cell_html(context, column, cell)) for column, cell in row.items()),
        )
        rows.append(format_html("<tr {}>{}</tr>", row.attrs.as_html(), cells))
    if not rows and table.empty_text:
        rows.append(format_html('<tr><td colspan="{}">{}</td></tr>', len(table.columns), table.empty_text))
    body_attrs = AttributeDict(table.attrs.get("tbody") or {}).as_html()
    return format_html("<tbody {}>{}</tbody>", body_attrs, mark_safe("\n".join(rows)))
