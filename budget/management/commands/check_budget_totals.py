from django.core.management.base import BaseCommand, CommandError

from budget.selectors import settlement_differences, total_differences
from logistics.formatting import vnd


class Command(BaseCommand):
    help = (
        "Compare each allocation's running totals (adjustments, spent) with the sums of its adjustments "
        "and posted spending entries, each advance's cleared total with its clearings and refunds, and each "
        "allocation's disposed total with its dispositions; report every difference. Exits with an error if any."
    )

    def handle(self, *args, **options):
        differences = total_differences()
        for row in differences:
            self.stdout.write(
                f"allocation #{row['allocation']}: adjustments {vnd(row['adjustments_total'])} recorded, "
                f"{vnd(row['adjustments_sum'])} in the entries; spent {vnd(row['spent_total'])} recorded, "
                f"{vnd(row['spent_sum'])} in the entries"
            )
        others = settlement_differences()
        for row in others:
            record = f"advance #{row['spending']}" if "spending" in row else f"allocation #{row['allocation']}"
            self.stdout.write(f"{record}: {vnd(row['recorded'])} recorded, {vnd(row['sum'])} in the entries")
        differences = differences + others
        if differences:
            raise CommandError(f"{len(differences)} allocation(s) whose totals differ from their entries.")
        self.stdout.write(self.style.SUCCESS("Every allocation's totals equal the sums of its entries."))
