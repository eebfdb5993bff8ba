"""Oversight services: Recommendations."""

from __future__ import annotations

import datetime
import hashlib
import os

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.models import Attachment
from logistics.scope import require
from logistics.services import check_upload, editable_changes, service
from logistics.workflow import guarded_by, refuse
from oversight.choices import (
    FINISHED_STATUSES,
    ProgressStatus,
    RecommendationStatus,
)
from oversight.models import (
    Finding,
    ProgressReport,
    Recommendation,
)
from oversight.services.common import _date, _final, _not_in_future, _save, _validate


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
