"""Entry forms of Party oversight. They check the shape of what is typed; the services decide."""

from __future__ import annotations

import re

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.forms import ScopedForm, ScopedModelForm
from logistics.models import Unit
from logistics.report_parameters import YearRangeForm
from logistics.scope import restrict
from oversight import services
from oversight.choices import Area, InspectionStatus, ProgressStatus
from oversight.models import DisciplineDecision, Finding, Inspection, Programme, Recommendation, TeamMember
from oversight.selectors import FIRST_YEAR, ReportParameters, is_citable


class OversightModelForm(ScopedModelForm):
    """The services check every rule with a message beside the field; the database constraints
    stand behind them. The form itself checks only types and required values."""

    def _post_clean(self):
        exclude = self._get_validation_exclusions()
        try:
            self.instance = forms.models.construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
            self.instance.clean_fields(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ProgrammeForm(OversightModelForm):
    areas = forms.MultipleChoiceField(
        label=pgettext_lazy("oversight", "Areas"),
        choices=Area.choices,
        widget=forms.CheckboxSelectMultiple,
        required=True,
    )

    class Meta:
        model = Programme
        # What the form offers is what the service lets a user change.
        fields = services.PROGRAMME_EDITABLE
        widgets = {"planned_targets": _textarea()}


class InspectionForm(OversightModelForm):
    target_unit = forms.ModelChoiceField(
        label=_("Inspected unit"),
        queryset=Unit.objects.all(),
        required=False,
        help_text=_("For a Party member, leave it empty: the member's unit is taken."),
    )

    class Meta:
        model = Inspection
        # What the form offers is what the service lets a user change.
        fields = services.INSPECTION_EDITABLE
        widgets = {"conclusion": _textarea(4)}

    def setup_fields(self, user):
        self.fields["programme"].queryset = self.fields["programme"].queryset.order_by("-year", "title")
        super().setup_fields(user)


class TeamMemberForm(OversightModelForm):
    class Meta:
        model = TeamMember
        fields = ["inspection", "personnel", "role"]

    def setup_fields(self, user):
        # Choices are narrowed before the shared set-up, which already validates a bound form.
        open_inspections = self.fields["inspection"].queryset.exclude(status=InspectionStatus.CONCLUDED)
        self.fields["inspection"].queryset = open_inspections
        super().setup_fields(user)


class _OpenInspectionMixin:
    def limit_to_open_inspections(self, name: str, path: str) -> None:
        field = self.fields[name]
        field.queryset = field.queryset.exclude(**{path: InspectionStatus.CONCLUDED})


class FindingForm(_OpenInspectionMixin, OversightModelForm):
    class Meta:
        model = Finding
        fields = ["inspection", "area", "kind", "severity", "title", "description", "amount"]
        widgets = {"description": _textarea(4)}

    def setup_fields(self, user):
        self.limit_to_open_inspections("inspection", "status")
        super().setup_fields(user)


class RecommendationForm(_OpenInspectionMixin, OversightModelForm):
    class Meta:
        model = Recommendation
        fields = ["finding", "content", "responsible_unit", "due_date"]
        widgets = {"content": _textarea(4)}

    def setup_fields(self, user):
        self.limit_to_open_inspections("finding", "inspection__status")
        self.fields["finding"].queryset = self.fields["finding"].queryset.select_related("inspection")
        self.fields["finding"].label_from_instance = lambda finding: f"{finding.inspection} — {finding}"
        super().setup_fields(user)


class DisciplineDecisionForm(OversightModelForm):
    target_unit = forms.ModelChoiceField(
        label=_("Unit disciplined or of the member"),
        queryset=Unit.objects.all(),
        required=False,
        help_text=_("For a Party member, leave it empty: the member's unit is taken."),
    )

    class Meta:
        model = DisciplineDecision
        # What the form offers is what the service lets a user change.
        fields = services.DISCIPLINE_FIELDS
        widgets = {"reason": _textarea(4)}

    def setup_fields(self, user):
        field = self.fields["inspection"]
        field.queryset = field.queryset.filter(status=InspectionStatus.CONCLUDED).order_by("-concluded_on")
        super().setup_fields(user)


# --- citing a record of any app -----------------------------------------------------------------


def parse_record_key(value) -> tuple[int, int] | None:
    """``"12:345"`` (content type id, record id) → (12, 345); anything else → None."""
    match = re.fullmatch(r"\s*(\d+):(\d+)\s*", str(value or ""))
    return (int(match.group(1)), int(match.group(2))) if match else None


def record_key(record) -> str:
    return f"{ContentType.objects.get_for_model(type(record)).pk}:{record.pk}"


def resolve_record(value, user):
    """The record named by ``value`` if it may be cited and ``user`` may see it; else None."""
    parsed = parse_record_key(value)
    if parsed is None:
        return None
    try:
        content_type = ContentType.objects.get_for_id(parsed[0])
    except ContentType.DoesNotExist:
        return None
    model = content_type.model_class()
    if not is_citable(model):
        return None
    return restrict(model._default_manager.all(), user, "view").filter(pk=parsed[1]).first()


def record_label(record) -> str:
    return f"{str(record._meta.verbose_name).capitalize()}: {record}"


class CitedRecordSelect(forms.Select):
    """Look-up as you type across every kind of record that can be cited (budget, equipment,
    construction, clinic, units, personnel, suppliers), through the shared look-up script."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.user = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-lookup"] = reverse("oversight:citable_lookup")
        context["widget"]["attrs"]["data-placeholder"] = str(_("Type a name, number or code…"))
        return context

    def optgroups(self, name, value, attrs=None):
        chosen = [v for v in value if v not in (None, "")]
        record = resolve_record(chosen[0], self.user) if chosen and self.user is not None else None
        if record is None:
            return [(None, [self.create_option(name, "", "—", False, 0)], 0)]
        return [(None, [self.create_option(name, record_key(record), record_label(record), True, 0)], 0)]


class CitedRecordField(forms.Field):
    widget = CitedRecordSelect

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = None

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        record = resolve_record(value, self.user)
        if record is None:
            raise ValidationError(_("Choose a record you may see from the list."), code="invalid_choice")
        return record

    def prepare_value(self, value):
        if hasattr(value, "_meta"):
            return record_key(value)
        return value


class FindingLinkForm(_OpenInspectionMixin, ScopedForm):
    finding = forms.ModelChoiceField(label=_("Finding"), queryset=Finding.objects.select_related("inspection"))
    record = CitedRecordField(
        label=_("Record cited"),
        help_text=_("A record of budget, equipment, construction, the clinic, a unit, an officer or a supplier."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, **kwargs)

    def setup_fields(self, user):
        self.fields["record"].user = user
        self.fields["record"].widget.user = user
        self.limit_to_open_inspections("finding", "inspection__status")
        self.fields["finding"].label_from_instance = lambda finding: f"{finding.inspection} — {finding}"
        super().setup_fields(user)


# --- workflow steps -----------------------------------------------------------------------------


class _ActionForm(ScopedForm):
    def __init__(self, *args, record=None, **kwargs):
        self.record = record
        super().__init__(*args, **kwargs)


class InspectionStartForm(_ActionForm):
    started_on = forms.DateField(label=_("Started on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started_on"].initial = timezone.localdate()


class InspectionConcludeForm(_ActionForm):
    concluded_on = forms.DateField(label=_("Concluded on"))
    conclusion_number = forms.CharField(label=_("Conclusion number"), max_length=60, required=False)
    conclusion = forms.CharField(label=_("Conclusion"), widget=_textarea(8))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concluded_on"].initial = timezone.localdate()
        if self.record is not None:
            self.fields["conclusion"].initial = self.record.conclusion
            self.fields["conclusion_number"].initial = self.record.conclusion_number


class ProgressReportForm(_ActionForm):
    status = forms.ChoiceField(
        label=_("Where it stands"), choices=ProgressStatus.choices, widget=forms.RadioSelect, initial="in_progress"
    )
    reported_on = forms.DateField(label=_("Date"))
    note = forms.CharField(label=_("What has been done"), widget=_textarea(4))
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        help_text=_("Required when reporting it done: a report, minutes, receipts or photographs."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reported_on"].initial = timezone.localdate()


class VerifyForm(_ActionForm):
    verified_on = forms.DateField(label=_("Verified on"))
    note = forms.CharField(label=_("Verification note"), widget=_textarea(3), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verified_on"].initial = timezone.localdate()


class SendBackForm(_ActionForm):
    returned_on = forms.DateField(label=_("Date"))
    note = forms.CharField(label=_("What is still missing"), widget=_textarea(3))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["returned_on"].initial = timezone.localdate()


class ReportForm(YearRangeForm):
    """Parameters of the oversight reports: every year since the first programmes by default."""

    unit = forms.ModelChoiceField(label=_("Unit (with units under it)"), queryset=Unit.objects.all(), required=False)

    def default_values(self, user, today):
        return {"year_from": FIRST_YEAR, "year_to": today.year}

    def selector_arguments(self):
        values = self.values()
        return {
            "params": ReportParameters(year_from=values["year_from"], year_to=values["year_to"], unit=values["unit"])
        }
