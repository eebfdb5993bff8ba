from django.core.management.base import BaseCommand, CommandError

from assets.selectors import holding_differences


class Command(BaseCommand):
    help = (
        "Rebuild every holding (and every serialized item's holder) from the ledger and compare with the "
        "balance table; report each difference. Exits with an error if any."
    )

    def handle(self, *args, **options):
        differences = holding_differences()
        for row in differences:
            if "item" in row:
                self.stdout.write(
                    f"item #{row['item']}: the ledger puts it at unit #{row['ledger_holder']}, the register at #{row['recorded_holder']}"
                )
            else:
                self.stdout.write(
                    f"unit #{row['unit']}, item type #{row['item_type']}: ledger {row['ledger']}, holding {row['holding']} (quantity, value)"
                )
        if differences:
            raise CommandError(f"{len(differences)} difference(s) between the holdings and the ledger.")
        self.stdout.write(self.style.SUCCESS("Every holding equals the sum of its ledger movements."))
