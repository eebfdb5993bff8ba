"""Many officers posting against the last of an allocation at the same moment, on real parallel
database connections: exactly the posts that fit succeed, and nothing else lands."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from budget import services
from budget.models import Allocation, Spending
from tests.fixtures.budget import PAST_YEAR

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 12


def run_in_parallel(jobs):
    """Run each job on its own thread and connection, all released at the same instant."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def worker(index, job):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            job()
            outcomes[index] = "ok"
        except ValidationError:
            outcomes[index] = "refused"
        except Exception as exc:
            outcomes[index] = repr(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_parallel_posts_never_exceed_the_allocation(make_allocation, spend):
    allocation = make_allocation(10_000_000)
    drafts = [spend(allocation, 3_000_000, post=False, voucher=f"C-{i}") for i in range(WORKERS)]
    connection.close()
    outcomes = run_in_parallel([lambda d=d: services.spending_post(actor=None, spending=d) for d in drafts])
    assert sorted(outcomes) == ["ok"] * 3 + ["refused"] * (WORKERS - 3)
    allocation.refresh_from_db()
    assert allocation.spent_total == 9_000_000 and allocation.available == 1_000_000
    assert Spending.objects.filter(status="posted").count() == 3


def test_parallel_save_and_post_creates_only_what_fits(make_allocation):
    allocation = make_allocation(10_000_000)
    connection.close()

    def job(index):
        return lambda: services.spending_create(
            actor=None,
            allocation=allocation,
            kind="payment",
            date=datetime.date(PAST_YEAR, 4, 1),
            amount=4_000_000,
            voucher_number=f"S-{index}",
            description="Thanh toán",
            post=True,
        )

    outcomes = run_in_parallel([job(i) for i in range(WORKERS)])
    assert outcomes.count("ok") == 2
    assert Spending.objects.count() == 2  # refused ones left no draft behind
    assert Allocation.objects.get(pk=allocation.pk).spent_total == 8_000_000


def test_parallel_reductions_and_posts_keep_available_non_negative(make_allocation, spend):
    allocation = make_allocation(10_000_000)
    drafts = [spend(allocation, 2_000_000, post=False, voucher=f"C-{i}") for i in range(6)]
    connection.close()
    jobs = [lambda d=d: services.spending_post(actor=None, spending=d) for d in drafts]
    jobs += [
        lambda i=i: services.adjustment_create(
            actor=None,
            allocation=allocation,
            amount=-3_000_000,
            decision_number=f"DC-{i}",
            decision_date=datetime.date(PAST_YEAR, 6, 1),
            reason="Giảm",
        )
        for i in range(4)
    ]
    outcomes = run_in_parallel(jobs)
    assert set(outcomes) <= {"ok", "refused"}
    allocation.refresh_from_db()
    assert allocation.available >= 0
    assert allocation.amount + allocation.adjustments_total - allocation.spent_total == allocation.available


def test_closing_and_posting_at_the_same_moment_agree_on_the_balance(make_allocation, spend, tree):
    allocation = make_allocation(10_000_000)
    spend(allocation, 1_000_000)
    connection.close()
    for attempt in range(3):
        outcomes = run_in_parallel(
            [
                lambda attempt=attempt: services.spending_create(
                    actor=None,
                    allocation=allocation,
                    kind="payment",
                    date=datetime.date(PAST_YEAR, 9, 1),
                    amount=1_000_000,
                    voucher_number=f"RACE-{attempt}",
                    description="Đua khóa sổ",
                    post=True,
                ),
                lambda: services.year_close(actor=None, fiscal_year=allocation.fiscal_year, unit=tree.province),
            ]
        )
        assert outcomes[0] in ("ok", "refused") and outcomes[1] in ("ok", "refused"), outcomes
        if outcomes[1] == "ok":
            break
    closure = allocation.fiscal_year.closures.get()
    allocation.refresh_from_db()
    # Whatever was posted landed before the closure and is in its balance; nothing came after it.
    assert closure.unspent_total == allocation.available
    assert not Spending.objects.filter(status="draft").exists()
