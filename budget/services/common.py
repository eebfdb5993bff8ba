"""What the budget services share: locks, checks and wording used by several sections."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.models import Allocation
from budget.selectors import closure_for
from logistics import periods
from logistics.formatting import day_text
from logistics.models import Unit

#: The advisory lock that serialises a year's writes against its closing — in every area, so it
#: is the core's (``logistics.periods``).
FISCAL_YEAR_LOCK = periods.YEAR_LOCK


def _lock_year(year: int, *, exclusive: bool = False) -> None:
    periods.lock_year(year, exclusive=exclusive)


def _require_open(year: int, unit: Unit, field: str | None = None) -> None:
    closure = closure_for(year, unit)
    if closure is not None:
        message = _("Fiscal year %(year)s is closed for %(unit)s (closed on %(date)s); it takes no new entries.") % {
            "year": year,
            "unit": closure.unit,
            "date": day_text(timezone.localtime(closure.closed_at)),
        }
        raise ValidationError({field: message} if field else message)


def _require_perm(actor, permission: str) -> None:
    if actor is not None and not actor.has_perm(permission):
        raise PermissionDenied


def _lock_allocation(allocation: Allocation) -> Allocation:
    return Allocation.objects.select_for_update(of=("self",)).select_related("unit").get(pk=allocation.pk)
