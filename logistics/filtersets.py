"""FilterSet machinery shared by the web lists and the API (django-filter).

Every FilterSet has ``q``, the accent-insensitive text search; choices of units and other scoped
records offered in a filter are limited to what the user may see.
"""

import copy
import datetime
from decimal import Decimal

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.utils import get_model_field
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from logistics.formatting import day_text
from logistics.models import ExportLog, Personnel, Rank, Supplier, SupplierKind, Unit, UnitKind
from logistics.registry import registry
from logistics.scope import restrict
from logistics.search import filter_by_search, fold
from logistics.selectors import rollup_unit_ids
from logistics.widgets import DateInput, LookupSelect, draw_without_templates, style_widget


class _HiddenCSVWidget(django_filters.widgets.BaseCSVWidget, forms.HiddenInput):
    pass


class IdFilter(django_filters.NumberFilter):
    """``?project=7``: a record chosen by a link (a work's page, a report's row). It narrows the list
    like any filter and stays in the query when the panel is submitted, but it is no field an officer
    types into, so the panel keeps it hidden."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A year, for a filter whose own method reads it as one (a year found from dates): it takes
    the years :data:`EARLIEST_DATE` … :data:`LATEST_DATE` only, as a ``__year`` filter does."""


class IdInFilter(django_filters.BaseInFilter, django_filters.NumberFilter):
    """``?units=3,7,9``: exactly these records (what a report's row counted, e.g. units without the
    units under them); hidden in the panel like :class:`IdFilter`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", _HiddenCSVWidget)
        super().__init__(*args, **kwargs)


# --- one rule for every query parameter of every list ----------------------------------------
#
# A filter's value is refused as invalid input (a 400 naming the parameter in the API, a message
# beside the field on a page) unless the database and the code behind it can take it: numbers are
# whole and within what their column holds, dates lie in the years the force has records for, text
# is short and has no NUL byte (Django's CharField refuses those). BaseFilterSet applies it to every
# filter, declared or generated, so that no app writes it again.

EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2999, 12, 31)
TEXT_FILTER_MAX_LENGTH = 200
#: Django's own messages for these read in English on a Vietnamese page.
TEXT_ERROR_MESSAGES = {
    "null_characters_not_allowed": _("Null characters are not allowed."),
    "max_length": _("Enter at most %(limit_value)d characters."),
}
_DATE_PARTS = ("year", "iso_year")


def _whole_number(low, high) -> dict:
    return {
        "decimal_places": 0,
        "min_value": low,
        "max_value": high,
        # A number filter's form field gives a Decimal (what filter methods expect); a fraction is
        # refused as the integer field would refuse it.
        "error_messages": {
            "max_decimal_places": _("Enter a whole number."),
            "min_value": _("Enter a number of at least %(limit_value)s."),
            "max_value": _("Enter a number of at most %(limit_value)s."),
        },
    }


def _number_options(filter_, model) -> dict:
    """The form-field options that keep a number filter's value within what its target holds: the
    column reached through ``field_name`` (a foreign key's target), the year of a date (``__year``, or
    a :class:`YearFilter`), or — for a filter with its own method — a whole number a bigint holds."""
    path = filter_.field_name or ""
    if isinstance(filter_, YearFilter):
        return _whole_number(EARLIEST_DATE.year, LATEST_DATE.year)
    target = get_model_field(model, path) if model is not None and path else None
    if target is None and model is not None and path.rsplit("__", 1)[-1] in _DATE_PARTS:
        base = get_model_field(model, path.rsplit("__", 1)[0])
        if isinstance(base, models.DateField):
            return _whole_number(EARLIEST_DATE.year, LATEST_DATE.year)
    if target is not None and target.is_relation:
        target = getattr(target, "target_field", None)
    if isinstance(target, models.FloatField):
        return {}
    if isinstance(target, models.DecimalField):
        limit = Decimal(10) ** (target.max_digits - target.decimal_places)
        if target.decimal_places:
            return {"max_digits": target.max_digits, "decimal_places": target.decimal_places}
        return _whole_number(-limit + 1, limit - 1)
    internal_type = target.get_internal_type() if isinstance(target, models.Field) else ""
    low, high = connection.ops.integer_field_ranges.get(
        internal_type, connection.ops.integer_field_ranges["BigIntegerField"]
    )
    return _whole_number(low, high)


def within_filter_dates(value: datetime.date) -> None:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_range",
            params={"earliest": day_text(EARLIEST_DATE), "latest": day_text(LATEST_DATE)},
        )


def bounded(filter_, model):
    """``filter_`` with the options of the rule above added (a copy; declared filters are shared by
    every FilterSet built on the same base). Options a declaration gives itself win."""
    if isinstance(filter_, django_filters.NumberFilter):
        options = _number_options(filter_, model)
    elif isinstance(filter_, django_filters.DateFilter):
        options = {"validators": [within_filter_dates]}
    elif isinstance(filter_, django_filters.CharFilter):
        options = {"max_length": TEXT_FILTER_MAX_LENGTH, "error_messages": TEXT_ERROR_MESSAGES}
    else:
        return filter_
    filter_ = copy.deepcopy(filter_)
    for key, value in options.items():
        if key == "error_messages":
            filter_.extra[key] = {**value, **filter_.extra.get(key, {})}
        elif key == "validators":
            filter_.extra[key] = [*filter_.extra.get(key, []), *value]
        else:
            filter_.extra.setdefault(key, value)
    return filter_


class _ChoicesInOneQuery(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        # A plain query: Django streams the choices through a server-side cursor (``iterator()``),
        # three round trips to the database for a few dozen records.
        for record in self.queryset.all():
            yield self.choice(record)


class ChoicesInOneQuery(django_filters.fields.ModelChoiceIterator, _ChoicesInOneQuery):
    """The records of a select filter, read in one query (with django-filter's *null* choice)."""


class BaseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": _("Search without accents works too")}),
    )

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        for filter_ in self.filters.values():
            field_queryset = getattr(filter_, "queryset", None)
            if field_queryset is not None and not callable(field_queryset):
                filter_.queryset = restrict(field_queryset, user, "view")

    @classmethod
    def get_filters(cls):
        model = cls._meta.model
        return {name: bounded(filter_, model) for name, filter_ in super().get_filters().items()}

    def filter_search(self, queryset, name, value):
        return filter_by_search(queryset, value)

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            for field in form.fields.values():
                model = getattr(getattr(field, "queryset", None), "model", None)
                if model is not None and registry.is_looked_up(model):
                    widget = LookupSelect(model, attrs=field.widget.attrs)
                    widget.choices = field.choices
                    field.widget = widget
                elif isinstance(field, forms.ModelChoiceField):
                    field.iterator = ChoicesInOneQuery if hasattr(field, "null_label") else _ChoicesInOneQuery
                    field.widget.choices = field.choices
                if isinstance(field.widget, forms.DateInput):
                    field.widget = DateInput(attrs=field.widget.attrs)
                if isinstance(field.widget, forms.NullBooleanSelect):
                    # Django's "Unknown" reads as a value here; an unset yes/no filter shows everything.
                    field.widget.choices = [("unknown", _("All")), ("true", _("Yes")), ("false", _("No"))]
                style_widget(field.widget)
                if isinstance(field.widget, forms.Select) and not isinstance(field.widget, LookupSelect):
                    field.widget.attrs["class"] = field.widget.attrs["class"].replace(
                        "form-select", "form-select form-select-sm"
                    )
                elif "form-control" in field.widget.attrs.get("class", ""):
                    field.widget.attrs["class"] += " form-control-sm"
                draw_without_templates(field.widget)
            form._styled = True
        return form


