"""Monthly reports produced unattended (cron): the command starts a background job (run here in
this process; tests/core/test_jobs_worker.py runs it through a real worker), which saves every
report the user may open, in every format, as files, and writes each to the export log."""

import pytest
from django.core.management import CommandError, call_command

from logistics.jobs import execute
from logistics.models import ExportLog, Job, JobState
from logistics.report_centre import all_reports
from logistics.roles import Role

pytestmark = pytest.mark.django_db


def test_every_report_of_the_month_is_saved_in_each_format(make_user, tree, tmp_path):
    auditor = make_user(Role.AUDITOR, tree.province, username="kiemtra")
    call_command("produce_monthly_reports", month="2024-03", user="kiemtra", output=str(tmp_path), verbosity=0)
    assert not (tmp_path / "2024-03").exists()  # the command only queues the work
    job = Job.objects.get(started_by=auditor)
    execute(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.progress_done == job.progress_total
    folder = tmp_path / "2024-03"
    expected = [entry for entry in all_reports() if auditor.has_perm(entry.permission)]
    assert len(expected) >= 10
    for entry in expected:
        stem = entry.url_name.replace(":", "-")
        assert (folder / f"{stem}.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM for Excel
        assert (folder / f"{stem}.xlsx").read_bytes()[:2] == b"PK"
        assert (folder / f"{stem}.pdf").read_bytes()[:5] == b"%PDF-"
    logged = ExportLog.objects.filter(user=auditor, channel="cron")
    assert logged.count() == 3 * len(expected)


def test_reports_a_role_may_not_open_are_not_produced(make_user, tree, tmp_path):
    officer = make_user(Role.LOGISTICS_OFFICER, tree.province, username="canbo")
    call_command("produce_monthly_reports", month="2024-03", user="canbo", output=str(tmp_path), verbosity=0)
    execute(Job.objects.get(started_by=officer).pk)
    assert list((tmp_path / "2024-03").glob("budget-*"))
    assert not list((tmp_path / "2024-03").glob("medical-*"))  # clinic figures are not the officer's


@pytest.mark.parametrize(("options", "message"), [({"month": "03/2024"}, "YYYY-MM"), ({"user": "nobody"}, "nobody")])
def test_bad_arguments_are_refused_clearly(tree, tmp_path, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("produce_monthly_reports", output=str(tmp_path), **options)
    assert not Job.objects.exists()
