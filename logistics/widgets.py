"""Widgets and form fields of the project that know no model: they are used by the model fields
themselves (``MoneyField.formfield``), so they import nothing of ``logistics.models``."""

import contextlib
import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.renderers import TemplatesSetting
from django.urls import reverse
from django.utils.http import urlencode
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
