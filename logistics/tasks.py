"""The core's background work (logistics/jobs.py): report files too big to wait for, and the
month's reports of the report centre (the cron command and a periodic task start it)."""

from __future__ import annotations

import calendar
import datetime
import io
import os
import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from procrastinate.contrib.django import app

from logistics.exports import export_filename
from logistics.jobs import QUEUE, REPORT_FILE, JobFile, job_kind, job_start
from logistics.models import User
from logistics.report_centre import all_reports
from logistics.reports import REPORT_FORMATS
from logistics.services import email_notifications, send_digest, send_reminders

MONTHLY_REPORTS = "monthly_reports"


def report_content(entry, user, query: dict, fmt: str, *, channel: str) -> bytes | None:
    """The report ``entry`` as a file of ``fmt`` for ``user`` with the page's ``query`` (the same
    door as the page: its permission, its parameters, the export log); None when it answers no file."""
    request = RequestFactory().get(reverse(entry.url_name), {**query, "format": fmt})
    request.user = user
    request.export_channel = channel
    response = entry.page(request)
    if response.status_code != 200:
        return None
    return b"".join(response.streaming_content) if response.streaming else response.content


def _entry(url_name: str):
    return next((entry for entry in all_reports() if entry.url_name == url_name), None)


@job_kind(REPORT_FILE, _("Report file"))
def report_file(job, progress):
    entry = _entry(job.parameters.get("report", ""))
    fmt = job.parameters.get("format")
    if entry is None or fmt not in REPORT_FORMATS:
        raise ValidationError(_("This report cannot be produced."))
    if not entry.allows(job.started_by):
        raise PermissionDenied
    progress.start(2)
    progress.advance()
    content = report_content(entry, job.started_by, job.parameters.get("query") or {}, fmt, channel="job")
    if content is None:
        raise ValidationError(_("The report's parameters are not valid; open the report again and correct them."))
    progress.advance()
    return JobFile(export_filename(entry.name.replace("_", "-"), fmt), content)


# --- the month's reports ----------------------------------------------------------------------------


def month_bounds(month: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day of ``month`` (YYYY-MM)."""
    try:
        first = datetime.datetime.strptime(month, "%Y-%m").date()
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("The month takes the form YYYY-MM, e.g. 2026-10.")) from exc
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def last_month(today: datetime.date | None = None) -> str:
    this_month = (today or timezone.localdate()).replace(day=1)
    return f"{this_month - datetime.timedelta(days=1):%Y-%m}"


def monthly_reports_start(*, user, month: str, formats: list[str], output: str = "") -> object:
    """Start the job that produces every report ``user`` may open for ``month``, in ``formats``."""
    month_bounds(month)
    return job_start(
        actor=user,
        kind=MONTHLY_REPORTS,
        parameters={"month": month, "formats": [fmt for fmt in formats if fmt in REPORT_FORMATS], "output": output},
    )


def _write_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Each file under a temporary name, then renamed into place: whole or absent."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        partial = folder / f".{name}.{uuid.uuid4().hex}.partial"
        partial.write_bytes(content)
        os.replace(partial, folder / name)


@job_kind(MONTHLY_REPORTS, _("Monthly reports"))
def monthly_reports(job, progress):
    month = job.parameters.get("month", "")
    first, last = month_bounds(month)
    formats = [fmt for fmt in job.parameters.get("formats", REPORT_FORMATS) if fmt in REPORT_FORMATS]
    user = job.started_by
    unit = {"unit": user.unit_id or ""}
    entries = [entry for entry in all_reports() if entry.allows(user)]
    progress.start(len(entries) * len(formats))
    files: dict[str, bytes] = {}
    for entry in entries:
        query = {**unit, **entry.form.month_query(first, last)}
        for fmt in formats:
            content = report_content(entry, user, query, fmt, channel="cron")
            if content is not None:
                files[f"{entry.url_name.replace(':', '-')}.{fmt}"] = content
            progress.advance()
    # Nothing leaves the transaction before every file is made: a stopped run writes nothing.
    if job.parameters.get("output"):
        _write_folder(Path(job.parameters["output"]) / month, files)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, content in files.items():
            zipped.writestr(f"{month}/{name}", content)
    return JobFile(f"bao-cao-thang-{month}.zip", archive.getvalue())


@app.periodic(cron=settings.JOBS_MONTHLY_REPORTS_CRON, periodic_id="monthly_reports")
@app.task(name="logistics.monthly_reports_periodic", queue=QUEUE, queueing_lock="monthly_reports_periodic")
def monthly_reports_periodic(timestamp: int) -> None:
    """Last month's reports, as the user ``JOBS_MONTHLY_REPORTS_USER``, in the default folder."""
    user = User.objects.filter(username=settings.JOBS_MONTHLY_REPORTS_USER, is_active=True).first()
    if user is None:
        return
    monthly_reports_start(
        user=user, month=last_month(_local_day(timestamp)), formats=list(REPORT_FORMATS), output=str(default_output())
    )


@app.periodic(cron=settings.JOBS_REMINDERS_CRON, periodic_id="reminders")
@app.task(name="logistics.reminders_periodic", queue=QUEUE, queueing_lock="reminders_periodic")
def reminders_periodic(timestamp: int) -> None:
    """The day's reminders for everyone they concern, then their email (``manage.py send_reminders``).
    A day missed (no worker running) is caught up by the next run: the service looks back."""
    send_reminders(today=_local_day(timestamp))
    email_notifications()


@app.periodic(cron=settings.JOBS_DIGEST_CRON, periodic_id="weekly_digest")
@app.task(name="logistics.weekly_digest_periodic", queue=QUEUE, queueing_lock="weekly_digest_periodic")
def weekly_digest_periodic(timestamp: int) -> None:
    """The commanders' weekly digest of their unread notifications (``manage.py send_digest``)."""
    send_digest()


def _local_day(timestamp: int) -> datetime.date:
    return (
        datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC).astimezone(timezone.get_current_timezone()).date()
    )


def default_output() -> Path:
    return Path(settings.BASE_DIR) / "var" / "reports"
