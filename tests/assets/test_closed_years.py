"""Once a unit's year is closed (khóa sổ, recorded by the budget), no equipment posting dated in it
goes through: vouchers (saved, posted, saved and posted, reversed into it), stocktakes and yearly
wear are refused with the message beside their date — through the services, a page and the API —
and a voucher concerns both its units. Corrections go into an open year."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse

from assets import services
from assets.choices import StocktakeStatus, VoucherKind, VoucherStatus
from assets.models import Holding, Item, Movement, Stocktake, Voucher, WearEntry
from assets.services import LineData
from budget import services as budget_services
from logistics import periods
from tests.conftest import api_for, logged_in
from tests.fixtures.assets import DAY

pytestmark = pytest.mark.django_db

CLOSED = DAY.year  # 2024: the store received its goods on 01/03/2024
IN_CLOSED_YEAR = datetime.date(CLOSED, 6, 1)
IN_OPEN_YEAR = datetime.date(CLOSED + 1, 2, 1)


def close(year, unit):
    return budget_services.year_close(actor=None, fiscal_year=budget_services.fiscal_year_for(year), unit=unit)


def held(unit, item_type) -> int:
    holding = Holding.objects.filter(unit=unit, item_type=item_type).first()
    return holding.quantity if holding else 0


def closed_message(unit) -> str:
    """The core's refusal for ``unit`` (in the active language: Vietnamese once translated)."""
    return periods.closed_message(unit, periods.closure_covering(unit, CLOSED))


def assert_closed_message(error, unit, field: str = "date"):
    assert error.value.message_dict[field] == [closed_message(unit)]


def test_an_issue_into_a_unit_whose_year_is_closed_is_refused(receive, issue, store, tree, catalogue):
    receive(cabinets=10)
    close(CLOSED, tree.district_a)  # closes the communes under it too
    with pytest.raises(ValidationError) as refused:
        issue(tree.commune_a1, cabinets=4, date=IN_CLOSED_YEAR)
    assert_closed_message(refused, tree.commune_a1)
    assert held(store, catalogue["cabinet"]) == 10 and held(tree.commune_a1, catalogue["cabinet"]) == 0
    assert not Voucher.objects.filter(kind=VoucherKind.ISSUE).exists()
    # The store's side is open, and so is the other district: the same issue there posts.
    issue(tree.commune_b1, cabinets=4, date=IN_CLOSED_YEAR)
    # Dated in the open year, the issue to the closed commune posts too.
    issue(tree.commune_a1, cabinets=1, date=IN_OPEN_YEAR)
    assert held(tree.commune_a1, catalogue["cabinet"]) == 1


def test_a_unit_leaving_goods_in_a_closed_year_is_refused_too(receive, issue, store, tree, catalogue):
    """A voucher concerns two units: the year is closed if it is closed for either."""
    receive(cabinets=10)
    issue(tree.commune_a1, cabinets=4)
    close(CLOSED, tree.district_a)
    with pytest.raises(ValidationError) as refused:
        services.voucher_create(
            actor=None,
            kind=VoucherKind.RETURN,
            date=IN_CLOSED_YEAR,
            from_unit=tree.commune_a1,
            to_unit=store,
            lines=[LineData(item_type=catalogue["cabinet"], quantity=2)],
            post=True,
        )
    assert_closed_message(refused, tree.commune_a1)


