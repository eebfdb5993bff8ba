"""Bàn giao do sáp nhập/giải thể: the merger voucher a unit's dissolution writes.

``logistics.services.unit_dissolve`` calls :func:`merger_on_dissolution` (registered from
``AssetsConfig.ready()`` in the registry's "dissolution" store) inside its own transaction: every
serialized item the unit holds and every quantity it holds pass to the successor on the day the
dissolution takes effect, at the values the ledger carries (an item's cost, a holding's whole
value) — the items' accumulated wear is theirs and goes with them. The voucher is posted as it is
written and is not reversed on its own.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from assets.choices import VoucherKind, VoucherStatus
from assets.models import Holding, Item, Voucher
from assets.services.vouchers import LineData, _apply, _next_number, _plan, _save_lines
from logistics import periods
from logistics.formatting import day_text
from logistics.models import Unit


def merger_lines(unit: Unit) -> list[LineData]:
    """Everything ``unit`` holds: each serialized item, then each quantity held, by item type."""
    lines = [
        LineData(item_type=item.item_type, quantity=1, item=item)
        for item in Item.objects.filter(holder_unit=unit).select_related("item_type").order_by("item_type__name", "pk")
    ]
    lines += [
        LineData(item_type=holding.item_type, quantity=holding.quantity)
        for holding in Holding.objects.filter(unit=unit, quantity__gt=0)
        .select_related("item_type")
        .order_by("item_type__name", "pk")
        if not holding.item_type.is_serialized
    ]
    return lines


def merger_on_dissolution(*, actor, unit: Unit, successor: Unit, effective_date: datetime.date) -> Voucher | None:
    """Write and post the merger voucher of ``unit`` dissolved into ``successor`` on
    ``effective_date`` (its first day without the unit); None when the unit holds nothing.

    The dissolution has checked the actor's right to change both units: the handover is part of
    that act, not a posting the actor does separately. It is dated ``effective_date`` — the
    successor's first day when the successor starts then, the day after the unit's last — and
    refused, with the dissolution, when that year is closed for either unit.
    """
    lines = merger_lines(unit)
    if not lines:
        return None
    periods.require_open([unit, successor], effective_date, field="effective_date")
    voucher = Voucher(
        number=_next_number(VoucherKind.MERGER, effective_date),
        kind=VoucherKind.MERGER,
        date=effective_date,
        from_unit=unit,
        to_unit=successor,
        reason=_("Handover of everything %(unit)s held, dissolved into %(successor)s from %(date)s")
        % {"unit": unit, "successor": successor, "date": day_text(effective_date)},
        status=VoucherStatus.DRAFT,
    )
    voucher.full_clean()
    voucher.save()
    saved = _save_lines(voucher, lines, replacing=False)
    _apply(voucher, _plan(voucher, saved), actor)
    return voucher
