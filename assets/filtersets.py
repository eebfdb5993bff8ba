import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assets.choices import Condition, ItemStatus, Origin, StocktakeStatus, Tracking, VoucherKind, VoucherStatus
from assets.models import (
    AssetCategory,
    FixedAssetClass,
    Holding,
    Item,
    ItemType,
    Movement,
    Programme,
    Stocktake,
    Voucher,
    WearEntry,
)
from assets.selectors import issued_condition
from logistics.filtersets import BaseFilterSet, DateFromFilter, DateToFilter, UnitSubtreeFilter
from logistics.search import filter_by_search
from logistics.selectors import rollup_unit_ids


class AssetCategoryFilterSet(BaseFilterSet):
    class Meta:
        model = AssetCategory
        fields = ["q"]


class FixedAssetClassFilterSet(BaseFilterSet):
    valid_in = django_filters.NumberFilter(label=_("Valid in year"), method="filter_valid_in", min_value=1900)

    class Meta:
        model = FixedAssetClass
        fields = ["q", "code", "is_special_police", "is_building", "valid_in"]

    def filter_valid_in(self, queryset, name, value):
        year = int(value)
        return queryset.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=year)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=year)
        )


class ProgrammeFilterSet(BaseFilterSet):
    class Meta:
        model = Programme
        fields = ["q"]


class ItemTypeFilterSet(BaseFilterSet):
    tracking = django_filters.ChoiceFilter(choices=Tracking.choices, label=_("Tracked"))

    class Meta:
        model = ItemType
        fields = ["q", "category", "tracking", "fixed_asset_class", "is_special_police"]


class ItemFilterSet(BaseFilterSet):
    unit = UnitSubtreeFilter(field_name="holder_unit", label=_("Held by (with units under it)"))
    category = django_filters.ModelChoiceFilter(
        field_name="item_type__category", queryset=AssetCategory.objects.all(), label=_("Category")
    )
    status = django_filters.ChoiceFilter(choices=ItemStatus.choices, label=_("Status"))
    origin = django_filters.ChoiceFilter(choices=Origin.choices, label=_("Origin"))
    condition = django_filters.ChoiceFilter(choices=Condition.choices, label=_("Condition"))
    acquired_from = DateFromFilter(field_name="acquired_on", label=_("Acquired from"))
    acquired_to = DateToFilter(field_name="acquired_on", label=_("Acquired to"))

    class Meta:
        model = Item
        fields = [
            "q",
            "unit",
            "category",
            "item_type",
            "status",
            "origin",
            "condition",
            "acquired_from",
            "acquired_to",
            "spending",
        ]


class VoucherFilterSet(BaseFilterSet):
    unit = UnitSubtreeFilter(field_name="from_unit", label=_("Unit (either side)"), method="filter_either_side")
    kind = django_filters.ChoiceFilter(choices=VoucherKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=VoucherStatus.choices, label=_("Status"))
    date_from = DateFromFilter(field_name="date", label=_("Date from"))
    date_to = DateToFilter(field_name="date", label=_("Date to"))
    item_type = django_filters.ModelChoiceFilter(
        field_name="lines__item_type", queryset=ItemType.objects.all(), label=_("Item type"), distinct=True
    )
    origin = django_filters.ChoiceFilter(choices=Origin.choices, label=_("Origin"))
    unpaid = django_filters.BooleanFilter(
        field_name="spending", lookup_expr="isnull", label=_("No spending entry cited")
    )

    class Meta:
        model = Voucher
        fields = [
            "q",
            "unit",
            "kind",
            "status",
            "origin",
            "programme",
            "date_from",
            "date_to",
            "item_type",
            "spending",
            "unpaid",
        ]

    def filter_either_side(self, queryset, name, value):
        ids = rollup_unit_ids(value)
        return queryset.filter(Q(from_unit_id__in=ids) | Q(to_unit_id__in=ids))


class MovementFilterSet(BaseFilterSet):
    unit = UnitSubtreeFilter(field_name="unit")
    category = django_filters.ModelChoiceFilter(
        field_name="item_type__category", queryset=AssetCategory.objects.all(), label=_("Category")
    )
    kind = django_filters.ChoiceFilter(field_name="voucher__kind", choices=VoucherKind.choices, label=_("Voucher kind"))
    programme = django_filters.ModelChoiceFilter(
        field_name="voucher__programme", queryset=Programme.objects.all(), label=_("Programme")
    )
    date_from = DateFromFilter(field_name="date", label=_("Date from"))
    date_to = DateToFilter(field_name="date", label=_("Date to"))
    direction = django_filters.ChoiceFilter(
        choices=[("in", _("Received")), ("out", _("Given out"))], method="filter_direction", label=_("Direction")
    )
    issued = django_filters.BooleanFilter(method="filter_issued", label=_("Received by issue vouchers"))

    class Meta:
        model = Movement
        fields = [
            "q",
            "unit",
            "category",
            "item_type",
            "item",
            "kind",
            "programme",
            "date_from",
            "date_to",
            "direction",
            "issued",
        ]

    def filter_issued(self, queryset, name, value):
        return queryset.filter(issued_condition()) if value else queryset

    def filter_search(self, queryset, name, value):
        return filter_by_search(queryset, value, column="voucher__search_text")

    def filter_direction(self, queryset, name, value):
        return queryset.filter(quantity__gt=0) if value == "in" else queryset.filter(quantity__lt=0)


class HoldingFilterSet(BaseFilterSet):
    unit = UnitSubtreeFilter(field_name="unit")
    category = django_filters.ModelChoiceFilter(
        field_name="item_type__category", queryset=AssetCategory.objects.all(), label=_("Category")
    )
    held = django_filters.BooleanFilter(method="filter_held", label=_("Only what is held"))

    class Meta:
        model = Holding
        fields = ["q", "unit", "category", "item_type", "held"]

    def filter_search(self, queryset, name, value):
        return filter_by_search(queryset, value, column="item_type__search_text")

    def filter_held(self, queryset, name, value):
        return queryset.filter(quantity__gt=0) if value else queryset


class StocktakeFilterSet(BaseFilterSet):
    unit = UnitSubtreeFilter(field_name="unit")
    status = django_filters.ChoiceFilter(choices=StocktakeStatus.choices, label=_("Status"))

    class Meta:
        model = Stocktake
        fields = ["q", "unit", "status"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(note__icontains=value)


class WearEntryFilterSet(BaseFilterSet):
    unit = UnitSubtreeFilter(field_name="item__holder_unit")

    class Meta:
        model = WearEntry
        fields = ["q", "year", "booked_year", "unit", "item"]

    def filter_search(self, queryset, name, value):
        return filter_by_search(queryset, value, column="item__search_text")
