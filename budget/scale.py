"""Budget's part of ``generate_scale_data`` (``logistics.scale``): spending entries multiplied in
their own allocations, each allocation topped up by one adjustment (bổ sung) of what its copies
spend, so that what is left to spend is what it was and every running total stays exact."""

from budget.models import Spending
from logistics.scale import ScalePlan, suffixed

#: Spending entries of one province's worth of records (issue 14's 100× held 1.011.704).
SPENDING_PER_FACTOR = 10_117


def multiply(plan: ScalePlan) -> None:
    copies = plan.multiplier(Spending, SPENDING_PER_FACTOR) - 1
    # Copy k of an advance is cleared by copy k of its clearings, a reversal reverses copy k of its
    # original: the advances' cleared totals hold as copied.
    plan.copy(Spending, range(1, copies + 1), voucher_number=suffixed("voucher_number", 60))
    if not copies:
        return
    # Posted entries of an allocation now sum to (1 + copies) × its spent total; one adjustment
    # per allocation adds what the copies spend, dated on its decision (inside its fiscal year).
    plan.execute(
        """
        INSERT INTO budget_adjustment
            (allocation_id, amount, decision_number, decision_date, reason, recorded_by_id, created_at, updated_at)
        SELECT id, %(copies)s * spent_total, 'BS-QM/' || id, decision_date,
               'Bổ sung dự toán theo số liệu quy mô tỉnh (dữ liệu thử tải)', NULL, now(), now()
        FROM budget_allocation WHERE spent_total <> 0 ORDER BY id
        """,
        {"copies": copies},
        what="budget.Adjustment (one per allocation, what its copies spend)",
    )
    plan.execute(
        """
        UPDATE budget_allocation
        SET adjustments_total = adjustments_total + %(copies)s * spent_total,
            spent_total = (1 + %(copies)s) * spent_total
        WHERE spent_total <> 0
        """,
        {"copies": copies},
        what="budget.Allocation running totals",
    )
    # An approved settlement states the spending of its year: the copies are in it too.
    plan.execute(
        "UPDATE budget_yearsettlement SET spent_total = (1 + %(copies)s) * spent_total",
        {"copies": copies},
        what="budget.YearSettlement settled spending",
    )
