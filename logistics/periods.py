"""Closed periods (khóa sổ): once a unit's year is closed, nothing dated in it posts, in any area.

:func:`closure_covering` is the one place that decides whether a unit's year is closed;
:func:`require_open` is what every posting service calls with the units its record concerns and
the date it bears — budget entries, equipment vouchers (posted, reversed, counted at a stocktake),
yearly wear, construction payments and the steps of a work that post values. It first takes the
year's advisory lock in shared mode, the lock that closing a year takes exclusively, and holds it
to the end of the transaction: a posting and the closing of its year are served one after the
other, and whichever comes second sees what the first did.

The closing itself is recorded by the budget (``budget.YearClosure``: the books of a unit and of
every unit counted under it, closed for a fiscal year, which is the calendar year). Corrections
of a closed year go into an open one, dated there.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics import transaction_memo
from logistics.formatting import day_text
from logistics.selectors import rollup_unit_ids

#: First key of the advisory lock that serialises the postings of a year against its closing.
YEAR_LOCK = 7_300_100


def lock_year(year: int, *, exclusive: bool = False) -> None:
    """Hold ``year``'s lock until the transaction ends: shared to post in it, exclusive to close it.

    A lock this transaction already holds is not asked for again. While the transaction closes
    the year, what it knew of the year's closures is forgotten (:func:`_closures`)."""
    transaction_memo.hold_advisory_lock(YEAR_LOCK, int(year), shared=not exclusive)
    if exclusive:
        transaction_memo.forget(("no closure", int(year)))
        transaction_memo.remember(("year closing", int(year)))


def _year(day: datetime.date | int) -> int:
    return day if isinstance(day, int) else day.year


def _closures(year: int) -> list[tuple[object, frozenset[int]]]:
    """The closures of ``year``, each with the units it closes.

    That a year has no closure is remembered for the rest of the transaction once the transaction
    holds the year's lock: no other can close it then, and this one forgets it when closing it."""
    if not apps.is_installed("budget"):
        return []
    if transaction_memo.recall(("no closure", year)):
        return []
    closure_model = apps.get_model("budget", "YearClosure")
    closures = [
        (closure, rollup_unit_ids(closure.unit))
        for closure in closure_model.objects.filter(fiscal_year_id=year).select_related("unit").order_by("pk")
    ]
    if (
        not closures
        and transaction_memo.recall(("advisory lock", "shared", (YEAR_LOCK, year)))
        and not transaction_memo.recall(("year closing", year))
    ):
        transaction_memo.remember(("no closure", year))
    return closures


def closure_covering(unit, day: datetime.date | int):
    """The closure that closed ``unit``'s year of ``day`` (a date or a year) — its own, or that of
    a unit it counts under, including a unit it was dissolved into — or ``None`` while it is open."""
    if unit is None:
        return None
    for closure, unit_ids in _closures(_year(day)):
        if unit.pk in unit_ids:
            return closure
    return None


def closed_message(unit, closure) -> str:
    values = {
        "year": closure.fiscal_year_id,
        "unit": unit,
        "date": day_text(timezone.localtime(closure.closed_at)),
        "closing_unit": closure.unit,
    }
    if closure.unit_id == unit.pk:
        return (
            _(
                "The year %(year)s of %(unit)s was closed on %(date)s; nothing dated in that year can be posted "
                "any more. Date the entry in an open year."
            )
            % values
        )
    return (
        _(
            "The year %(year)s of %(unit)s was closed on %(date)s, with %(closing_unit)s; nothing dated in that "
            "year can be posted any more. Date the entry in an open year."
        )
        % values
    )


def require_open(units: Iterable, day: datetime.date | None, *, field: str | None = "date") -> None:
    """Refuse a posting dated ``day`` that concerns ``units`` (a voucher's two sides, say) when the
    year is closed for any of them, with a message keyed by ``field``; otherwise hold the year's
    shared lock until the transaction ends, so that the year cannot close under the posting."""
    if day is None:
        return
    year = _year(day)
    lock_year(year)
    closures = _closures(year)
    for unit in units:
        if unit is None:
            continue
        for closure, unit_ids in closures:
            if unit.pk in unit_ids:
                message = closed_message(unit, closure)
                raise ValidationError({field: message} if field else message)
