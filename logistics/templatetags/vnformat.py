"""Formatting of money, dates and values the Vietnamese way in templates (``logistics.formatting``
holds the same functions for Python), and values shown as far as the reader's scope allows."""

from django import template
from django_tables2.utils import A

from logistics.formatting import display_value, number, vnd, vnd_words, vndate
from logistics.links import query_changed
from logistics.scope import shown_beside

register = template.Library()


register.filter("vnd", vnd)
register.filter("number", number)
register.filter("vnd_words", vnd_words)
register.filter("vndate", vndate)


@register.simple_tag(takes_context=True)
def field_value(context, obj, model_field):
    if model_field.choices:
        return getattr(obj, f"get_{model_field.name}_display")() or "—"
    value = getattr(obj, model_field.name)
    if model_field.is_relation and value is None:
        return "—"
    # Another record (or the id of one, a citation's number): shown, named without a link, or
    # hidden, as the reader's scope allows.
    shown = shown_beside(obj, [model_field.name], value, request=context.get("request"))
    if model_field.is_relation or shown is not value:
        return shown
    return display_value(model_field, value)


@register.simple_tag(takes_context=True)
def shown(context, record, way: str):
    """What ``record`` shows along ``way`` (``"spending__allocation"``) as the reader may see it:
    the record, its name only, or the place of a hidden one (``logistics.scope``)."""
    value = A(way).resolve(record, quiet=True)
    return shown_beside(record, way.split("__"), value, request=context.get("request"))


@register.filter
def verbose_name(obj) -> str:
    return obj._meta.verbose_name


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination and exports)."""
    encoded = query_changed(context["request"].GET, **changes)
    return f"?{encoded}" if encoded else ""
