"""Widgets and form fields of the project that know no model: they are used by the model fields
themselves (``MoneyField.formfield``), so they import nothing of ``logistics.models``."""

import contextlib
import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.renderers import TemplatesSetting, get_default_renderer
from django.template import Context
from django.template.base import render_value_in_context
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from logistics.formatting import DAY_FORMAT

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class BootstrapFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class DateInput(forms.DateInput):
    def __init__(self, attrs=None):
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**base, **(attrs or {})}, format=DAY_FORMAT)

    def format_value(self, value):
        # A link may carry a day the ISO way (``?as_of=2025-12-31``): the officer reads it as typed.
        if isinstance(value, str) and ISO_DAY.fullmatch(value.strip()):
            with contextlib.suppress(ValueError):
                value = datetime.date.fromisoformat(value.strip())
        return super().format_value(value)


class MoneyInput(forms.TextInput):
    """Shows ``15.000.000`` and lets the officer type it that way (or ``15000000``)."""

    def __init__(self, attrs=None):
        base = {"inputmode": "numeric", "autocomplete": "off", "placeholder": "0", "class": "text-end"}
        super().__init__(attrs={**base, **(attrs or {})})

    def format_value(self, value):
        if value in (None, ""):
            return ""
        try:
            return f"{int(value):,}".replace(",", ".")
        except (TypeError, ValueError):
            return str(value)


class MoneyFormField(forms.IntegerField):
    """Whole đồng. Accepts ``15.000.000``, ``15 000 000``, ``15,000,000`` and ``15000000 ₫``."""

    widget = MoneyInput
    default_error_messages = {
        "invalid": _("Enter an amount in whole đồng, for example 15.000.000."),
    }

    def __init__(self, *args, **kwargs):
        kwargs.pop("max_value", None)
        kwargs.pop("min_value", None)
        kwargs.pop("step_size", None)
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        return {}

    def to_python(self, value):
        if isinstance(value, str):
            cleaned = value.replace("₫", "").replace("đ", "").replace("\u00a0", "").replace(" ", "").strip()
            negative = cleaned.startswith(("-", "−"))
            digits = cleaned.lstrip("-−").replace(".", "").replace(",", "")
            if cleaned and not digits.isdigit():
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            value = f"-{digits}" if negative and digits else digits
        return super().to_python(value)


class LookupSelect(forms.Select):
    """A select that looks records up as you type (Tom Select + the scoped look-up endpoint).

    Only the chosen option is rendered, so a form stays small whatever the number of records.
    """

    def __init__(self, model: type[Model], attrs=None, params: dict | None = None):
        self.model = model
        self.params = params or {}
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        url = reverse("lookup", kwargs={"app_label": self.model._meta.app_label, "model": self.model._meta.model_name})
        if self.params:
            url += "?" + urlencode(self.params)
        context["widget"]["attrs"]["data-lookup"] = url
        context["widget"]["attrs"]["data-placeholder"] = str(_("Type to search…"))
        return context

    def _is_key(self, value) -> bool:
        """Whether ``value`` can name a record; a form shown again with ``?unit=abc`` offers nothing
        for it (its field says the value is not valid)."""
        try:
            self.choices.queryset.model._meta.pk.to_python(value)
        except ValidationError:
            return False
        return True

    def optgroups(self, name, value, attrs=None):
        chosen = {str(v) for v in value if v not in (None, "") and self._is_key(v)}
        groups = []
        if not chosen:
            groups.append((None, [self.create_option(name, "", "—", False, 0)], 0))
            return groups
        queryset = self.choices.queryset.filter(pk__in=chosen)
        for index, record in enumerate(queryset):
            option = self.create_option(name, record.pk, lookup_label(record), True, index)
            groups.append((None, [option], index))
        return groups


def lookup_label(record) -> str:
    """How a look-up names a record: its ``lookup_label`` where the model has one (an epidemic list
    entry by its person, which its plain name leaves out), else its name."""
    label = getattr(record, "lookup_label", None)
    return str(label() if callable(label) else record)


def style_widget(widget: forms.Widget, has_error: bool = False) -> None:
    if isinstance(widget, (forms.CheckboxInput,)):
        css = "form-check-input"
    elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
        css = "form-select"
    elif isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return
    else:
        css = "form-control"
    classes = widget.attrs.get("class", "").split()
    for extra in (css, "is-invalid" if has_error else ""):
        if extra and extra not in classes:
            classes.append(extra)
    widget.attrs["class"] = " ".join(classes)


# --- widgets drawn without templates ---------------------------------------------------------------

_SELECT = "django/forms/widgets/select.html"
_OPTION = "django/forms/widgets/select_option.html"
_INPUTS = frozenset(
    f"django/forms/widgets/{kind}.html" for kind in ("input", "text", "number", "date", "hidden", "search", "email")
)


def _text(value) -> str:
    """``value|stringformat:'s'``, the same operation as the template filter's."""
    return "%s" % (value,)  # noqa: UP031 — what the filter does


def _attributes(attrs: dict) -> str:
    """Django's ``django/forms/widgets/attrs.html``."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(_text(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option(option: dict, context: Context) -> str:
    """Django's ``select_option.html``, with the line end its file ends with."""
    value = conditional_escape(_text(option["value"]))
    label = render_value_in_context(option["label"], context)
    return f'<option value="{value}"{_attributes(option["attrs"])}>{label}</option>\n'


def _drawn(template_name: str, context: dict, renderer=None):
    """A widget's markup as Django's templates write it (the renderer strips the whole, not what
    its templates include), for a select and its options and a one-line input; any other widget is
    drawn by its templates."""
    widget = context["widget"]
    options = [option for _name, group, _index in widget.get("optgroups", ()) for option in group]
    if template_name == _SELECT and all(option["template_name"] == _OPTION for option in options):
        values = Context(autoescape=True)
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            drawn = "".join(f"\n  {_option(option, values)}" for option in options)
            if group_name:
                label = render_value_in_context(group_name, values)
                drawn = f'\n  <optgroup label="{label}">{drawn}\n  </optgroup>'
            groups.append(drawn)
        name = conditional_escape(widget["name"])
        return mark_safe(f'<select name="{name}"{_attributes(widget["attrs"])}>{"".join(groups)}\n</select>')
    if template_name in _INPUTS:
        value = widget["value"]
        shown = "" if value is None else f' value="{conditional_escape(_text(value))}"'
        kind, name = conditional_escape(widget["type"]), conditional_escape(widget["name"])
        return mark_safe(f'<input type="{kind}" name="{name}"{shown}{_attributes(widget["attrs"])}>')
    return mark_safe((renderer or get_default_renderer()).render(template_name, context))


def draw_without_templates(widget: forms.Widget) -> None:
    """Draw ``widget`` in Python (:func:`_drawn`): the markup of Django's templates, without a
    template node per option and attribute — a list's filter panel draws twenty widgets and every
    choice of its selects on each page. The drawing needs nothing of the widget, so that a copy of
    it (forms copy their fields' widgets) draws the same way."""
    widget._render = _drawn
