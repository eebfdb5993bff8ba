from django.core.management.base import BaseCommand, CommandError

from budget.selectors import total_differences
from logistics.formatting import vnd


class Command(BaseCommand):
    help = (
        "Compare each allocation's running totals (adjustments, spent) with the sums of its adjustments "
        "and posted spending entries, and report every difference. Exits with an error if any."
    )

    def handle(self, *args, **options):
        differences = total_differences()
        for row in differences:
            self.stdout.write(
                f"allocation #{row['allocation']}: adjustments {vnd(row['adjustments_total'])} recorded, "
                f"{vnd(row['adjustments_sum'])} in the entries; spent {vnd(row['spent_total'])} recorded, "
                f"{vnd(row['spent_sum'])} in the entries"
            )
        if differences:
            raise CommandError(f"{len(differences)} allocation(s) whose totals differ from their entries.")
        self.stdout.write(self.style.SUCCESS("Every allocation's totals equal the sums of its entries."))
