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

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from assets import services as asset_services
from assets.models import Item, VoucherLine
from budget import services as budget_services
from budget.choices import AllocationStatus, SpendingKind
from budget.models import Allocation
from construction.choices import PAYABLE, STATUS_ORDER, TRANSITIONS, ProjectStatus, Step
from construction.models import Contract, Funding, Milestone, Payment, ProgressReport, Project
from construction.selectors import contracted_on, paid_on
from logistics import periods
from logistics.formatting import vnd
from logistics.models import Supplier, SupplierKind, Unit
from logistics.scope import require
from logistics.services import attachment_add, editable_changes, raise_if_errors, record_delete, service
from logistics.workflow import guarded_by, refuse

#: Advisory lock that serialises the numbering of works within a year.
PROJECT_NUMBER_LOCK = 7_300_300


def _day(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _lock_project(project: Project) -> Project:
    return Project.objects.select_for_update().select_related("beneficiary_unit").get(pk=project.pk)


# --- works ---------------------------------------------------------------------------------------


def _next_code(year: int) -> str:
    prefix = f"CT-{year}-"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [PROJECT_NUMBER_LOCK, year])
    last = Project.objects.filter(code__startswith=prefix).aggregate(last=Max("code"))["last"]
    tail = last.rsplit("-", 1)[1] if last else ""
    sequence = int(tail) + 1 if tail.isdigit() else 1
    return f"{prefix}{sequence:03d}"


def _check_project_fields(project: Project) -> None:
    errors = {}
    unit: Unit | None = project.beneficiary_unit if project.beneficiary_unit_id else None
    if unit is not None and project.planned_start and not unit.is_active_on(project.planned_start):
        errors["beneficiary_unit"] = _(
            "%(unit)s did not exist on %(date)s; a work is for a unit that exists when it starts."
        ) % {"unit": unit, "date": _day(project.planned_start)}
    if project.planned_start and project.planned_end and project.planned_end < project.planned_start:
        errors["planned_end"] = _("The planned completion cannot come before the planned start.")
    raise_if_errors(errors)


@service
def project_create(
    *,
    actor,
    name: str,
    kind: str,
    beneficiary_unit: Unit,
    location: str,
    total_investment: int,
    planned_start: datetime.date,
    planned_end: datetime.date,
    phase: str = "",
    code: str = "",
    note: str = "",
) -> Project:
    """Đề xuất: a proposed work. It becomes final when approved (the investment decision)."""
    project = Project(
        code=(code or "").strip(),
        name=(name or "").strip(),
        kind=kind,
        phase=(phase or "").strip(),
        beneficiary_unit=beneficiary_unit,
        location=(location or "").strip(),
        total_investment=total_investment,
        planned_start=planned_start,
        planned_end=planned_end,
        note=note or "",
    )
    require(actor, "add", project)
    _check_project_fields(project)
    if not project.code and planned_start:
        project.code = _next_code(planned_start.year)
    project.full_clean(exclude=["asset_item"], validate_constraints=False)
    project.save()
    return project


PROJECT_EDITABLE = (
    "name",
    "kind",
    "beneficiary_unit",
    "location",
    "total_investment",
    "phase",
    "planned_start",
    "planned_end",
    "code",
    "note",
)


@service
def project_update(*, actor, project: Project, **fields) -> Project:
    """Edit a proposal. An approved work changes only by an adjustment decision."""
    current = _lock_project(project)
    require(actor, "change", current)
    if current.is_locked:
        raise ValidationError(
            _("An approved work is not edited: record an adjustment decision (Điều chỉnh) or the next step instead.")
        )
    for name, value in editable_changes(fields, PROJECT_EDITABLE):
        if name == "code":
            value = (value or "").strip() or current.code
        elif isinstance(value, str):
            value = value.strip() if name != "note" else value
        setattr(current, name, value)
    _check_project_fields(current)
    current.full_clean(exclude=["asset_item"], validate_constraints=False)
    current.save()
    require(actor, "change", current)
    return current


# --- steps: approve → start → accept → hand over → settle ----------------------------------------

_ALREADY = {
    Step.APPROVE: lambda p: (
        _("This work was already approved on %(date)s (decision %(number)s).")
        % {"date": _day(p.decision_date), "number": p.decision_number}
    ),
    Step.START: lambda p: _("Construction of this work already started on %(date)s.") % {"date": _day(p.actual_start)},
    Step.ACCEPT: lambda p: _("This work was already accepted on %(date)s.") % {"date": _day(p.actual_end)},
    Step.HAND_OVER: lambda p: _("This work was already handed over on %(date)s.") % {"date": _day(p.handed_over_on)},
    Step.SETTLE: lambda p: _("This work was already settled on %(date)s.") % {"date": _day(p.settled_on)},
}


