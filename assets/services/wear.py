"""Equipment services: Wear (hao mòn).

A wear run for year N wears every fixed asset for N and makes up every earlier year it missed,
from the year of its acquisition, in order: each year cost × the rate of the class version valid
that year, the last year taking what remains. A missed year whose books are still open for the
unit that held the asset at its end is booked in that year; one whose books are closed cannot take
anything dated in it, so its wear is booked in year N (``WearEntry.booked_year``) — the register as
at 31/12 of the closed year stays what those books said, today's register is complete.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.models import (
    Item,
    WearEntry,
)
from assets.selectors import class_in_force, class_versions, holders_at_year_ends, yearly_wear
from logistics import periods, transaction_memo
from logistics.models import Unit
from logistics.scope import restrict
from logistics.selectors import rollup_unit_ids
from logistics.services import service

#: Wear runs are served one after the other (any two may make up the same missed year).
WEAR_LOCK = 7_300_071


@service
def wear_compute(*, actor, year: int, unit: Unit | None = None) -> int:
    """Compute ``year``'s wear of every fixed asset held (under ``unit``) in December of that year,
    and make up every earlier year each one missed since its acquisition. Returns how many entries
    were written (none when run again)."""
    if actor is not None and not actor.has_perm("assets.add_wearentry"):
        raise PermissionDenied
    if year > timezone.localdate().year:
        raise ValidationError({"year": _("Wear is computed for a year that has come.")})
    periods.require_open([unit], datetime.date(year, 12, 31), field="year")
    transaction_memo.hold_advisory_lock(WEAR_LOCK)
    items = Item.objects.filter(
        item_type__fixed_asset_class__isnull=False, acquired_on__year__lte=year, holder_unit__isnull=False
    ).select_related("item_type__fixed_asset_class", "holder_unit")
    if unit is not None:
        items = items.filter(holder_unit_id__in=rollup_unit_ids(unit))
    if actor is not None:
        items = restrict(items, actor)
    items = [item for item in items.order_by("pk") if item.is_fixed_asset]
    recorded: dict[int, dict[int, int]] = {}
    for item_id, entry_year, amount in WearEntry.objects.filter(item__in=[item.pk for item in items]).values_list(
        "item_id", "year", "amount"
    ):
        recorded.setdefault(item_id, {})[entry_year] = amount
    versions = class_versions(item.item_type.fixed_asset_class.code for item in items)
    missed = {
        (item.pk, missed_year)
        for item in items
        for missed_year in range(item.acquired_on.year, year)
        if missed_year not in recorded.get(item.pk, {})
    }
    holders = holders_at_year_ends([item_id for item_id, _year in missed], [y for _item, y in missed])
    units = Unit.objects.in_bulk({unit_id for unit_id in holders.values() if unit_id is not None})
    entries = []
    for item in items:
        done = recorded.get(item.pk, {})
        worn = sum(done.values())
        made: dict[int, int] = {}
        for entry_year in range(item.acquired_on.year, year + 1):
            if entry_year in done:
                continue
            version = class_in_force(item.item_type.fixed_asset_class, entry_year, versions)
            remaining = item.cost - worn
            if remaining <= 0:
                break
            if version.wear_rate <= 0:
                continue
            amount = min(yearly_wear(item.cost, version.wear_rate), remaining)
            booked = entry_year
            if entry_year < year:
                holder = units.get(holders.get((item.pk, entry_year))) or item.holder_unit
                periods.lock_year(entry_year)
                if periods.closure_covering(holder, entry_year) is not None:
                    booked = year
            worn += amount
            made[entry_year] = amount
            accumulated = sum(value for worn_year, value in (*done.items(), *made.items()) if worn_year <= entry_year)
            entries.append(
                WearEntry(
                    item=item,
                    year=entry_year,
                    booked_year=booked,
                    rate=version.wear_rate,
                    amount=amount,
                    accumulated=accumulated,
                )
            )
    # What is booked in ``year`` falls in its holder's books of that year: none may be closed.
    booked_now = Unit.objects.filter(
        pk__in={entry.item.holder_unit_id for entry in entries if entry.booked_year == year}
    ).order_by("path")
    periods.require_open(booked_now, datetime.date(year, 12, 31), field="year")
    WearEntry.objects.bulk_create(entries)
    return len(entries)
