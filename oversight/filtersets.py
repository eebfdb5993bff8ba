"""Filters of the oversight lists, shared by the web pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.filtersets import BaseFilterSet, DateFromFilter, DateToFilter, IdFilter, UnitSubtreeFilter
from logistics.search import filter_by_search
from oversight.choices import (
    Area,
    DisciplineCorrection,
    DisciplineLevel,
    FindingKind,
    InspectionForm,
    InspectionStatus,
    IssuingBody,
    ProgrammeKind,
    RecommendationStatus,
    Schedule,
    Severity,
    TargetKind,
    TeamRole,
)
from oversight.models import (
    DisciplineDecision,
    Finding,
    FindingLink,
    Inspection,
    Programme,
    ProgressReport,
    Recommendation,
    TeamMember,
)


class ProgrammeFilterSet(BaseFilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    kind = django_filters.ChoiceFilter(null_label=None, label=_("Kind"), choices=ProgrammeKind.choices)
    schedule = django_filters.ChoiceFilter(null_label=None, label=_("Schedule"), choices=Schedule.choices)
    area = django_filters.ChoiceFilter(
        null_label=None, label=pgettext_lazy("oversight", "Area"), choices=Area.choices, method="filter_area"
    )
    issuing_body = django_filters.ChoiceFilter(null_label=None, label=_("Issuing body"), choices=IssuingBody.choices)
    issuing_unit = UnitSubtreeFilter(field_name="issuing_unit")

    class Meta:
        model = Programme
        fields = ["q", "year", "kind", "schedule", "area", "issuing_body", "issuing_unit"]

    def filter_area(self, queryset, name, value):
        return queryset.filter(areas__contains=[value])


class InspectionFilterSet(BaseFilterSet):
    status = django_filters.MultipleChoiceFilter(null_label=None, label=_("Status"), choices=InspectionStatus.choices)
    kind = django_filters.ChoiceFilter(null_label=None, label=_("Kind"), choices=ProgrammeKind.choices)
    form = django_filters.ChoiceFilter(
        null_label=None, label=pgettext_lazy("oversight", "Form"), choices=InspectionForm.choices
    )
    without_programme = django_filters.BooleanFilter(
        label=_("Ad hoc, without a programme"), field_name="programme", lookup_expr="isnull"
    )
    programme = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("oversight", "Programme"), queryset=Programme.objects.all()
    )
    year = django_filters.NumberFilter(label=_("Year"), field_name="planned_start__year")
    target_kind = django_filters.ChoiceFilter(
        null_label=None, label=pgettext_lazy("oversight", "Target"), choices=TargetKind.choices
    )
    target_unit = UnitSubtreeFilter(field_name="target_unit", label=_("Inspected unit (with units under it)"))
    inspecting_unit = UnitSubtreeFilter(field_name="inspecting_unit", label=_("Inspecting unit"))
    planned_from = DateFromFilter(field_name="planned_start", label=_("Planned from"))
    planned_to = DateToFilter(field_name="planned_start", label=_("Planned to"))

    class Meta:
        model = Inspection
        fields = [
            "q",
            "status",
            "kind",
            "form",
            "programme",
            "without_programme",
            "year",
            "target_kind",
            "target_unit",
            "inspecting_unit",
            "planned_from",
            "planned_to",
        ]


class TeamMemberFilterSet(BaseFilterSet):
    inspection = django_filters.ModelChoiceFilter(label=_("Inspection"), queryset=Inspection.objects.all())
    role = django_filters.ChoiceFilter(null_label=None, label=_("Role in the team"), choices=TeamRole.choices)

    class Meta:
        model = TeamMember
        fields = ["q", "inspection", "role"]

    def filter_search(self, queryset, name, value):
        return filter_by_search(queryset, value, column="personnel__search_text")


class FindingFilterSet(BaseFilterSet):
    area = django_filters.MultipleChoiceFilter(
        null_label=None, label=pgettext_lazy("oversight", "Area"), choices=Area.choices
    )
    kind = django_filters.ChoiceFilter(null_label=None, label=_("Kind"), choices=FindingKind.choices)
    severity = django_filters.MultipleChoiceFilter(null_label=None, label=_("Severity"), choices=Severity.choices)
    inspection = django_filters.ModelChoiceFilter(label=_("Inspection"), queryset=Inspection.objects.all())
    year = django_filters.NumberFilter(label=_("Year"), field_name="inspection__planned_start__year")
    year_from = django_filters.NumberFilter(
        label=_("From year"), field_name="inspection__planned_start__year", lookup_expr="gte"
    )
    year_to = django_filters.NumberFilter(
        label=_("To year"), field_name="inspection__planned_start__year", lookup_expr="lte"
    )
    unit = UnitSubtreeFilter(field_name="inspection__target_unit", label=_("Inspected unit (with units under it)"))
    # What a report's row for one unit counted: that unit only, not the units under it.
    unit_only = IdFilter(field_name="inspection__target_unit", label=_("Only this inspected unit (id)"))
    amount_min = django_filters.NumberFilter(label=_("Amount from (đồng)"), field_name="amount", lookup_expr="gte")

    class Meta:
        model = Finding
        fields = [
            "q",
            "area",
            "kind",
            "severity",
            "inspection",
            "year",
            "year_from",
            "year_to",
            "unit",
            "unit_only",
            "amount_min",
        ]


class FindingLinkFilterSet(BaseFilterSet):
    finding = django_filters.ModelChoiceFilter(label=_("Finding"), queryset=Finding.objects.all())

    class Meta:
        model = FindingLink
        fields = ["q", "finding"]

    def filter_search(self, queryset, name, value):
        return filter_by_search(queryset, value, column="finding__search_text")


class RecommendationFilterSet(BaseFilterSet):
    status = django_filters.MultipleChoiceFilter(
        null_label=None, label=_("Status"), choices=RecommendationStatus.choices
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    responsible_unit = UnitSubtreeFilter(
        field_name="responsible_unit", label=_("Responsible unit (with units under it)")
    )
    responsible_unit_only = IdFilter(field_name="responsible_unit", label=_("Only this responsible unit (id)"))
    area = django_filters.ChoiceFilter(
        null_label=None, label=pgettext_lazy("oversight", "Area"), choices=Area.choices, field_name="finding__area"
    )
    inspection = django_filters.ModelChoiceFilter(
        label=_("Inspection"), queryset=Inspection.objects.all(), field_name="finding__inspection"
    )
    concluded_from = django_filters.NumberFilter(
        label=_("Concluded from year"), field_name="finding__inspection__concluded_on__year", lookup_expr="gte"
    )
    concluded_to = django_filters.NumberFilter(
        label=_("Concluded to year"), field_name="finding__inspection__concluded_on__year", lookup_expr="lte"
    )
    due_from = DateFromFilter(field_name="due_date", label=_("Due from"))
    due_to = DateToFilter(field_name="due_date", label=_("Due to"))

    class Meta:
        model = Recommendation
        fields = [
            "q",
            "status",
            "overdue",
            "responsible_unit",
            "responsible_unit_only",
            "area",
            "inspection",
            "concluded_from",
            "concluded_to",
            "due_from",
            "due_to",
        ]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.overdue() if value else queryset.not_overdue()


class ProgressReportFilterSet(BaseFilterSet):
    recommendation = django_filters.NumberFilter(label=_("Recommendation number"), field_name="recommendation")
    status = django_filters.ChoiceFilter(null_label=None, label=_("Status after"), choices=RecommendationStatus.choices)
    reported_from = DateFromFilter(field_name="reported_on", label=_("From"))
    reported_to = DateToFilter(field_name="reported_on", label=_("To"))

    class Meta:
        model = ProgressReport
        fields = ["q", "recommendation", "status", "reported_from", "reported_to"]

    def filter_search(self, queryset, name, value):
        return filter_by_search(queryset, value, column="recommendation__search_text")


class DisciplineDecisionFilterSet(BaseFilterSet):
    level = django_filters.MultipleChoiceFilter(
        null_label=None, label=pgettext_lazy("discipline", "Level"), choices=DisciplineLevel.choices
    )
    target_kind = django_filters.ChoiceFilter(
        null_label=None, label=pgettext_lazy("oversight", "Target"), choices=TargetKind.choices
    )
    unit = UnitSubtreeFilter(field_name="target_unit", label=_("Unit (with units under it)"))
    year = django_filters.NumberFilter(label=_("Year"), field_name="decided_on__year")
    decided_from = DateFromFilter(field_name="decided_on", label=_("From"))
    decided_to = DateToFilter(field_name="decided_on", label=_("To"))
    in_force = django_filters.BooleanFilter(label=_("In force"), method="filter_in_force")

    class Meta:
        model = DisciplineDecision
        fields = ["q", "level", "target_kind", "unit", "year", "decided_from", "decided_to", "in_force"]

    def filter_in_force(self, queryset, name, value):
        """In force: neither corrected by a later decision nor one that annuls another."""
        in_force = Q(corrected_by__isnull=True) & ~Q(correction=DisciplineCorrection.ANNUL)
        return queryset.filter(in_force if value else ~in_force)
