"""Buildings and vật kiến trúc are fixed assets whatever their cost (Circular 141/2025/TT-BTC): a new
build enters the register — at handover when the work names the item type it enters as, at the
latest at settlement, at the settlement value — while a repair or a renovation adds no new asset.
A handover in a year closed since is registered in the open year, and wear makes up the years."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from assets import services as asset_services
from assets.models import Item, Voucher, WearEntry
from budget import services as budget_services
from construction import services
from construction.choices import ProjectStatus, Step, WorkKind
from construction.models import Milestone
from logistics.roles import Role
from tests.conftest import api_for
from tests.construction.conftest import HANDED_OVER, SETTLED, YEAR

pytestmark = pytest.mark.django_db


def settle(project, value=1_400_000_000, **extra):
    return services.project_settle(
        actor=None,
        project=project,
        date=extra.pop("date", SETTLED),
        document_number="QĐQT",
        settlement_value=value,
        **extra,
    )


def test_a_new_build_naming_its_type_enters_the_register_at_handover_whatever_its_cost(works, building_type):
    # A guard house of 8 million đồng: below the 10 million threshold, a fixed asset all the same.
    project = works.handed_over(total=9_000_000, contract_value=8_000_000, asset_item_type=building_type)
    item = Item.objects.get()
    assert (item.cost, item.acquired_on, item.holder_unit) == (8_000_000, HANDED_OVER, project.beneficiary_unit)
    assert item.is_fixed_asset
    settled = settle(project, value=8_500_000)
    item.refresh_from_db()
    assert settled.asset_item == item and item.cost == 8_500_000 and Item.objects.count() == 1
    assert asset_services.wear_compute(actor=None, year=YEAR) == 1  # worn from the year of its handover


def test_a_new_build_enters_the_register_at_settlement_at_the_latest(works, building_type):
    project = works.handed_over()
    assert not Item.objects.exists()
    with pytest.raises(ValidationError) as refused:
        settle(project)
    assert "item_type" in refused.value.message_dict
    project.refresh_from_db()
    assert project.status == ProjectStatus.HANDED_OVER and not Item.objects.exists()
    settled = settle(project, item_type=building_type)
    item = Item.objects.get()
    assert settled.asset_item == item
    assert (item.cost, item.acquired_on, item.item_type) == (1_400_000_000, HANDED_OVER, building_type)
    assert Milestone.objects.filter(project=project, step=Step.REGISTER_ASSET, date=HANDED_OVER).exists()


@pytest.mark.parametrize("kind", [WorkKind.REPAIR, WorkKind.RENOVATION])
def test_a_repair_or_renovation_adds_no_new_asset(works, building_type, kind):
    with pytest.raises(ValidationError) as refused:
        works.proposed(kind=kind, asset_item_type=building_type)
    assert "asset_item_type" in refused.value.message_dict
    project = works.handed_over(kind=kind)
    with pytest.raises(ValidationError) as refused:
        services.project_register_asset(actor=None, project=project, item_type=building_type, cost=1_000_000)
    assert refused.value.messages == services.project_register_asset_blockers(project)
    settled = settle(project, item_type=building_type)
    assert settled.status == ProjectStatus.SETTLED and settled.asset_item is None
    assert not Item.objects.exists()


def test_the_type_a_work_enters_as_is_a_building_or_structure(works, catalogue):
    with pytest.raises(ValidationError) as refused:
        works.proposed(asset_item_type=catalogue["car"])
    assert "asset_item_type" in refused.value.message_dict


def test_a_handover_in_a_year_closed_since_is_registered_in_the_open_year(works, building_type, tree):
    project = works.handed_over()
    budget_services.year_close(actor=None, fiscal_year=budget_services.fiscal_year_for(YEAR), unit=tree.province)
    settled_on = datetime.date(YEAR + 1, 3, 10)
    settle(project, date=settled_on, item_type=building_type)
    item = Item.objects.get()
    receipt = Voucher.objects.get(lines__item=item)
    assert (item.acquired_on, receipt.date) == (HANDED_OVER, settled_on)
    asset_services.wear_compute(actor=None, year=YEAR + 1)
    assert list(WearEntry.objects.order_by("year").values_list("year", "booked_year")) == [
        (YEAR, YEAR + 1),
        (YEAR + 1, YEAR + 1),
    ]


def test_the_api_settles_a_new_build_into_the_register_and_says_what_is_missing(
    officer_construction, works, building_type, make_user, tree
):
    project = works.handed_over()
    api = api_for(officer_construction)
    body = {"date": f"{YEAR}-12-20", "document_number": "QĐQT", "settlement_value": 1_400_000_000}
    missing = api.post(f"/api/construction/projects/{project.pk}/settle/", body, format="json")
    assert missing.status_code == 400 and "item_type" in missing.json()["errors"], missing.json()
    outsider = make_user(Role.LOGISTICS_OFFICER, tree.district_b)
    hidden = api_for(outsider).post(
        f"/api/construction/projects/{project.pk}/settle/", {**body, "item_type": building_type.pk}, format="json"
    )
    assert hidden.status_code == 404
    done = api.post(
        f"/api/construction/projects/{project.pk}/settle/", {**body, "item_type": building_type.pk}, format="json"
    )
    assert done.status_code == 200, done.json()
    assert done.json()["asset_item"] == Item.objects.get().pk