def _not_yet(step: str, project: Project) -> str:
    status = project.get_status_display()
    messages = {
        Step.START: _(
            "Construction cannot start before the investment decision: the work is “%(status)s”. Approve it first."
        ),
        Step.ACCEPT: _("No acceptance before construction has started: the work is “%(status)s”."),
        Step.HAND_OVER: _("No handover before acceptance (nghiệm thu): the work is “%(status)s”."),
        Step.SETTLE: _("No settlement before handover (bàn giao): the work is “%(status)s”."),
    }
    return messages[step] % {"status": status}


def _out_of_turn(project: Project, step: str) -> list[str]:
    """Why ``step`` is not the work's next step (empty when it is): the step is offered only then."""
    needed, _after = TRANSITIONS[step]
    current = STATUS_ORDER.index(project.status)
    if current > STATUS_ORDER.index(needed):
        return [_ALREADY[step](project)]
    if current < STATUS_ORDER.index(needed):
        return [_not_yet(step, project)]
    return []


def project_approve_blockers(project: Project) -> list[str]:
    return _out_of_turn(project, Step.APPROVE)


def project_start_blockers(project: Project) -> list[str]:
    return _out_of_turn(project, Step.START)


def project_accept_blockers(project: Project) -> list[str]:
    return _out_of_turn(project, Step.ACCEPT)


def project_hand_over_blockers(project: Project) -> list[str]:
    return _out_of_turn(project, Step.HAND_OVER)


def project_settle_blockers(project: Project) -> list[str]:
    return _out_of_turn(project, Step.SETTLE)


def _guard(project: Project, step: str) -> None:
    problems = blockers(project, step)
    if problems:
        raise ValidationError(problems)


def _check_step_date(
    date: datetime.date | None, document_number: str, *, not_before: datetime.date | None, message: str
) -> None:
    errors = {}
    if not (document_number or "").strip():
        errors["document_number"] = _("Enter the number of the document that records this step.")
    if date is None:
        errors["date"] = _("Enter the date of the document.")
    elif date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    elif not_before is not None and date < not_before:
        errors["date"] = message % {"date": _day(not_before)}
    raise_if_errors(errors)


def _record(project: Project, step: str, *, date, document_number: str, note: str, actor, moved: bool = True):
    from_status, to_status = TRANSITIONS.get(step, ("", ""))
    milestone = Milestone(
        project=project,
        step=step,
        from_status=from_status if moved else "",
        to_status=to_status if moved else "",
        date=date,
        document_number=document_number.strip(),
        note=(note or "").strip(),
        recorded_by=actor,
    )
    milestone.full_clean(exclude=["project", "recorded_by"], validate_constraints=False)
    milestone.save()
    return milestone


@guarded_by(project_approve_blockers)
@service
def project_approve(
    *,
    actor,
    project: Project,
    decision_number: str,
    decision_date: datetime.date,
    total_investment: int | None = None,
    note: str = "",
) -> Project:
    """Phê duyệt: record the investment decision (number, date, total investment)."""
    current = _lock_project(project)
    require(actor, "transition", current)
    _guard(current, Step.APPROVE)
    errors = {}
    if not (decision_number or "").strip():
        errors["decision_number"] = _("Enter the number of the investment decision.")
    if decision_date is None:
        errors["decision_date"] = _("Enter the date of the investment decision.")
    elif decision_date > timezone.localdate():
        errors["decision_date"] = _("The date cannot be in the future.")
    if total_investment is not None and total_investment <= 0:
        errors["total_investment"] = _("The amount must be greater than zero.")
    raise_if_errors(errors)
    if total_investment is not None:
        current.total_investment = total_investment
    current.decision_number = decision_number.strip()
    current.decision_date = decision_date
    current.status = ProjectStatus.APPROVED
    current.full_clean(exclude=["beneficiary_unit", "asset_item"], validate_constraints=False)
    current.save()
    _record(current, Step.APPROVE, date=decision_date, document_number=decision_number, note=note, actor=actor)
    return current


