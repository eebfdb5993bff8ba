"""Budget services: Adjustments."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from budget.choices import AllocationStatus
from budget.models import Adjustment, Allocation
from budget.services.common import _lock_allocation, _lock_year, _require_open
from logistics.formatting import vnd
from logistics.scope import require
from logistics.services import service


@service
def adjustment_create(
    *, actor, allocation: Allocation, amount: int, decision_number: str, decision_date: datetime.date, reason: str
) -> Adjustment:
    """Bổ sung / điều chỉnh an approved allocation; a reduction cannot take what is left below zero."""
    current = _lock_allocation(allocation)
    adjustment = Adjustment(
        allocation=current,
        amount=amount,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        reason=reason.strip(),
        recorded_by=actor,
    )
    require(actor, "add", adjustment)
    _lock_year(current.fiscal_year_id)
    if current.status != AllocationStatus.APPROVED:
        raise ValidationError({"allocation": _("Only an approved allocation can be adjusted.")})
    _require_open(current.fiscal_year_id, current.unit, "allocation")
    if amount < 0 and -amount > current.available:
        raise ValidationError(
            {
                "amount": _("The reduction exceeds what is left: %(available)s left, reduction of %(requested)s.")
                % {"available": vnd(current.available), "requested": vnd(-amount)}
            }
        )
    adjustment.full_clean()
    adjustment.save()
    Allocation.objects.filter(pk=current.pk).update(adjustments_total=F("adjustments_total") + amount)
    return adjustment
