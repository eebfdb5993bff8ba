"""Form machinery: Bootstrap rendering, scoped choices and look-up-as-you-type widgets."""

from django import forms
from django.utils.translation import gettext_lazy as _

from logistics import services
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


class NoWidget(forms.Widget):
    """Stands for a document's lines, which the page renders as a table of their own."""

    is_hidden = True

    def render(self, name, value, attrs=None, renderer=None):
        return ""

    def value_from_datadict(self, data, files, name):
        return None


class LinesField(forms.Field):
    """Where the errors the service finds in a document's lines are shown (beside the lines)."""

    widget = NoWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class LinesFormMixin:
    """A document whose lines are typed in a table on the same page — a voucher's goods, a visit's
    medicines, the tests of an epidemic-list entry: the one way the project does it.

    The form owns the rows' formset (``line_formset``), prefixed with the name under which the
    service takes the rows (``lines_field``); the rows reach the service in ``cleaned_data`` as a
    list of dicts, blank and removed rows left out. A form that shows the service's errors about
    the lines beside them declares a :class:`LinesField` of that name.
    """

    lines_field = "lines"
    line_form: type[forms.Form] = forms.Form
    #: Blank rows offered on a new document (one on a document being edited, when any).
    lines_extra = 3
    #: Rows a document needs at least.
    lines_min = 0
    #: Rows are removed with a button (their DELETE box) rather than left blank.
    lines_can_delete = False

    def __init__(self, data=None, files=None, *args, user=None, **kwargs):
        # Before the form's own __init__, which validates a bound form and so reads the rows.
        instance = kwargs.get("instance")
        initial = self.initial_lines(instance) if instance is not None and instance.pk else []
        formset_class = forms.formset_factory(
            self.line_form,
            extra=min(self.lines_extra, 1) if initial else self.lines_extra,
            can_delete=self.lines_can_delete,
            min_num=self.lines_min,
            validate_min=bool(self.lines_min),
        )
        row_kwargs = {"user": user} if issubclass(self.line_form, ScopedFormMixin) else {}
        self.line_formset = formset_class(
            data, prefix=self.lines_field, initial=initial or None, form_kwargs=row_kwargs
        )
        super().__init__(data, files, *args, user=user, **kwargs)

    def initial_lines(self, instance) -> list[dict]:
        """The rows a saved document's form starts with."""
        return []

    def clean(self):
        cleaned = super().clean()
        if not self.line_formset.is_valid():
            field = self.lines_field if self.lines_field in self.fields else None
            self.add_error(field, _("Check the lines marked below."))
            for row in self.line_formset.forms:
                for name in row.errors:
                    if name in row.fields:
                        style_widget(row.fields[name].widget, has_error=True)
        else:
            cleaned[self.lines_field] = [
                {name: value for name, value in row.cleaned_data.items() if name != "DELETE"}
                for row in self.line_formset.forms
                if row.cleaned_data and not row.cleaned_data.get("DELETE")
            ]
        return cleaned


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
        # What the form offers is what the service lets a user change.
        fields = services.PERSONNEL_EDITABLE


class SupplierForm(ScopedModelForm):
    class Meta:
        model = Supplier
        # What the form offers is what the service lets a user change.
        fields = services.SUPPLIER_EDITABLE
