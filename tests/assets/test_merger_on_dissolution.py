"""A unit dissolved into a successor hands over everything it holds on the day the dissolution
takes effect, by the merger voucher the dissolution writes (registered by the equipment in the
registry's "dissolution" store): holdings and serialized items with their values and custody,
posted, numbered, never reversed on its own — through the service, the page and the API."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assets import services
from assets.choices import ItemStatus, VoucherKind, VoucherStatus
from assets.models import Holding, Item, Movement, Voucher, WearEntry
from assets.services import LineData
from budget import services as budget_services
from logistics import services as core_services
from logistics.models import Unit, UnitKind
from logistics.registry import registry
from tests.conftest import api_for, logged_in
from tests.fixtures.assets import DAY

pytestmark = pytest.mark.django_db

DISSOLVED_ON = datetime.date(2025, 3, 1)


@pytest.fixture
def district_equipped(receive, issue, tree, catalogue):
    receive(cabinets=10, cars=[("34A-222.22", 900_000_000)], date=datetime.date(2022, 6, 1))
    services.wear_compute(actor=None, year=2022)
    car = Item.objects.get(plate_number="34A-222.22")
    issue(tree.district_a, cabinets=4, items=[car])
    return car


def held(unit, item_type):
    holding = Holding.objects.filter(unit=unit, item_type=item_type).first()
    return (holding.quantity, holding.value) if holding else (0, 0)


def test_the_equipment_registers_its_dissolution_handler():
    assert services.merger_on_dissolution in registry.dissolution_handlers()


def test_dissolution_hands_everything_over_by_a_merger_voucher(admin_user, district_equipped, tree, catalogue):
    car = district_equipped
    wear_before = list(WearEntry.objects.filter(item=car).values_list("year", "amount"))
    core_services.unit_dissolve(
        actor=admin_user, unit=tree.district_a, successor=tree.province, effective_date=DISSOLVED_ON
    )
    merger = Voucher.objects.get(kind=VoucherKind.MERGER)
    assert (merger.status, merger.date, merger.from_unit, merger.to_unit) == (
        VoucherStatus.POSTED,
        DISSOLVED_ON,
        tree.district_a,
        tree.province,
    )
    assert merger.posted_by == admin_user and merger.number.startswith("SN-2025-")
    assert merger.minutes_number == "01/BB-P-TH"
    assert held(tree.district_a, catalogue["cabinet"]) == (0, 0)
    assert held(tree.province, catalogue["cabinet"]) == (4, 28_000_000)
    car.refresh_from_db()
    assert (car.holder_unit, car.status, car.cost) == (tree.province, ItemStatus.ISSUED, 900_000_000)
    custody = list(Movement.objects.filter(item=car, quantity__gt=0).order_by("date", "id").values_list("unit", "date"))
    assert custody[-1] == (tree.province.pk, DISSOLVED_ON)
    assert list(WearEntry.objects.filter(item=car).values_list("year", "amount")) == wear_before  # wear goes along
    # Posted is final: the merger is not reversed on its own, nor made by hand.
    assert services.voucher_reverse_blockers(merger)
    with pytest.raises(ValidationError):
        services.voucher_reverse(actor=None, voucher=merger, reason="thử")
    with pytest.raises(ValidationError) as error:
        services.voucher_create(
            actor=None,
            kind=VoucherKind.MERGER,
            date=DISSOLVED_ON,
            from_unit=tree.district_b,
            to_unit=tree.province,
            lines=[LineData(item_type=catalogue["cabinet"], quantity=1)],
        )
    assert "kind" in error.value.message_dict


def test_a_successor_starting_the_day_after_holds_it_from_its_first_day(admin_user, district_equipped, tree, catalogue):
    successor = core_services.unit_create(
        actor=admin_user,
        code="P-TH-MOI",
        name="Công an huyện Thanh Hà mới",
        kind=UnitKind.DISTRICT,
        parent=tree.province,
        valid_from=DISSOLVED_ON,
    )
    core_services.unit_dissolve(
        actor=admin_user, unit=tree.district_a, successor=successor, effective_date=DISSOLVED_ON
    )
    merger = Voucher.objects.get(kind=VoucherKind.MERGER)
    assert merger.date == successor.valid_from == DISSOLVED_ON
    assert Unit.objects.get(pk=tree.district_a.pk).valid_to == DISSOLVED_ON - datetime.timedelta(days=1)
    assert held(successor, catalogue["cabinet"]) == (4, 28_000_000)
    assert Item.objects.get(pk=district_equipped.pk).holder_unit == successor


def test_a_unit_holding_nothing_writes_no_voucher(admin_user, tree):
    core_services.unit_dissolve(
        actor=admin_user, unit=tree.district_b, successor=tree.province, effective_date=DISSOLVED_ON
    )
    assert not Voucher.objects.filter(kind=VoucherKind.MERGER).exists()


def test_a_closed_year_refuses_the_dissolution_and_nothing_changes(admin_user, district_equipped, tree, catalogue):
    budget_services.year_close(actor=None, fiscal_year=budget_services.fiscal_year_for(2025), unit=tree.province)
    with pytest.raises(ValidationError) as error:
        core_services.unit_dissolve(
            actor=admin_user, unit=tree.district_a, successor=tree.province, effective_date=DISSOLVED_ON
        )
    assert "effective_date" in error.value.message_dict
    assert Unit.objects.get(pk=tree.district_a.pk).valid_to is None
    assert not Voucher.objects.filter(kind=VoucherKind.MERGER).exists()
    assert held(tree.district_a, catalogue["cabinet"]) == (4, 28_000_000)


def test_the_dissolution_page_writes_the_merger_voucher(admin_user, district_equipped, tree, catalogue):
    response = logged_in(admin_user).post(
        reverse("logistics:unit_dissolve", args=[tree.district_a.pk]),
        {"successor": tree.province.pk, "effective_date": "01/03/2025"},
    )
    assert response.status_code == 302
    merger = Voucher.objects.get(kind=VoucherKind.MERGER)
    assert merger.lines.count() == 2  # the car and the cabinets
    page = logged_in(admin_user).get(merger.get_absolute_url())
    assert page.status_code == 200 and merger.number in page.content.decode()
    minutes = logged_in(admin_user).get(reverse("assets:voucher_minutes", args=[merger.pk]))
    assert minutes.status_code == 200


def test_the_dissolution_api_writes_the_merger_voucher_and_it_cannot_be_reversed(
    admin_user, district_equipped, tree, catalogue
):
    client = api_for(admin_user)
    response = client.post(
        f"/api/units/{tree.district_a.pk}/dissolve/",
        {"successor": tree.province.pk, "effective_date": "2025-03-01"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    merger = Voucher.objects.get(kind=VoucherKind.MERGER)
    refused = client.post(f"/api/assets/vouchers/{merger.pk}/reverse/", {"reason": "thử"}, format="json")
    assert refused.status_code in (400, 409), refused.content
    assert not Voucher.objects.filter(reverses=merger).exists()
    made = client.post(
        "/api/assets/vouchers/",
        {
            "kind": "merger",
            "date": "2025-03-01",
            "from_unit": tree.district_b.pk,
            "to_unit": tree.province.pk,
            "lines": [{"item_type": catalogue["cabinet"].pk, "quantity": 1}],
        },
        format="json",
    )
    assert made.status_code == 400 and "kind" in made.json()["errors"]


def test_without_the_right_or_out_of_scope_nothing_is_dissolved_or_handed_over(
    commune_commander, officer, district_equipped, tree
):
    with pytest.raises(PermissionDenied):
        core_services.unit_dissolve(
            actor=officer, unit=tree.district_a, successor=tree.province, effective_date=DISSOLVED_ON
        )
    response = api_for(commune_commander).post(
        f"/api/units/{tree.district_a.pk}/dissolve/",
        {"successor": tree.province.pk, "effective_date": "2025-03-01"},
        format="json",
    )
    assert response.status_code in (403, 404)
    assert Unit.objects.get(pk=tree.district_a.pk).valid_to is None
    assert not Voucher.objects.filter(kind=VoucherKind.MERGER).exists()
    assert DAY < DISSOLVED_ON


def test_a_unit_dissolved_since_it_was_loaded_receives_nothing_after_its_dissolution(
    admin_user, district_equipped, tree, catalogue, issue
):
    """The service reads the units as they stand, not as its caller loaded them."""
    loaded_before = Unit.objects.get(pk=tree.district_a.pk)
    core_services.unit_dissolve(
        actor=admin_user, unit=tree.district_a, successor=tree.province, effective_date=DISSOLVED_ON
    )
    with pytest.raises(ValidationError) as refused:
        issue(loaded_before, cabinets=1, date=datetime.date(2025, 5, 6))
    assert "to_unit" in refused.value.message_dict
    assert held(tree.district_a, catalogue["cabinet"]) == (0, 0)
