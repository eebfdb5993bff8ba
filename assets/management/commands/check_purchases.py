from django.core.management.base import BaseCommand, CommandError

from assets.selectors import unpaid_purchases
from logistics.formatting import day_text


class Command(BaseCommand):
    help = (
        "List the posted purchases (receipts into store whose origin is a purchase) that cite no budget "
        "spending entry. Exits with an error if any."
    )

    def handle(self, *args, **options):
        vouchers = list(unpaid_purchases().order_by("date", "number"))
        for voucher in vouchers:
            supplier = f", {voucher.supplier}" if voucher.supplier_id else ""
            self.stdout.write(f"{voucher.number} of {day_text(voucher.date)} into {voucher.to_unit}{supplier}")
        if vouchers:
            raise CommandError(f"{len(vouchers)} posted purchase(s) cite no spending entry.")
        self.stdout.write(self.style.SUCCESS("Every posted purchase cites the spending entry that paid for it."))
