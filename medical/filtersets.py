import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from logistics.filtersets import BaseFilterSet, DateFromFilter, DateToFilter, UnitSubtreeFilter
from logistics.models import Unit
from logistics.search import filter_by_search_any, search_terms, word_prefix_pattern
from logistics.widgets import draw_without_templates, style_widget
from medical.choices import AccessAction, Classification, ExposureStatus, HealthCheckPurpose, PatientKind, Service, Sex
from medical.models import AccessLog, Encounter, Exposure, FitnessStandard, Patient
from medical.selectors import in_isolation_on


class PatientUnitFilterMixin:
    """The clinic serves the whole force: its lists filter by any current unit, not only by the
    units under the clinic (which are none). Unit names are not health data."""

    unit_filters = ("unit",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.unit_filters:
            self.filters[name].queryset = Unit.objects.filter(valid_to__isnull=True)

    @property
    def form(self):
        form = super().form
        for name in self.unit_filters:
            field = form.fields[name]
            if not getattr(field.widget, "_plain", False):
                field.queryset = Unit.objects.filter(valid_to__isnull=True).only("name", "path")
                field.widget = forms.Select(choices=field.choices)
                field.widget._plain = True
                style_widget(field.widget)
                field.widget.attrs["class"] += " form-select-sm"
                draw_without_templates(field.widget)
        return form


def search_patient_and_record(queryset, value, *record_columns):
    """Every word must begin a word of the patient's name or insurance number, or of the record's
    own searchable text (each asked of its own word index)."""
    return filter_by_search_any(queryset, value, ("patient__search_text", *record_columns))


class PatientFilterSet(PatientUnitFilterMixin, BaseFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Patient group"), choices=PatientKind.choices)
    sex = django_filters.ChoiceFilter(label=_("Sex"), choices=Sex.choices)
    unit = UnitSubtreeFilter(field_name="unit")

    class Meta:
        model = Patient
        fields = ["q", "kind", "sex", "unit"]


class EncounterFilterSet(PatientUnitFilterMixin, BaseFilterSet):
    service = django_filters.MultipleChoiceFilter(label=_("Service"), choices=Service.choices)
    date_from = DateFromFilter(field_name="date", label=_("From"))
    date_to = DateToFilter(field_name="date", label=_("To"))
    patient = django_filters.ModelChoiceFilter(label=_("Patient"), queryset=Patient.objects.all())
    patient_kind = django_filters.ChoiceFilter(
        label=_("Patient group"), field_name="patient__kind", choices=PatientKind.choices
    )
    unit = UnitSubtreeFilter(field_name="patient_unit", label=_("Patient's unit (with units under it)"))

    class Meta:
        model = Encounter
        fields = ["q", "service", "date_from", "date_to", "patient", "patient_kind", "unit"]

    def filter_search(self, queryset, name, value):
        return search_patient_and_record(queryset, value, "search_text")


class ExposureFilterSet(PatientUnitFilterMixin, BaseFilterSet):
    classification = django_filters.MultipleChoiceFilter(label=_("Classification"), choices=Classification.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ExposureStatus.choices)
    identified_from = DateFromFilter(field_name="date_identified", label=_("Identified from"))
    identified_to = DateToFilter(field_name="date_identified", label=_("Identified to"))
    in_isolation_on = django_filters.DateFilter(label=_("In isolation on"), method="filter_in_isolation_on")
    unit = UnitSubtreeFilter(field_name="patient_unit", label=_("Unit (with units under it)"))

    class Meta:
        model = Exposure
        fields = ["q", "classification", "status", "identified_from", "identified_to", "in_isolation_on", "unit"]

    def filter_search(self, queryset, name, value):
        return search_patient_and_record(queryset, value, "search_text")

    def filter_in_isolation_on(self, queryset, name, value):
        return in_isolation_on(queryset, value)


class AccessLogFilterSet(BaseFilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AccessAction.choices)
    record_type = django_filters.CharFilter(label=_("Record type"))
    record_id = django_filters.NumberFilter(label=_("Record number"), method="filter_record")
    at_from = DateFromFilter(field_name="at__date", label=_("From"))
    at_to = DateToFilter(field_name="at__date", label=_("To"))

    class Meta:
        model = AccessLog
        fields = ["q", "action", "record_type", "record_id", "at_from", "at_to"]

    def filter_search(self, queryset, name, value):
        for term in search_terms(value):
            queryset = queryset.filter(user__search_text__regex=word_prefix_pattern(term))
        return queryset

    def filter_record(self, queryset, name, value):
        """Every read that showed the record: its own page, and each list, search or export page
        that named it."""
        if value != value.to_integral_value() or not 0 < value < 2**63:
            return queryset.none()  # no record has that number
        return queryset.filter(Q(record_id=value) | Q(record_ids__contains=[int(value)]))


class FitnessStandardFilterSet(BaseFilterSet):
    purpose = django_filters.ChoiceFilter(label=_("Health check purpose"), choices=HealthCheckPurpose.choices)
    in_force_on = django_filters.DateFilter(label=_("In force on"), method="filter_in_force_on")

    class Meta:
        model = FitnessStandard
        fields = ["q", "purpose", "in_force_on"]

    def filter_in_force_on(self, queryset, name, value):
        return queryset.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=value), valid_from__lte=value)
