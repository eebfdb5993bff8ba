"""Entry forms of the clinic, made for a busy day: look-ups as you type, today and the last
clinician as defaults, and the medicines (or tests) of a record entered on the same page."""

import datetime

from django import forms
from django.forms import formset_factory
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from logistics.filtersets import within_filter_dates
from logistics.forms import LookupSelect, ScopedModelForm, style_widget
from logistics.models import Personnel, Unit, UnitKind
from logistics.report_parameters import DateRangeForm
from medical.choices import Classification, TestMethod, TestResult
from medical.models import Encounter, Exposure, Patient


class NoWidget(forms.Widget):
    """Stands for the lines of a record, which the page renders as a table of its own."""

    is_hidden = True

    def render(self, name, value, attrs=None, renderer=None):
        return ""

    def value_from_datadict(self, data, files, name):
        return None


class LinesField(forms.Field):
    widget = NoWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


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


class LinesFormMixin:
    """A record with lines (medicines, tests) typed in a table below it.

    The lines reach the service as a list of dicts under ``lines_field``; blank rows are ignored.
    """

    lines_field = ""
    lines_form: type[forms.Form] = forms.Form
    lines_extra = 3

    def setup_lines(self, data, initial_lines):
        """Called before the form's own ``__init__``, which already validates a bound form."""
        formset_class = formset_factory(self.lines_form, extra=self.lines_extra if not initial_lines else 1)
        self.lines = formset_class(data, prefix=self.lines_field, initial=initial_lines or None)
        for form in self.lines.forms:
            for field in form.fields.values():
                style_widget(field.widget)
                field.widget.attrs["class"] += (
                    " form-control-sm" if "form-control" in field.widget.attrs["class"] else ""
                )

    def clean(self):
        cleaned = super().clean()
        if not self.lines.is_valid():
            self.add_error(self.lines_field, _("Check the lines marked below."))
            for form in self.lines.forms:
                for name in form.errors:
                    if name in form.fields:
                        style_widget(form.fields[name].widget, has_error=True)
        else:
            cleaned[self.lines_field] = [form.cleaned_data for form in self.lines.forms if form.cleaned_data]
        return cleaned


class PatientForm(ServiceRulesMixin, ScopedModelForm):
    class Meta:
        model = Patient
        fields = [
            "kind",
            "clinic",
            "personnel",
            "relative_of",
            "relationship",
            "full_name",
            "sex",
            "date_of_birth",
            "birth_year",
            "insurance_number",
            "address",
        ]
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


class MedicineLineForm(forms.Form):
    name = forms.CharField(label=_("Medicine"), max_length=200)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100_000)
    unit_of_measure = forms.CharField(label=_("Unit of measure"), max_length=30, required=False)
    instructions = forms.CharField(label=_("Instructions"), max_length=200, required=False)


class EncounterForm(ServiceRulesMixin, LinesFormMixin, ScopedModelForm):
    lines_field = "medicines"
    lines_form = MedicineLineForm
    medicines = LinesField()

    is_fit = forms.NullBooleanField(
        label=_("Fit or unfit"),
        required=False,
        widget=forms.Select(choices=[("unknown", "—"), ("true", _("Fit")), ("false", _("Unfit"))]),
        help_text=_("Required for a health check."),
    )

    class Meta:
        model = Encounter
        fields = [
            "date",
            "clinic",
            "patient",
            "service",
            "clinician",
            "diagnosis",
            "icd10_code",
            "outcome",
            "care_setting",
            "referral_hospital",
            "referral_reason",
            "health_check_purpose",
            "health_grade",
            "is_fit",
            "notes",
        ]
        widgets = {
            "diagnosis": forms.Textarea(attrs={"rows": 2}),
            "referral_reason": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "health_grade": forms.NumberInput(attrs={"min": 1, "max": 6}),
        }

    def __init__(self, data=None, files=None, *, instance=None, **kwargs):
        existing = []
        if instance is not None and instance.pk:
            existing = list(instance.medicines.values("name", "quantity", "unit_of_measure", "instructions"))
        self.setup_lines(data, existing)
        super().__init__(data, files, instance=instance, **kwargs)
        self.fields["clinic"].queryset = self.fields["clinic"].queryset.filter(kind=UnitKind.CLINIC)
        plain_select(self.fields["clinic"])
        self.fields["clinician"].queryset = self.fields["clinician"].queryset.filter(
            is_active=True, unit__kind=UnitKind.CLINIC
        )
        plain_select(self.fields["clinician"])


class ExposureTestLineForm(forms.Form):
    date = forms.DateField(label=_("Test date"))
    method = forms.ChoiceField(label=_("Method"), choices=[("", "—"), *TestMethod.choices])
    result = forms.ChoiceField(label=_("Result"), choices=TestResult.choices, initial=TestResult.PENDING)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from logistics.forms import DateInput

        self.fields["date"].widget = DateInput()


class ExposureForm(ServiceRulesMixin, LinesFormMixin, ScopedModelForm):
    lines_field = "tests"
    lines_form = ExposureTestLineForm
    lines_extra = 2
    tests = LinesField()

    class Meta:
        model = Exposure
        fields = [
            "clinic",
            "patient",
            "classification",
            "date_identified",
            "source_case",
            "source_note",
            "isolation_place",
            "isolation_address",
            "isolation_start",
            "isolation_end",
            "status",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, data=None, files=None, *, instance=None, **kwargs):
        existing = []
        if instance is not None and instance.pk:
            existing = list(instance.tests.values("date", "method", "result"))
            # The source case is looked up as you type (every name on the lists would otherwise
            # be on the page); the entry itself is never offered as its own source.
            self.lookup_params = {"source_case": {"exclude": instance.pk}}
        self.setup_lines(data, existing)
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
