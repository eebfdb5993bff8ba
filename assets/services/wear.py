"""Equipment services: Wear (hao mòn)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.models import (
    Item,
    WearEntry,
)
from assets.selectors import yearly_wear
from logistics import periods
from logistics.models import Unit
from logistics.scope import restrict
from logistics.selectors import rollup_unit_ids
from logistics.services import service


@service
def wear_compute(*, actor, year: int, unit: Unit | None = None) -> int:
    """Compute ``year``'s wear of every fixed asset held (under ``unit``) in December of that year:
    cost × rate, the last year taking what remains. Returns how many entries were written."""
    if actor is not None and not actor.has_perm("assets.add_wearentry"):
        raise PermissionDenied
    if year > timezone.localdate().year:
        raise ValidationError({"year": _("Wear is computed for a year that has come.")})
    periods.require_open([unit], datetime.date(year, 12, 31), field="year")
    items = Item.objects.filter(
        item_type__fixed_asset_class__isnull=False, acquired_on__year__lte=year, holder_unit__isnull=False
    ).select_related("item_type__fixed_asset_class")
    if unit is not None:
        items = items.filter(holder_unit_id__in=rollup_unit_ids(unit))
    if actor is not None:
        items = restrict(items, actor)
    already = set(WearEntry.objects.filter(year=year).values_list("item_id", flat=True))
    accumulated = dict(
        WearEntry.objects.filter(year__lt=year)
        .values("item_id")
        .annotate(total=Sum("amount"))
        .values_list("item_id", "total")
    )
    entries = []
    for item in items.iterator(chunk_size=2000):
        if item.pk in already or not item.is_fixed_asset:
            continue
        rate = item.item_type.fixed_asset_class.wear_rate
        so_far = accumulated.get(item.pk, 0)
        remaining = item.cost - so_far
        if remaining <= 0 or rate <= 0:
            continue
        amount = min(yearly_wear(item.cost, rate), remaining)
        entries.append(WearEntry(item=item, year=year, rate=rate, amount=amount, accumulated=so_far + amount))
    # Each entry falls in its holder's books of that year: none may be closed.
    holders = Unit.objects.filter(pk__in={entry.item.holder_unit_id for entry in entries}).order_by("path")
    periods.require_open(holders, datetime.date(year, 12, 31), field="year")
    WearEntry.objects.bulk_create(entries)
    return len(entries)
