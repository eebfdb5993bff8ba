"""Measures search on a large table, with the word index and with the word rule alone.

The officers are inserted inside a transaction that is rolled back, so any database can be used:
    python manage.py benchmark_search --rows 200000
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from logistics.models import Personnel, Rank, Unit
from logistics.search import filter_by_search, search_terms, word_prefix_pattern

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Quang", "Thanh", "Ngọc", "Xuân", "Công"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Khánh", "Lâm", "Long", "Mai", "Nam", "Phong"]
GIVEN += ["Quân", "Sơn", "Thắng", "Trung", "Tuấn", "Việt", "Yến", "Hạnh", "Thảo", "Đạt", "Hiếu", "Lợi", "Tâm"]
POSITIONS = ["Cán bộ", "Đội trưởng", "Phó đội trưởng", "Trưởng Công an xã", "Kế toán", "Lái xe", "Thủ kho"]
QUERIES = ["nguyen van hung", "tran thi ha", "dang", "thu kho", "123-4"]


def rule_only(queryset, query):
    for term in search_terms(query):
        queryset = queryset.filter(search_text__regex=word_prefix_pattern(term))
    return queryset


def measure(make_queryset, repeat):
    """Median milliseconds of what a list page asks: the count and the first page."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        queryset = make_queryset()
        queryset.count()
        list(queryset.order_by("full_name", "id")[:25])
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


class Command(BaseCommand):
    help = "Times search of officers on a large table: word index vs the word rule alone (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=200_000)
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, rows, repeat, **options):
        chooser = random.Random(2025)
        with transaction.atomic():
            unit = Unit.objects.order_by("path").first() or Unit.add_root(code="BENCH", name="Đơn vị đo")
            start = Personnel.objects.count()
            batch = []
            for index in range(rows):
                number = 100_000 + start + index
                batch.append(
                    Personnel(
                        full_name=f"{chooser.choice(FAMILY)} {chooser.choice(MIDDLE)} {chooser.choice(GIVEN)}",
                        service_number=f"{number // 1000:03d}-{number % 1000:03d}",
                        rank=Rank.choices[0][0],
                        position=chooser.choice(POSITIONS),
                        unit=unit,
                    )
                )
                if len(batch) == 5000:
                    Personnel.objects.bulk_create(batch)
                    batch = []
            Personnel.objects.bulk_create(batch)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE logistics_personnel")
            total = Personnel.objects.count()
            self.stdout.write(f"{total} officers; median of {repeat} runs (count + first page of 25):")
            self.stdout.write(f"{'query':<18}{'found':>8}{'rule alone':>13}{'with index':>13}{'ratio':>8}")
            for query in QUERIES:
                found = filter_by_search(Personnel.objects.all(), query).count()
                slow = measure(lambda q=query: rule_only(Personnel.objects.all(), q), repeat)
                fast = measure(lambda q=query: filter_by_search(Personnel.objects.all(), q), repeat)
                self.stdout.write(f"{query:<18}{found:>8}{slow:>10.1f} ms{fast:>10.1f} ms{slow / fast:>7.1f}×")
            transaction.set_rollback(True)
