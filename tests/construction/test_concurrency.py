"""Officers paying on the same work at the same moment, on real parallel database connections:
exactly the payments that fit succeed — within the contract, the work and the allocation."""

import pytest
from django.db import connection

from budget.models import Allocation, Spending
from construction import selectors, services
from construction.models import Payment
from tests.budget.test_concurrency import run_in_parallel
from tests.construction.conftest import PAID_ON, SETTLED

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 12


def _pay(project, contract, allocation, amount, index, day=PAID_ON):
    return lambda: services.payment_create(
        actor=None,
        project=project,
        contract=contract,
        allocation=allocation,
        date=day,
        amount=amount,
        voucher_number=f"SS-{index:02d}",
    )


def test_parallel_payments_never_exceed_the_contract_value(works):
    project = works.started(contract_value=1_000_000_000)
    contract = project.contracts.get()
    connection.close()
    outcomes = run_in_parallel([_pay(project, contract, works.allocation, 300_000_000, i) for i in range(WORKERS)])
    assert sorted(outcomes) == ["ok"] * 3 + ["refused"] * (WORKERS - 3), outcomes
    assert selectors.paid_on(contract=contract) == 900_000_000
    assert Payment.objects.count() == Spending.objects.count() == 3  # refused ones left no entry behind


def test_parallel_payments_never_exceed_the_settlement_value(works):
    project = works.settled(value=1_000_000_000)  # contract of 1,5 tỷ: the work's limit binds first
    contract = project.contracts.get()
    connection.close()
    outcomes = run_in_parallel(
        [_pay(project, contract, works.allocation, 400_000_000, i, day=SETTLED) for i in range(WORKERS)]
    )
    assert outcomes.count("ok") == 2 and set(outcomes) == {"ok", "refused"}, outcomes
    assert selectors.paid_on(project=project) == 800_000_000


def test_two_works_paying_from_one_allocation_never_exceed_it(works, make_works_allocation, tree):
    small = make_works_allocation(1_000_000_000, unit=tree.province, number="QĐ-CHUNG")
    first, second = works.started(), works.started()
    for project in (first, second):
        works.fund(project, small)
    connection.close()
    jobs = []
    for index in range(WORKERS):
        project = (first, second)[index % 2]
        jobs.append(_pay(project, project.contracts.get(), small, 300_000_000, index))
    outcomes = run_in_parallel(jobs)
    assert outcomes.count("ok") == 3 and set(outcomes) == {"ok", "refused"}, outcomes
    small.refresh_from_db()
    assert small.spent_total == 900_000_000 and small.available == 100_000_000
    assert sum(selectors.paid_on(project=p) for p in (first, second)) == 900_000_000
    assert Allocation.objects.get(pk=works.allocation.pk).spent_total == 0
