"""A renovation or upgrade (cải tạo, nâng cấp) of a building in the register adds its settled value to
the building's cost (nguyên giá, Circular 23/2023/TT-BTC), by a dated cost adjustment voucher beside
the original receipt, reversible until the wear of its year is computed; wear from the year of the
increase spreads the value left over the useful life still to run."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from assets import services as asset_services
from assets.choices import VoucherKind, VoucherStatus
from assets.models import ItemType, Voucher, WearEntry
from construction import services
from construction.choices import WorkKind
from construction.models import Project
from logistics.roles import Role
from tests.conftest import api_for, logged_in
from tests.construction.conftest import SETTLED, YEAR

pytestmark = pytest.mark.django_db

COST = 2_000_000_000
ACQUIRED = datetime.date(YEAR - 4, 6, 1)  # worn 4 % a year (25 years) for four years before the renovation


@pytest.fixture
def building(building_type, tree):
    return asset_services.fixed_asset_register(
        actor=None,
        item_type=building_type,
        name="Nhà làm việc 2 tầng Công an huyện",
        unit=tree.district_a,
        cost=COST,
        acquired_on=ACQUIRED,
        identifier="NLV-01",
    )


def renovate(works, building, value=500_000_000, **fields):
    return works.settled(kind=WorkKind.RENOVATION, renovated_item=building, value=value, **fields)


def test_the_settled_renovation_raises_the_buildings_cost_by_a_dated_adjustment(works, building):
    asset_services.wear_compute(actor=None, year=YEAR - 1)  # four years at the old cost
    assert WearEntry.objects.filter(item=building).count() == 4
    project = renovate(works, building)
    adjustment = project.cost_adjustment
    assert (adjustment.kind, adjustment.status, adjustment.date) == (
        VoucherKind.REVALUATION,
        VoucherStatus.POSTED,
        SETTLED,
    )
    assert adjustment.to_unit == building.holder_unit
    building.refresh_from_db()
    assert building.cost == COST + 500_000_000
    # The original receipt is untouched: the increase is a record of its own.
    receipt = Voucher.objects.get(kind=VoucherKind.RECEIPT, lines__item=building)
    assert receipt.lines.get().unit_value == COST
    # Wear of the year of the increase and after: value left ÷ years of life left.
    asset_services.wear_compute(actor=None, year=YEAR)
    before = 4 * 80_000_000
    expected = int((Decimal(COST + 500_000_000 - before) / (25 - 4)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    entry = WearEntry.objects.get(item=building, year=YEAR)
    assert entry.amount == expected and entry.accumulated == before + expected
    assert entry.rate == (Decimal(expected) * 100 / (COST + 500_000_000)).quantize(Decimal("0.01"))
    assert (
        list(WearEntry.objects.filter(item=building, year__lt=YEAR).values_list("amount", flat=True))
        == [80_000_000] * 4
    )


def test_the_register_shows_the_raised_cost_from_the_day_of_the_increase(works, building, auditor):
    renovate(works, building)
    api = api_for(auditor)

    def cost_as_of(day):
        rows = api.get("/api/assets/reports/register/", {"as_of": day}).json()["sections"][0]["rows"]
        return next(row for row in rows if row["label"] == building.item_type.name)["cost"]

    assert cost_as_of(f"{YEAR}-06-30") == COST
    assert cost_as_of(f"{YEAR}-12-31") == COST + 500_000_000
    assert api.get(f"/api/assets/items/{building.pk}/").json()["cost"] == COST + 500_000_000


def test_missed_years_are_worn_on_the_cost_of_each_year(works, building):
    """Wear made up after the renovation: the years before it on the old cost, from it on the new."""
    renovate(works, building)
    asset_services.wear_compute(actor=None, year=YEAR)
    amounts = dict(WearEntry.objects.filter(item=building).values_list("year", "amount"))
    assert [amounts[year] for year in range(ACQUIRED.year, YEAR)] == [80_000_000] * 4
    assert amounts[YEAR] == round((COST + 500_000_000 - 320_000_000) / 21)


def test_the_cost_adjustment_is_reversed_until_its_years_wear_is_computed(works, building):
    project = renovate(works, building)
    adjustment = project.cost_adjustment
    reversal = asset_services.voucher_reverse(actor=None, voucher=adjustment, date=SETTLED, reason="Nhầm công trình")
    assert reversal.reverses_id == adjustment.pk
    building.refresh_from_db()
    assert building.cost == COST
    # Once the year of the increase is worn on it, the increase stands; a new adjustment corrects it.
    again = asset_services.item_revalue(
        actor=None, item=building, cost=COST + 300_000_000, date=SETTLED, reason="Cải tạo"
    )
    asset_services.wear_compute(actor=None, year=YEAR)
    with pytest.raises(ValidationError) as refused:
        asset_services.voucher_reverse(actor=None, voucher=again, date=SETTLED, reason="Nhầm")
    assert str(YEAR) in " ".join(refused.value.messages)
    building.refresh_from_db()
    assert building.cost == COST + 300_000_000


def test_the_building_named_must_be_a_registered_building_of_the_unit(works, building, building_type, tree, catalogue):
    cases = []
    # Only a renovation names one.
    cases.append(
        (
            {"kind": WorkKind.NEW_BUILD, "renovated_item": building},
            "Only a renovation or upgrade names the building it renovates; leave this empty.",
        )
    )
    cases.append(
        (
            {"kind": WorkKind.REPAIR, "renovated_item": building},
            "Only a renovation or upgrade names the building it renovates; leave this empty.",
        )
    )
    # Another unit's building.
    cases.append(
        (
            {"kind": WorkKind.RENOVATION, "renovated_item": building, "unit": tree.district_b},
            f"{building} is held by {building.holder_unit}, neither the beneficiary unit nor a unit under it.",
        )
    )
    # Not a building.
    car_type = ItemType.objects.get(pk=catalogue["car"].pk)
    car = asset_services.fixed_asset_register(
        actor=None,
        item_type=car_type,
        name="Xe ô tô",
        unit=tree.district_a,
        cost=800_000_000,
        acquired_on=ACQUIRED,
        identifier="34A-00001",
        origin="donation",
    )
    cases.append(
        (
            {"kind": WorkKind.RENOVATION, "renovated_item": car},
            "Choose a building of the fixed-asset register (an item tracked one by one, of a building class).",
        )
    )
    for fields, message in cases:
        with pytest.raises(ValidationError) as refused, translation.override("en"):
            works.proposed(**fields)
        assert refused.value.message_dict == {"renovated_item": [message]}, fields
    assert not Project.objects.exists()
    # The beneficiary unit's own building, and one of a unit under it, are accepted.
    assert works.proposed(kind=WorkKind.RENOVATION, renovated_item=building).renovated_item == building
    assert works.proposed(kind=WorkKind.RENOVATION, renovated_item=building, unit=tree.province).pk


def test_a_building_that_left_the_unit_before_settlement_is_not_raised(works, building, tree):
    project = works.handed_over(kind=WorkKind.RENOVATION, renovated_item=building)
    asset_services.voucher_create(
        actor=None,
        kind=VoucherKind.TRANSFER,
        date=datetime.date(YEAR, 11, 1),
        from_unit=tree.district_a,
        to_unit=tree.district_b,
        lines=[asset_services.LineData(item_type=building.item_type, quantity=1, item=building)],
        post=True,
    )
    with pytest.raises(ValidationError) as refused:
        services.project_settle(
            actor=None, project=project, date=SETTLED, document_number="QĐQT", settlement_value=400_000_000
        )
    assert "settlement_value" in refused.value.message_dict
    building.refresh_from_db()
    assert building.cost == COST


def test_the_database_refuses_a_building_on_a_work_that_is_not_a_renovation(works, building):
    project = works.proposed(kind=WorkKind.RENOVATION, renovated_item=building)
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(kind=WorkKind.REPAIR)


def test_the_page_and_the_api_take_the_building(officer_construction, building, tree, make_user):
    client = logged_in(officer_construction)
    response = client.post(
        reverse("construction:project_add"),
        {
            "name": "Cải tạo, nâng cấp nhà làm việc",
            "kind": WorkKind.RENOVATION,
            "beneficiary_unit": tree.district_a.pk,
            "location": "Thanh Hà",
            "total_investment": "900.000.000",
            "planned_start": f"01/02/{YEAR}",
            "planned_end": f"31/10/{YEAR}",
            "renovated_item": building.pk,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Project.objects.get().renovated_item == building
    wrong = client.post(
        reverse("construction:project_add"),
        {
            "name": "Sửa chữa",
            "kind": WorkKind.REPAIR,
            "beneficiary_unit": tree.district_a.pk,
            "location": "Thanh Hà",
            "total_investment": "900.000.000",
            "planned_start": f"01/02/{YEAR}",
            "planned_end": f"31/10/{YEAR}",
            "renovated_item": building.pk,
        },
    )
    assert wrong.status_code == 400 and "renovated_item" in wrong.context["form"].errors
    payload = {
        "name": "Cải tạo hội trường",
        "kind": "renovation",
        "beneficiary_unit": tree.district_a.pk,
        "location": "Thanh Hà",
        "total_investment": 700_000_000,
        "planned_start": f"{YEAR}-02-01",
        "planned_end": f"{YEAR}-10-31",
        "renovated_item": building.pk,
    }
    created = api_for(officer_construction).post("/api/construction/projects/", payload, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["renovated_item"] == building.pk and created.json()["cost_adjustment"] is None
    # A building out of the user's scope is no valid choice.
    far = make_user(Role.LOGISTICS_OFFICER, tree.district_b)
    refused = api_for(far).post(
        "/api/construction/projects/", {**payload, "beneficiary_unit": tree.district_b.pk}, format="json"
    )
    assert refused.status_code == 400 and "renovated_item" in refused.json()["errors"]
