"""On the demo data: every settled or handed-over new build is in the fixed-asset register (offices,
other buildings, vật kiến trúc), and every building is worn for each year from its acquisition to
the last complete year, its accumulated wear the sum of its years."""

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
        assert project.asset_item.cost == project.settlement_value, project.code


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
