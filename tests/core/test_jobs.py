"""Background jobs in this process (logistics/jobs.py; the worker itself: test_jobs_worker.py and
test_jobs_retry.py): the pages that start them, *Tệp của tôi*, the API's shape and its queries,
and what a failed run leaves."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from assets.models import FixedAssetClass, WearEntry
from logistics.jobs import RETRIES, execute, job_start
from logistics.models import Job, JobState, Supplier
from tests.conftest import api_for, logged_in
from tests.core import job_kinds

pytestmark = pytest.mark.django_db


def vi(message: str) -> str:
    """What a Vietnamese user reads for ``message`` (the catalogue's translation once compiled)."""
    with translation.override("vi"):
        return gettext(message)


def test_the_wear_page_queues_the_run_and_the_run_wears(officer, receive, catalogue):
    FixedAssetClass.objects.filter(code="XE-OTO").update(wear_rate=Decimal("30.00"))
    receive(cars=[("34A-020.20", 1_000_000_001)], date=datetime.date(2020, 6, 1))
    client = logged_in(officer)
    response = client.post(reverse("assets:wear_compute"), {"year": 2020})
    job = Job.objects.get(started_by=officer)
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert (job.kind, job.parameters, job.state) == ("wear", {"year": 2020, "unit": None}, JobState.QUEUED)
    assert not WearEntry.objects.exists()  # nothing is computed while the page waits
    execute(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.message == "Đã tính hao mòn cho 1 tài sản cố định."
    assert list(WearEntry.objects.values_list("year", "amount")) == [(2020, 300_000_000)]
    assert "Đã tính hao mòn cho 1 tài sản cố định." in client.get(job.get_absolute_url()).content.decode()


def test_the_wear_page_refuses_a_year_to_come_beside_the_field(officer):
    response = logged_in(officer).post(reverse("assets:wear_compute"), {"year": timezone.localdate().year + 1})
    assert response.status_code == 400
    assert "Chỉ tính hao mòn cho năm đã đến." in response.content.decode()
    assert not Job.objects.exists()


def test_a_wear_run_refused_by_the_service_fails_with_its_message(commune_commander):
    # A commander may not compute wear: the worker's run says so in the job, it does not crash.
    job = job_start(actor=commune_commander, kind="wear", parameters={"year": 2020, "unit": None})
    execute(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.message == vi("You may not do this work.")


def test_an_unexpected_error_is_retried_then_fails_with_a_clear_message(officer, monkeypatch):
    job = job_start(actor=officer, kind=job_kinds.STEPS, parameters={"steps": 2})
    monkeypatch.setattr(Supplier.objects, "create", lambda **kwargs: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        execute(job.pk, final_attempt=False)
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and job.message == vi("An error interrupted the work; it will be tried again.")
    with pytest.raises(ZeroDivisionError):
        execute(job.pk, final_attempt=True)
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.FAILED, 2)
    assert job.message == vi(
        "The work stopped on an unexpected error. Try again later; if it fails again, tell the administrators."
    )
    assert RETRIES >= 1


def test_a_finished_job_is_not_run_again(officer):
    job = job_start(actor=officer, kind=job_kinds.STEPS, parameters={"steps": 2})
    execute(job.pk)
    execute(job.pk)  # the queue ran it again (its end was not heard): nothing is done twice
    assert Supplier.objects.filter(name__startswith=f"Job {job.pk} ").count() == 2
    assert Job.objects.get(pk=job.pk).attempts == 1


def test_an_unknown_kind_is_refused(officer):
    with pytest.raises(ValueError, match="No job kind"):
        job_start(actor=officer, kind="nothing", parameters={})


def test_my_files_lists_my_jobs_with_their_files_and_the_top_bar_links_it(officer, commander):
    done = job_start(actor=officer, kind=job_kinds.STEPS, parameters={"steps": 1})
    execute(done.pk)
    failed = job_start(actor=officer, kind=job_kinds.STEPS, parameters={"steps": 1, "fail": True})
    execute(failed.pk)
    theirs = job_start(actor=commander, kind=job_kinds.STEPS, parameters={"steps": 1})
    page = logged_in(officer).get(reverse("job_list")).content.decode()
    assert f'href="{reverse("job_list")}" title="{vi("My files")}" data-testid="my-files-link"' in page  # top bar
    assert vi("My files") in page
    assert reverse("job_download", args=[done.pk]) in page and "steps.txt" in page
    assert "Số liệu tháng này chưa khóa sổ" in page  # the failure says why
    assert reverse("job_detail", args=[theirs.pk]) not in page
    empty = logged_in(commander).get(reverse("job_list")).content.decode()
    assert reverse("job_download", args=[done.pk]) not in empty


def test_the_job_list_api_reads_in_constant_queries(officer):
    api = api_for(officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/api/jobs/").status_code == 200
        return len(captured)

    job_start(actor=officer, kind=job_kinds.STEPS, parameters={"steps": 1})
    queries()  # the first request of a client reads its session and permissions once
    few = queries()
    for _ in range(10):
        execute(job_start(actor=officer, kind=job_kinds.STEPS, parameters={"steps": 1}).pk)
    assert queries() == few
    rows = api.get("/api/jobs/").json()["results"]
    assert len(rows) == 11 and {row["state"] for row in rows} == {"queued", "done"}


def test_the_job_api_is_read_only(officer):
    job = job_start(actor=officer, kind=job_kinds.STEPS, parameters={"steps": 1})
    api = api_for(officer)
    assert api.post("/api/jobs/", {"kind": "wear"}, format="json").status_code in (403, 405)
    assert api.delete(f"/api/jobs/{job.pk}/").status_code in (403, 405)
    assert Job.objects.filter(pk=job.pk).exists()
