"""Versions of reference data valid for a span (a health standard for dates, a fixed-asset class
for years): no two versions of one key may hold at the same time.

The database cannot say so without an exclusion constraint (``btree_gist``, an extension this
project does without), so the rule is checked under a transaction-level advisory lock taken for
the key: two new versions of one key saved at the same moment have no row to lock, so each waits
for the other here and the second sees the first. First written for the clinic's health
standards (``medical.services.fitness``).
"""

from __future__ import annotations

import zlib

from django.db.models import Model, Q

from logistics import transaction_memo


def lock_number(key: str) -> int:
    """A stable 31-bit number for a text key (an advisory lock takes integers)."""
    return zlib.crc32(key.encode()) & 0x7FFFFFFF


def overlapping(record: Model, *, lock: int, key: str, same: Q, start: str = "valid_from", end: str = "valid_to"):
    """The first other record matching ``same`` whose span ``[start, end]`` meets ``record``'s — an
    empty start or end is open — taken under the advisory lock ``(lock, key)``, or ``None``."""
    transaction_memo.hold_advisory_lock(lock, lock_number(key))
    first, last = getattr(record, start), getattr(record, end)
    others = type(record).objects.filter(same).exclude(pk=record.pk)
    if first is not None:
        others = others.filter(Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": first}))
    if last is not None:
        others = others.filter(Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": last}))
    return others.order_by(start).first()
