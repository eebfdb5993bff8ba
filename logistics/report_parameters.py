"""The parameters of a report: one base form, a date range and a year range built on it.

A form is always bound with the report's defaults under what was asked, so a parameter left out
takes its default. A parameter refused is said beside its field, and the figures are computed with
its default instead (a period whose end comes before its start falls back as a whole), so that a
page always shows figures and says what it did not take; the API refuses the request instead.
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from logistics.dashboard import Period
from logistics.filtersets import within_filter_dates
from logistics.formatting import day_text
from logistics.forms import ScopedForm
from logistics.models import Unit

END_BEFORE_START = _("The end of the period comes before its start.")

_OPENAPI_TYPES = (
    (forms.ModelChoiceField, OpenApiTypes.INT),
    (forms.IntegerField, OpenApiTypes.INT),
    (forms.DateField, OpenApiTypes.DATE),
)


class ReportParametersForm(ScopedForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.all(), required=False)

    #: The names of the range's two ends, start first; "end before start" is said beside the end.
    range_fields: tuple[str, str] | None = None
    #: What the API documentation says of a parameter, by name.
    api_descriptions = {"unit": _("Unit id: the unit and every unit under it.")}

    def __init__(self, query=None, *, user):
        self.defaults = self.default_values(user, timezone.localdate())
        given = {name: query.get(name) for name in self.base_fields if query is not None and name in query}
        super().__init__({**self.defaults, **given}, user=user)

    def default_values(self, user, today: datetime.date) -> dict:
        """Each parameter's value when it is not given or not right."""
        return {}

    def clean(self):
        cleaned = super().clean()
        if self.range_fields:
            start, end = (cleaned.get(name) for name in self.range_fields)
            if start is not None and end is not None and end < start:
                self.add_error(self.range_fields[1], END_BEFORE_START)
        return cleaned

    def values(self) -> dict:
        """Every parameter: what was given right, the default for the rest."""
        self.is_valid()
        values = {name: self.cleaned_data.get(name, self.defaults.get(name)) for name in self.fields}
        for name in self.errors:
            values[name] = self.defaults.get(name)
        if self.range_fields and any(name in self.errors for name in self.range_fields):
            values.update({name: self.defaults.get(name) for name in self.range_fields})
        return values

    def selector_arguments(self) -> dict:
        """What the report's selector is called with, besides the user."""
        return self.values()

    @classmethod
    def month_query(cls, first: datetime.date, last: datetime.date) -> dict:
        """The query that asks for the month from ``first`` to ``last`` (the monthly command's)."""
        return {}

    @classmethod
    def openapi_parameters(cls) -> list[OpenApiParameter]:
        parameters = []
        for name, field in cls.base_fields.items():
            kind = next(kind for field_class, kind in _OPENAPI_TYPES if isinstance(field, field_class))
            parameters.append(OpenApiParameter(name, kind, description=cls.api_descriptions.get(name, "")))
        return parameters


class DateRangeForm(ReportParametersForm):
    """From one day to another, this year so far by default."""

    date_from = forms.DateField(label=_("From"), validators=[within_filter_dates])
    date_to = forms.DateField(label=_("To"), validators=[within_filter_dates])

    range_fields = ("date_from", "date_to")
    api_descriptions = {
        **ReportParametersForm.api_descriptions,
        "date_from": _("First day of the period (YYYY-MM-DD)."),
        "date_to": _("Last day of the period (YYYY-MM-DD)."),
    }
    field_order = ["date_from", "date_to", "unit"]

    def default_values(self, user, today):
        return {"date_from": today.replace(month=1, day=1), "date_to": today}

    @classmethod
    def month_query(cls, first, last):
        return {"date_from": day_text(first), "date_to": day_text(last)}


class YearRangeForm(ReportParametersForm):
    """From one year to another, this year by default."""

    year_from = forms.IntegerField(label=_("From year"), min_value=2000, max_value=2100)
    year_to = forms.IntegerField(label=_("To year"), min_value=2000, max_value=2100)

    range_fields = ("year_from", "year_to")
    field_order = ["year_from", "year_to", "unit"]

    def default_values(self, user, today):
        return {"year_from": today.year, "year_to": today.year}

    @classmethod
    def month_query(cls, first, last):
        return {"year_from": first.year, "year_to": first.year}


class UnitForm(ReportParametersForm):
    """A unit subtree only: the report is of today."""


class UnitPeriodForm(DateRangeForm):
    """The dashboard's and the annual report's: the user's own unit by default."""

    field_order = ["unit", "date_from", "date_to"]

    def default_values(self, user, today):
        return {**super().default_values(user, today), "unit": user.unit if user.unit_id else None}

    def selector_arguments(self):
        values = self.values()
        return {"unit": values["unit"], "period": Period(values["date_from"], values["date_to"])}