def test_a_draft_of_a_year_that_closed_since_cannot_be_posted(receive, issue, store, tree, catalogue):
    receive(cabinets=10)
    draft = issue(tree.commune_a1, cabinets=4, date=IN_CLOSED_YEAR, post=False)
    close(CLOSED, tree.province)
    for attempt in (
        lambda: services.voucher_post(actor=None, voucher=draft),
        lambda: services.voucher_update(actor=None, voucher=draft, post=True),  # save and post
        lambda: services.voucher_update(actor=None, voucher=draft, reason="Sửa"),  # a closed year takes nothing
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert_closed_message(refused, store)  # both sides are closed; the one goods leave is named
    draft.refresh_from_db()
    assert draft.status == VoucherStatus.DRAFT and not Movement.objects.filter(voucher=draft).exists()
    # Moved into the open year, it posts.
    services.voucher_update(actor=None, voucher=draft, date=IN_OPEN_YEAR, post=True)
    assert held(tree.commune_a1, catalogue["cabinet"]) == 4


def test_a_voucher_of_a_closed_year_is_reversed_in_an_open_one(receive, issue, store, tree, catalogue):
    receive(cabinets=10)
    voucher = issue(tree.commune_a1, cabinets=4, date=IN_CLOSED_YEAR)
    close(CLOSED, tree.district_a)
    with pytest.raises(ValidationError) as refused:
        services.voucher_reverse(actor=None, voucher=voucher, date=datetime.date(CLOSED, 12, 31), reason="Nhầm")
    assert_closed_message(refused, tree.commune_a1)
    assert held(tree.commune_a1, catalogue["cabinet"]) == 4
    reversal = services.voucher_reverse(actor=None, voucher=voucher, reason="Nhầm")  # dated today
    assert reversal.date.year > CLOSED and held(tree.commune_a1, catalogue["cabinet"]) == 0


def test_a_stocktake_in_a_closed_year_is_neither_opened_nor_posted(receive, store, tree, catalogue):
    receive(cabinets=10)
    count = services.stocktake_open(actor=None, unit=store, date=IN_CLOSED_YEAR)
    services.stocktake_count(actor=None, stocktake=count, counts={catalogue["cabinet"].pk: 9})
    close(CLOSED, tree.province)
    with pytest.raises(ValidationError) as refused:
        services.stocktake_post(actor=None, stocktake=count)
    assert_closed_message(refused, store)
    count.refresh_from_db()
    assert count.status == StocktakeStatus.OPEN and held(store, catalogue["cabinet"]) == 10
    Stocktake.objects.filter(pk=count.pk).delete()
    with pytest.raises(ValidationError) as refused:
        services.stocktake_open(actor=None, unit=store, date=IN_CLOSED_YEAR)
    assert_closed_message(refused, store)


def test_wear_of_a_closed_year_is_not_computed(receive, issue, tree, catalogue):
    receive(cars=[("34A-900.01", 1_000_000_000), ("34A-900.02", 1_000_000_000)])
    cars = list(Item.objects.order_by("plate_number"))
    issue(tree.commune_a1, items=[cars[0]])
    issue(tree.commune_b1, items=[cars[1]])
    close(CLOSED, tree.district_a)
    with pytest.raises(ValidationError) as refused:
        services.wear_compute(actor=None, year=CLOSED, unit=tree.district_a)
    assert_closed_message(refused, tree.district_a, field="year")
    with pytest.raises(ValidationError) as refused:  # the whole force: one of the holders is closed
        services.wear_compute(actor=None, year=CLOSED)
    assert_closed_message(refused, tree.commune_a1, field="year")
    assert not WearEntry.objects.exists()
    assert services.wear_compute(actor=None, year=CLOSED, unit=tree.district_b) == 1  # still open there


def test_a_posting_holds_the_years_lock_so_the_year_cannot_close_under_it(receive, issue, tree):
    receive(cabinets=10)
    with transaction.atomic():
        issue(tree.commune_a1, cabinets=1, date=IN_CLOSED_YEAR)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT mode FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objid = %s "
                "AND pid = pg_backend_pid() AND granted",
                [periods.YEAR_LOCK, CLOSED],
            )
            modes = {row[0] for row in cursor.fetchall()}
    assert modes == {"ShareLock"}  # the lock closing the year takes exclusively


def voucher_form(store, unit, catalogue, day: str) -> dict:
    return {
        "kind": "issue",
        "number": "",
        "date": day,
        "from_unit": store.pk,
        "to_unit": unit.pk,
        "reason": "Cấp phát",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-item_type": catalogue["cabinet"].pk,
        "lines-0-quantity": "3",
        "_post": "1",
    }


def test_the_page_and_the_api_show_the_refusal_beside_the_date(officer, receive, store, tree, catalogue):
    receive(cabinets=10)
    close(CLOSED, tree.district_a)
    page = logged_in(officer).post(
        reverse("assets:voucher_add"), voucher_form(store, tree.commune_a1, catalogue, "01/06/2024")
    )
    assert page.status_code == 400
    assert page.context["form"].errors["date"] == [closed_message(tree.commune_a1)]
    body = {
        "kind": "issue",
        "date": IN_CLOSED_YEAR.isoformat(),
        "from_unit": store.pk,
        "to_unit": tree.commune_a1.pk,
        "lines": [{"item_type": catalogue["cabinet"].pk, "quantity": 2}],
        "post": True,
    }
    api = api_for(officer).post("/api/assets/vouchers/", body, format="json")
    assert api.status_code == 400
    assert api.json()["errors"]["date"] == [closed_message(tree.commune_a1)]
    assert not Voucher.objects.filter(kind=VoucherKind.ISSUE).exists()