@guarded_by(project_start_blockers)
@service
def project_start(*, actor, project: Project, date: datetime.date, document_number: str, note: str = "") -> Project:
    """Khởi công: construction starts (the start order or the site handover minutes)."""
    current = _lock_project(project)
    require(actor, "transition", current)
    _guard(current, Step.START)
    _check_step_date(
        date,
        document_number,
        not_before=current.decision_date,
        message=_("Construction cannot start before the investment decision of %(date)s."),
    )
    current.actual_start = date
    current.status = ProjectStatus.UNDER_CONSTRUCTION
    current.save(update_fields=["actual_start", "status", "updated_at"])
    _record(current, Step.START, date=date, document_number=document_number, note=note, actor=actor)
    return current


@guarded_by(project_accept_blockers)
@service
def project_accept(*, actor, project: Project, date: datetime.date, document_number: str, note: str = "") -> Project:
    """Nghiệm thu: the work is accepted as complete; the acceptance date is its actual completion."""
    current = _lock_project(project)
    require(actor, "transition", current)
    _guard(current, Step.ACCEPT)
    last_report = ProgressReport.objects.filter(project=current).aggregate(last=Max("date"))["last"]
    not_before = max(day for day in (current.actual_start, last_report) if day is not None)
    _check_step_date(
        date,
        document_number,
        not_before=not_before,
        message=_("Acceptance cannot be dated before %(date)s (start of construction or the last progress report)."),
    )
    current.actual_end = date
    current.status = ProjectStatus.ACCEPTED
    current.save(update_fields=["actual_end", "status", "updated_at"])
    _record(current, Step.ACCEPT, date=date, document_number=document_number, note=note, actor=actor)
    return current


@guarded_by(project_hand_over_blockers)
@service
def project_hand_over(
    *,
    actor,
    project: Project,
    date: datetime.date,
    document_number: str,
    note: str = "",
    register_asset: bool = False,
    item_type=None,
    asset_cost: int | None = None,
) -> Project:
    """Bàn giao: the work is handed over to the beneficiary unit; a building may enter the asset
    register at once, at its provisional cost."""
    current = _lock_project(project)
    require(actor, "transition", current)
    _guard(current, Step.HAND_OVER)
    _check_step_date(
        date,
        document_number,
        not_before=current.actual_end,
        message=_("Handover cannot come before acceptance (%(date)s)."),
    )
    if register_asset:
        # The building enters the register on the day of handover.
        periods.require_open([current.beneficiary_unit], date)
    current.handed_over_on = date
    current.status = ProjectStatus.HANDED_OVER
    current.save(update_fields=["handed_over_on", "status", "updated_at"])
    _record(current, Step.HAND_OVER, date=date, document_number=document_number, note=note, actor=actor)
    if register_asset:
        errors = {}
        if item_type is None:
            errors["item_type"] = _("Choose the item type (a building) to register.")
        if not asset_cost:
            errors["asset_cost"] = _("Enter the provisional cost to register.")
        raise_if_errors(errors)
        _register_asset(current, actor=actor, item_type=item_type, cost=asset_cost, cost_field="asset_cost")
    return current


@guarded_by(project_settle_blockers)
@service
def project_settle(
    *,
    actor,
    project: Project,
    date: datetime.date,
    document_number: str,
    settlement_value: int,
    note: str = "",
) -> Project:
    """Quyết toán: the final value of the work; a registered building takes it as its cost."""
    current = _lock_project(project)
    require(actor, "transition", current)
    _guard(current, Step.SETTLE)
    _check_step_date(
        date,
        document_number,
        not_before=current.handed_over_on,
        message=_("Settlement cannot come before handover (%(date)s)."),
    )
    paid = paid_on(project=current)
    if settlement_value is None or settlement_value <= 0:
        raise ValidationError({"settlement_value": _("The amount must be greater than zero.")})
    if settlement_value > current.total_investment:
        raise ValidationError(
            {
                "settlement_value": _("The settlement value exceeds the total investment (%(total)s).")
                % {"total": vnd(current.total_investment)}
            }
        )
    if settlement_value < paid:
        raise ValidationError(
            {
                "settlement_value": _("Payments already total %(paid)s; the settlement value cannot be lower.")
                % {"paid": vnd(paid)}
            }
        )
    if current.asset_item_id is not None:
        building = Item.objects.select_related("holder_unit").get(pk=current.asset_item_id)
        if building.cost != settlement_value:
            # The registered building is revalued on the settlement's date, in its holder's books.
            periods.require_open([building.holder_unit], date)
    current.settled_on = date
    current.settlement_value = settlement_value
    current.status = ProjectStatus.SETTLED
    current.save(update_fields=["settled_on", "settlement_value", "status", "updated_at"])
    _record(current, Step.SETTLE, date=date, document_number=document_number, note=note, actor=actor)
    if current.asset_item_id is not None:
        item = Item.objects.get(pk=current.asset_item_id)
        if item.cost != settlement_value:
            asset_services.item_revalue(
                actor=actor,
                item=item,
                cost=settlement_value,
                date=date,
                reason=_("Final cost at the settlement of %(work)s (%(number)s)")
                % {"work": current.code, "number": document_number.strip()},
            )
    return current


