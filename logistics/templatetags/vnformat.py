"""Formatting of money, dates and values the Vietnamese way, for templates and Python alike."""

import datetime
from decimal import Decimal

from django import template
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


def _group(number: int) -> str:
    return f"{number:,}".replace(",", ".")


@register.filter
def vnd(value) -> str:
    """``1234567`` → ``1.234.567 ₫`` (whole đồng)."""
    if value is None or value == "":
        return ""
    amount = int(Decimal(value))
    sign = "−" if amount < 0 else ""
    return f"{sign}{_group(abs(amount))}\u00a0₫"


@register.filter
def number(value) -> str:
    if value is None or value == "":
        return ""
    return _group(int(value))


@register.filter
def vnd_words(value) -> str:
    """Big totals as officers say them, to three significant digits: ``72,5 tỷ đồng``,
    ``2,85 tỷ đồng``, ``12,3 triệu đồng``."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    for size, unit in ((Decimal(10) ** 9, _("billion dong")), (Decimal(10) ** 6, _("million dong"))):
        if abs(amount) >= size:
            scaled = amount / size
            digits = max(0, 2 - len(str(int(abs(scaled)))) + 1)
            text = f"{scaled.quantize(Decimal(1).scaleb(-digits)):f}"
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            return f"{text.replace('.', ',')} {unit}"
    return vnd(value)


@register.filter
def vndate(value) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def display_value(model_field: models.Field, value) -> str:
    """A stored value as a reader expects it, for detail pages and history."""
    if value is None or value == "":
        return "—"
    if isinstance(model_field, models.GeneratedField):
        model_field = model_field.output_field
    if isinstance(model_field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(model_field, models.DateTimeField):
        if isinstance(value, str):
            value = datetime.datetime.fromisoformat(value)
        return vndate(value)
    if isinstance(model_field, models.DateField):
        return vndate(value)
    if getattr(model_field, "is_money", False):
        return vnd(value)
    if isinstance(model_field, (models.IntegerField, models.DecimalField)):
        return number(value) if float(value).is_integer() else str(value).replace(".", ",")
    return str(value)


@register.simple_tag(takes_context=True)
def field_value(context, obj, model_field):
    if model_field.choices:
        return getattr(obj, f"get_{model_field.name}_display")() or "—"
    value = getattr(obj, model_field.name)
    if model_field.is_relation and value is None:
        return "—"
    # Another record (or the id of one, a citation's number): shown, named without a link, or
    # hidden, as the reader's scope allows.
    from logistics.scope import shown_beside

    shown = shown_beside(obj, [model_field.name], value, request=context.get("request"))
    if model_field.is_relation or shown is not value:
        return shown
    return display_value(model_field, value)


@register.simple_tag(takes_context=True)
def shown(context, record, way: str):
    """What ``record`` shows along ``way`` (``"spending__allocation"``) as the reader may see it:
    the record, its name only, or the place of a hidden one (``logistics.scope``)."""
    from django_tables2.utils import A

    from logistics.scope import shown_beside

    value = A(way).resolve(record, quiet=True)
    return shown_beside(record, way.split("__"), value, request=context.get("request"))


@register.filter
def verbose_name(obj) -> str:
    return obj._meta.verbose_name


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination and exports)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""
