"""Equipment services: Stocktake."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.choices import (
    StocktakeStatus,
    VoucherKind,
)
from assets.models import (
    Holding,
    Item,
    ItemType,
    Stocktake,
    StocktakeItem,
    StocktakeLine,
)
from assets.services.vouchers import LineData, unit_value_of, voucher_create
from logistics import periods
from logistics.formatting import day_text
from logistics.models import Unit
from logistics.scope import require
from logistics.services import raise_if_errors, service
from logistics.workflow import guarded_by, refuse


@service
def stocktake_open(*, actor, unit: Unit, date: datetime.date, note: str = "") -> Stocktake:
    """Open a count: what the ledger says the unit holds is copied as the expected figures."""
    stocktake = Stocktake(unit=unit, date=date, note=note.strip())
    require(actor, "add", stocktake)
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    periods.require_open([unit], date)
    if Stocktake.objects.filter(unit=unit, status=StocktakeStatus.OPEN).exists():
        raise ValidationError({"unit": _("A count of this unit is already open; finish it first.")})
    stocktake.full_clean()
    stocktake.save()
    holdings = Holding.objects.filter(unit=unit, quantity__gt=0).select_related("item_type")
    StocktakeLine.objects.bulk_create(
        [
            StocktakeLine(
                stocktake=stocktake,
                item_type=h.item_type,
                expected_quantity=h.quantity,
                unit_value=unit_value_of(h),
            )
            for h in holdings
            if not h.item_type.is_serialized
        ]
    )
    StocktakeItem.objects.bulk_create(
        [
            StocktakeItem(stocktake=stocktake, item=item, found=True)
            for item in Item.objects.filter(holder_unit=unit).order_by("pk")
        ]
    )
    return stocktake


def stocktake_count_blockers(stocktake: Stocktake) -> list[str]:
    if stocktake.is_locked:
        return [_("This stocktake is posted; it is final.")]
    return []


@guarded_by(stocktake_count_blockers)
@service
def stocktake_count(
    *, actor, stocktake: Stocktake, counts: dict[int, int], missing_items: list[int] = (), surplus: list[dict] = ()
) -> Stocktake:
    """Record counted quantities (by item type id), the expected items not found, and items found
    that the ledger did not know (item type, serial number, description, cost)."""
    current = Stocktake.objects.select_for_update().get(pk=stocktake.pk)
    require(actor, "change", current)
    refuse(stocktake_count_blockers(current))
    errors = []
    lines = {line.item_type_id: line for line in current.lines.all()}
    for item_type_id, counted in counts.items():
        if counted is None:
            continue
        if counted < 0:
            errors.append(_("A counted quantity cannot be negative."))
            continue
        line = lines.get(int(item_type_id))
        if line is None:
            item_type = ItemType.objects.get(pk=item_type_id)
            if item_type.is_serialized:
                errors.append(_("%(type)s is counted item by item.") % {"type": item_type})
                continue
            line = StocktakeLine.objects.create(stocktake=current, item_type=item_type, expected_quantity=0)
        line.counted_quantity = counted
        line.save(update_fields=["counted_quantity"])
    missing = {int(pk) for pk in missing_items}
    for entry in current.items.filter(item__isnull=False):
        entry.found = entry.item_id not in missing
        entry.save(update_fields=["found"])
    for found in surplus:
        item_type = found.get("item_type")
        serial = (found.get("serial_number") or "").strip()
        if item_type is None or not serial:
            errors.append(_("A surplus item needs its type and its number."))
            continue
        if Item.objects.filter(serial_number=serial).exists() or current.items.filter(serial_number=serial).exists():
            errors.append(_("%(value)s is already registered.") % {"value": serial})
            continue
        StocktakeItem.objects.create(
            stocktake=current,
            item_type=item_type,
            serial_number=serial,
            description=(found.get("description") or "").strip(),
            cost=found.get("cost") or 0,
            found=True,
        )
    raise_if_errors(errors)
    return current


def stocktake_post_blockers(stocktake: Stocktake) -> list[str]:
    if stocktake.is_locked:
        return [_("This stocktake is already posted.")]
    return []


@guarded_by(stocktake_post_blockers)
@service
def stocktake_post(*, actor, stocktake: Stocktake) -> Stocktake:
    """Post the differences as a stocktake adjustment voucher; with none, just close the count."""
    current = Stocktake.objects.select_for_update(of=("self",)).select_related("unit").get(pk=stocktake.pk)
    require(actor, "change", current)
    refuse(stocktake_post_blockers(current))
    # Even a count that finds no difference closes on its date: not in a closed year.
    periods.require_open([current.unit], current.date)
    uncounted = current.lines.filter(counted_quantity__isnull=True).count()
    if uncounted:
        raise ValidationError(_("%(count)s item types are not counted yet.") % {"count": uncounted})
    lines = []
    for line in current.lines.select_related("item_type"):
        if line.difference:
            lines.append(LineData(item_type=line.item_type, quantity=line.difference, unit_value=line.unit_value))
    for entry in current.items.select_related("item__item_type", "item_type"):
        if entry.item is not None and not entry.found:
            lines.append(LineData(item_type=entry.item.item_type, quantity=-1, item=entry.item))
        elif entry.item is None:
            lines.append(
                LineData(
                    item_type=entry.item_type,
                    quantity=1,
                    unit_value=entry.cost,
                    serial_number=entry.serial_number,
                    description=entry.description,
                )
            )
    if lines:
        current.adjustment = voucher_create(
            actor=actor,
            kind=VoucherKind.STOCKTAKE,
            date=current.date,
            to_unit=current.unit,
            reason=_("Stocktake of %(unit)s on %(date)s") % {"unit": current.unit, "date": day_text(current.date)},
            lines=lines,
            post=True,
        )
    current.status = StocktakeStatus.POSTED
    current.save(update_fields=["status", "adjustment", "updated_at"])
    return current
