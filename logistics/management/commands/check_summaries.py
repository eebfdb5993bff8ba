from django.core.management.base import BaseCommand, CommandError

from logistics.registry import registry
from logistics.summaries import differences, rebuild

#: Differences printed per summary; the count says how many there are in all.
SHOWN = 20


class Command(BaseCommand):
    help = (
        "Compare every summary table (the running totals per unit and month that dashboards and reports "
        "read) with the sums of its records and report every difference; exits with an error if any. "
        "With --rebuild, write the summaries again from the records first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Rebuild every summary from its records.")
        parser.add_argument("--only", help="Check (or rebuild) only the summary with this label (app.Model).")

    def handle(self, *args, **options):
        summaries = [s for s in registry.summaries() if options["only"] in (None, s.name)]
        if options["only"] and not summaries:
            raise CommandError(f"No summary is called {options['only']}.")
        total = 0
        for summary in summaries:
            if options["rebuild"]:
                written = rebuild(summary)
                self.stdout.write(f"{summary.name}: rebuilt, {written} rows.")
            found = differences(summary)
            total += len(found)
            for row in found[:SHOWN]:
                self.stdout.write(
                    f"{summary.name} {row['key']}: {row['summary']} kept, {row['records']} in the records"
                )
            if len(found) > SHOWN:
                self.stdout.write(f"{summary.name}: … and {len(found) - SHOWN} more.")
        if total:
            raise CommandError(f"{total} summary row(s) differ from their records.")
        self.stdout.write(self.style.SUCCESS("Every summary equals the sums of its records."))
