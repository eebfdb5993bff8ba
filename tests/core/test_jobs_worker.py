"""Background jobs through a real worker (logistics/jobs.py): a job exists only if the transaction
that started it commits; its progress is seen while it runs; a refusal fails it with its message;
its file is its starter's alone; big report files and the monthly reports go through it."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from logistics.jobs import job_start
from logistics.models import Job, JobState, Supplier
from logistics.roles import Role
from tests.conftest import api_for, logged_in
from tests.core import job_kinds
from tests.core.workers import Worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return tmp_path_factory.mktemp("job-media")


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, media, tmp_path_factory):
    with django_db_blocker.unblock():
        running = Worker(tmp_path_factory.mktemp("worker") / "worker.log", MEDIA_ROOT=str(media))
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def _shared_media(settings, media):
    # The worker writes the files where this process reads them.
    settings.MEDIA_ROOT = media


def finished(job, worker, timeout=60):
    return wait_for(
        lambda: (fresh := Job.objects.get(pk=job.pk)).is_finished and fresh,
        timeout=timeout,
        what=f"job {job.pk} to finish",
        worker=worker,
    )


def queue_rows(job_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE args->>'job_id' = %s", [str(job_id)])
        return cursor.fetchone()[0]


def test_a_job_started_in_a_transaction_that_rolls_back_never_runs(worker, officer):
    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        job = job_start(actor=officer, kind=job_kinds.STEPS, parameters={"steps": 1})
        assert queue_rows(job.pk) == 1  # deferred on the same connection, in the transaction
        raise Undo
    assert not Job.objects.filter(pk=job.pk).exists()
    assert queue_rows(job.pk) == 0
    # A job started after it runs: the worker is there and took nothing of the rolled-back one.
    after = job_start(actor=officer, kind=job_kinds.STEPS, parameters={"steps": 1})
    assert finished(after, worker).state == JobState.DONE
    assert not Supplier.objects.filter(name__startswith=f"Job {job.pk} ").exists()


def test_progress_is_seen_through_the_api_while_the_job_runs(worker, officer):
    job = job_start(actor=officer, kind=job_kinds.STEPS, parameters={"steps": 8, "delay": 0.4})
    api = api_for(officer)

    def midway():
        data = api.get(f"/api/jobs/{job.pk}/").json()
        return data if data["state"] == "running" and 0 < data["progress_done"] < data["progress_total"] else None

    seen = wait_for(midway, what="progress half-way", worker=worker)
    assert seen["progress_total"] == 8 and 0 < seen["percent"] < 100
    # Half-way, nothing of the work is committed yet: it is all or nothing.
    assert not Supplier.objects.filter(name__startswith=f"Job {job.pk} ").exists()
    done = finished(job, worker)
    data = api.get(f"/api/jobs/{job.pk}/").json()
    assert (data["state"], data["percent"], data["progress_done"]) == ("done", 100, 8)
    assert data["file_url"].endswith(reverse("job_download", args=[job.pk]))
    assert Supplier.objects.filter(name__startswith=f"Job {job.pk} ").count() == 8
    assert done.file.read() == b"".join(f"step {i}\n".encode() for i in range(8))
    assert [row["id"] for row in api.get("/api/jobs/").json()["results"]][0] == job.pk


def test_a_refusal_fails_the_job_with_its_message_and_keeps_nothing(worker, officer):
    job = job_start(actor=officer, kind=job_kinds.STEPS, parameters={"steps": 3, "fail": True})
    failed = finished(job, worker)
    assert failed.state == JobState.FAILED
    assert failed.message == "Số liệu tháng này chưa khóa sổ, chưa lập được báo cáo."
    assert not failed.file and not Supplier.objects.filter(name__startswith=f"Job {job.pk} ").exists()
    data = api_for(officer).get(f"/api/jobs/{job.pk}/").json()
    assert (data["state"], data["message"], data["file_url"]) == ("failed", failed.message, None)
    page = logged_in(officer).get(reverse("job_detail", args=[job.pk]))
    assert failed.message in page.content.decode()


def test_another_user_neither_sees_nor_downloads_my_file(worker, officer, make_user, tree, admin_user):
    job = finished(job_start(actor=officer, kind=job_kinds.STEPS, parameters={"steps": 1}), worker)
    assert logged_in(officer).get(reverse("job_download", args=[job.pk])).status_code == 200
    # A commander of the same unit, above it, is someone else: their jobs are their own.
    other = make_user(Role.UNIT_COMMANDER, tree.province)
    client = logged_in(other)
    assert client.get(reverse("job_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404
    assert reverse("job_download", args=[job.pk]) not in client.get(reverse("job_list")).content.decode()
    api = api_for(other)
    assert api.get(f"/api/jobs/{job.pk}/").status_code == 404
    assert api.get("/api/jobs/").json()["results"] == []
    # Administrators reach every job through the API, and may download it.
    assert api_for(admin_user).get(f"/api/jobs/{job.pk}/").status_code == 200
    assert logged_in(admin_user).get(reverse("job_download", args=[job.pk])).status_code == 200
    # Signed out: the sign-in page, never the file.
    assert Client().get(reverse("job_download", args=[job.pk])).status_code == 302


def test_a_big_report_file_is_made_in_the_background_and_waits_in_my_files(worker, auditor, settings):
    settings.JOBS_REPORT_ROWS_THRESHOLD = 0  # every report file counts as big
    client = logged_in(auditor)
    response = client.get(
        reverse("annual_report"), {"date_from": "2024-01-01", "date_to": "2024-12-31", "format": "pdf"}
    )
    job = Job.objects.get(started_by=auditor)
    assert response.status_code == 302 and response.url == reverse("job_detail", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert f'data-job="/api/jobs/{job.pk}/"' in page and "logistics/jobs" in page  # the bar polls the API
    done = finished(job, worker, timeout=120)
    assert done.state == JobState.DONE, done.message
    download = client.get(reverse("job_download", args=[job.pk]))
    assert b"".join(download.streaming_content)[:5] == b"%PDF-"
    my_files = client.get(reverse("job_list")).content.decode()
    assert done.file_name in my_files and reverse("job_download", args=[job.pk]) in my_files
    # Under the threshold the file is served at once, as before.
    settings.JOBS_REPORT_ROWS_THRESHOLD = 10_000
    direct = client.get(reverse("annual_report"), {"date_from": "2024-01-01", "date_to": "2024-12-31", "format": "csv"})
    assert direct.status_code == 200 and direct["Content-Type"].startswith("text/csv")


def test_the_monthly_reports_command_enqueues_a_job_that_the_worker_does(worker, make_user, tree, tmp_path):
    auditor = make_user(Role.AUDITOR, tree.province, username="kiemtra")
    call_command(
        "produce_monthly_reports", month="2024-03", user="kiemtra", output=str(tmp_path), formats="csv", verbosity=0
    )
    job = Job.objects.get(started_by=auditor)
    assert job.kind == "monthly_reports"
    assert job.parameters == {"month": "2024-03", "formats": ["csv"], "output": str(tmp_path)}
    done = finished(job, worker, timeout=120)
    assert done.state == JobState.DONE, done.message
    written = sorted(path.name for path in (tmp_path / "2024-03").iterdir())
    assert len(written) >= 10 and all(name.endswith(".csv") for name in written)
    with zipfile.ZipFile(BytesIO(done.file.read())) as archive:
        assert sorted(name.split("/")[1] for name in archive.namelist()) == written
    assert done.progress_done == done.progress_total == len(written)
