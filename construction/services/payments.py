"""Construction services: Payments."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from budget import services as budget_services
from budget.choices import SpendingKind
from budget.models import Allocation
from construction.choices import PAYABLE
from construction.models import Contract, Funding, Payment, Project
from construction.selectors import paid_on_work_and_contract
from construction.services.common import _day, _lock_project
from logistics import periods
from logistics.formatting import vnd
from logistics.scope import require
from logistics.services import raise_if_errors, service
from logistics.workflow import guarded_by, refuse


@service
def payment_create(
    *,
    actor,
    project: Project,
    contract: Contract,
    allocation: Allocation,
    date: datetime.date,
    amount: int,
    voucher_number: str,
    description: str = "",
) -> Payment:
    """Thanh toán: pay a contractor from one of the work's funding allocations.

    Locks the work, then the contract, then (in the budget service) the allocation; the payment
    fits the total investment (or settlement value), the contract's value and the allocation, or
    nothing is saved.
    """
    current = _lock_project(project)
    locked_contract = Contract.objects.select_for_update().select_related("contractor").get(pk=contract.pk)
    payment = Payment(project=current, contract=locked_contract)
    require(actor, "add", payment)
    if current.status not in PAYABLE:
        raise ValidationError(
            {
                "project": _("No payment before the investment decision: the work is “%(status)s”.")
                % {"status": current.get_status_display()}
            }
        )
    errors = {}
    if locked_contract.project_id != current.pk:
        errors["contract"] = _("This contract belongs to another work.")
    if allocation is None or not Funding.objects.filter(project=current, allocation=allocation).exists():
        errors["allocation"] = _(
            "This allocation is not among the funding allocations of the work; add it under Funding first."
        )
    if date is not None and date < locked_contract.signed_on:
        errors["date"] = _("The contract was signed on %(date)s; a payment cannot come before it.") % {
            "date": _day(locked_contract.signed_on)
        }
    if amount is None or amount <= 0:
        errors["amount"] = _("The amount must be greater than zero.")
    raise_if_errors(errors)
    # Checked here too so that the refusal stands beside the payment's date, naming the unit.
    periods.require_open([allocation.unit, current.beneficiary_unit], date)
    paid, paid_contract = paid_on_work_and_contract(current, locked_contract)
    limit = current.payment_limit
    if paid + amount > limit:
        message = (
            _(
                "Exceeds the settlement value of the work: %(paid)s of %(limit)s paid, %(left)s left, %(requested)s requested."
            )
            if current.settlement_value is not None
            else _(
                "Exceeds the total investment of the work: %(paid)s of %(limit)s paid, %(left)s left, %(requested)s requested."
            )
        )
        errors["amount"] = message % {
            "paid": vnd(paid),
            "limit": vnd(limit),
            "left": vnd(limit - paid),
            "requested": vnd(amount),
        }
    if "amount" not in errors and paid_contract + amount > locked_contract.value:
        errors["amount"] = _(
            "Exceeds the contract value: %(paid)s of %(limit)s paid, %(left)s left, %(requested)s requested."
        ) % {
            "paid": vnd(paid_contract),
            "limit": vnd(locked_contract.value),
            "left": vnd(locked_contract.value - paid_contract),
            "requested": vnd(amount),
        }
    raise_if_errors(errors)
    text = (description or "").strip() or _("Payment to %(contractor)s, contract %(number)s, work %(code)s") % {
        "contractor": locked_contract.contractor,
        "number": locked_contract.number,
        "code": current.code,
    }
    spending = budget_services.spending_create(
        actor=actor,
        allocation=allocation,
        kind=SpendingKind.PAYMENT,
        date=date,
        amount=amount,
        voucher_number=voucher_number,
        description=text[:300],
        payee=locked_contract.contractor,
        post=True,
    )
    payment.spending = spending
    payment.save()
    return payment


def payment_reverse_blockers(payment: Payment) -> list[str]:
    return budget_services.spending_reverse_blockers(payment.spending)


@guarded_by(payment_reverse_blockers)
@service
def payment_reverse(
    *, actor, payment: Payment, reason: str, date: datetime.date | None = None, voucher_number: str = ""
) -> Payment:
    """Đảo bút toán: reverse the spending entry of a payment; the amount counts as unpaid again."""
    current = Payment.objects.select_related("spending__allocation__unit").get(pk=payment.pk)
    project = _lock_project(current.project)
    Contract.objects.select_for_update().filter(pk=current.contract_id).first()
    require(actor, "change", current)
    refuse(payment_reverse_blockers(current))
    allocation = current.spending.allocation
    # The budget's default for a reversal: today, or the last day of the allocation's year.
    date = date or min(timezone.localdate(), datetime.date(allocation.fiscal_year_id, 12, 31))
    periods.require_open([allocation.unit, project.beneficiary_unit], date)
    budget_services.spending_reverse(
        actor=actor, spending=current.spending, date=date, voucher_number=voucher_number, reason=reason
    )
    return Payment.objects.select_related("spending").get(pk=current.pk)
