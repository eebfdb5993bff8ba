"""Construction services: Steps: approve → start → accept → hand over → settle."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from assets import services as asset_services
from assets.models import Item, VoucherLine
from construction.choices import STATUS_ORDER, TRANSITIONS, ProjectStatus, Step, WorkKind
from construction.models import Contract, Milestone, ProgressReport, Project
from construction.selectors import contracted_on, paid_on
from construction.services.common import _day, _lock_project
from construction.services.works import _renovated_item_error
from logistics import periods
from logistics.formatting import vnd
from logistics.scope import require_locked
from logistics.services import raise_if_errors, service
from logistics.workflow import guarded_by, refuse

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
    require_locked(actor, "transition", current)
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
    current.full_clean(
        exclude=["beneficiary_unit", "asset_item", "renovated_item", "cost_adjustment"], validate_constraints=False
    )
    current.save()
    _record(current, Step.APPROVE, date=decision_date, document_number=decision_number, note=note, actor=actor)
    return current


@guarded_by(project_start_blockers)
@service
def project_start(*, actor, project: Project, date: datetime.date, document_number: str, note: str = "") -> Project:
    """Khởi công: construction starts (the start order or the site handover minutes)."""
    current = _lock_project(project)
    require_locked(actor, "transition", current)
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
    require_locked(actor, "transition", current)
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
    register at once, at its provisional cost. A new build that names the building or vật kiến
    trúc item type it enters the register as (``asset_item_type``) enters it now, whatever its cost:
    at ``asset_cost`` or, not given, the value contracted (or the total investment)."""
    current = _lock_project(project)
    require_locked(actor, "transition", current)
    _guard(current, Step.HAND_OVER)
    if not register_asset and current.kind == WorkKind.NEW_BUILD and current.asset_item_type_id is not None:
        register_asset = True
        item_type = item_type or current.asset_item_type
        asset_cost = asset_cost or contracted_on(current) or current.total_investment
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
    item_type=None,
) -> Project:
    """Quyết toán: the final value of the work; a registered building takes it as its cost.

    A new build is a building or vật kiến trúc, a fixed asset whatever its cost (Circular
    141/2025/TT-BTC): one not yet in the register enters it now at the settlement value, as
    ``item_type`` or the item type the work names, acquired on the day of its handover. A repair
    or a renovation adds no new asset; a renovation that names a registered building
    (``renovated_item``) raises that building's cost by the settlement value, by a cost adjustment
    voucher dated the settlement's day (``cost_adjustment``), which wear uses from that year on."""
    current = _lock_project(project)
    require_locked(actor, "transition", current)
    _guard(current, Step.SETTLE)
    registering = current.kind == WorkKind.NEW_BUILD and current.asset_item_id is None
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
    if registering:
        item_type = item_type or current.asset_item_type
        if item_type is None:
            raise ValidationError(
                {
                    "item_type": _(
                        "A new build is a building or vật kiến trúc and enters the fixed-asset register whatever "
                        "its cost: choose the item type it enters the register as."
                    )
                }
            )
    if current.asset_item_id is not None:
        building = Item.objects.select_related("holder_unit").get(pk=current.asset_item_id)
        if building.cost != settlement_value:
            # The registered building is revalued on the settlement's date, in its holder's books.
            periods.require_open([building.holder_unit], date)
    renovated = None
    if current.kind == WorkKind.RENOVATION and current.renovated_item_id is not None:
        # The building may have changed hands since the work was proposed: it must still qualify.
        problem = _renovated_item_error(current, current.beneficiary_unit)
        if problem:
            raise ValidationError({"settlement_value": problem})
        renovated = Item.objects.select_related("holder_unit").get(pk=current.renovated_item_id)
        periods.require_open([renovated.holder_unit], date)
    current.settled_on = date
    current.settlement_value = settlement_value
    current.status = ProjectStatus.SETTLED
    current.save(update_fields=["settled_on", "settlement_value", "status", "updated_at"])
    _record(current, Step.SETTLE, date=date, document_number=document_number, note=note, actor=actor)
    if registering:
        _register_asset(current, actor=actor, item_type=item_type, cost=settlement_value, cost_field="settlement_value")
    elif current.asset_item_id is not None:
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
    if renovated is not None:
        # Circular 23/2023/TT-BTC: a renovation or upgrade adds its settled value to the building's
        # cost (nguyên giá), by a dated cost adjustment beside the original receipt, never an edit of it.
        current.cost_adjustment = asset_services.item_revalue(
            actor=actor,
            item=renovated,
            cost=renovated.cost + settlement_value,
            date=date,
            reason=_("Renovation %(work)s settled (%(number)s): cost raised by %(amount)s")
            % {"work": current.code, "number": document_number.strip(), "amount": vnd(settlement_value)},
        )
        current.save(update_fields=["cost_adjustment", "updated_at"])
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
    require_locked(actor, "transition", current)
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
    current.full_clean(
        exclude=["beneficiary_unit", "asset_item", "renovated_item", "cost_adjustment"], validate_constraints=False
    )
    current.save()
    note = f"{reason.strip()} ({'; '.join(changes)})"
    _record(current, Step.ADJUST, date=date, document_number=document_number, note=note, actor=actor, moved=False)
    return current


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


def _already_registered(project: Project) -> list[str]:
    if project.asset_item_id is not None:
        return [_("This work is already in the asset register (%(item)s).") % {"item": project.asset_item}]
    if project.kind != WorkKind.NEW_BUILD:
        return [
            _("A %(kind)s adds no new asset to the register: only a new build does.")
            % {"kind": project.get_kind_display().lower()}
        ]
    return []


def _register_asset(project: Project, *, actor, item_type, cost: int, cost_field: str = "cost"):
    refuse(_already_registered(project))
    asset_class = getattr(item_type, "fixed_asset_class", None)
    if asset_class is None or not asset_class.is_building:
        raise ValidationError({"item_type": _("Choose an item type whose fixed-asset class is a building.")})
    if cost is None or cost <= 0:
        raise ValidationError({cost_field: _("The amount must be greater than zero.")})
    # Acquired on the day of handover; when that year's books are closed for the unit, the receipt
    # is posted in the open year of today's step (wear makes up the years since the handover).
    booked_on = None
    if periods.closure_covering(project.beneficiary_unit, project.handed_over_on) is not None:
        booked_on = project.settled_on or timezone.localdate()
    item = asset_services.fixed_asset_register(
        actor=actor,
        item_type=item_type,
        name=project.name[:200],
        unit=project.beneficiary_unit,
        cost=cost,
        acquired_on=project.handed_over_on,
        booked_on=booked_on,
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
        date=booked_on or project.handed_over_on,
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
    require_locked(actor, "transition", current)
    refuse(project_register_asset_blockers(current))
    if cost is None and current.settlement_value is not None:
        cost = current.settlement_value
    _register_asset(current, actor=actor, item_type=item_type, cost=cost)
    return current
