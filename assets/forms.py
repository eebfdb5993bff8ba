import json

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets import services
from assets.choices import (
    REPAIR_KINDS,
    SYSTEM_KINDS,
    VOUCHER_KIND_FIELDS,
    VOUCHER_SIDES,
    Condition,
    Origin,
    RepresentativeSide,
    VoucherKind,
)
from assets.models import AssetCategory, FixedAssetClass, Item, ItemType, Programme, Stocktake, Voucher
from logistics.filtersets import within_filter_dates
from logistics.formatting import day_text
from logistics.forms import LinesFormMixin, ScopedForm, ScopedModelForm
from logistics.models import Personnel, Unit
from logistics.report_parameters import DateRangeForm, UnitForm
from logistics.widgets import MoneyFormField


class AssetCategoryForm(ScopedModelForm):
    class Meta:
        model = AssetCategory
        fields = ["code", "name"]


class FixedAssetClassForm(ScopedModelForm):
    class Meta:
        model = FixedAssetClass
        # What the form offers is what the service lets a user change.
        fields = services.ASSET_CLASS_EDITABLE


class ProgrammeForm(ScopedModelForm):
    class Meta:
        model = Programme
        fields = ["code", "name"]


class ItemTypeForm(ScopedModelForm):
    class Meta:
        model = ItemType
        # What the form offers is what the service lets a user change.
        fields = services.ITEM_TYPE_EDITABLE


class ItemForm(ScopedModelForm):
    """What can be corrected on an item; its cost and holder move only through vouchers."""

    class Meta:
        model = Item
        fields = ["name", "serial_number", "plate_number", "chassis_number", "engine_number", "condition"]


#: A voucher line's fields as typed.
LINE_FIELDS = (
    "item_type",
    "item",
    "quantity",
    "unit_value",
    "serial_number",
    "plate_number",
    "chassis_number",
    "engine_number",
    "description",
    "condition",
)

#: The kinds of voucher an officer types on the voucher form (a stocktake adjustment and a cost
#: adjustment are written by their own services).
FORM_KINDS = [kind for kind in VoucherKind if kind not in SYSTEM_KINDS and kind in VOUCHER_SIDES]

#: Header fields the page shows only for some kinds (the others are hidden and emptied, app.js).
FIELDS_BY_KIND = {
    **{field: list(kinds) for field, kinds in VOUCHER_KIND_FIELDS.items()},
    "origin": [VoucherKind.RECEIPT],
    "spending": [VoucherKind.RECEIPT],
    "supplier": [VoucherKind.RECEIPT, *REPAIR_KINDS],
    "to_person": [VoucherKind.ISSUE],
}


class VoucherLineForm(ScopedForm):
    item_type = forms.ModelChoiceField(label=_("Item type"), queryset=ItemType.objects.all())
    item = forms.ModelChoiceField(label=_("Item (by its number)"), queryset=Item.objects.all(), required=False)
    quantity = forms.IntegerField(label=_("Quantity"), initial=1)
    unit_value = MoneyFormField(label=_("Unit value"), required=False)
    serial_number = forms.CharField(label=_("Serial number"), max_length=60, required=False)
    plate_number = forms.CharField(label=_("Plate number"), max_length=20, required=False)
    chassis_number = forms.CharField(label=_("Chassis number"), max_length=40, required=False)
    engine_number = forms.CharField(label=_("Engine number"), max_length=40, required=False)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    condition = forms.ChoiceField(label=_("Condition now"), choices=[("", "—"), *Condition.choices], required=False)

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = field.widget.attrs.get("class", "") + " form-control-sm"

    def clean_unit_value(self):
        return self.cleaned_data.get("unit_value") or 0


