import calendar
import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from logistics.models import User
from logistics.report_centre import all_reports

FORMATS = ("csv", "xlsx", "pdf")


class Command(BaseCommand):
    help = (
        "Produce every report of the report centre for one month (the last full month by default) as CSV, "
        "XLSX and PDF files, for cron. Files go to <output>/<YYYY-MM>/; each is written to the export log."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM (default: last month)")
        parser.add_argument("--user", default="admin", help="whose scope the reports are produced in (default: admin)")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "var" / "reports"))
        parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: csv,xlsx,pdf")

    def handle(self, *args, **options):
        month = self._month(options["month"])
        first = month.replace(day=1)
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {options['user']!r}.")
        formats = [fmt for fmt in options["formats"].split(",") if fmt in FORMATS]
        folder = Path(options["output"]) / f"{first:%Y-%m}"
        folder.mkdir(parents=True, exist_ok=True)
        factory = RequestFactory()
        written = 0
        with translation.override(settings.LANGUAGE_CODE):
            for entry in all_reports():
                if not entry.allows(user):
                    continue
                params = {"unit": user.unit_id or "", **entry.form.month_query(first, last)}
                path = reverse(entry.url_name)
                for fmt in formats:
                    request = factory.get(path, {**params, "format": fmt})
                    request.user = user
                    request.export_channel = "cron"
                    response = entry.page(request)
                    if response.status_code != 200:
                        self.stderr.write(f"{entry.url_name} ({fmt}): answered {response.status_code}")
                        continue
                    target = folder / f"{entry.url_name.replace(':', '-')}.{fmt}"
                    content = b"".join(response.streaming_content) if response.streaming else response.content
                    target.write_bytes(content)
                    written += 1
        self.stdout.write(self.style.SUCCESS(f"{written} files written to {folder}"))

    def _month(self, value: str | None) -> datetime.date:
        if value:
            try:
                return datetime.datetime.strptime(value, "%Y-%m").date()
            except ValueError as exc:
                raise CommandError("--month takes the form YYYY-MM, e.g. 2026-10.") from exc
        this_month = timezone.localdate().replace(day=1)
        return (this_month - datetime.timedelta(days=1)).replace(day=1)
