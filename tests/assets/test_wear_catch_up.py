"""A wear run for year N wears every fixed asset for N and makes up every earlier year it missed,
from its acquisition, in order — each year at the rate of the class version valid that year, the
last year taking what remains. A missed year whose books are closed for the holder is booked in
year N (nothing dated in a closed year posts): the register as at the end of the closed year stays
what those books said, today's register is complete. Runs are idempotent, also two at once."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assets import services
from assets.choices import VoucherKind
from assets.models import FixedAssetClass, WearEntry
from assets.services import LineData
from budget import services as budget_services
from logistics import periods
from logistics.roles import Role
from tests.assets.test_parallel_issue import run_in_parallel
from tests.conftest import api_for, logged_in

COST = 1_000_000_000  # worn 10 % a year: 100.000.000 ₫
ACQUIRED = datetime.date(2021, 3, 1)


def close(year, unit):
    return budget_services.year_close(actor=None, fiscal_year=budget_services.fiscal_year_for(year), unit=unit)


def entries(**filters) -> list[tuple]:
    return list(
        WearEntry.objects.filter(**filters)
        .order_by("item_id", "year")
        .values_list("year", "booked_year", "rate", "amount", "accumulated")
    )


@pytest.fixture
def car(receive, store, tree):
    """Received on 01/03/2021 and issued to district A the month after; never worn yet."""
    car = receive(cars=[("34A-777.77", COST)], date=ACQUIRED).lines.get().item
    services.voucher_create(
        actor=None,
        kind=VoucherKind.ISSUE,
        date=datetime.date(2021, 4, 1),
        from_unit=store,
        to_unit=tree.district_a,
        lines=[LineData(item_type=car.item_type, quantity=1, item=car)],
        post=True,
    )
    return car


def register(user, **parameters) -> tuple[int, int]:
    response = api_for(user).get("/api/assets/reports/register/", parameters)
    assert response.status_code == 200, response.content
    totals = response.json()["sections"][0]["totals"]
    return totals["cost"], totals["wear"]


@pytest.mark.django_db
def test_a_run_makes_up_every_missed_year_from_the_acquisition_in_order(car):
    assert services.wear_compute(actor=None, year=2024) == 4
    ten = Decimal("10.00")
    assert entries() == [
        (2021, 2021, ten, 100_000_000, 100_000_000),
        (2022, 2022, ten, 100_000_000, 200_000_000),
        (2023, 2023, ten, 100_000_000, 300_000_000),
        (2024, 2024, ten, 100_000_000, 400_000_000),
    ]
    # Run again, or for an earlier year: nothing more is written.
    assert services.wear_compute(actor=None, year=2024) == 0
    assert services.wear_compute(actor=None, year=2022) == 0
    assert WearEntry.objects.count() == 4


@pytest.mark.django_db
def test_a_gap_is_filled_and_the_last_year_takes_what_remains(car):
    FixedAssetClass.objects.filter(code="XE-OTO").update(wear_rate=Decimal("30.00"))
    services.wear_compute(actor=None, year=2021)
    assert services.wear_compute(actor=None, year=2025) == 3  # 2022, 2023, 2024 — nothing left for 2025
    assert [(year, amount, accumulated) for year, _b, _r, amount, accumulated in entries()] == [
        (2021, 300_000_000, 300_000_000),
        (2022, 300_000_000, 600_000_000),
        (2023, 300_000_000, 900_000_000),
        (2024, 100_000_000, 1_000_000_000),
    ]


@pytest.mark.django_db
def test_each_year_takes_the_rate_of_the_class_version_valid_that_year(car, admin_user):
    old = FixedAssetClass.objects.get(code="XE-OTO")
    services.fixed_asset_class_update(actor=admin_user, fixed_asset_class=old, valid_to=2022)
    services.fixed_asset_class_create(
        actor=admin_user,
        code="XE-OTO",
        name="Xe ô tô",
        wear_rate=Decimal("6.67"),
        useful_life_years=15,
        valid_from=2023,
        basis="Phiên bản thử",
    )
    services.wear_compute(actor=None, year=2024)
    assert [(year, rate, amount) for year, _b, rate, amount, _a in entries()] == [
        (2021, Decimal("10.00"), 100_000_000),
        (2022, Decimal("10.00"), 100_000_000),
        (2023, Decimal("6.67"), 66_700_000),
        (2024, Decimal("6.67"), 66_700_000),
    ]


@pytest.mark.django_db
def test_a_missed_closed_year_is_booked_in_the_open_year_and_the_old_register_stays(car, tree, admin_user):
    close(2021, tree.province)
    close(2022, tree.province)
    assert services.wear_compute(actor=None, year=2023) == 3
    assert [(year, booked) for year, booked, *_rest in entries()] == [(2021, 2023), (2022, 2023), (2023, 2023)]
    # The books of 2022 as they were closed: no wear; today's register: all three years.
    assert register(admin_user, as_of="2022-12-31", unit=tree.district_a.pk) == (COST, 0)
    assert register(admin_user, as_of="2023-12-31", unit=tree.district_a.pk) == (COST, 300_000_000)
    assert register(admin_user, unit=tree.district_a.pk) == (COST, 300_000_000)
    # The API and the page show both years.
    rows = api_for(admin_user).get("/api/assets/wear-entries/", {"booked_year": 2023}).json()["results"]
    assert sorted((row["year"], row["booked_year"]) for row in rows) == [(2021, 2023), (2022, 2023), (2023, 2023)]
    page = logged_in(admin_user).get(car.get_absolute_url())
    assert page.status_code == 200
    assert str(WearEntry._meta.get_field("booked_year").verbose_name).capitalize() in page.content.decode()


@pytest.mark.django_db
def test_a_run_for_a_closed_year_is_still_refused_and_writes_nothing(car, tree):
    close(2021, tree.province)
    with pytest.raises(ValidationError) as refused:
        services.wear_compute(actor=None, year=2021)
    assert refused.value.message_dict["year"] == [
        periods.closed_message(tree.district_a, periods.closure_covering(tree.district_a, 2021))
    ]
    assert not WearEntry.objects.exists()


@pytest.mark.django_db
def test_a_run_refuses_a_year_to_come_beside_the_year(car, admin_user):
    next_year = timezone.localdate().year + 1
    with pytest.raises(ValidationError) as refused:
        services.wear_compute(actor=None, year=next_year)
    assert refused.value.message_dict == {"year": ["Chỉ tính hao mòn cho năm đã đến."]}
    assert not WearEntry.objects.exists()


@pytest.mark.django_db
def test_a_run_reaches_only_the_assets_in_the_officers_scope(car, make_user, tree):
    officer_of_b = make_user(Role.LOGISTICS_OFFICER, tree.district_b)
    assert services.wear_compute(actor=officer_of_b, year=2024) == 0
    services.wear_compute(actor=None, year=2024)
    entry = WearEntry.objects.first()
    client = api_for(officer_of_b)
    assert client.get("/api/assets/wear-entries/").json()["count"] == 0
    assert client.get(f"/api/assets/wear-entries/{entry.pk}/").status_code == 404
    officer_of_a = make_user(Role.LOGISTICS_OFFICER, tree.district_a)
    assert api_for(officer_of_a).get("/api/assets/wear-entries/").json()["count"] == 4


@pytest.mark.django_db(transaction=True)
def test_two_runs_of_the_same_year_at_once_write_each_entry_once(car):
    outcomes = run_in_parallel([lambda: services.wear_compute(actor=None, year=2024)] * 2)
    assert outcomes == ["ok", "ok"], outcomes
    assert WearEntry.objects.count() == 4
    assert sum(WearEntry.objects.values_list("amount", flat=True)) == 400_000_000
