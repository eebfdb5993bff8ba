"""FilterSet machinery shared by the web lists and the API (django-filter).

Every FilterSet has ``q``, the accent-insensitive text search; choices of units and other scoped
records offered in a filter are limited to what the user may see.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from logistics.forms import LOOKUP_MODELS, DateInput, LookupSelect, style_widget
from logistics.models import Unit
from logistics.scope import restrict
from logistics.search import filter_by_search, fold
from logistics.selectors import rollup_unit_ids


class _HiddenCSVWidget(django_filters.widgets.BaseCSVWidget, forms.HiddenInput):
    pass


class IdFilter(django_filters.NumberFilter):
    """``?project=7``: a record chosen by a link (a work's page, a report's row). It narrows the list
    like any filter and stays in the query when the panel is submitted, but it is no field an officer
    types into, so the panel keeps it hidden."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)


class IdInFilter(django_filters.BaseInFilter, django_filters.NumberFilter):
    """``?units=3,7,9``: exactly these records (what a report's row counted, e.g. units without the
    units under them); hidden in the panel like :class:`IdFilter`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", _HiddenCSVWidget)
        super().__init__(*args, **kwargs)


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

    def filter_search(self, queryset, name, value):
        return filter_by_search(queryset, value)

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            for field in form.fields.values():
                model = getattr(getattr(field, "queryset", None), "model", None)
                if model is not None and model._meta.label_lower in LOOKUP_MODELS:
                    widget = LookupSelect(model, attrs=field.widget.attrs)
                    widget.choices = field.choices
                    field.widget = widget
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

from logistics.models import ExportLog, Personnel, Rank, Supplier, SupplierKind, UnitKind  # noqa: E402


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
