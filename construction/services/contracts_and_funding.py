"""Construction services: Contracts and funding."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.choices import AllocationStatus
from budget.models import Allocation
from construction.choices import ProjectStatus
from construction.models import Contract, Funding, Payment, Project
from construction.selectors import contracted_on, paid_on
from construction.services.common import _day, _lock_project
from logistics.formatting import vnd
from logistics.models import Supplier, SupplierKind
from logistics.scope import require
from logistics.services import editable_changes, raise_if_errors, record_delete, service


def _check_contract(contract: Contract, project: Project) -> None:
    if project.status == ProjectStatus.PROPOSED:
        raise ValidationError(
            {"project": _("Contracts are signed after the investment decision: approve the work first.")}
        )
    if project.status == ProjectStatus.SETTLED:
        raise ValidationError({"project": _("The work is settled; its contracts are final.")})
    errors = {}
    contractor: Supplier | None = contract.contractor if contract.contractor_id else None
    if contractor is not None and contractor.kind not in (SupplierKind.CONTRACTOR, SupplierKind.BOTH):
        errors["contractor"] = _("%(name)s is registered as a supplier of goods, not as a contractor.") % {
            "name": contractor
        }
    if contract.signed_on:
        if contract.signed_on > timezone.localdate():
            errors["signed_on"] = _("The date cannot be in the future.")
        elif project.decision_date and contract.signed_on < project.decision_date:
            errors["signed_on"] = _("A contract cannot be signed before the investment decision (%(date)s).") % {
                "date": _day(project.decision_date)
            }
    if contract.value is not None and contract.value > 0:
        others = contracted_on(project, excluding=contract if contract.pk else None)
        if others + contract.value > project.total_investment:
            errors["value"] = _(
                "The contracts of the work would total %(total)s, more than its total investment of %(limit)s."
            ) % {"total": vnd(others + contract.value), "limit": vnd(project.total_investment)}
        if contract.pk:
            paid = paid_on(contract=contract)
            if contract.value < paid:
                errors["value"] = _("%(paid)s has already been paid on this contract; its value cannot be lower.") % {
                    "paid": vnd(paid)
                }
    raise_if_errors(errors)


@service
def contract_create(
    *,
    actor,
    project: Project,
    contractor: Supplier,
    number: str,
    signed_on: datetime.date,
    value: int,
    description: str = "",
) -> Contract:
    current = _lock_project(project)
    contract = Contract(
        project=current,
        contractor=contractor,
        number=(number or "").strip(),
        signed_on=signed_on,
        value=value,
        description=(description or "").strip(),
    )
    require(actor, "add", contract)
    _check_contract(contract, current)
    if Contract.objects.filter(project=current, number=contract.number).exists():
        raise ValidationError({"number": _("The work already has a contract with this number.")})
    contract.full_clean(exclude=["project"], validate_constraints=False)
    contract.save()
    return contract


@service
def contract_update(*, actor, contract: Contract, **fields) -> Contract:
    """Change a contract (an addendum, phụ lục): never below what has been paid on it, never
    beyond the total investment with the work's other contracts."""
    project = _lock_project(contract.project)
    current = Contract.objects.select_for_update().get(pk=contract.pk)
    require(actor, "change", current)
    if "project" in fields and fields["project"] is not None and fields["project"].pk != current.project_id:
        raise ValidationError({"project": _("A contract stays with its work; record it again on the other work.")})
    fields.pop("project", None)
    for name, value in editable_changes(fields, ("contractor", "number", "signed_on", "value", "description")):
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    _check_contract(current, project)
    if Contract.objects.filter(project=project, number=current.number).exclude(pk=current.pk).exists():
        raise ValidationError({"number": _("The work already has a contract with this number.")})
    current.full_clean(exclude=["project"], validate_constraints=False)
    current.save()
    require(actor, "change", current)
    return current


@service
def contract_delete(*, actor, record: Contract) -> None:
    _lock_project(record.project)
    if Payment.objects.filter(contract=record).exists():
        raise ValidationError(_("Payments were made on this contract; it stays."))
    record_delete(actor=actor, record=record)


@service
def funding_create(*, actor, project: Project, allocation: Allocation, note: str = "") -> Funding:
    """Name a budget allocation the work is paid from."""
    current = _lock_project(project)
    funding = Funding(project=current, allocation=allocation, note=(note or "").strip())
    require(actor, "add", funding)
    if current.status == ProjectStatus.SETTLED:
        raise ValidationError({"project": _("The work is settled; its funding is final.")})
    if allocation.status != AllocationStatus.APPROVED:
        raise ValidationError({"allocation": _("Only an approved allocation can fund a work.")})
    if Funding.objects.filter(project=current, allocation=allocation).exists():
        raise ValidationError({"allocation": _("This allocation already funds the work.")})
    funding.full_clean(exclude=["project"], validate_constraints=False)
    funding.save()
    return funding


@service
def funding_delete(*, actor, record: Funding) -> None:
    _lock_project(record.project)
    if Payment.objects.filter(project_id=record.project_id, spending__allocation_id=record.allocation_id).exists():
        raise ValidationError(_("Payments to this work were made from this allocation; it stays among its funding."))
    record_delete(actor=actor, record=record)
