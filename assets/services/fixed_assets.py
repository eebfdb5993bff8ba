"""Equipment services: Fixed assets: buildings handed over, costs adjusted at settlement."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assets.choices import (
    Origin,
    VoucherKind,
)
from assets.models import (
    Item,
    ItemType,
    Voucher,
)
from assets.services.vouchers import LineData, voucher_create
from logistics.models import Unit
from logistics.services import service


@service
def fixed_asset_register(
    *,
    actor,
    item_type: ItemType,
    name: str,
    unit: Unit,
    cost: int,
    acquired_on: datetime.date,
    identifier: str,
    booked_on: datetime.date | None = None,
    origin: str = Origin.CONSTRUCTION,
    spending=None,
    reason: str = "",
) -> Item:
    """Register one fixed asset (a building handed over, say) at ``unit`` at its provisional cost,
    through a posted receipt voucher so that the ledger and holdings know it. The receipt is dated
    ``booked_on`` when given (the acquisition fell in a year whose books are closed: nothing dated
    in it posts), the asset keeps its acquisition day, and wear makes up the years since."""
    if booked_on is not None and booked_on < acquired_on:
        raise ValidationError({"booked_on": _("The receipt cannot come before the acquisition.")})
    voucher = voucher_create(
        actor=actor,
        kind=VoucherKind.RECEIPT,
        date=booked_on or acquired_on,
        to_unit=unit,
        origin=origin,
        spending=spending,
        reason=reason or _("Registration of %(name)s") % {"name": name},
        lines=[LineData(item_type=item_type, quantity=1, unit_value=cost, serial_number=identifier, description=name)],
        post=True,
    )
    item = voucher.lines.get().item
    if item.acquired_on != acquired_on:
        item.acquired_on = acquired_on
        item.save(update_fields=["acquired_on", "updated_at"])
    return item


@service
def item_revalue(*, actor, item: Item, cost: int, date: datetime.date, reason: str) -> Voucher:
    """Điều chỉnh nguyên giá: set an item's cost (a building's final cost at settlement)."""
    current = Item.objects.select_related("holder_unit").get(pk=item.pk)
    if current.holder_unit is None:
        raise ValidationError(_("%(item)s is no longer held by any unit.") % {"item": current})
    if cost == current.cost:
        raise ValidationError({"cost": _("The new cost equals the current one.")})
    if cost < 0:
        raise ValidationError({"cost": _("A cost cannot be negative.")})
    return voucher_create(
        actor=actor,
        kind=VoucherKind.REVALUATION,
        date=date,
        to_unit=current.holder_unit,
        reason=reason,
        lines=[LineData(item_type=current.item_type, quantity=0, unit_value=cost, item=current)],
        post=True,
    )
