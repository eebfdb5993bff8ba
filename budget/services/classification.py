"""Budget services: the state budget classification (Mục lục ngân sách nhà nước, mục and tiểu mục)."""

from __future__ import annotations

from budget.models import BudgetCode
from logistics.services import create_record, service, update_record

#: What an administrator may change on a code; the code itself is its key (a new code is a new record).
BUDGET_CODE_EDITABLE = ("name", "parent", "valid_from", "valid_to", "legal_basis")


@service
def budget_code_create(*, actor, **fields) -> BudgetCode:
    return create_record(BudgetCode, actor=actor, fields=fields)


@service
def budget_code_update(*, actor, budget_code: BudgetCode, **fields) -> BudgetCode:
    return update_record(budget_code, actor=actor, fields=fields, editable=BUDGET_CODE_EDITABLE)
