"""Equipment writes. Posting a voucher is the only way goods move:

1. the voucher row is locked, its lines checked;
2. the holdings it touches are locked in one fixed order (unit, item type) — created first if
   missing — and so are the serialized items it moves, so that two vouchers posted from the same
   store at the same moment are served one after the other and the second sees what is left;
3. ledger movements are inserted and the holdings and item holders moved, in the same
   transaction; CHECK constraints refuse a negative holding whatever happens.
"""

from assets.services.catalogue import (
    ASSET_CLASS_EDITABLE,
    ITEM_TYPE_EDITABLE,
    asset_category_create,
    asset_category_update,
    fixed_asset_class_create,
    fixed_asset_class_update,
    item_type_create,
    item_type_update,
    item_update,
    programme_create,
    programme_update,
)
from assets.services.common import IDENTIFIERS, NUMBER_LOCK, PREFIXES
from assets.services.fixed_assets import fixed_asset_register, item_revalue
from assets.services.mergers import merger_on_dissolution
from assets.services.stocktakes import (
    stocktake_count,
    stocktake_count_blockers,
    stocktake_open,
    stocktake_post,
    stocktake_post_blockers,
)
from assets.services.vouchers import (
    VOUCHER_EDITABLE,
    LineData,
    RepresentativeData,
    Step,
    minutes_unit_of,
    purchase_payment_errors,
    spending_reversal_guard,
    unit_value_of,
    value_leaving,
    voucher_create,
    voucher_kind_field_errors,
    voucher_minutes_number,
    voucher_post,
    voucher_post_blockers,
    voucher_reverse,
    voucher_reverse_blockers,
    voucher_side_errors,
    voucher_update,
)
from assets.services.wear import wear_compute

__all__ = [
    "ASSET_CLASS_EDITABLE",
    "IDENTIFIERS",
    "ITEM_TYPE_EDITABLE",
    "LineData",
    "RepresentativeData",
    "NUMBER_LOCK",
    "PREFIXES",
    "Step",
    "VOUCHER_EDITABLE",
    "asset_category_create",
    "asset_category_update",
    "fixed_asset_class_create",
    "fixed_asset_class_update",
    "fixed_asset_register",
    "item_revalue",
    "item_type_create",
    "item_type_update",
    "item_update",
    "merger_on_dissolution",
    "programme_create",
    "programme_update",
    "stocktake_count",
    "stocktake_count_blockers",
    "stocktake_open",
    "stocktake_post",
    "stocktake_post_blockers",
    "minutes_unit_of",
    "purchase_payment_errors",
    "spending_reversal_guard",
    "unit_value_of",
    "value_leaving",
    "voucher_create",
    "voucher_kind_field_errors",
    "voucher_minutes_number",
    "voucher_post",
    "voucher_post_blockers",
    "voucher_reverse",
    "voucher_reverse_blockers",
    "voucher_side_errors",
    "voucher_update",
    "wear_compute",
]
