"""Equipment's part of ``generate_scale_data`` (``logistics.scale``).

A province holds more goods handled in bulk than items tracked one by one, so two families of
copies are made. Copies 1 … a are whole copies of the register: items (with their wear), vouchers,
lines, representatives and ledger movements. Copies a+1 … a+b copy only the goods counted by
quantity: each voucher with a quantity line, its quantity lines and their movements. A serialized
item type's ledger thus sums to (1 + a) × what it was, a quantity-tracked one's to (1 + a + b) ×,
and each holding is multiplied by the same; every item's custody is that of the item it copies.
"""

from assets.choices import Tracking
from assets.models import Item, Movement, Voucher, VoucherLine, VoucherRepresentative, WearEntry
from logistics.scale import ScalePlan, suffixed

#: Items and ledger movements of one province's worth of records (issue 14's 100× held 60.140
#: items and about 2.000.000 movements).
ITEMS_PER_FACTOR = 601
MOVEMENTS_PER_FACTOR = 20_000

IDENTIFIERS = {"serial_number": 60, "plate_number": 20, "chassis_number": 40, "engine_number": 40}
QUANTITY_LINE = "o.item_id IS NULL"


def _identifiers():
    """Copy k of an item carries ``/k`` after each of its numbers (unique when given); its receipt
    line the same, so that the line still describes the item it registered."""
    return {name: suffixed(name, length) for name, length in IDENTIFIERS.items()}


def _voucher_numbers(last_minutes: int):
    return {
        "number": suffixed("number", 40),
        # Counted per unit and year: copy k's minutes numbers come after every original's.
        "minutes_sequence": f"o.minutes_sequence + %(k)s * {last_minutes}",
    }


def multiply(plan: ScalePlan) -> None:
    whole = plan.multiplier(Item, ITEMS_PER_FACTOR) - 1
    movements = plan.count(Movement)
    quantity_movements = plan.count_where(Movement, QUANTITY_LINE)
    wanted = plan.multiplier(Movement, MOVEMENTS_PER_FACTOR) * movements
    extra = round((wanted - (1 + whole) * movements) / quantity_movements) if quantity_movements else 0
    extra = max(0, extra)
    last_minutes = plan.scalar("SELECT coalesce(max(minutes_sequence), 0) FROM assets_voucher")
    first = range(1, whole + 1)
    plan.copy(Item, first, **_identifiers())
    plan.copy(WearEntry, first)
    plan.copy(Voucher, first, **_voucher_numbers(last_minutes))
    plan.copy(VoucherRepresentative, first)
    plan.copy(VoucherLine, first, **_identifiers())
    plan.copy(Movement, first)
    second = range(whole + 1, whole + extra + 1)
    has_quantity_line = "EXISTS (SELECT 1 FROM assets_voucherline l WHERE l.voucher_id = o.id AND l.item_id IS NULL)"
    plan.copy(Voucher, second, where=has_quantity_line, label="with quantity lines", **_voucher_numbers(last_minutes))
    plan.copy(VoucherLine, second, where=QUANTITY_LINE, label="quantity lines")
    plan.copy(Movement, second, where=QUANTITY_LINE, label="quantity lines")
    plan.execute(
        """
        UPDATE assets_holding h
        SET quantity = h.quantity * m.times, value = h.value * m.times, updated_at = now()
        FROM (SELECT id, CASE WHEN tracking = %(serial)s THEN %(serialized)s ELSE %(counted)s END AS times
              FROM assets_itemtype) m
        WHERE m.id = h.item_type_id AND m.times <> 1
        """,
        {"serial": Tracking.SERIAL, "serialized": 1 + whole, "counted": 1 + whole + extra},
        what="assets.Holding multiplied as their ledger",
    )