class VoucherRepresentativeForm(ScopedForm):
    """One signatory of the handover minutes: an officer chosen by typing (their name, rank and
    position are filled in on saving when left empty) or a name typed."""

    side = forms.ChoiceField(label=_("Side"), choices=RepresentativeSide.choices)
    person = forms.ModelChoiceField(label=_("Officer"), queryset=Personnel.objects.all(), required=False)
    full_name = forms.CharField(label=_("Full name"), max_length=120, required=False)
    rank = forms.CharField(label=_("Rank"), max_length=60, required=False)
    position = forms.CharField(label=_("Position"), max_length=120, required=False)

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = field.widget.attrs.get("class", "") + " form-control-sm"


#: Fields of a voucher's signatory as typed.
REPRESENTATIVE_FIELDS = ("side", "person", "full_name", "rank", "position")


class VoucherForm(LinesFormMixin, ScopedModelForm):
    line_form = VoucherLineForm
    lines_extra = 0
    lines_min = 1
    lines_can_delete = True

    number = forms.CharField(
        label=_("Number"), max_length=40, required=False, help_text=_("Left empty, the next number is given on saving.")
    )
    origin = forms.ChoiceField(label=_("Origin"), choices=[("", "—"), *Origin.choices], required=False)

    class Meta:
        model = Voucher
        # What the form offers is what the service lets a user change.
        fields = services.VOUCHER_EDITABLE
        widgets = {
            "kind": forms.Select(
                attrs={
                    "data-voucher-kind": "1",
                    # The units each kind names, for the page to show only those (app.js).
                    "data-voucher-sides": json.dumps({kind: list(sides) for kind, sides in VOUCHER_SIDES.items()}),
                    # The header fields only some kinds take, for the page to show them for those only.
                    "data-voucher-fields": json.dumps(FIELDS_BY_KIND),
                    "data-repair-kinds": json.dumps(list(REPAIR_KINDS)),
                }
            )
        }

    field_order = services.VOUCHER_EDITABLE

    def __init__(self, data=None, files=None, *args, user=None, **kwargs):
        instance = kwargs.get("instance")
        saved = (
            list(instance.representatives.order_by("id").values(*REPRESENTATIVE_FIELDS))
            if instance is not None and instance.pk
            else []
        )
        # Two rows to start with, one for each side; one more on a voucher that has some.
        blank = [] if saved else [{"side": RepresentativeSide.HANDING}, {"side": RepresentativeSide.RECEIVING}]
        formset_class = forms.formset_factory(VoucherRepresentativeForm, extra=1 if saved else 0, can_delete=True)
        # A page (or a test) that sends no signatories leaves them as they are.
        self.representatives_given = data is not None and "representatives-TOTAL_FORMS" in data
        self.representative_formset = formset_class(
            data if self.representatives_given else None,
            prefix="representatives",
            initial=saved + blank or None,
            form_kwargs={"user": user},
        )
        super().__init__(data, files, *args, user=user, **kwargs)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in FORM_KINDS]
        for name in ("from_unit", "to_unit"):
            self.fields[name].queryset = self.fields[name].queryset.filter(valid_to__isnull=True)
        # Goods may go to any unit of the force (a transfer out of one's own scope), but only
        # leave a unit the user reaches.
        self.fields["to_unit"].queryset = Unit.objects.filter(valid_to__isnull=True)
        self.fields["spending"].required = False
        self.fields["spending"].help_text = _("For a purchase: the budget spending entry that paid for it.")
        self.fields["supplier"].help_text = _("For a purchase: who sold it; for a repair: who repairs it.")

    def initial_lines(self, voucher):
        return list(voucher.lines.values(*LINE_FIELDS))

    def clean(self):
        cleaned = super().clean()
        # The service's rule of which units each kind names, beside the fields, before the model's
        # constraint would say the same at the top of the form.
        if cleaned.get("kind") in VoucherKind.values:
            errors = services.voucher_side_errors(
                kind=cleaned["kind"],
                from_unit_id=getattr(cleaned.get("from_unit"), "pk", None),
                to_unit_id=getattr(cleaned.get("to_unit"), "pk", None),
            )
            # And what only some kinds take: a loss write-off's decision, a repair's return date.
            errors.update(
                services.voucher_kind_field_errors(
                    kind=cleaned["kind"],
                    date=cleaned.get("date"),
                    decision_number=cleaned.get("decision_number") or "",
                    decision_date=cleaned.get("decision_date"),
                    expected_return_date=cleaned.get("expected_return_date"),
                    to_unit_id=getattr(cleaned.get("to_unit"), "pk", None),
                    to_person_id=getattr(cleaned.get("to_person"), "pk", None),
                )
            )
            for field, message in errors.items():
                if field not in self.errors and field in self.fields:
                    self.add_error(field, message)
        if self.representatives_given and not self.representative_formset.is_valid():
            self.add_error(None, _("Check the representatives marked below."))
        return cleaned

    @property
    def extra_formsets(self):
        return [("assets/voucher_representatives.html", self.representative_formset)]

    def extra_service_data(self) -> dict:
        """The signatories typed, for the service (left as they are when the page sent none)."""
        if not self.representatives_given:
            return {}
        return {
            "representatives": [
                {name: value for name, value in row.cleaned_data.items() if name != "DELETE"}
                for row in self.representative_formset.forms
                if row.has_changed() and row.cleaned_data and not row.cleaned_data.get("DELETE")
            ]
        }


