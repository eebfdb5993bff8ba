"""Oversight services: Inspections."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.scope import require
from logistics.services import editable_changes, raise_if_errors, service
from logistics.workflow import guarded_by, refuse
from oversight.choices import (
    UNPLANNED_FORMS,
    InspectionStatus,
    TeamRole,
    kind_of_form,
)
from oversight.models import (
    Inspection,
    Recommendation,
    TeamMember,
)
from oversight.services.common import _check_target, _date, _final, _not_in_future, _save


def _clean_inspection(inspection: Inspection) -> None:
    inspection.kind = kind_of_form(inspection.form)
    if inspection.programme_id is None and inspection.form not in UNPLANNED_FORMS:
        raise ValidationError(
            {
                "programme": _(
                    "Choose the programme this belongs to; only an ad hoc inspection or one upon signs "
                    "of violation may have none."
                )
            }
        )
    programme = inspection.programme
    if programme is not None and programme.kind != inspection.kind:
        raise ValidationError(
            {
                "form": _("The programme “%(programme)s” plans %(kind)s; choose a matching form.")
                % {"programme": programme, "kind": programme.get_kind_display().lower()}
            }
        )
    _check_target(inspection)
    errors = {}
    if inspection.period_from and inspection.period_to and inspection.period_to < inspection.period_from:
        errors["period_to"] = _("The period covered ends before it starts.")
    if inspection.planned_start and inspection.planned_end and inspection.planned_end < inspection.planned_start:
        errors["planned_end"] = _("The planned end is before the planned start.")
    if inspection.period_from and inspection.planned_end and inspection.period_from > inspection.planned_end:
        errors["period_from"] = _("The period covered must start before the inspection ends.")
    raise_if_errors(errors)


def _set_team(inspection: Inspection, team: list[dict]) -> None:
    """Replace the team with ``team`` (a list of {"personnel", "role"})."""
    heads = [member for member in team if member.get("role") == TeamRole.HEAD]
    if len(heads) > 1:
        raise ValidationError({"team": _("A team has one head.")})
    people = [member["personnel"].pk for member in team]
    if len(set(people)) != len(people):
        raise ValidationError({"team": _("An officer appears twice in the team.")})
    TeamMember.objects.filter(inspection=inspection).exclude(personnel_id__in=people).delete()
    for member in team:
        TeamMember.objects.update_or_create(
            inspection=inspection,
            personnel=member["personnel"],
            defaults={"role": member.get("role") or TeamRole.MEMBER},
        )


@service
def inspection_create(*, actor, team: list[dict] | None = None, **fields) -> Inspection:
    inspection = Inspection(**fields)
    _clean_inspection(inspection)
    require(actor, "add", inspection)
    inspection.status = InspectionStatus.PLANNED
    _save(inspection, actor=actor, action="add")
    if team is not None:
        _set_team(inspection, team)
    return inspection


def _lock_inspection(inspection: Inspection, *, actor, action: str = "change") -> Inspection:
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    require(actor, action, inspection)
    return inspection


#: What a user may change on an inspection (its team comes as ``team``; its status moves by steps).
INSPECTION_EDITABLE = (
    "programme",
    "form",
    "title",
    "decision_number",
    "inspecting_unit",
    "target_kind",
    "target_unit",
    "target_person",
    "period_from",
    "period_to",
    "planned_start",
    "planned_end",
    "conclusion",
)


@service
def inspection_update(*, actor, inspection: Inspection, team: list[dict] | None = None, **fields) -> Inspection:
    inspection = _lock_inspection(inspection, actor=actor)
    if inspection.is_locked:
        raise _final()
    for name, value in editable_changes(fields, INSPECTION_EDITABLE):
        setattr(inspection, name, value)
    _clean_inspection(inspection)
    _save(inspection, actor=actor, action="change")
    if team is not None:
        _set_team(inspection, team)
    return inspection


def inspection_start_blockers(inspection: Inspection) -> list[str]:
    if inspection.status != InspectionStatus.PLANNED:
        return [
            _("Only a planned inspection can start; this one is “%(status)s”.")
            % {"status": inspection.get_status_display()}
        ]
    return []


@guarded_by(inspection_start_blockers)
@service
def inspection_start(*, actor, inspection: Inspection, started_on: datetime.date | None = None) -> Inspection:
    inspection = _lock_inspection(inspection, actor=actor)
    refuse(inspection_start_blockers(inspection))
    if not inspection.team.filter(role=TeamRole.HEAD).exists():
        raise ValidationError(_("Name the head of the team before starting."))
    started_on = started_on or timezone.localdate()
    _not_in_future(started_on, "started_on")
    inspection.status = InspectionStatus.IN_PROGRESS
    inspection.started_on = started_on
    return _save(inspection, actor=actor, action="change")


def inspection_conclude_blockers(inspection: Inspection) -> list[str]:
    if inspection.status == InspectionStatus.CONCLUDED:
        return [_("This inspection is already concluded.")]
    if inspection.status != InspectionStatus.IN_PROGRESS:
        return [_("Only an inspection in progress can be concluded; start it first.")]
    return []


@guarded_by(inspection_conclude_blockers)
@service
def inspection_conclude(
    *,
    actor,
    inspection: Inspection,
    concluded_on: datetime.date | None = None,
    conclusion: str | None = None,
    conclusion_number: str | None = None,
) -> Inspection:
    """Conclude: the inspection, its team, findings, citations and recommendations become final,
    and the inspected unit and the units responsible for recommendations see them."""
    inspection = _lock_inspection(inspection, actor=actor)
    refuse(inspection_conclude_blockers(inspection))
    if conclusion is not None:
        inspection.conclusion = conclusion.strip()
    if conclusion_number is not None:
        inspection.conclusion_number = conclusion_number.strip()
    if not inspection.conclusion:
        raise ValidationError({"conclusion": _("Write the conclusion before concluding.")})
    concluded_on = concluded_on or timezone.localdate()
    _not_in_future(concluded_on, "concluded_on")
    if concluded_on < inspection.started_on:
        raise ValidationError(
            {
                "concluded_on": _("The conclusion cannot be dated before the start (%(date)s).")
                % {"date": _date(inspection.started_on)}
            }
        )
    early = (
        Recommendation.objects.filter(finding__inspection=inspection, due_date__lt=concluded_on)
        .order_by("due_date")
        .first()
    )
    if early is not None:
        raise ValidationError(
            {
                "concluded_on": _(
                    "The recommendation “%(recommendation)s” is due on %(due)s, before the conclusion; "
                    "change its due date first."
                )
                % {"recommendation": early, "due": _date(early.due_date)}
            }
        )
    inspection.status = InspectionStatus.CONCLUDED
    inspection.concluded_on = concluded_on
    return _save(inspection, actor=actor, action="change")
