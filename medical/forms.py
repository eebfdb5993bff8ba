"""Entry forms of the clinic, made for a busy day: look-ups as you type, today and the last
clinician as defaults, and the medicines (or tests) of a record entered on the same page."""

import datetime

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from logistics.filtersets import within_filter_dates
from logistics.forms import LinesField, LinesFormMixin, ScopedModelForm
from logistics.models import Personnel, Unit, UnitKind
from logistics.report_parameters import DateRangeForm
from logistics.widgets import DateInput, LookupSelect, style_widget
from medical import services
from medical.choices import Classification, TestMethod, TestResult
from medical.models import Encounter, Exposure, FitnessStandard, Patient


class OfficerLookupSelect(LookupSelect):
    """Any serving officer of the force, not only those of the clinic's own unit: the clinic
    registers patients from every unit."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-lookup"] = reverse("medical:officer_lookup")
        return context


def plain_select(field: forms.ModelChoiceField) -> None:
    """A short list (the clinics) reads better as an ordinary drop-down than as a look-up."""
    field.widget = forms.Select(choices=field.choices, attrs={"required": field.required} if field.required else {})
    style_widget(field.widget)


class ServiceRulesMixin:
    """Leaves the rules that tie fields together to the service, which names the field at fault
    (the model's CHECK constraints would only say which constraint failed); the database still
    enforces them last."""

    def _post_clean(self):
        instance = self.instance
        full_clean = instance.full_clean
        instance.full_clean = lambda *args, **kwargs: full_clean(*args, **kwargs, validate_constraints=False)
        try:
            super()._post_clean()
        finally:
            del instance.full_clean

    def add_error(self, field, error):
        # Errors the service reports after validation are marked on their fields too.
        super().add_error(field, error)
        for name in self._errors or ():
            if name in self.fields:
                style_widget(self.fields[name].widget, has_error=True)


class ClinicLineForm(forms.Form):
    """A row of medicines or tests: the clinic's tables use small fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            style_widget(field.widget)
            if "form-control" in field.widget.attrs["class"]:
                field.widget.attrs["class"] += " form-control-sm"


class PatientForm(ServiceRulesMixin, ScopedModelForm):
    class Meta:
        model = Patient
        # What the form offers is what the service lets a user change.
        fields = services.PATIENT_EDITABLE
        help_texts = {
            "full_name": _("For an officer it is taken from the personnel record."),
            "birth_year": _("Enough when the exact date of birth is not known."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinic"].queryset = self.fields["clinic"].queryset.filter(kind=UnitKind.CLINIC)
        plain_select(self.fields["clinic"])
        for name in ("personnel", "relative_of"):
            field = self.fields[name]
            field.queryset = Personnel.objects.filter(is_active=True).select_related("unit")
            widget = OfficerLookupSelect(Personnel, attrs=field.widget.attrs)
            widget.choices = field.choices
            field.widget = widget
        self.fields["full_name"].required = False
        self.fields["full_name"].widget.attrs.pop("required", None)
        self.fields["birth_year"].required = False
        self.fields["birth_year"].widget.attrs.pop("required", None)


class MedicineLineForm(ClinicLineForm):
    name = forms.CharField(label=_("Medicine"), max_length=200)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100_000)
    unit_of_measure = forms.CharField(label=_("Unit of measure"), max_length=30, required=False)
    instructions = forms.CharField(label=_("Instructions"), max_length=200, required=False)


class EncounterForm(ServiceRulesMixin, LinesFormMixin, ScopedModelForm):
    lines_field = "medicines"
    line_form = MedicineLineForm
    medicines = LinesField()

    is_fit = forms.NullBooleanField(
        label=_("Fit or unfit"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", _("As the standard says")), ("true", _("Fit")), ("false", _("Unfit"))]
        ),
        help_text=_("Left as the standard says, it follows from the grade; choose Unfit for another reason."),
    )

    class Meta:
        model = Encounter
        # What the form offers is what the service lets a user change.
        fields = services.ENCOUNTER_EDITABLE
        widgets = {
            "diagnosis": forms.Textarea(attrs={"rows": 2}),
            "referral_reason": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "health_grade": forms.NumberInput(attrs={"min": 1, "max": 6}),
        }

    def initial_lines(self, instance):
        return list(instance.medicines.values("name", "quantity", "unit_of_measure", "instructions"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinic"].queryset = self.fields["clinic"].queryset.filter(kind=UnitKind.CLINIC)
        plain_select(self.fields["clinic"])
        self.fields["clinician"].queryset = self.fields["clinician"].queryset.filter(
            is_active=True, unit__kind=UnitKind.CLINIC
        )
        plain_select(self.fields["clinician"])


class ExposureTestLineForm(ClinicLineForm):
    date = forms.DateField(label=_("Test date"), widget=DateInput())
    method = forms.ChoiceField(label=_("Method"), choices=[("", "—"), *TestMethod.choices])
    result = forms.ChoiceField(label=_("Result"), choices=TestResult.choices, initial=TestResult.PENDING)


class ExposureForm(ServiceRulesMixin, LinesFormMixin, ScopedModelForm):
    lines_field = "tests"
    line_form = ExposureTestLineForm
    lines_extra = 2
    tests = LinesField()

    class Meta:
        model = Exposure
        # What the form offers is what the service lets a user change.
        fields = services.EXPOSURE_EDITABLE
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def initial_lines(self, instance):
        return list(instance.tests.values("date", "method", "result"))

    def __init__(self, data=None, files=None, *, instance=None, **kwargs):
        if instance is not None and instance.pk:
            # The source case is looked up as you type (every name on the lists would otherwise
            # be on the page); the entry itself is never offered as its own source.
            self.lookup_params = {"source_case": {"exclude": instance.pk}}
        super().__init__(data, files, instance=instance, **kwargs)
        self.fields["clinic"].queryset = self.fields["clinic"].queryset.filter(kind=UnitKind.CLINIC)
        plain_select(self.fields["clinic"])
        source = self.fields["source_case"]
        source.queryset = source.queryset.filter(classification__in=[Classification.F0, Classification.F1])
        if instance is not None and instance.pk:
            source.queryset = source.queryset.exclude(pk=instance.pk)


class CountsForm(DateRangeForm):
    """Period and unit subtree of the clinic's figures."""

    unit = forms.ModelChoiceField(label=_("Unit (with units under it)"), queryset=Unit.objects.all(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.user
        if user is not None and user.has_perm("medical.view_encounter"):
            # Clinic staff count their clinic's patients of every unit, so every unit is offered.
            field = self.fields["unit"]
            field.queryset = Unit.objects.filter(valid_to__isnull=True)
            plain_select(field)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start <= end and (end - start).days > 366 * 20:
            self.add_error("date_from", _("Choose a period of at most 20 years."))
        return cleaned


#: The first day the epidemic lists count from by default.
EPIDEMIC_START = datetime.date(2020, 1, 1)


class EpidemicCountsForm(CountsForm):
    day = forms.DateField(label=_("In isolation on"), validators=[within_filter_dates])

    field_order = ["day", "date_from", "date_to", "unit"]
    api_descriptions = {
        **CountsForm.api_descriptions,
        "day": _("The day whose number in isolation is counted (YYYY-MM-DD)."),
    }

    def default_values(self, user, today):
        return {"day": today, "date_from": EPIDEMIC_START, "date_to": today}


class FitnessStandardForm(ScopedModelForm):
    class Meta:
        model = FitnessStandard
        fields = services.STANDARD_EDITABLE
        widgets = {"fit_up_to_grade": forms.NumberInput(attrs={"min": 1, "max": 6})}