class ReverseVoucherForm(ScopedForm):
    date = forms.DateField(label=_("Date"), required=False, help_text=_("Today if left empty."))
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)


class StocktakeForm(ScopedModelForm):
    class Meta:
        model = Stocktake
        fields = ["unit", "date", "note"]


class WearForm(ScopedForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.all(), required=False)

    def clean_year(self):
        # Said beside the field before the run is queued (the service refuses it too).
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("Wear is computed for a year that has come."))
        return year


class ItemReportForm(UnitForm):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=AssetCategory.objects.all(), required=False, empty_label=_("All")
    )


class RegisterReportForm(ItemReportForm):
    """The register as at a day: today by default, 31/12 of a year for the year's books."""

    as_of = forms.DateField(label=_("As at"), validators=[within_filter_dates])

    api_descriptions = {
        **ItemReportForm.api_descriptions,
        "as_of": _(
            "The day the register is as at (YYYY-MM-DD), today by default; a year's wear counts from its 31/12."
        ),
    }
    field_order = ["as_of", "unit", "category"]

    def default_values(self, user, today):
        return {"as_of": today}

    @classmethod
    def month_query(cls, first, last):
        return {"as_of": day_text(last)}


class IssuanceReportForm(DateRangeForm):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=AssetCategory.objects.all(), required=False, empty_label=_("All")
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.all(), required=False, empty_label=_("All")
    )


class SurplusForm(ScopedForm):
    item_type = forms.ModelChoiceField(label=_("Item type"), queryset=ItemType.objects.filter(tracking="serial"))
    serial_number = forms.CharField(label=_("Serial number"), max_length=60)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    cost = MoneyFormField(label=_("Cost"), required=False)

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)


class StocktakeCountForm(LinesFormMixin, ScopedForm):
    """One counted quantity per item type, one "found" box per item expected at the unit, and the
    items found that were not expected (surplus) as lines."""

    lines_field = "surplus"
    line_form = SurplusForm
    lines_extra = 1
    lines_can_delete = True

    def __init__(self, *args, lines=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        self.items = list(items)
        for line in self.lines:
            field = forms.IntegerField(
                label=str(line.item_type), min_value=0, required=False, initial=line.counted_quantity
            )
            field.widget.attrs.update({"class": "form-control form-control-sm text-end", "inputmode": "numeric"})
            self.fields[f"count_{line.pk}"] = field
        for entry in self.items:
            field = forms.BooleanField(label=str(entry.item), required=False, initial=entry.found)
            field.widget.attrs["class"] = "form-check-input"
            self.fields[f"found_{entry.pk}"] = field

    def counts(self) -> dict[int, int]:
        return {line.item_type_id: self.cleaned_data.get(f"count_{line.pk}") for line in self.lines}

    def missing_items(self) -> list[int]:
        return [entry.item_id for entry in self.items if not self.cleaned_data.get(f"found_{entry.pk}")]
