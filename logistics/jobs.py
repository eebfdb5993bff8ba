"""Background jobs: long work run by a worker, with its progress shown to the person who started it.

The queue is Procrastinate's, in this same PostgreSQL database (``procrastinate.contrib.django``).
A job is started by :func:`job_start` inside the caller's transaction: the :class:`~logistics.models.Job`
row users see and the queue's row are written by Django's connection, so a job started in a
transaction that rolls back never existed, and one that commits is certainly run.

A worker (``manage.py procrastinate worker``; ``make run`` starts one) runs :func:`run_job`, which
does the kind's work in one database transaction and writes the resulting file under a temporary
name, moved into place before the record names it: a worker stopped half-way (killed, its machine
gone) leaves no half-written records and no record of a half-written file. The job is then run again,
from the start: after an error by Procrastinate's retry strategy, after a worker's death by
:func:`recover_stalled_jobs` (a periodic task that puts back on the queue the jobs of workers whose
heartbeat stopped). Progress is written on a connection of its own, at most every
``JOBS_PROGRESS_SECONDS``, so that it is seen while the work's transaction is still open.

A kind of job is declared once with :func:`job_kind`, in an app's ``tasks.py`` (found by Procrastinate
in every process): its name, what users read, and its work ``work(job, progress) -> JobFile | None``.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.contrib.django.django_connector import DjangoConnector
from procrastinate.contrib.django.utils import connector_params

from logistics.history import actor_context
from logistics.models import Job, JobState
from logistics.models.jobs import KIND_LABELS, job_file_path

logger = logging.getLogger(__name__)

QUEUE = "jobs"
#: The kind of a report file made in the background (declared in logistics/tasks.py).
REPORT_FILE = "report_file"
#: An error is retried this many times (after 2, 4, 6 … seconds), then the job is failed.
RETRIES = 3


@dataclass(frozen=True)
class JobFile:
    """What a job made: the name the user downloads it as, and its bytes."""

    name: str
    content: bytes


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str
    work: Callable[[Job, Progress], JobFile | None]


KINDS: dict[str, JobKind] = {}


def job_kind(name: str, label):
    """Declare the work of the kind ``name`` (decorator of ``work(job, progress)``)."""

    def register(work):
        KINDS[name] = JobKind(name=name, label=label, work=work)
        KIND_LABELS[name] = label
        return work

    return register


# --- starting a job ---------------------------------------------------------------------------------


def job_start(*, actor, kind: str, parameters: dict | None = None) -> Job:
    """Start a job of ``kind`` for ``actor``: the record and the queue's row, in the caller's
    transaction (the job runs only if that transaction commits)."""
    if kind not in KINDS:
        raise ValueError(f"No job kind {kind!r}.")
    if not isinstance(app.connector, DjangoConnector):
        # Inside a worker the queue is reached on the worker's own connection, outside Django's
        # transactions: the record is committed first, so that the job never runs before it exists.
        with actor_context(actor):
            job = Job.objects.create(kind=kind, started_by=actor, parameters=parameters or {})
        Job.objects.filter(pk=job.pk).update(queue_job_id=run_job.defer(job_id=job.pk))
        return job
    with transaction.atomic(), actor_context(actor):
        job = Job.objects.create(kind=kind, started_by=actor, parameters=parameters or {})
        # Deferred through Django's connection (procrastinate's DjangoConnector), in this transaction.
        job.queue_job_id = run_job.defer(job_id=job.pk)
        job.save(update_fields=["queue_job_id"])
    return job


# --- running it -------------------------------------------------------------------------------------


class Progress:
    """How far a running job has got (done of total), written at most every ``JOBS_PROGRESS_SECONDS``
    on a connection of its own, outside the work's transaction, so that the page and the API see it."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.done = 0
        self.total = 0
        self._written_at = 0.0
        self._connection: psycopg.Connection | None = None

    def start(self, total: int) -> None:
        self.total = max(0, total)
        self.done = 0
        self._write(force=True)

    def advance(self, count: int = 1) -> None:
        self.done = min(self.done + count, self.total) if self.total else self.done
        self._write(force=self.done == self.total)

    def _write(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._written_at < settings.JOBS_PROGRESS_SECONDS:
            return
        self._written_at = now
        try:
            if self._connection is None:
                self._connection = psycopg.connect(**connector_params(), autocommit=True)
            self._connection.execute(
                "UPDATE logistics_job SET progress_done = %s, progress_total = %s WHERE id = %s",
                [self.done, self.total, self.job_id],
            )
        except psycopg.Error:
            # Progress is a courtesy: the work goes on without it.
            logger.warning("Progress of job %s not written", self.job_id, exc_info=True)
            self.close()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _store(job: Job, made: JobFile) -> str:
    """Write the file under a temporary name and move it into place (an atomic rename): a file
    either is whole under its name or is not there. Returns its name in the storage."""
    name = default_storage.get_available_name(job_file_path(job, get_valid_filename(made.name)))
    path = Path(default_storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.partial")
    with open(partial, "wb") as stream:
        stream.write(made.content)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(partial, path)
    return name


def _failure_message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return _("You may not do this work.")


def _fail(job_id: int, message: str) -> None:
    Job.objects.filter(pk=job_id).update(state=JobState.FAILED, message=message, finished_at=timezone.now())


#: What a run writes when it ends (the attempt count and the start were written when it began).
FINISH_FIELDS = (
    "file",
    "file_name",
    "file_size",
    "state",
    "finished_at",
    "progress_done",
    "progress_total",
    "message",
    "updated_at",
)


def execute(job_id: int, *, final_attempt: bool = True) -> None:
    """Do the work of the job ``job_id`` (the worker's task, also callable in this process)."""
    job = Job.objects.filter(pk=job_id).select_related("started_by").first()
    if job is None or job.is_finished:
        return  # done by an earlier run whose end the queue did not hear of
    kind = KINDS.get(job.kind)
    if kind is None:
        _fail(job_id, _("This kind of work is no longer done."))
        return
    Job.objects.filter(pk=job_id).update(
        state=JobState.RUNNING, attempts=F("attempts") + 1, started_at=timezone.now(), message=""
    )
    progress = Progress(job_id)
    stored = ""
    try:
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic(), actor_context(job.started_by):
            job.message = ""  # the work may say what it did (a failed attempt's message is gone)
            made = kind.work(job, progress)
            if made is not None:
                stored = _store(job, made)
                job.file.name = stored
                job.file_name = made.name
                job.file_size = len(made.content)
            job.state = JobState.DONE
            job.finished_at = timezone.now()
            job.progress_total = max(progress.total, 1)
            job.progress_done = job.progress_total
            job.save(update_fields=FINISH_FIELDS)
    except (ValidationError, PermissionDenied) as error:
        _remove(stored)
        with translation.override(settings.LANGUAGE_CODE):
            _fail(job_id, _failure_message(error))
    except Exception:
        _remove(stored)
        with translation.override(settings.LANGUAGE_CODE):
            if final_attempt:
                _fail(
                    job_id,
                    _(
                        "The work stopped on an unexpected error. Try again later; if it fails again, tell the administrators."
                    ),
                )
            else:
                Job.objects.filter(pk=job_id).update(
                    state=JobState.QUEUED, message=_("An error interrupted the work; it will be tried again.")
                )
        raise
    finally:
        progress.close()


def _remove(name: str) -> None:
    if name:
        default_storage.delete(name)


@app.task(
    name="logistics.run_job",
    queue=QUEUE,
    pass_context=True,
    retry=RetryStrategy(max_attempts=RETRIES, linear_wait=2),
)
def run_job(context, job_id: int) -> None:
    execute(job_id, final_attempt=context.job.attempts >= RETRIES)


# --- workers that died ------------------------------------------------------------------------------


async def retry_stalled_jobs(job_manager, *, seconds_since_heartbeat: float) -> list[int]:
    """Put back on the queue the running jobs of workers that sent no heartbeat for that long."""
    retried = []
    for stalled in await job_manager.get_stalled_jobs(seconds_since_heartbeat=seconds_since_heartbeat):
        await job_manager.retry_job(stalled)
        retried.append(stalled.id)
    if retried:
        logger.warning("Jobs of stopped workers put back on the queue: %s", retried)
    return retried


@app.periodic(cron=settings.JOBS_RECOVERY_CRON, periodic_id="recover_stalled_jobs")
@app.task(name="logistics.recover_stalled_jobs", queue=QUEUE, queueing_lock="recover_stalled_jobs", pass_context=True)
async def recover_stalled_jobs(context, timestamp: int) -> None:
    await retry_stalled_jobs(context.app.job_manager, seconds_since_heartbeat=settings.JOBS_STALLED_SECONDS)
