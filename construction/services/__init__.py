"""Construction writes. Each runs in one transaction and locks what it must:

- every write about a work locks the work's row first (``SELECT … FOR UPDATE``), then the
  contract's, then — inside the budget services — the allocation's. Two officers recording a
  payment on the same work at the same moment are therefore served one after the other, and the
  second sees what the first paid: a work's payments never exceed its total investment (or its
  settlement value once settled), nor a contract's value, nor the allocation (budget's rule);
- a payment is a budget spending entry posted through :func:`budget.services.spending_create`,
  so the allocation limit, closed years and the year lock apply as to any other spending; a
  payment, its reversal and the steps that post values into the asset register (a building
  registered at handover, revalued at settlement) are refused when dated in a year closed for
  the units they concern (``logistics.periods``), with the message beside their date;
- each step of a work (approve, start, accept, hand over, settle) checks its guard and refuses
  with a message that says why, and is recorded as a :class:`Milestone` with date and document.

The database backs this: CHECK constraints tie each status to the dates of its steps, and a
trigger refuses a payment row that would take a work or a contract over its limit. The services
check beforehand, with a message, whatever a user can get wrong; ``full_clean`` therefore leaves
the constraints, and the rows the service has just read or locked, to the database instead of
asking it once more for each.
"""

from construction.services.common import PROJECT_NUMBER_LOCK
from construction.services.contracts_and_funding import (
    contract_create,
    contract_delete,
    contract_update,
    funding_create,
    funding_delete,
)
from construction.services.payments import payment_create, payment_reverse, payment_reverse_blockers
from construction.services.progress import progress_report_create
from construction.services.steps import (
    blockers,
    project_accept,
    project_accept_blockers,
    project_adjust,
    project_adjust_blockers,
    project_approve,
    project_approve_blockers,
    project_hand_over,
    project_hand_over_blockers,
    project_register_asset,
    project_register_asset_blockers,
    project_settle,
    project_settle_blockers,
    project_start,
    project_start_blockers,
)
from construction.services.works import PROJECT_EDITABLE, project_create, project_update

__all__ = [
    "PROJECT_EDITABLE",
    "PROJECT_NUMBER_LOCK",
    "blockers",
    "contract_create",
    "contract_delete",
    "contract_update",
    "funding_create",
    "funding_delete",
    "payment_create",
    "payment_reverse",
    "payment_reverse_blockers",
    "progress_report_create",
    "project_accept",
    "project_accept_blockers",
    "project_adjust",
    "project_adjust_blockers",
    "project_approve",
    "project_approve_blockers",
    "project_create",
    "project_hand_over",
    "project_hand_over_blockers",
    "project_register_asset",
    "project_register_asset_blockers",
    "project_settle",
    "project_settle_blockers",
    "project_start",
    "project_start_blockers",
    "project_update",
]
