"""Equipment services: Catalogue."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from assets.models import (
    AssetCategory,
    FixedAssetClass,
    Item,
    ItemType,
    Movement,
    Programme,
)
from assets.services.common import IDENTIFIERS
from logistics import validity
from logistics.services import create_record, service, update_record

#: The advisory lock under which the versions of one class code are checked for overlap.
ASSET_CLASS_LOCK = 7_300_061


@service
def asset_category_create(*, actor, **fields) -> AssetCategory:
    return create_record(AssetCategory, actor=actor, fields=fields)


@service
def asset_category_update(*, actor, asset_category: AssetCategory, **fields) -> AssetCategory:
    return update_record(asset_category, actor=actor, fields=fields, editable=("code", "name"))


def _refuse_overlap(asset_class: FixedAssetClass) -> None:
    """Two versions of one class code never hold in the same year: the wear of a year uses the one
    version valid in it."""
    clash = validity.overlapping(
        asset_class, lock=ASSET_CLASS_LOCK, key=asset_class.code, same=Q(code=asset_class.code)
    )
    if clash is not None:
        years = clash.years_text if (clash.valid_from or clash.valid_to) else _("in every year")
        raise ValidationError(
            {
                "valid_from": _("Class %(code)s already has a version valid %(years)s; end it before this one starts.")
                % {"code": clash.code, "years": years}
            }
        )


@service
def fixed_asset_class_create(*, actor, **fields) -> FixedAssetClass:
    return create_record(FixedAssetClass, actor=actor, fields=fields, check=_refuse_overlap)


ASSET_CLASS_EDITABLE = (
    "code",
    "name",
    "wear_rate",
    "useful_life_years",
    "is_special_police",
    "is_building",
    "valid_from",
    "valid_to",
    "basis",
)


@service
def fixed_asset_class_update(*, actor, fixed_asset_class: FixedAssetClass, **fields) -> FixedAssetClass:
    return update_record(
        fixed_asset_class, actor=actor, fields=fields, editable=ASSET_CLASS_EDITABLE, check=_refuse_overlap
    )


@service
def programme_create(*, actor, **fields) -> Programme:
    return create_record(Programme, actor=actor, fields=fields)


@service
def programme_update(*, actor, programme: Programme, **fields) -> Programme:
    return update_record(programme, actor=actor, fields=fields, editable=("code", "name"))


@service
def item_type_create(*, actor, **fields) -> ItemType:
    return create_record(ItemType, actor=actor, fields=fields)


ITEM_TYPE_EDITABLE = (
    "category",
    "code",
    "name",
    "unit_of_measure",
    "tracking",
    "fixed_asset_class",
    "is_special_police",
)


@service
def item_type_update(*, actor, item_type: ItemType, **fields) -> ItemType:
    if (
        "tracking" in fields
        and fields["tracking"] != item_type.tracking
        and Movement.objects.filter(item_type=item_type).exists()
    ):
        raise ValidationError(
            {"tracking": _("The ledger already holds movements of this type; its tracking cannot change.")}
        )
    return update_record(item_type, actor=actor, fields=fields, editable=ITEM_TYPE_EDITABLE)


@service
def item_update(*, actor, item: Item, **fields) -> Item:
    """Correct an item's identifiers, description or condition (its cost and holder move only
    through vouchers)."""
    allowed = {"name", "condition", *IDENTIFIERS}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(
            _("These fields change only through vouchers: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    return update_record(item, actor=actor, fields=fields, editable=tuple(allowed))
