"""Equipment services: Wear (hao mòn).

A wear run for year N wears every fixed asset for N and makes up every earlier year it missed,
from the year of its acquisition, in order: each year cost × the rate of the class version valid
that year, the last year taking what remains. From a year in which the cost changed after the year
of acquisition (a renovation's cost adjustment), the value left is spread over the useful life
still to run (:func:`wear_after_cost_change`). A missed year whose books are still open for the
unit that held the asset at its end is booked in that year; one whose books are closed cannot take
anything dated in it, so its wear is booked in year N (``WearEntry.booked_year``) — the register as
at 31/12 of the closed year stays what those books said, today's register is complete.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.choices import VoucherKind
from assets.models import (
    Item,
    Movement,
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


def cost_changes(item_ids) -> dict[int, list[tuple[datetime.date, int]]]:
    """Each item's changes of cost (điều chỉnh nguyên giá: the cost adjustment vouchers and their
    reversals), as (day, change) from the ledger."""
    changes: dict[int, list[tuple[datetime.date, int]]] = {}
    rows = (
        Movement.objects.filter(item_id__in=item_ids, line__voucher__kind=VoucherKind.REVALUATION)
        .order_by("date", "id")
        .values_list("item_id", "date", "value")
    )
    for item_id, day, value in rows:
        changes.setdefault(item_id, []).append((day, value))
    return changes


def cost_at_year_end(item: Item, year: int, history: list[tuple[datetime.date, int]]) -> int:
    """The item's cost on 31/12 of ``year``: today's, less the changes dated after that year."""
    return item.cost - sum(value for day, value in history if day.year > year)


def effective_rate(amount: int, cost: int) -> Decimal:
    """The rate a year's wear came to on the cost of that year (after a change of cost, the wear is
    no longer the class's rate of it)."""
    return (Decimal(amount) * 100 / cost).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def wear_after_cost_change(item: Item, changed_in: int, history, *, worn_before: int, life: int) -> int:
    """The yearly wear from the year the cost changed (after the year of acquisition) on: the value
    left after the change (cost at the end of that year less the wear of the years before it) spread
    evenly over the years of the class's useful life still to run, the year of the change included
    (wear is a whole year's, computed in December). Once the life has run out, the year takes what is
    left."""
    years_left = max(1, life - (changed_in - item.acquired_on.year))
    value_left = cost_at_year_end(item, changed_in, history) - worn_before
    return int((Decimal(value_left) / years_left).quantize(Decimal(1), rounding=ROUND_HALF_UP))


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
    changes = cost_changes([item.pk for item in items])
    entries = []
    for item in items:
        done = recorded.get(item.pk, {})
        worn = sum(done.values())
        made: dict[int, int] = {}
        history = changes.get(item.pk, [])
        for entry_year in range(item.acquired_on.year, year + 1):
            if entry_year in done:
                continue
            version = class_in_force(item.item_type.fixed_asset_class, entry_year, versions)
            cost = cost_at_year_end(item, entry_year, history)
            remaining = cost - worn
            if remaining <= 0:
                break
            if version.wear_rate <= 0:
                continue
            changed_in = max(
                (day.year for day, _value in history if item.acquired_on.year < day.year <= entry_year), default=None
            )
            if changed_in is None:
                amount = yearly_wear(cost, version.wear_rate)
            else:
                amount = wear_after_cost_change(
                    item,
                    changed_in,
                    history,
                    worn_before=sum(v for y, v in (*done.items(), *made.items()) if y < changed_in),
                    life=class_in_force(item.item_type.fixed_asset_class, changed_in, versions).useful_life_years,
                )
            amount = min(amount, remaining)
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
                    rate=version.wear_rate if changed_in is None else effective_rate(amount, cost),
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
