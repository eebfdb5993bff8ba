"""Kinds of job for the tests of the worker (logistics/jobs.py), imported by the test process and,
through ``JOBS_TASK_MODULES``, by the worker subprocesses the tests start."""

import time

from django.core.exceptions import ValidationError

from logistics.jobs import JobFile, job_kind
from logistics.models import Supplier

STEPS = "test_steps"


@job_kind(STEPS, "Test steps")
def steps(job, progress):
    """One supplier per step (their tax codes are unique: a second run that kept the first's rows
    would fail), ``delay`` seconds each, then a file of ``steps`` lines; ``fail`` refuses at the end."""
    count = job.parameters["steps"]
    progress.start(count)
    lines = []
    for index in range(count):
        Supplier.objects.create(name=f"Job {job.pk} step {index}", tax_code=f"{9_000_000_000 + job.pk * 100 + index}")
        lines.append(f"step {index}\n")
        time.sleep(job.parameters.get("delay", 0))
        progress.advance()
    if job.parameters.get("fail"):
        raise ValidationError("Số liệu tháng này chưa khóa sổ, chưa lập được báo cáo.")
    return JobFile("steps.txt", "".join(lines).encode())
