"""Writes of Party oversight: every change goes through one of these functions.

Each runs in one transaction with the actor recorded on the history it writes (``@service``),
locks the records it decides on, checks the actor's permission and scope, and refuses with a
ValidationError naming the field when a rule is broken. Database constraints and triggers
(see ``oversight.models``) are the last line behind them.
"""

from __future__ import annotations

import datetime
import hashlib
import os

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.models import Attachment
from logistics.scope import is_unrestricted, require, restrict
from logistics.services import check_upload, editable_changes, raise_if_errors, service
from logistics.workflow import guarded_by, refuse
from oversight.choices import (
    FINISHED_STATUSES,
    LEVELS_BY_TARGET,
    UNPLANNED_FORMS,
    InspectionStatus,
    ProgressStatus,
    RecommendationStatus,
    Schedule,
    TargetKind,
    TeamRole,
    kind_of_form,
)
from oversight.models import (
    DisciplineDecision,
    Finding,
    FindingLink,
    Inspection,
    Programme,
    ProgressReport,
    Recommendation,
    TeamMember,
)
from oversight.selectors import is_citable


def _date(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def _not_in_future(value: datetime.date | None, field: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


def _final() -> ValidationError:
    return ValidationError(_("The inspection is concluded; this record is final and cannot be changed."))


def _check_target(record, *, person_field: str = "target_person", unit_field: str = "target_unit") -> None:
    """A Party organisation is a unit; a Party member is a person, whose unit is taken."""
    if record.target_kind == TargetKind.MEMBER:
        person = record.target_person
        if person is None:
            raise ValidationError({person_field: _("Choose the Party member.")})
        if not person.is_party_member:
            raise ValidationError(
                {person_field: _("%(name)s is not recorded as a Party member.") % {"name": person.full_name}}
            )
        record.target_unit = person.unit
    elif record.target_kind == TargetKind.ORGANISATION:
        if record.target_person_id is not None:
            raise ValidationError(
                {person_field: _("Leave the Party member empty when the target is a Party organisation.")}
            )
        if record.target_unit_id is None:
            raise ValidationError({unit_field: _("Choose the unit whose Party organisation is concerned.")})


def _validate(record: Model) -> None:
    """Field checks in Python; the services have checked the rules with clear messages, and the
    database constraints and foreign keys (checked on save, not queried beforehand) stand behind them."""
    relations = [f.name for f in record._meta.concrete_fields if f.is_relation]
    record.full_clean(exclude=relations, validate_constraints=False)


def _save(record: Model, *, actor, action: str) -> Model:
    _validate(record)
    record.save()
    if action == "change":
        require(actor, "change", record)  # the new values must still be within the actor's scope
    return record


# --- programmes ---------------------------------------------------------------------------------


def _clean_programme(programme: Programme) -> None:
    errors = {}
    if programme.schedule == Schedule.QUARTERLY and not programme.quarter:
        errors["quarter"] = _("Say which quarter (1 to 4) the programme covers.")
    if programme.schedule != Schedule.QUARTERLY and programme.quarter:
        errors["quarter"] = _("A quarter is given only for a quarterly programme.")
    if not programme.areas:
        errors["areas"] = _("Choose at least one area.")
    if programme.issued_on and programme.year and programme.issued_on.year not in (programme.year - 1, programme.year):
        errors["issued_on"] = _("A programme for %(year)s is issued in that year or at the end of the year before.") % {
            "year": programme.year
        }
    raise_if_errors(errors)
    if programme.pk:
        other_kind = programme.inspections.exclude(kind=programme.kind)
        if other_kind.exists():
            raise ValidationError(
                {"kind": _("The programme already has inspections of the other kind; its kind cannot change.")}
            )


@service
def programme_create(*, actor, **fields) -> Programme:
    programme = Programme(**fields)
    require(actor, "add", programme)
    _clean_programme(programme)
    return _save(programme, actor=actor, action="add")


PROGRAMME_EDITABLE = (
    "year",
    "kind",
    "schedule",
    "quarter",
    "title",
    "document_number",
    "issued_on",
    "issuing_body",
    "issuing_unit",
    "areas",
    "planned_count",
    "planned_targets",
)


@service
def programme_update(*, actor, programme: Programme, **fields) -> Programme:
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    require(actor, "change", programme)
    for name, value in editable_changes(fields, PROGRAMME_EDITABLE):
        setattr(programme, name, value)
    _clean_programme(programme)
    return _save(programme, actor=actor, action="change")


# --- inspections --------------------------------------------------------------------------------


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


# --- the team -----------------------------------------------------------------------------------


def _clean_member(member: TeamMember) -> None:
    others = TeamMember.objects.filter(inspection=member.inspection).exclude(pk=member.pk)
    if others.filter(personnel=member.personnel).exists():
        raise ValidationError({"personnel": _("This officer is already in the team.")})
    if member.role == TeamRole.HEAD:
        head = others.filter(role=TeamRole.HEAD).select_related("personnel").first()
        if head is not None:
            raise ValidationError(
                {"role": _("The team already has a head: %(name)s.") % {"name": head.personnel.full_name}}
            )


@service
def team_member_create(*, actor, inspection: Inspection, **fields) -> TeamMember:
    inspection = _lock_inspection(inspection, actor=actor)
    if inspection.is_locked:
        raise _final()
    member = TeamMember(inspection=inspection, **fields)
    _clean_member(member)
    return _save(member, actor=actor, action="add")


@service
def team_member_update(*, actor, team_member: TeamMember, inspection: Inspection, **fields) -> TeamMember:
    member = TeamMember.objects.select_for_update().get(pk=team_member.pk)
    require(actor, "change", member)
    current = _lock_inspection(member.inspection, actor=actor)
    target = _lock_inspection(inspection, actor=actor)
    if current.is_locked or target.is_locked:
        raise _final()
    member.inspection = target
    for name, value in editable_changes(fields, ("personnel", "role")):
        setattr(member, name, value)
    _clean_member(member)
    return _save(member, actor=actor, action="change")


# --- findings and what they cite -----------------------------------------------------------------


def check_citable(actor, record: Model, field: str = "record") -> None:
    """A finding cites only records with pages, and only records the acting user may see."""
    if record is None or record.pk is None or not is_citable(type(record)):
        raise ValidationError({field: _("Records of this kind cannot be cited.")})
    if actor is None:
        return
    visible = restrict(type(record)._default_manager.filter(pk=record.pk), actor, "view")
    if not visible.exists():
        raise ValidationError({field: _("Choose a record you may see.")})


def _cite(finding: Finding, record: Model, *, actor, note: str = "") -> FindingLink:
    check_citable(actor, record)
    content_type = ContentType.objects.get_for_model(type(record))
    if FindingLink.objects.filter(finding=finding, content_type=content_type, object_id=record.pk).exists():
        raise ValidationError({"record": _("This finding already cites that record.")})
    link = FindingLink(finding=finding, content_type=content_type, object_id=record.pk, note=(note or "").strip())
    _validate(link)
    link.save()
    return link


def _actor_sees_cited(actor, link: FindingLink) -> bool:
    model = link.content_type.model_class()
    if actor is None or is_unrestricted(actor):
        return True
    return model is not None and restrict(model._default_manager.filter(pk=link.object_id), actor, "view").exists()


def _set_citations(finding: Finding, records: list[Model], *, actor) -> None:
    """The finding cites ``records`` from now on. A citation of a record the acting user may not see
    stays: they were never shown it, so leaving it out of what they send is no decision to drop it."""
    wanted = {(ContentType.objects.get_for_model(type(record)).pk, record.pk): record for record in records}
    for link in FindingLink.objects.filter(finding=finding).select_related("content_type"):
        if (link.content_type_id, link.object_id) in wanted:
            wanted.pop((link.content_type_id, link.object_id))
        elif _actor_sees_cited(actor, link):
            link.delete()
    for record in wanted.values():
        try:
            _cite(finding, record, actor=actor)
        except ValidationError as error:
            raise ValidationError({"links": error.messages}) from error


def _clean_finding(finding: Finding) -> None:
    if finding.amount is not None and finding.amount < 0:
        raise ValidationError({"amount": _("The amount cannot be negative.")})


@service
def finding_create(*, actor, inspection: Inspection, records: list[Model] | None = None, **fields) -> Finding:
    inspection = _lock_inspection(inspection, actor=actor)
    if inspection.is_locked:
        raise ValidationError({"inspection": _("The inspection is concluded; no finding can be added.")})
    finding = Finding(inspection=inspection, **fields)
    require(actor, "add", finding)
    _clean_finding(finding)
    _save(finding, actor=actor, action="add")
    if records:
        _set_citations(finding, records, actor=actor)
    return finding


@service
def finding_update(
    *, actor, finding: Finding, inspection: Inspection | None = None, records: list[Model] | None = None, **fields
) -> Finding:
    finding = Finding.objects.select_for_update().select_related("inspection").get(pk=finding.pk)
    require(actor, "change", finding)
    if finding.is_locked:
        raise _final()
    if inspection is not None and inspection.pk != finding.inspection_id:
        target = _lock_inspection(inspection, actor=actor)
        if target.is_locked:
            raise ValidationError({"inspection": _("The inspection is concluded; no finding can be added.")})
        finding.inspection = target
    for name, value in editable_changes(fields, ("area", "kind", "severity", "title", "description", "amount")):
        setattr(finding, name, value)
    _clean_finding(finding)
    _save(finding, actor=actor, action="change")
    if records is not None:
        _set_citations(finding, records, actor=actor)
    return finding


@service
def finding_link_create(*, actor, finding: Finding, record: Model, note: str = "") -> FindingLink:
    finding = Finding.objects.select_for_update().select_related("inspection").get(pk=finding.pk)
    require(actor, "change", finding)
    if not actor_may(actor, "add", FindingLink):
        raise PermissionDenied
    if finding.is_locked:
        raise ValidationError({"finding": _("The inspection is concluded; its findings cite nothing more.")})
    return _cite(finding, record, actor=actor, note=note)


def actor_may(actor, action: str, model) -> bool:
    return actor is None or actor.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")


# --- recommendations ----------------------------------------------------------------------------


def _clean_recommendation(recommendation: Recommendation) -> None:
    inspection = recommendation.finding.inspection
    unit = recommendation.responsible_unit
    if unit is not None and not unit.is_active_on(inspection.planned_start):
        raise ValidationError(
            {
                "responsible_unit": _(
                    "%(unit)s did not exist at the time of the inspection; choose the unit that answered for it."
                )
                % {"unit": unit}
            }
        )
    if recommendation.due_date and recommendation.due_date < inspection.planned_start:
        raise ValidationError(
            {
                "due_date": _("The due date cannot be before the inspection (%(date)s).")
                % {"date": _date(inspection.planned_start)}
            }
        )


@service
def recommendation_create(*, actor, finding: Finding, **fields) -> Recommendation:
    finding = Finding.objects.select_for_update().select_related("inspection").get(pk=finding.pk)
    require(actor, "change", finding)
    if finding.is_locked:
        raise ValidationError({"finding": _("The inspection is concluded; no recommendation can be added.")})
    recommendation = Recommendation(finding=finding, **fields)
    recommendation.status = RecommendationStatus.OPEN
    require(actor, "add", recommendation)
    _clean_recommendation(recommendation)
    return _save(recommendation, actor=actor, action="add")


@service
def recommendation_update(*, actor, recommendation: Recommendation, finding: Finding | None = None, **fields):
    recommendation = (
        Recommendation.objects.select_for_update().select_related("finding__inspection").get(pk=recommendation.pk)
    )
    require(actor, "change", recommendation)
    if recommendation.is_locked:
        raise _final()
    if finding is not None and finding.pk != recommendation.finding_id:
        target = Finding.objects.select_related("inspection").get(pk=finding.pk)
        require(actor, "change", target)
        if target.is_locked:
            raise ValidationError({"finding": _("The inspection is concluded; no recommendation can be added.")})
        recommendation.finding = target
    for name, value in editable_changes(fields, ("content", "responsible_unit", "due_date")):
        setattr(recommendation, name, value)
    _clean_recommendation(recommendation)
    return _save(recommendation, actor=actor, action="change")


def _lock_recommendation(recommendation: Recommendation) -> Recommendation:
    return (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("finding__inspection")
        .get(pk=recommendation.pk)
    )


def _store_evidence(*, actor, record: Model, uploaded_file, description: str) -> Attachment:
    """Keep the evidence as an attachment of ``record`` (same checks as every attachment)."""
    try:
        check_upload(uploaded_file)
    except ValidationError as error:
        raise ValidationError({"evidence": error.messages}) from error
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    attachment = Attachment(record=record, uploaded_by=actor, description=description[:255])
    attachment.checksum = digest.hexdigest()
    attachment.original_name = os.path.basename(uploaded_file.name)[:255]
    attachment.size = uploaded_file.size
    attachment.file.save(attachment.original_name, uploaded_file, save=False)
    attachment.save()
    return attachment


def _has_evidence(recommendation: Recommendation) -> bool:
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(Recommendation), object_id=recommendation.pk
    ).exists()


def _check_report_date(recommendation: Recommendation, reported_on: datetime.date, field: str) -> None:
    _not_in_future(reported_on, field)
    concluded_on = recommendation.finding.inspection.concluded_on
    if concluded_on and reported_on < concluded_on:
        raise ValidationError(
            {field: _("The date cannot be before the conclusion (%(date)s).") % {"date": _date(concluded_on)}}
        )


def recommendation_report_progress_blockers(recommendation: Recommendation) -> list[str]:
    if not recommendation.is_issued:
        return [_("Progress is reported once the inspection is concluded.")]
    if recommendation.status in FINISHED_STATUSES:
        return [
            _("This recommendation is already “%(status)s”; nothing more is reported on it.")
            % {"status": recommendation.get_status_display()}
        ]
    return []


@guarded_by(recommendation_report_progress_blockers)
@service
def recommendation_report_progress(
    *,
    actor,
    recommendation: Recommendation,
    status: str,
    note: str,
    reported_on: datetime.date | None = None,
    evidence=None,
) -> Recommendation:
    """The responsible unit reports progress, or that the recommendation is done (with evidence)."""
    recommendation = _lock_recommendation(recommendation)
    # Before the permission: the responsible unit reaches a recommendation only once it is issued,
    # and is told so rather than refused.
    refuse(recommendation_report_progress_blockers(recommendation))
    require(actor, "report_progress", recommendation)
    if status not in ProgressStatus.values:
        raise ValidationError({"status": _("Report either progress or completion.")})
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what has been done.")})
    reported_on = reported_on or timezone.localdate()
    _check_report_date(recommendation, reported_on, "reported_on")
    if status == ProgressStatus.DONE and evidence is None and not _has_evidence(recommendation):
        raise ValidationError({"evidence": _("Attach the evidence that the recommendation has been carried out.")})
    attachment = None
    if evidence is not None:
        attachment = _store_evidence(actor=actor, record=recommendation, uploaded_file=evidence, description=note)
    recommendation.status = status
    recommendation.done_on = reported_on if status == ProgressStatus.DONE else None
    _validate(recommendation)
    recommendation.save(update_fields=["status", "done_on", "updated_at"])
    ProgressReport.objects.create(
        recommendation=recommendation,
        reported_on=reported_on,
        status=status,
        note=note,
        reported_by=actor,
        evidence=attachment,
    )
    return recommendation


def recommendation_verify_blockers(recommendation: Recommendation) -> list[str]:
    if recommendation.status != RecommendationStatus.DONE:
        return [
            _("Only a recommendation reported done can be verified; this one is “%(status)s”.")
            % {"status": recommendation.get_status_display()}
        ]
    return []


@guarded_by(recommendation_verify_blockers)
@service
def recommendation_verify(
    *, actor, recommendation: Recommendation, verified_on: datetime.date | None = None, note: str = ""
) -> Recommendation:
    """An inspector checks the evidence and confirms the recommendation has been carried out."""
    recommendation = _lock_recommendation(recommendation)
    require(actor, "verify", recommendation)
    refuse(recommendation_verify_blockers(recommendation))
    verified_on = verified_on or timezone.localdate()
    _not_in_future(verified_on, "verified_on")
    if verified_on < recommendation.done_on:
        raise ValidationError(
            {
                "verified_on": _("It cannot be verified before it was done (%(date)s).")
                % {"date": _date(recommendation.done_on)}
            }
        )
    note = (note or "").strip()
    recommendation.status = RecommendationStatus.VERIFIED
    recommendation.verified_on = verified_on
    recommendation.verified_by = actor
    recommendation.verification_note = note
    _validate(recommendation)
    recommendation.save(update_fields=["status", "verified_on", "verified_by", "verification_note", "updated_at"])
    ProgressReport.objects.create(
        recommendation=recommendation,
        reported_on=verified_on,
        status=RecommendationStatus.VERIFIED,
        note=note or _("Verified as carried out."),
        reported_by=actor,
    )
    return recommendation


def recommendation_send_back_blockers(recommendation: Recommendation) -> list[str]:
    if recommendation.status != RecommendationStatus.DONE:
        return [_("Only a recommendation reported done can be sent back.")]
    return []


@guarded_by(recommendation_send_back_blockers)
@service
def recommendation_send_back(
    *, actor, recommendation: Recommendation, note: str, returned_on: datetime.date | None = None
) -> Recommendation:
    """An inspector finds the work incomplete: the recommendation goes back to “in progress”."""
    recommendation = _lock_recommendation(recommendation)
    require(actor, "verify", recommendation)
    refuse(recommendation_send_back_blockers(recommendation))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what is still missing.")})
    returned_on = returned_on or timezone.localdate()
    _check_report_date(recommendation, returned_on, "returned_on")
    recommendation.status = RecommendationStatus.IN_PROGRESS
    recommendation.done_on = None
    _validate(recommendation)
    recommendation.save(update_fields=["status", "done_on", "updated_at"])
    ProgressReport.objects.create(
        recommendation=recommendation,
        reported_on=returned_on,
        status=RecommendationStatus.IN_PROGRESS,
        note=note,
        reported_by=actor,
    )
    return recommendation


# --- discipline ---------------------------------------------------------------------------------


def _clean_discipline(decision: DisciplineDecision) -> None:
    _check_target(decision)
    allowed = LEVELS_BY_TARGET.get(decision.target_kind, ())
    if decision.level not in allowed:
        labels = dict(DisciplineDecision._meta.get_field("level").choices)
        raise ValidationError(
            {
                "level": _("“%(level)s” is not a discipline level for a %(target)s. Choose one of: %(levels)s.")
                % {
                    "level": labels.get(decision.level, decision.level),
                    "target": decision.get_target_kind_display().lower(),
                    "levels": ", ".join(str(labels[level]).lower() for level in allowed),
                }
            }
        )
    if decision.inspection_id is not None and not decision.inspection.is_concluded:
        raise ValidationError({"inspection": _("Only a concluded inspection can lead to a discipline decision.")})
    _not_in_future(decision.decided_on, "decided_on")
    if decision.inspection_id is not None and decision.decided_on < decision.inspection.concluded_on:
        raise ValidationError(
            {
                "decided_on": _("The decision cannot come before the inspection's conclusion (%(date)s).")
                % {"date": _date(decision.inspection.concluded_on)}
            }
        )


@service
def discipline_decision_create(*, actor, **fields) -> DisciplineDecision:
    decision = DisciplineDecision(**fields)
    _clean_discipline(decision)
    require(actor, "add", decision)
    return _save(decision, actor=actor, action="add")


DISCIPLINE_EDITABLE = (
    "decision_number",
    "decided_on",
    "issuing_body",
    "issuing_unit",
    "target_kind",
    "target_unit",
    "target_person",
    "level",
    "inspection",
    "reason",
)


@service
def discipline_decision_update(*, actor, discipline_decision: DisciplineDecision, **fields) -> DisciplineDecision:
    decision = DisciplineDecision.objects.select_for_update().get(pk=discipline_decision.pk)
    require(actor, "change", decision)
    for name, value in editable_changes(fields, DISCIPLINE_EDITABLE):
        setattr(decision, name, value)
    _clean_discipline(decision)
    return _save(decision, actor=actor, action="change")
