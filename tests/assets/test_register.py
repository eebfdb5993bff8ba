"""The fixed-asset register as at any day: where the ledger put each asset that day, and the wear
recorded up to then (a year's wear counts from its 31/12)."""

import datetime

import pytest

from assets import services
from assets.choices import VoucherKind
from assets.services import LineData
from logistics.roles import Role
from tests.conftest import api_for, logged_in

pytestmark = pytest.mark.django_db

COST = 1_000_000_000  # worn 10 % a year: 100.000.000 ₫


def move(kind, car, date, **sides):
    services.voucher_create(
        actor=None,
        kind=kind,
        date=date,
        lines=[LineData(item_type=car.item_type, quantity=1, item=car)],
        post=True,
        **sides,
    )


@pytest.fixture
def car_history(receive, store, tree):
    """Received and issued to district A in 2021, transferred to district B on 01/06/2023, returned
    and disposed of in 2024; worn for 2021, 2022 and 2023."""
    car = receive(cars=[("34A-555.55", COST)], date=datetime.date(2021, 3, 1)).lines.get().item
    move(VoucherKind.ISSUE, car, datetime.date(2021, 4, 1), from_unit=store, to_unit=tree.district_a)
    for year in (2021, 2022):
        services.wear_compute(actor=None, year=year)
    move(VoucherKind.TRANSFER, car, datetime.date(2023, 6, 1), from_unit=tree.district_a, to_unit=tree.district_b)
    services.wear_compute(actor=None, year=2023)
    move(VoucherKind.RETURN, car, datetime.date(2024, 2, 1), from_unit=tree.district_b, to_unit=store)
    move(VoucherKind.DISPOSAL, car, datetime.date(2024, 3, 1), from_unit=store)
    return car


def register(user, **parameters) -> dict:
    response = api_for(user).get("/api/assets/reports/register/", parameters)
    assert response.status_code == 200, response.content
    section = response.json()["sections"][0]
    return {row["label"]: (row["count"], row["cost"], row["wear"], row["remaining"]) for row in section["rows"]}


def test_the_register_as_at_a_year_end_puts_each_asset_where_the_ledger_had_it(car_history, admin_user, tree):
    worn = {"Xe ô tô": (1, COST, 200_000_000, 800_000_000)}
    assert register(admin_user, as_of="2022-12-31", unit=tree.district_a.pk) == worn
    assert register(admin_user, as_of="2022-12-31", unit=tree.district_b.pk) == {}
    # Year 2023's wear counts from 31/12/2023, not before.
    assert register(admin_user, as_of="2023-06-30", unit=tree.district_b.pk) == worn
    assert register(admin_user, as_of="2023-12-31", unit=tree.district_b.pk) == {
        "Xe ô tô": (1, COST, 300_000_000, 700_000_000)
    }
    assert register(admin_user, as_of="2023-12-31", unit=tree.district_a.pk) == {}
    # Disposed of in 2024: no longer in the register, nor in today's.
    assert register(admin_user, as_of="2024-12-31") == {}
    assert register(admin_user) == {}


def test_each_reader_sees_the_register_of_their_own_units_as_they_were(car_history, make_user, tree):
    officer_of_a = make_user(Role.LOGISTICS_OFFICER, tree.district_a)
    officer_of_b = make_user(Role.LOGISTICS_OFFICER, tree.district_b)
    assert register(officer_of_a, as_of="2022-12-31") == {"Xe ô tô": (1, COST, 200_000_000, 800_000_000)}
    assert register(officer_of_b, as_of="2022-12-31") == {}
    assert register(officer_of_b, as_of="2023-12-31") == {"Xe ô tô": (1, COST, 300_000_000, 700_000_000)}
    assert register(officer_of_a, as_of="2023-12-31") == {}


def test_the_page_says_the_day_and_refuses_a_day_that_is_not_one(car_history, admin_user):
    page = logged_in(admin_user).get("/assets/reports/register/", {"as_of": "31/12/2022"})
    assert page.status_code == 200
    assert "Tính đến 31/12/2022" in page.content.decode()
    assert page.context["report"].sections[0].totals["count"] == 1
    refused = api_for(admin_user).get("/api/assets/reports/register/", {"as_of": "31-02-2022"})
    assert refused.status_code == 400 and "as_of" in refused.json()["errors"]
