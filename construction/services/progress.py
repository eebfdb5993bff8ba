"""Construction services: Progress."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from construction.choices import ProjectStatus
from construction.models import ProgressReport, Project
from construction.services.common import _day, _lock_project
from logistics.scope import require
from logistics.services import attachment_add, raise_if_errors, service


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
