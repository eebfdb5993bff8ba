"""Multiply the loaded records to a province's scale, by bulk SQL (``logistics.scale``)::

    python manage.py load_demo_data
    python manage.py generate_scale_data --factor 100

What each app multiplies, and by how much, it declares itself (``register_scale``); ``--factor 100``
makes the province of issue 14 (about 60.000 items, 2.000.000 ledger movements, 1.000.000
spending entries, 500.000 clinic encounters, 30.000 officers). One transaction: all or nothing.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from logistics.history import actor_context
from logistics.registry import registry
from logistics.scale import plan_for


class Command(BaseCommand):
    help = (
        "Multiply the loaded records (the demo) to a province's scale with bulk SQL, every constraint, "
        "trigger and running total kept; --factor 100 makes about 2.000.000 ledger movements."
    )

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, required=True, help="1 changes nothing; 100: issue 14's province.")
        parser.add_argument("--no-analyze", action="store_true", help="Skip ANALYZE of the tables afterwards.")

    def handle(self, *args, factor, no_analyze, **options):
        if factor < 1:
            raise CommandError("The factor is a whole number of at least 1.")
        if factor == 1:
            # The demo is the 1× of issue 14's table, whatever its volumes.
            self.stdout.write("Factor 1: the records stay as they are.")
            return
        generators = registry.scale_generators()
        started = time.perf_counter()
        with actor_context(None, command="generate_scale_data", factor=factor), transaction.atomic():
            log = self.stdout.write if options["verbosity"] else lambda _line: None
            plan = plan_for(factor, generators, log=log)
            for generator in generators:
                log(f"{generator.app_label}:")
                generator.generate(plan)
        if not no_analyze:
            with connection.cursor() as cursor:
                for generator in generators:
                    for model in generator.models:
                        cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
                if connection.get_autocommit():
                    # Every copied posting rewrote its summary rows: their dead versions go now, not
                    # whenever autovacuum comes round (VACUUM cannot run inside a transaction).
                    for summary in registry.summaries():
                        cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(summary.model._meta.db_table)}")
        inserted = sum(rows for _what, rows, _seconds in plan.steps)
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Factor {factor}: {inserted:,} rows written in {seconds:.0f} s.".replace(",", "."))
        )
