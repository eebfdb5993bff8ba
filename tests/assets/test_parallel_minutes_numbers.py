"""Vouchers of one store posted at the same moment, on real parallel connections, of goods that
share no holding: each still gets its own handover-minutes number, one after the other."""

import pytest

from assets import services
from assets.choices import Origin, Tracking, VoucherKind
from assets.models import ItemType, Voucher
from assets.services import LineData
from tests.assets.test_parallel_issue import run_in_parallel
from tests.fixtures.assets import DAY

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 6


def test_parallel_postings_get_distinct_sequential_minutes_numbers(store, tree, catalogue):
    types = [
        ItemType.objects.create(
            category=catalogue["cabinet"].category,
            code=f"VT-{index}",
            name=f"Vật tư {index}",
            unit_of_measure="cái",
            tracking=Tracking.QUANTITY,
        )
        for index in range(WORKERS)
    ]
    services.voucher_create(
        actor=None,
        kind=VoucherKind.RECEIPT,
        date=DAY,
        to_unit=store,
        origin=Origin.TRANSFER_IN,
        lines=[LineData(item_type=item_type, quantity=5, unit_value=100_000) for item_type in types],
        post=True,
    )
    drafts = [
        services.voucher_create(
            actor=None,
            kind=VoucherKind.ISSUE,
            date=DAY,
            from_unit=store,
            to_unit=tree.commune_a1,
            lines=[LineData(item_type=item_type, quantity=1)],
        )
        for item_type in types
    ]

    def post(voucher):
        return lambda: services.voucher_post(actor=None, voucher=voucher)

    outcomes = run_in_parallel([post(voucher) for voucher in drafts])
    assert outcomes == ["ok"] * WORKERS, outcomes
    numbers = sorted(Voucher.objects.filter(kind=VoucherKind.ISSUE).values_list("minutes_sequence", flat=True))
    assert numbers == list(range(2, WORKERS + 2))  # the receipt took 01
