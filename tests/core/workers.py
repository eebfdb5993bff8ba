"""Real Procrastinate workers for the tests: ``manage.py procrastinate worker`` subprocesses on the
test database (its committed data: the tests that use them are ``transaction=True``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)


def database_url() -> str:
    """The test database pytest-django made, as a DATABASE_URL (a unix socket folder percent-encoded)."""
    params = connection.settings_dict
    user = quote(params["USER"] or "", safe="")
    password = f":{quote(params['PASSWORD'], safe='')}" if params["PASSWORD"] else ""
    host = quote(params["HOST"] or "", safe="")
    port = f":{params['PORT']}" if params["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{params['NAME']}"


class Worker:
    def __init__(self, log: Path, **environment: str):
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "DATABASE_OWNER_URL": "",
            "DJANGO_SETTINGS_MODULE": "logistics.settings",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "JOBS_TASK_MODULES": "tests.core.job_kinds",
            "JOBS_HEARTBEAT_SECONDS": "0.5",
            "JOBS_STALLED_SECONDS": "2",
            "JOBS_PROGRESS_SECONDS": "0",
            "JOBS_SHUTDOWN_SECONDS": "0",
            "JOBS_RECOVERY_CRON": "* * * * * *",  # every second (the sixth field)
            **environment,
        }
        self.log = log
        self._log_file = open(log, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "procrastinate",
                "worker",
                "--concurrency",
                "1",
                "--fetch-job-polling-interval",
                "0.5",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        """As a machine that dies: SIGKILL, nothing finished."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self._log_file.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log_file.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def wait_for(condition, *, timeout: float = 60, what: str = "the condition", worker: Worker | None = None):
    """Poll ``condition`` until it returns something true; its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    log = worker.output()[-3000:] if worker is not None else ""
    raise AssertionError(f"Timed out waiting for {what}.\n{log}")
