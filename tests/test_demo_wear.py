"""On the demo data: every settled or handed-over new build is in the fixed-asset register (offices,
other buildings, vật kiến trúc), and every building is worn for each year from its acquisition to
the last complete year, its accumulated wear the sum of its years."""

import datetime

import pytest
from django.db.models import Sum
from django.utils import timezone

from assets.models import Item, WearEntry
from construction.choices import ProjectStatus, WorkKind
from construction.models import Project
from logistics.models import User
from tests.conftest import DEMO, api_for

pytestmark = [*DEMO, pytest.mark.django_db]


def test_every_settled_new_build_is_in_the_register():
    handed = Project.objects.filter(
        kind=WorkKind.NEW_BUILD, status__in=(ProjectStatus.HANDED_OVER, ProjectStatus.SETTLED)
    )
    assert handed.count() > 16  # the office buildings and the small new builds
    assert not handed.filter(asset_item__isnull=True).exists()
    assert not Project.objects.exclude(kind=WorkKind.NEW_BUILD).filter(asset_item__isnull=False).exists()
    for project in handed.filter(status=ProjectStatus.SETTLED).select_related("asset_item"):
        # A building renovated since carries the renovations' settled values on top (nguyên giá raised).
        renovations = Project.objects.filter(renovated_item=project.asset_item, status=ProjectStatus.SETTLED)
        raised = sum(renovations.values_list("settlement_value", flat=True))
        assert project.asset_item.cost == project.settlement_value + raised, project.code


def test_a_renovation_of_a_registered_building_raises_its_cost_and_its_wear():
    """The demo's renovation of Chí Linh's phase I office (settled 2024) adds its settled value to the
    building's cost by a cost adjustment; the register shows the raised cost and wear follows it."""
    renovation = Project.objects.get(kind=WorkKind.RENOVATION, renovated_item__isnull=False)
    assert renovation.status == ProjectStatus.SETTLED and renovation.cost_adjustment is not None
    building = renovation.renovated_item
    adjustment = renovation.cost_adjustment
    line = adjustment.lines.get()
    assert (adjustment.kind, adjustment.date, line.item_id) == ("revaluation", renovation.settled_on, building.pk)
    assert adjustment.movements.get().value == renovation.settlement_value
    year = renovation.settled_on.year
    before = building.wear.filter(year=year - 1).get()
    during = building.wear.filter(year=year).get()
    assert during.amount > before.amount  # more cost, spread over the life left
    admin = User.objects.get(username="admin")
    api = api_for(admin)

    def offices_cost(day):
        rows = api.get("/api/assets/reports/register/", {"as_of": day}).json()["sections"][0]["rows"]
        return next(row for row in rows if row["label"] == building.item_type.name)["cost"]

    day_before = renovation.settled_on - datetime.timedelta(days=1)
    assert offices_cost(renovation.settled_on) - offices_cost(day_before) == renovation.settlement_value


def test_every_building_is_worn_for_each_year_since_its_acquisition():
    last_complete = timezone.localdate().year - 1
    buildings = Item.objects.filter(
        item_type__fixed_asset_class__is_building=True, acquired_on__year__lte=last_complete
    ).select_related("item_type")
    assert Item.objects.filter(item_type__code="NHA-LAMVIEC").count() == 16  # one handed over this year
    assert buildings.count() > 16
    for building in buildings:
        years = list(building.wear.order_by("year").values_list("year", "amount", "accumulated"))
        assert [year for year, _amount, _accumulated in years] == list(
            range(building.acquired_on.year, last_complete + 1)
        ), building
        running = 0
        for _year, amount, accumulated in years:
            running += amount
            assert accumulated == running, building
        assert 0 < running <= building.cost


def test_the_register_shows_the_buildings_wear():
    admin = User.objects.get(username="admin")
    rows = api_for(admin).get("/api/assets/reports/register/").json()["sections"][0]["rows"]
    offices = next(row for row in rows if row["label"] == "Nhà làm việc")
    worn = WearEntry.objects.filter(item__item_type__code="NHA-LAMVIEC", item__holder_unit__isnull=False).aggregate(
        total=Sum("amount")
    )["total"]
    assert offices["count"] == 16 and offices["wear"] == worn > 0
