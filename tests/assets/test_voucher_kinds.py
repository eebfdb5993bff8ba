"""The voucher kinds beyond moving goods between units: consumption (xuất dùng) of quantity goods by
the unit holding them, sending an item for repair and receiving it back (gửi / nhận về sau sửa
chữa), and the write-off of lost goods (ghi giảm do mất) on a decision — through the service, the
page and the API: what they post, what the holdings and items become, their reversal, and every
refusal."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _

from assets import services
from assets.choices import Condition, ItemStatus, Tracking, VoucherKind, VoucherStatus
from assets.models import AssetCategory, Holding, Item, ItemType, Movement, Voucher
from assets.selectors import holding_differences, holdings_report, issuance_report, register_report
from assets.services import LineData
from assets.services.vouchers import _shortage
from budget import services as budget_services
from logistics import periods
from logistics.roles import Role
from tests.assets.test_parallel_issue import run_in_parallel
from tests.conftest import api_for, logged_in
from tests.factories import PersonnelFactory, SupplierFactory
from tests.fixtures.assets import DAY
from tests.refusals import refusal, refusal_by_field

pytestmark = pytest.mark.django_db

LATER = DAY + datetime.timedelta(days=20)


@pytest.fixture
def masks(catalogue):
    supplies = AssetCategory.objects.create(code="YT", name="Vật tư y tế phòng dịch")
    return ItemType.objects.create(
        category=supplies, code="KHAU-TRANG", name="Khẩu trang y tế", unit_of_measure="hộp", tracking=Tracking.QUANTITY
    )


@pytest.fixture
def stocked(store, tree, masks):
    """The store received 10 boxes of masks at 100.000 ₫ and issued them all to commune A1."""
    services.voucher_create(
        actor=None,
        kind=VoucherKind.RECEIPT,
        date=DAY,
        to_unit=store,
        origin="transfer_in",
        lines=[LineData(item_type=masks, quantity=10, unit_value=100_000)],
        post=True,
    )
    services.voucher_create(
        actor=None,
        kind=VoucherKind.ISSUE,
        date=DAY,
        from_unit=store,
        to_unit=tree.commune_a1,
        lines=[LineData(item_type=masks, quantity=10)],
        post=True,
    )
    return masks


@pytest.fixture
def car(receive, issue, tree):
    receive(cars=[("34A-777.77", 1_200_000_000)])
    car = Item.objects.get(plate_number="34A-777.77")
    issue(tree.district_a, items=[car])
    car.refresh_from_db()
    return car


def held(unit, item_type) -> tuple[int, int]:
    holding = Holding.objects.filter(unit=unit, item_type=item_type).first()
    return (holding.quantity, holding.value) if holding else (0, 0)


def consume(unit, item_type, quantity, *, date=LATER, post=True, **extra):
    return services.voucher_create(
        actor=None,
        kind=VoucherKind.CONSUMPTION,
        date=date,
        from_unit=unit,
        lines=[LineData(item_type=item_type, quantity=quantity)],
        post=post,
        **extra,
    )


def repair(kind, unit, items, *, date=LATER, condition="", **extra):
    side = "from_unit" if kind == VoucherKind.REPAIR_OUT else "to_unit"
    return services.voucher_create(
        actor=None,
        kind=kind,
        date=date,
        lines=[LineData(item_type=item.item_type, quantity=1, item=item, condition=condition) for item in items],
        post=True,
        **{side: unit},
        **extra,
    )


def write_off(unit, lines, *, date=LATER, decision_number="15/QĐ-CAT-PH10", decision_date=LATER, **extra):
    return services.voucher_create(
        actor=None,
        kind=VoucherKind.LOSS,
        date=date,
        from_unit=unit,
        decision_number=decision_number,
        decision_date=decision_date,
        lines=lines,
        post=True,
        **extra,
    )


# --- consumption -----------------------------------------------------------------------------


def test_consumption_takes_goods_off_the_books_and_its_reversal_puts_them_back(stocked, tree, officer, store):
    voucher = consume(tree.commune_a1, stocked, 4)
    assert voucher.number == "XD-2024-00001" and voucher.status == VoucherStatus.POSTED
    assert held(tree.commune_a1, stocked) == (6, 600_000)
    movement = Movement.objects.get(voucher=voucher)
    assert (movement.unit, movement.quantity, movement.value) == (tree.commune_a1, -4, -400_000)
    assert voucher.lines.get().unit_value == 100_000  # at the unit's average value
    # Held figures derive from the holdings: what was used up is no longer held ...
    report = holdings_report(user=officer, unit=tree.commune_a1)
    assert (report.sections[0].totals["quantity"], report.sections[0].totals["value"]) == (6, 600_000)
    # ... and the issuance report counts issues only: the 10 boxes issued stay issued.
    issued = issuance_report(user=officer, date_from=DAY, date_to=LATER)
    assert issued.sections[0].totals["quantity"] == 10
    reversal = services.voucher_reverse(actor=None, voucher=voucher, date=LATER, reason="Ghi nhầm số lượng")
    assert reversal.number == "XD-2024-00002" and reversal.reverses == voucher
    assert held(tree.commune_a1, stocked) == (10, 1_000_000)
    assert holding_differences() == []


def test_consuming_more_than_the_unit_holds_is_refused(stocked, tree):
    consume(tree.commune_a1, stocked, 7)
    assert refusal(lambda: consume(tree.commune_a1, stocked, 4)) == [_shortage(tree.commune_a1, stocked, 3, 4)]
    assert held(tree.commune_a1, stocked) == (3, 300_000)
    assert Voucher.objects.filter(kind=VoucherKind.CONSUMPTION).count() == 1


def test_items_and_fixed_assets_are_not_consumed(stocked, car, tree, catalogue):
    assert refusal(
        lambda: services.voucher_create(
            actor=None,
            kind=VoucherKind.CONSUMPTION,
            date=LATER,
            from_unit=tree.district_a,
            lines=[LineData(item_type=car.item_type, quantity=1, item=car)],
        )
    ) == [
        _("Line %(number)s: ") % {"number": 1}
        + _(
            "%(type)s is tracked item by item and cannot be consumed; a lost or worn-out item is written "
            "off by a loss write-off or a disposal."
        )
        % {"type": car.item_type}
    ]
    generators = ItemType.objects.create(
        category=catalogue["cabinet"].category,
        code="MAY-PHAT",
        name="Máy phát điện",
        unit_of_measure="chiếc",
        tracking=Tracking.QUANTITY,
        fixed_asset_class=catalogue["car"].fixed_asset_class,
    )
    assert refusal(lambda: consume(tree.commune_a1, generators, 1)) == [
        _("Line %(number)s: ") % {"number": 1}
        + _("%(type)s is a fixed asset and cannot be consumed; dispose of it.") % {"type": generators}
    ]
    car.refresh_from_db()
    assert car.status == ItemStatus.ISSUED and not Voucher.objects.filter(kind=VoucherKind.CONSUMPTION).exists()


def test_consumption_names_only_the_unit_the_goods_leave(stocked, tree):
    assert refusal_by_field(lambda: consume(tree.commune_a1, stocked, 1, to_unit=tree.commune_a2)) == {
        "to_unit": [_("Goods used up leave the books; leave the receiving unit empty.")]
    }
    assert refusal_by_field(lambda: consume(None, stocked, 1)) == {"from_unit": [_("Choose the unit the goods leave.")]}
    assert refusal_by_field(lambda: consume(tree.commune_a1, stocked, 1, expected_return_date=LATER)) == {
        "expected_return_date": [_("Only an item sent for repair has an expected return date.")]
    }


# --- repair ----------------------------------------------------------------------------------


def test_a_repair_round_trip_keeps_the_item_on_the_units_books(car, tree, officer, catalogue):
    repairer = SupplierFactory(name="Xưởng sửa chữa ô tô Hải Dương")
    sent = repair(
        VoucherKind.REPAIR_OUT,
        tree.district_a,
        [car],
        condition=Condition.BROKEN,
        supplier=repairer,
        expected_return_date=LATER + datetime.timedelta(days=30),
    )
    assert sent.number == "SC-2024-00001"
    car.refresh_from_db()
    # Still the unit's asset: same holder, holding and register; shown as under repair.
    assert (car.holder_unit, car.status, car.condition) == (tree.district_a, ItemStatus.UNDER_REPAIR, "broken")
    assert held(tree.district_a, catalogue["car"]) == (1, 1_200_000_000)
    assert not Movement.objects.filter(voucher=sent).exists()
    register = register_report(user=officer, unit=tree.district_a, as_of=LATER)
    assert register.sections[0].totals["count"] == 1
    assert refusal(lambda: repair(VoucherKind.REPAIR_OUT, tree.district_a, [car])) == [
        _("%(item)s is already under repair.") % {"item": car}
    ]
    # While under repair it is not moved away.
    assert refusal(
        lambda: services.voucher_create(
            actor=None,
            kind=VoucherKind.TRANSFER,
            date=LATER,
            from_unit=tree.district_a,
            to_unit=tree.district_b,
            lines=[LineData(item_type=car.item_type, quantity=1, item=car)],
            post=True,
        )
    ) == [_("%(item)s is under repair; receive it back from repair first.") % {"item": car}]

    back = repair(VoucherKind.REPAIR_BACK, tree.district_a, [car], condition=Condition.GOOD, supplier=repairer)
    assert back.number == "NSC-2024-00001"
    car.refresh_from_db()
    assert (car.holder_unit, car.status, car.condition) == (tree.district_a, ItemStatus.ISSUED, "good")
    # The sending cannot be undone once the item is back: the return is reversed first.
    assert services.voucher_reverse_blockers(sent) == [
        _("%(item)s has come back from repair since; reverse its return from repair first.") % {"item": car}
    ]
    assert refusal(lambda: services.voucher_reverse(actor=None, voucher=sent, reason="Nhầm")) == [
        _("%(item)s has come back from repair since; reverse its return from repair first.") % {"item": car}
    ]
    # The item's page lists its repairs with the repairer.
    page = logged_in(officer).get(car.get_absolute_url()).content.decode()
    assert sent.number in page and back.number in page and repairer.name in page
    services.voucher_reverse(actor=None, voucher=back, date=LATER, reason="Chưa sửa xong")
    car.refresh_from_db()
    assert (car.status, car.condition) == (ItemStatus.UNDER_REPAIR, "broken")
    services.voucher_reverse(actor=None, voucher=sent, date=LATER, reason="Không gửi sửa")
    car.refresh_from_db()
    assert (car.holder_unit, car.status, car.condition) == (tree.district_a, ItemStatus.ISSUED, "new")
    assert holding_differences() == []


def test_only_an_item_under_repair_of_that_unit_comes_back(car, tree, store, receive, stocked):
    assert refusal(lambda: repair(VoucherKind.REPAIR_BACK, tree.district_a, [car])) == [
        _("%(item)s is not under repair.") % {"item": car}
    ]
    repair(VoucherKind.REPAIR_OUT, tree.district_a, [car])
    assert refusal(lambda: repair(VoucherKind.REPAIR_BACK, tree.district_b, [car])) == [
        _("%(item)s is held by %(holder)s, not by %(unit)s.")
        % {"item": car, "holder": tree.district_a, "unit": tree.district_b}
    ]
    assert refusal(lambda: repair(VoucherKind.REPAIR_BACK, tree.district_a, [car], date=DAY)) == [
        _("%(item)s was sent for repair on %(date)s; it cannot come back before.") % {"item": car, "date": "21/03/2024"}
    ]
    # Quantity goods are not sent for repair; the sides are the unit's own.
    assert refusal(
        lambda: services.voucher_create(
            actor=None,
            kind=VoucherKind.REPAIR_OUT,
            date=LATER,
            from_unit=tree.commune_a1,
            lines=[LineData(item_type=stocked, quantity=1)],
        )
    ) == [
        _("Line %(number)s: ") % {"number": 1}
        + _("only items tracked one by one are sent for repair; %(type)s is counted by quantity.") % {"type": stocked}
    ]
    assert set(
        refusal_by_field(
            lambda: services.voucher_create(
                actor=None,
                kind=VoucherKind.REPAIR_BACK,
                date=LATER,
                from_unit=tree.district_a,
                to_unit=tree.district_b,
                lines=[LineData(item_type=car.item_type, quantity=1, item=car)],
            )
        )
    ) == {"from_unit"}
    assert refusal_by_field(
        lambda: consume(tree.commune_a1, stocked, 1, expected_return_date=LATER + datetime.timedelta(days=3))
    ) == {"expected_return_date": [_("Only an item sent for repair has an expected return date.")]}


# --- loss write-off ----------------------------------------------------------------------------


def test_a_loss_write_off_takes_items_and_goods_off_the_books_and_is_reversed_when_found(
    car, stocked, tree, officer, catalogue
):
    lost_car = write_off(tree.district_a, [LineData(item_type=car.item_type, quantity=1, item=car)])
    assert lost_car.number == "GM-2024-00001"
    car.refresh_from_db()
    assert (car.holder_unit, car.status) == (None, ItemStatus.LOST)
    assert held(tree.district_a, catalogue["car"]) == (0, 0)
    assert register_report(user=officer, unit=tree.district_a, as_of=LATER).sections[0].totals["count"] == 0
    write_off(tree.commune_a1, [LineData(item_type=stocked, quantity=3)])
    assert held(tree.commune_a1, stocked) == (7, 700_000)
    # Found again: the reversal puts the car back with its unit.
    services.voucher_reverse(actor=None, voucher=lost_car, date=LATER, reason="Đã tìm thấy")
    car.refresh_from_db()
    assert (car.holder_unit, car.status) == (tree.district_a, ItemStatus.ISSUED)
    assert held(tree.district_a, catalogue["car"]) == (1, 1_200_000_000)
    assert holding_differences() == []


def test_a_loss_write_off_needs_its_decision(car, tree):
    line = [LineData(item_type=car.item_type, quantity=1, item=car)]
    assert refusal_by_field(lambda: write_off(tree.district_a, line, decision_number=" ", decision_date=None)) == {
        "decision_number": [_("Enter the number of the decision writing off the lost goods.")],
        "decision_date": [_("Enter the date of the decision writing off the lost goods.")],
    }
    assert refusal_by_field(lambda: write_off(tree.district_a, line, decision_date=LATER + datetime.timedelta(1))) == {
        "decision_date": [_("Goods are written off after the decision: it cannot be dated after the voucher.")]
    }
    car.refresh_from_db()
    assert car.status == ItemStatus.ISSUED and not Voucher.objects.filter(kind=VoucherKind.LOSS).exists()


def test_an_item_under_repair_is_not_written_off(car, tree):
    repair(VoucherKind.REPAIR_OUT, tree.district_a, [car])
    assert refusal(lambda: write_off(tree.district_a, [LineData(item_type=car.item_type, quantity=1, item=car)])) == [
        _("%(item)s is under repair; receive it back from repair first.") % {"item": car}
    ]


# --- closed years, pages, API, scope ------------------------------------------------------------


def test_the_new_kinds_are_refused_in_a_closed_year(stocked, car, tree):
    budget_services.year_close(actor=None, fiscal_year=budget_services.fiscal_year_for(DAY.year), unit=tree.province)
    for attempt, unit in [
        (lambda: consume(tree.commune_a1, stocked, 1), tree.commune_a1),
        (lambda: repair(VoucherKind.REPAIR_OUT, tree.district_a, [car]), tree.district_a),
        (
            lambda: write_off(tree.district_a, [LineData(item_type=car.item_type, quantity=1, item=car)]),
            tree.district_a,
        ),
    ]:
        assert refusal_by_field(attempt) == {
            "date": [periods.closed_message(unit, periods.closure_covering(unit, DAY.year))]
        }
    car.refresh_from_db()
    assert car.status == ItemStatus.ISSUED and held(tree.commune_a1, stocked) == (10, 1_000_000)


def _page_data(kind, **fields):
    data = {
        "kind": kind,
        "date": "21/03/2024",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "1000",
        "_post": "1",
    }
    data.update(fields)
    return data


def test_the_page_offers_the_new_kinds_and_posts_them(stocked, car, tree, officer):
    client = logged_in(officer)
    page = client.get(reverse("assets:voucher_add") + "?kind=consumption")
    kinds = dict(page.context["form"].fields["kind"].choices)
    assert {"consumption", "repair_out", "repair_back", "loss"} <= set(kinds)
    assert page.context["form"]["from_unit"].value() == officer.unit_id
    response = client.post(
        reverse("assets:voucher_add"),
        _page_data(
            "consumption", from_unit=str(tree.commune_a1.pk), **{"lines-0-item_type": stocked.pk, "lines-0-quantity": 4}
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert held(tree.commune_a1, stocked) == (6, 600_000)
    consumed = Voucher.objects.get(kind=VoucherKind.CONSUMPTION)
    # Nothing was handed over: no handover minutes.
    detail = client.get(consumed.get_absolute_url()).content.decode()
    assert reverse("assets:voucher_minutes", args=[consumed.pk]) not in detail
    assert client.get(reverse("assets:voucher_minutes", args=[consumed.pk])).status_code == 404

    # A wrong side, beside the field; a loss write-off without its decision, beside its fields.
    response = client.post(
        reverse("assets:voucher_add"),
        _page_data(
            "consumption",
            from_unit=str(tree.commune_a1.pk),
            to_unit=str(tree.commune_a2.pk),
            **{"lines-0-item_type": stocked.pk, "lines-0-quantity": 1},
        ),
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "to_unit": [_("Goods used up leave the books; leave the receiving unit empty.")]
    }
    response = client.post(
        reverse("assets:voucher_add"),
        _page_data(
            "loss",
            from_unit=str(tree.district_a.pk),
            **{"lines-0-item_type": car.item_type_id, "lines-0-item": car.pk, "lines-0-quantity": 1},
        ),
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"decision_number", "decision_date"}
    response = client.post(
        reverse("assets:voucher_add"),
        _page_data(
            "repair_out",
            from_unit=str(tree.district_a.pk),
            expected_return_date="30/04/2024",
            **{
                "lines-0-item_type": car.item_type_id,
                "lines-0-item": car.pk,
                "lines-0-quantity": 1,
                "lines-0-condition": "poor",
            },
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    car.refresh_from_db()
    assert (car.status, car.condition) == (ItemStatus.UNDER_REPAIR, "poor")
    assert Voucher.objects.get(kind=VoucherKind.REPAIR_OUT).expected_return_date == datetime.date(2024, 4, 30)


def test_the_api_takes_the_new_kinds_with_field_errors(stocked, car, tree, officer):
    api = api_for(officer)
    body = {
        "kind": "consumption",
        "date": "2024-03-21",
        "from_unit": tree.commune_a1.pk,
        "lines": [{"item_type": stocked.pk, "quantity": 2}],
        "post": True,
    }
    created = api.post("/api/assets/vouchers/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["number"] == "XD-2024-00001" and held(tree.commune_a1, stocked) == (8, 800_000)
    wrong_side = api.post("/api/assets/vouchers/", body | {"to_unit": tree.commune_a2.pk}, format="json")
    assert wrong_side.status_code == 400 and list(wrong_side.json()["errors"]) == ["to_unit"]
    too_many = api.post(
        "/api/assets/vouchers/", body | {"lines": [{"item_type": stocked.pk, "quantity": 9}]}, format="json"
    )
    assert too_many.status_code == 400
    loss = {
        "kind": "loss",
        "date": "2024-03-21",
        "from_unit": tree.district_a.pk,
        "lines": [{"item_type": car.item_type_id, "item": car.pk, "quantity": 1}],
        "post": True,
    }
    refused = api.post("/api/assets/vouchers/", loss, format="json")
    assert refused.status_code == 400 and set(refused.json()["errors"]) == {"decision_number", "decision_date"}
    written_off = api.post(
        "/api/assets/vouchers/", loss | {"decision_number": "15/QĐ-CAT", "decision_date": "2024-03-20"}, format="json"
    )
    assert written_off.status_code == 201, written_off.json()
    assert written_off.json()["decision_number"] == "15/QĐ-CAT"
    car.refresh_from_db()
    assert car.status == ItemStatus.LOST
    found = api.post(f"/api/assets/vouchers/{written_off.json()['id']}/reverse/", {"reason": "Tìm thấy"}, format="json")
    assert found.status_code == 200, found.json()
    car.refresh_from_db()
    assert car.status == ItemStatus.ISSUED
    person = PersonnelFactory(unit=tree.commune_a1)
    to_person = api.post("/api/assets/vouchers/", body | {"to_person": person.pk}, format="json")
    assert to_person.status_code == 400 and list(to_person.json()["errors"]) == ["to_person"]


def test_out_of_scope_vouchers_of_the_new_kinds_are_404(stocked, tree, make_user):
    voucher = consume(tree.commune_a1, stocked, 2)
    far = make_user(Role.LOGISTICS_OFFICER, tree.district_b)
    assert logged_in(far).get(voucher.get_absolute_url()).status_code == 404
    api = api_for(far)
    assert api.get(f"/api/assets/vouchers/{voucher.pk}/").status_code == 404
    assert api.post(f"/api/assets/vouchers/{voucher.pk}/reverse/", {"reason": "x"}, format="json").status_code == 404
    # Nor does that officer consume the goods of a unit out of reach.
    response = api.post(
        "/api/assets/vouchers/",
        {
            "kind": "consumption",
            "date": "2024-03-21",
            "from_unit": tree.commune_a1.pk,
            "lines": [{"item_type": stocked.pk, "quantity": 1}],
            "post": True,
        },
        format="json",
    )
    assert response.status_code == 400 and list(response.json()["errors"]) == ["from_unit"]
    assert held(tree.commune_a1, stocked) == (8, 800_000)


@pytest.mark.django_db(transaction=True)
def test_parallel_consumption_of_the_last_units_never_goes_below_nothing(stocked, tree):
    """Eight officers consume 3 boxes each of the 10 the commune holds at the same moment."""
    drafts = [consume(tree.commune_a1, stocked, 3, post=False) for _ in range(8)]
    connection.close()
    outcomes = run_in_parallel([lambda d=d: services.voucher_post(actor=None, voucher=d) for d in drafts])
    assert outcomes.count("ok") == 3, outcomes
    refusals = [outcome for outcome in outcomes if outcome != "ok"]
    assert refusals == [[_shortage(tree.commune_a1, stocked, 1, 3)]] * 5
    assert held(tree.commune_a1, stocked) == (1, 100_000)
    assert not Holding.objects.filter(quantity__lt=0).exists()
    assert holding_differences() == []


def test_the_admin_shows_the_new_kinds_read_only(stocked, tree, admin_user):
    voucher = consume(tree.commune_a1, stocked, 2)
    client = logged_in(admin_user)
    listed = client.get("/admin/assets/voucher/", {"kind__exact": "consumption"})
    assert listed.status_code == 200 and voucher.number in listed.content.decode()
    change = client.get(f"/admin/assets/voucher/{voucher.pk}/change/")
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()


def test_the_dashboard_stops_counting_what_was_used_up_or_lost(stocked, car, tree, admin_user):
    consume(tree.commune_a1, stocked, 4)
    write_off(tree.district_a, [LineData(item_type=car.item_type, quantity=1, item=car)])
    response = logged_in(admin_user).get(
        reverse("home"), {"date_from": "01/01/2024", "date_to": "31/12/2024", "unit": tree.district_a.pk}
    )
    cards = {card.label: card.value for card in response.context["sections"][_section_index(response)].cards}
    assert cards[_("Items held")] == 6 and cards[_("Value held")] == 600_000  # the car is gone too
    assert cards[_("Issued in the period")] == 11  # 10 boxes and the car, issued all the same


def _section_index(response) -> int:
    return [section.key for section in response.context["sections"]].index("assets")
