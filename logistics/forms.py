"""Form machinery: Bootstrap rendering, scoped choices and look-up-as-you-type widgets."""

from django import forms
from django.utils.translation import gettext_lazy as _

from logistics.models import Personnel, Supplier, Unit
from logistics.registry import registry
from logistics.scope import restrict
from logistics.widgets import DateInput, LookupSelect, style_widget


class ScopedFormMixin:
    """Takes the signed-in ``user``: every record offered in a choice is one the user may see."""

    def setup_fields(self, user):
        self.user = user
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = restrict(field.queryset, user, "view")
                if field.empty_label == "---------":
                    field.empty_label = "—"  # the empty choice reads the same in every list and form
                if registry.is_looked_up(field.queryset.model) and not isinstance(
                    field, forms.ModelMultipleChoiceField
                ):
                    params = getattr(self, "lookup_params", {}).get(name)
                    widget = LookupSelect(field.queryset.model, attrs=field.widget.attrs, params=params)
                    widget.choices = field.choices
                    widget.is_required = field.required
                    field.widget = widget
            elif isinstance(field, forms.ChoiceField) and list(field.choices)[:1] == [("", "---------")]:
                field.choices = [("", "—"), *list(field.choices)[1:]]
            if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
                field.widget = DateInput(attrs=field.widget.attrs)
            if field.required:
                field.widget.attrs["required"] = True
            # Errors are marked after cleaning (full_clean below): reading self.errors here would
            # validate the form before a formset has added its own fields.
            style_widget(field.widget)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                style_widget(self.fields[name].widget, has_error=True)


class ScopedModelForm(ScopedFormMixin, forms.ModelForm):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_fields(user)


class ScopedForm(ScopedFormMixin, forms.Form):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_fields(user)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            style_widget(field.widget)


# --- the shared core's forms --------------------------------------------------------------------


class UnitForm(ScopedModelForm):
    parent = forms.ModelChoiceField(
        label=_("Parent unit"), queryset=Unit.objects.filter(valid_to__isnull=True), required=False
    )

    class Meta:
        model = Unit
        fields = ["code", "name", "kind", "valid_from"]

    field_order = ["code", "name", "kind", "parent", "valid_from"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["parent"] = self.instance.parent_id


class UnitDissolveForm(ScopedForm):
    successor = forms.ModelChoiceField(
        label=_("Successor unit"),
        queryset=Unit.objects.filter(valid_to__isnull=True),
        help_text=_("Takes over the records; the units still under the dissolved unit move under it."),
    )
    effective_date = forms.DateField(label=_("Dissolved on"), help_text=_("The first day the unit no longer exists."))

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record


class PersonnelForm(ScopedModelForm):
    class Meta:
        model = Personnel
        fields = [
            "full_name",
            "service_number",
            "rank",
            "position",
            "unit",
            "date_of_birth",
            "is_party_member",
            "is_active",
        ]


class SupplierForm(ScopedModelForm):
    class Meta:
        model = Supplier
        fields = ["name", "kind", "tax_code", "address", "contact_person", "phone", "email", "is_active"]