@extend_schema_field(OpenApiTypes.INT)
class UnitSubtreeFilter(django_filters.ModelChoiceFilter):
    """Records of the chosen unit, every unit under it, and units dissolved into those."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Unit.objects.all())
        kwargs.setdefault("label", _("Unit (with units under it)"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        if not isinstance(value, Unit):
            # A value that is not a unit chosen from the queryset (a subclass's own field) finds nothing.
            return qs.none()
        return qs.filter(**{f"{self.field_name}__in": rollup_unit_ids(value)})


class DateFromFilter(django_filters.DateFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "gte")
        super().__init__(*args, **kwargs)


class DateToFilter(django_filters.DateFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "lte")
        super().__init__(*args, **kwargs)


# --- the shared core's lists --------------------------------------------------------------------


class UnitFilterSet(BaseFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=UnitKind.choices)
    within = UnitSubtreeFilter(field_name="pk", label=_("Within unit"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("current", _("Current")), ("dissolved", _("Dissolved"))],
        method="filter_status",
    )
    active_on = django_filters.DateFilter(label=_("Existing on"), method="filter_active_on")

    class Meta:
        model = Unit
        fields = ["q", "kind", "within", "status", "active_on"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(valid_to__isnull=(value == "current"))

    def filter_active_on(self, queryset, name, value):
        return queryset.active_on(value)


class PersonnelFilterSet(BaseFilterSet):
    unit = UnitSubtreeFilter(field_name="unit")
    rank = django_filters.MultipleChoiceFilter(label=_("Rank"), choices=Rank.choices)
    is_party_member = django_filters.BooleanFilter(label=_("Party member"))
    is_active = django_filters.BooleanFilter(label=_("In service"))

    class Meta:
        model = Personnel
        fields = ["q", "unit", "rank", "is_party_member", "is_active"]


class SupplierFilterSet(BaseFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SupplierKind.choices)
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Supplier
        fields = ["q", "kind", "is_active"]


class ExportLogFilterSet(BaseFilterSet):
    started_from = DateFromFilter(field_name="started_at__date", label=_("From"))
    started_to = DateToFilter(field_name="started_at__date", label=_("To"))
    format = django_filters.ChoiceFilter(label=_("Format"), choices=[("csv", "CSV"), ("xlsx", "Excel"), ("pdf", "PDF")])
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=[("web", "Web"), ("api", "API")])

    class Meta:
        model = ExportLog
        fields = ["q", "user", "source", "format", "channel", "started_from", "started_to"]

    def filter_search(self, queryset, name, value):
        folded = fold(value)
        return queryset.filter(
            Q(source_label__icontains=value) | Q(source__icontains=folded) | Q(user__search_text__contains=folded)
        )
