"""A worker killed half-way through a job (SIGKILL: nothing finished, nothing said): its transaction
dies with it, a new worker puts the job back on the queue once the dead one's heartbeat is stale
(logistics.jobs.recover_stalled_jobs, every second here), and the job is done again from the start:
every record once, the whole file, no half file left behind."""

from __future__ import annotations

import pytest
from django.conf import settings

from logistics.jobs import job_start
from logistics.models import Job, JobState, Supplier
from tests.conftest import api_for
from tests.core import job_kinds
from tests.core.workers import Worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

STEPS = 6


def test_a_job_whose_worker_is_killed_is_done_again_whole_by_another(officer, tmp_path):
    first = Worker(tmp_path / "first.log")
    job = job_start(actor=officer, kind=job_kinds.STEPS, parameters={"steps": STEPS, "delay": 0.5})
    try:
        wait_for(
            lambda: Job.objects.filter(pk=job.pk, state=JobState.RUNNING, progress_done__gte=2).exists(),
            what="the job half-way",
            worker=first,
        )
    finally:
        first.kill()
    killed = Job.objects.get(pk=job.pk)
    assert killed.state == JobState.RUNNING and 2 <= killed.progress_done < STEPS
    # What the killed run did is gone with its transaction; it wrote no file.
    assert not Supplier.objects.filter(name__startswith=f"Job {job.pk} ").exists()
    assert not [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]

    second = Worker(tmp_path / "second.log")
    try:
        done = wait_for(
            lambda: (fresh := Job.objects.get(pk=job.pk)).is_finished and fresh,
            timeout=90,
            what="the job done by the second worker",
            worker=second,
        )
    finally:
        second.stop()
    assert done.state == JobState.DONE, done.message
    assert done.attempts == 2
    assert Supplier.objects.filter(name__startswith=f"Job {job.pk} ").count() == STEPS
    assert done.file.read() == b"".join(f"step {i}\n".encode() for i in range(STEPS))
    files = [path for path in (settings.MEDIA_ROOT / "jobs").rglob("*") if path.is_file()]
    assert files == [settings.MEDIA_ROOT / done.file.name]  # no partial file anywhere
    assert "put back on the queue" in second.output()
    data = api_for(officer).get(f"/api/jobs/{job.pk}/").json()
    assert (data["state"], data["attempts"], data["percent"]) == ("done", 2, 100)