def project_adjust_blockers(project: Project) -> list[str]:
    if project.status == ProjectStatus.PROPOSED:
        return [_("A proposal is simply edited; adjustment decisions concern approved works.")]
    if project.status == ProjectStatus.SETTLED:
        return [_("This work was settled on %(date)s; it is final.") % {"date": _day(project.settled_on)}]
    return []


@guarded_by(project_adjust_blockers)
@service
def project_adjust(
    *,
    actor,
    project: Project,
    date: datetime.date,
    document_number: str,
    reason: str,
    total_investment: int,
    planned_start: datetime.date,
    planned_end: datetime.date,
) -> Project:
    """Điều chỉnh: an adjustment decision changes the total investment or the planned dates of an
    approved work; the milestone keeps what changed and why."""
    current = _lock_project(project)
    require(actor, "transition", current)
    refuse(project_adjust_blockers(current))
    _check_step_date(
        date,
        document_number,
        not_before=current.decision_date,
        message=_("An adjustment cannot come before the investment decision of %(date)s."),
    )
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for the adjustment.")
    if total_investment is None or total_investment <= 0:
        errors["total_investment"] = _("The amount must be greater than zero.")
    else:
        paid = paid_on(project=current)
        contracted = contracted_on(current)
        if total_investment < max(paid, contracted):
            errors["total_investment"] = _(
                "The total investment cannot be lower than what is already contracted (%(contracted)s) or paid (%(paid)s)."
            ) % {"contracted": vnd(contracted), "paid": vnd(paid)}
    if planned_start and planned_end and planned_end < planned_start:
        errors["planned_end"] = _("The planned completion cannot come before the planned start.")
    if current.actual_start and planned_start != current.planned_start:
        errors["planned_start"] = _("Construction has started (%(date)s); the planned start no longer changes.") % {
            "date": _day(current.actual_start)
        }
    raise_if_errors(errors)
    changes = []
    if total_investment != current.total_investment:
        changes.append(
            _("total investment %(old)s → %(new)s")
            % {"old": vnd(current.total_investment), "new": vnd(total_investment)}
        )
    if planned_start != current.planned_start:
        changes.append(
            _("planned start %(old)s → %(new)s") % {"old": _day(current.planned_start), "new": _day(planned_start)}
        )
    if planned_end != current.planned_end:
        changes.append(
            _("planned completion %(old)s → %(new)s") % {"old": _day(current.planned_end), "new": _day(planned_end)}
        )
    if not changes:
        raise ValidationError(_("The adjustment changes nothing: enter the new total investment or dates."))
    current.total_investment = total_investment
    current.planned_start = planned_start
    current.planned_end = planned_end
    current.full_clean(exclude=["beneficiary_unit", "asset_item"], validate_constraints=False)
    current.save()
    note = f"{reason.strip()} ({'; '.join(changes)})"
    _record(current, Step.ADJUST, date=date, document_number=document_number, note=note, actor=actor, moved=False)
    return current


# --- into the asset register -----------------------------------------------------------------------


def _already_registered(project: Project) -> list[str]:
    if project.asset_item_id is not None:
        return [_("This work is already in the asset register (%(item)s).") % {"item": project.asset_item}]
    return []


def _register_asset(project: Project, *, actor, item_type, cost: int, cost_field: str = "cost"):
    refuse(_already_registered(project))
    asset_class = getattr(item_type, "fixed_asset_class", None)
    if asset_class is None or not asset_class.is_building:
        raise ValidationError({"item_type": _("Choose an item type whose fixed-asset class is a building.")})
    if cost is None or cost <= 0:
        raise ValidationError({cost_field: _("The amount must be greater than zero.")})
    item = asset_services.fixed_asset_register(
        actor=actor,
        item_type=item_type,
        name=project.name[:200],
        unit=project.beneficiary_unit,
        cost=cost,
        acquired_on=project.handed_over_on,
        identifier=project.code,
        origin="construction",
        reason=_("Handover of construction work %(code)s") % {"code": project.code},
    )
    project.asset_item = item
    project.save(update_fields=["asset_item", "updated_at"])
    line = VoucherLine.objects.filter(item=item).select_related("voucher").order_by("id").first()
    _record(
        project,
        Step.REGISTER_ASSET,
        date=project.handed_over_on,
        document_number=line.voucher.number if line else project.code,
        note=_("Registered at %(cost)s") % {"cost": vnd(cost)},
        actor=actor,
        moved=False,
    )
    return item


