"""The demo records its history first and closes the past years after (``budget.demo.finish``):
every past year is closed for the whole force after the last of its postings in every area, and a
voucher dated in a closed year — the probe of issue 11 — is now refused through the API."""

import pytest
from django.db.models import Max

from assets.choices import Tracking, VoucherKind, VoucherStatus
from assets.models import ItemType, Voucher, WearEntry
from budget.choices import SpendingStatus
from budget.demo import CLOSED_THROUGH
from budget.models import Spending, YearClosure
from logistics.models import Unit, User
from tests.conftest import DEMO, api_for

pytestmark = [*DEMO, pytest.mark.django_db]


def test_each_past_year_closes_after_its_postings():
    closures = {closure.fiscal_year_id: closure for closure in YearClosure.objects.select_related("unit")}
    assert set(closures) == set(range(2015, CLOSED_THROUGH + 1))
    for year, closure in closures.items():
        assert closure.unit.parent_id is None  # the whole force
        last_voucher = Voucher.objects.filter(date__year=year, status=VoucherStatus.POSTED).aggregate(
            last=Max("posted_at")
        )["last"]
        last_spending = Spending.objects.filter(date__year=year, status=SpendingStatus.POSTED).aggregate(
            last=Max("posted_at")
        )["last"]
        assert last_voucher is not None and last_voucher < closure.closed_at, year
        assert last_spending is not None and last_spending < closure.closed_at, year
    assert WearEntry.objects.filter(year=CLOSED_THROUGH).exists()


def test_a_voucher_dated_in_a_closed_year_is_refused():
    # What the dissolved units held passed to their successors in the closed year, by the merger
    # vouchers their dissolution wrote; one more move from the successor that day is refused.
    merger = (
        Voucher.objects.filter(
            kind=VoucherKind.MERGER,
            date__year=CLOSED_THROUGH,
            status=VoucherStatus.POSTED,
            to_unit__valid_to__isnull=True,  # the successor that still exists
        )
        .order_by("-date", "-id")
        .first()
    )
    department = Unit.objects.filter(parent=merger.to_unit, valid_to__isnull=True).order_by("code").first()
    supplies = ItemType.objects.filter(tracking=Tracking.QUANTITY).order_by("pk").first()
    before = Voucher.objects.count()
    response = api_for(User.objects.get(username="officer")).post(
        "/api/assets/vouchers/",
        {
            "kind": VoucherKind.TRANSFER,
            "date": merger.date.isoformat(),
            "from_unit": merger.to_unit_id,
            "to_unit": department.pk,
            "lines": [{"item_type": supplies.pk, "quantity": 1}],
            "post": True,
        },
        format="json",
    )
    assert response.status_code == 400 and list(response.json()["errors"]) == ["date"]
    assert str(CLOSED_THROUGH) in response.json()["errors"]["date"][0]
    assert Voucher.objects.count() == before
