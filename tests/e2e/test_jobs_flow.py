"""A big report in the browser: the page hands it to the worker, a progress bar follows it, the file is
downloaded from the job's page and waits in *Tệp của tôi*."""

from pathlib import Path

import pytest
from django.urls import reverse

from logistics.models import Job, JobState, Unit
from logistics.roles import Role
from tests.conftest import DEMO
from tests.core.workers import Worker
from tests.e2e.conftest import committed_user, sign_in
from tests.factories import PASSWORD

pytestmark = [*DEMO, pytest.mark.e2e]


@pytest.fixture
def worker(django_db_blocker, settings, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media  # the worker writes the file where the live server reads it
    settings.JOBS_REPORT_ROWS_THRESHOLD = 0  # every report file counts as big
    with django_db_blocker.unblock():
        running = Worker(tmp_path / "worker.log", MEDIA_ROOT=str(media))
    yield running
    running.stop()


def test_a_big_report_goes_to_the_worker_with_a_progress_bar_and_waits_in_my_files(live_server, page, shot, worker):
    auditor = committed_user(Role.AUDITOR, Unit.objects.get(code="HP"))
    sign_in(page, live_server, auditor.username, PASSWORD)

    page.goto(f"{live_server.url}{reverse('annual_report')}?date_from=01/01/2024&date_to=31/12/2024&format=pdf")
    page.wait_for_selector("[data-testid=job]")
    job = Job.objects.get(started_by=auditor)
    assert page.url.endswith(reverse("job_detail", args=[job.pk]))
    download_button = page.locator("[data-job-download]")
    download_button.wait_for(state="visible", timeout=120_000)
    assert page.locator("[data-job-bar]").inner_text().strip() == "100 %"
    assert "text-bg-success" in page.get_attribute("[data-job-state]", "class")
    # The top bar still fits a 1366 px laptop with the files and the bell in it.
    assert not page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    page.wait_for_timeout(700)  # the bar's width eases to its end
    shot(page, "jobs-01-report-made-by-the-worker")
    assert Job.objects.get(pk=job.pk).state == JobState.DONE

    with page.expect_download() as download:
        download_button.click()
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"

    page.click("[data-testid=my-files-link]")
    page.wait_for_selector("[data-testid=my-files]")
    assert job.kind in page.inner_text("[data-testid=my-files]") or Job.objects.get(
        pk=job.pk
    ).file_name in page.inner_text("[data-testid=my-files]")
    shot(page, "jobs-02-my-files")