def project_register_asset_blockers(project: Project) -> list[str]:
    if project.status not in (ProjectStatus.HANDED_OVER, ProjectStatus.SETTLED):
        return [
            _("A building enters the asset register once it has been handed over: the work is “%(status)s”.")
            % {"status": project.get_status_display()}
        ]
    return _already_registered(project)


@guarded_by(project_register_asset_blockers)
@service
def project_register_asset(*, actor, project: Project, item_type, cost: int | None = None) -> Project:
    """Enter a handed-over building into the asset register (provisional cost, or the settlement
    value once settled), dated on the day of handover."""
    current = _lock_project(project)
    require(actor, "transition", current)
    refuse(project_register_asset_blockers(current))
    if cost is None and current.settlement_value is not None:
        cost = current.settlement_value
    _register_asset(current, actor=actor, item_type=item_type, cost=cost)
    return current


# --- progress ------------------------------------------------------------------------------------


@service
def progress_report_create(
    *,
    actor,
    project: Project,
    date: datetime.date,
    percent: int,
    note: str = "",
    reason: str = "",
    attachment=None,
) -> ProgressReport:
    """Báo cáo tiến độ: % complete never goes down unless the report says why."""
    current = _lock_project(project)
    report = ProgressReport(
        project=current,
        date=date,
        percent=percent,
        previous_percent=current.progress,
        note=(note or "").strip(),
        reason=(reason or "").strip(),
        reported_by=actor,
    )
    require(actor, "add", report)
    if current.status != ProjectStatus.UNDER_CONSTRUCTION:
        raise ValidationError(
            {
                "project": _("Progress is reported while the work is under construction; it is “%(status)s”.")
                % {"status": current.get_status_display()}
            }
        )
    errors = {}
    last = ProgressReport.objects.filter(project=current).order_by("-date", "-id").first()
    if date is None:
        errors["date"] = _("Enter the date of the report.")
    elif date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    elif date < current.actual_start:
        errors["date"] = _("Construction started on %(date)s; a report cannot be dated before.") % {
            "date": _day(current.actual_start)
        }
    elif last is not None and date < last.date:
        errors["date"] = _("The last report is dated %(date)s; a new report cannot be dated before it.") % {
            "date": _day(last.date)
        }
    if percent is not None and percent < current.progress and not report.reason:
        errors["reason"] = _("The last report said %(percent)s %%; give the reason for a lower figure.") % {
            "percent": current.progress
        }
    raise_if_errors(errors)
    report.full_clean(exclude=["project", "reported_by"], validate_constraints=False)
    report.save()
    Project.objects.filter(pk=current.pk).update(progress=percent, updated_at=timezone.now())
    if attachment is not None:
        try:
            attachment_add(actor=actor, record=report, uploaded_file=attachment, description=report.note[:255])
        except ValidationError as error:
            raise ValidationError({"attachment": error.messages}) from error
    return report


# --- contracts and funding -----------------------------------------------------------------------


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


# --- payments ------------------------------------------------------------------------------------


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
    paid = paid_on(project=current)
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
    paid_contract = paid_on(contract=locked_contract)
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


def blockers(project: Project, step: str) -> list[str]:
    """Why ``step`` cannot be taken on ``project`` now (empty when it can): out of turn, or in turn
    but waiting for what it needs (a contract, 100 % progress).

    The same checks guard the services; the work's page shows them for the step in turn, whose
    button it offers, before the officer fills a form.
    """
    out_of_turn = _out_of_turn(project, step)
    if out_of_turn:
        return out_of_turn
    problems = []
    if step == Step.START and not Contract.objects.filter(project=project).exists():
        problems.append(
            _("No construction contract is recorded yet: add the contractor's contract before construction starts.")
        )
    if step == Step.ACCEPT and project.progress < 100:
        problems.append(
            _(
                "The last progress report says %(percent)s %%; acceptance needs the work 100 %% complete. "
                "Record a progress report of 100 %% first."
            )
            % {"percent": project.progress}
        )
    return problems
