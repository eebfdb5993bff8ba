"""Officers issuing from one store at the same moment, on real parallel database connections: never
more is issued than the store holds, no holding goes negative, the holdings stay equal to the
ledger, and every refusal is the service's own."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from assets import services
from assets.choices import VoucherKind, VoucherStatus
from assets.models import Holding, Voucher
from assets.selectors import holding_differences
from assets.services import LineData
from assets.services.vouchers import _shortage
from tests.fixtures.assets import DAY

pytestmark = pytest.mark.django_db(transaction=True)

HELD = 10
EACH = 3
WORKERS = 8  # 8 × 3 = 24 asked for, 10 held: 3 issues fit


def run_in_parallel(jobs) -> list:
    """Run each job on its own thread and connection, all released at once; each outcome is
    "ok", the refusal's messages, or the unexpected exception."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def worker(index, job):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            job()
            outcomes[index] = "ok"
        except ValidationError as refusal:
            outcomes[index] = refusal.messages
        except Exception as exc:
            outcomes[index] = exc
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def assert_nothing_more_issued_than_held(store, catalogue, outcomes):
    issued = outcomes.count("ok")
    assert issued == HELD // EACH, outcomes
    refusals = [outcome for outcome in outcomes if outcome != "ok"]
    assert all(isinstance(refusal, list) and len(refusal) == 1 for refusal in refusals), refusals
    held = Holding.objects.get(unit=store, item_type=catalogue["cabinet"])
    assert held.quantity == HELD - issued * EACH >= 0
    assert not Holding.objects.filter(quantity__lt=0).exists()
    assert holding_differences() == []
    posted = Voucher.objects.filter(kind=VoucherKind.ISSUE, status=VoucherStatus.POSTED)
    assert posted.count() == issued
    return refusals


def test_parallel_posts_of_issue_vouchers_never_issue_more_than_the_store_holds(receive, issue, store, catalogue, tree):
    receive(cabinets=HELD)
    drafts = [issue(tree.commune_a1, cabinets=EACH, post=False) for _ in range(WORKERS)]
    connection.close()
    outcomes = run_in_parallel([lambda d=d: services.voucher_post(actor=None, voucher=d) for d in drafts])
    refusals = assert_nothing_more_issued_than_held(store, catalogue, outcomes)
    # Each refused voucher met the store as the others left it: the shortage, said by the service.
    held_left = HELD - (HELD // EACH) * EACH
    expected = _shortage(store, catalogue["cabinet"], held_left, EACH)
    assert refusals == [[expected]] * (WORKERS - HELD // EACH)
    assert Voucher.objects.filter(kind=VoucherKind.ISSUE, status=VoucherStatus.DRAFT).count() == len(refusals)


def test_parallel_save_and_post_of_issue_vouchers_creates_only_what_the_store_holds(receive, store, catalogue, tree):
    receive(cabinets=HELD)
    connection.close()

    def job():
        return services.voucher_create(
            actor=None,
            kind=VoucherKind.ISSUE,
            date=DAY,
            from_unit=store,
            to_unit=tree.commune_a1,
            lines=[LineData(item_type=catalogue["cabinet"], quantity=EACH)],
            post=True,
        )

    outcomes = run_in_parallel([job] * WORKERS)
    refusals = assert_nothing_more_issued_than_held(store, catalogue, outcomes)
    held_left = HELD - (HELD // EACH) * EACH
    expected = _shortage(store, catalogue["cabinet"], held_left, EACH)
    assert refusals == [[expected]] * (WORKERS - HELD // EACH)
    # A refused save-and-post saves nothing.
    assert Voucher.objects.filter(kind=VoucherKind.ISSUE).count() == HELD // EACH
