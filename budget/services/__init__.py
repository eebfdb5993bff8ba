"""Budget writes. Each runs in one transaction under the locks it needs:

- every write for a fiscal year holds that year's lock in shared mode, and closing the year holds
  it exclusively, so nothing slips into a year while it is being closed;
- a posting, reversal or adjustment locks its allocation row (``SELECT … FOR UPDATE``) and moves
  the running totals in the same transaction, so two officers posting at the same moment are
  served one after the other and the second sees what the first left.

The CHECK constraints on :class:`budget.models.Allocation` back all of this in the database.
"""

from budget.services.adjustments import adjustment_create
from budget.services.allocations import (
    ALLOCATION_EDITABLE,
    allocation_approve,
    allocation_approve_blockers,
    allocation_create,
    allocation_update,
)
from budget.services.classification import BUDGET_CODE_EDITABLE, budget_code_create, budget_code_update
from budget.services.common import FISCAL_YEAR_LOCK
from budget.services.reference_data import (
    fiscal_year_create,
    funding_source_create,
    funding_source_update,
    spending_category_create,
    spending_category_update,
)
from budget.services.spending import (
    SPENDING_EDITABLE,
    spending_clear,
    spending_clear_blockers,
    spending_create,
    spending_create_many,
    spending_post,
    spending_post_blockers,
    spending_reverse,
    spending_reverse_blockers,
    spending_update,
)
from budget.services.year_close import fiscal_year_for, year_close
from budget.services.year_end import balance_dispose, year_settle

__all__ = [
    "ALLOCATION_EDITABLE",
    "BUDGET_CODE_EDITABLE",
    "FISCAL_YEAR_LOCK",
    "SPENDING_EDITABLE",
    "adjustment_create",
    "balance_dispose",
    "allocation_approve",
    "allocation_approve_blockers",
    "allocation_create",
    "allocation_update",
    "budget_code_create",
    "budget_code_update",
    "fiscal_year_create",
    "fiscal_year_for",
    "funding_source_create",
    "funding_source_update",
    "spending_category_create",
    "spending_category_update",
    "spending_clear",
    "spending_clear_blockers",
    "spending_create",
    "spending_create_many",
    "spending_post",
    "spending_post_blockers",
    "spending_reverse",
    "spending_reverse_blockers",
    "spending_update",
    "year_close",
    "year_settle",
]
