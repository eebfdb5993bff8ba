"""The demo shows every step of advances and of the year end: advances cleared (one partly
refunded), recent ones still open in the report, the older closed years' balances carried over or
cancelled and their settlements approved."""

import pytest
from django.utils import timezone

from budget.demo_data import CLOSED_THROUGH, SETTLED_THROUGH
from budget.models import Allocation, BalanceDisposition, Spending, YearSettlement
from logistics.models import User
from tests.conftest import DEMO, api_for

pytestmark = [*DEMO, pytest.mark.django_db]


def test_the_demo_clears_advances_and_leaves_the_recent_ones_open():
    assert Spending.objects.filter(kind="refund").count() == 1
    assert Spending.objects.filter(kind="clearing").count() >= 10
    open_advances = Spending.objects.filter(kind="advance", status="posted", open_amount__gt=0)
    assert 1 <= open_advances.count() <= 2
    assert {advance.date.year for advance in open_advances} == {timezone.localdate().year}
    report = api_for(User.objects.get(username="admin")).get("/api/budget/open-advances/").json()
    assert report["sections"][0]["totals"]["count"] == open_advances.count()


def test_the_demo_takes_the_older_years_through_the_year_end():
    settled = set(YearSettlement.objects.values_list("fiscal_year_id", flat=True))
    assert settled == set(range(2015, SETTLED_THROUGH + 1))
    assert not Allocation.objects.filter(fiscal_year_id__lte=SETTLED_THROUGH, available__gt=0).exists()
    carried = BalanceDisposition.objects.get(kind="carry_over")
    assert carried.allocation.fiscal_year_id == 2020 and carried.carried_to.fiscal_year_id == 2021
    assert BalanceDisposition.objects.filter(kind="cancel").count() >= 6


def test_every_row_of_the_execution_report_adds_up_once_balances_are_disposed_of():
    """Settled years carry their balances over or cancel them: each row of the execution report
    reads allocated this year + carried in + adjustments = total, and total − spent − carried over
    or cancelled = remaining, on paper; the 2020 balance carried over shows as carried into 2021."""
    report = api_for(User.objects.get(username="auditor")).get(
        "/api/budget/execution/", {"year_from": 2015, "year_to": CLOSED_THROUGH}
    )
    assert report.status_code == 200
    disposed = carried_in = 0
    for section in report.json()["sections"]:
        for row in [*section["rows"], section["totals"]]:
            if "disposed" not in row:
                continue
            assert row["allocated"] + row["carried_in"] + row["adjusted"] == row["total"], (section["title"], row)
            assert row["total"] - row["spent"] - row["disposed"] == row["available"], (section["title"], row)
            disposed = max(disposed, row["disposed"])
            carried_in = max(carried_in, row["carried_in"])
    assert disposed > 0
    carried = BalanceDisposition.objects.get(kind="carry_over")
    assert carried_in == carried.amount
