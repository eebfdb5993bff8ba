from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from logistics.models import User
from logistics.tasks import default_output, last_month, month_bounds, monthly_reports_start

FORMATS = ("csv", "xlsx", "pdf")


class Command(BaseCommand):
    help = (
        "Start the background job that produces every report of the report centre for one month (the last "
        "full month by default) as CSV, XLSX and PDF files, for cron. A worker writes them to "
        "<output>/<YYYY-MM>/ and as one ZIP in the user's files; each is written to the export log."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM (default: last month)")
        parser.add_argument("--user", default="admin", help="whose scope the reports are produced in (default: admin)")
        parser.add_argument("--output", default=str(default_output()))
        parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: csv,xlsx,pdf")

    def handle(self, *args, **options):
        month = options["month"] or last_month()
        try:
            month_bounds(month)
        except ValidationError as exc:
            raise CommandError("--month takes the form YYYY-MM, e.g. 2026-10.") from exc
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {options['user']!r}.")
        formats = [fmt for fmt in options["formats"].split(",") if fmt in FORMATS]
        job = monthly_reports_start(
            user=user, month=month, formats=formats, output=str(Path(options["output"]).resolve())
        )
        self.stdout.write(self.style.SUCCESS(f"Job {job.pk} queued: the reports of {month} for {user.username}."))
