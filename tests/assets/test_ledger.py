"""Holdings come from an immutable ledger and never go negative."""

import contextlib
import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction
from django.utils import timezone

from assets import services
from assets.choices import ItemStatus, VoucherKind
from assets.models import Holding, Item, Movement, Voucher
from assets.selectors import holding_differences
from assets.services import LineData
from tests.fixtures.assets import DAY
from tests.refusals import refusal

pytestmark = pytest.mark.django_db


def held(unit, item_type) -> tuple[int, int]:
    holding = Holding.objects.filter(unit=unit, item_type=item_type).first()
    return (holding.quantity, holding.value) if holding else (0, 0)


def test_receipt_and_issue_move_holdings_through_the_ledger(receive, issue, store, tree, catalogue):
    receive(cabinets=10, value=7_000_000)
    issue(tree.commune_a1, cabinets=4)
    assert held(store, catalogue["cabinet"]) == (6, 42_000_000)
    assert held(tree.commune_a1, catalogue["cabinet"]) == (4, 28_000_000)
    assert Movement.objects.count() == 3
    assert holding_differences() == []


def test_issuing_more_than_held_is_refused_and_nothing_moves(receive, issue, store, tree, catalogue):
    receive(cabinets=3)
    with pytest.raises(ValidationError) as error:
        issue(tree.commune_a1, cabinets=5)
    assert "Kho Phòng Hậu cần chỉ còn 3 chiếc Tủ sắt 4 cánh; phiếu xuất 5." in error.value.messages
    assert held(store, catalogue["cabinet"]) == (3, 21_000_000)
    assert not Voucher.objects.filter(kind=VoucherKind.ISSUE).exists()


def test_serialized_items_are_registered_and_follow_their_vouchers(receive, issue, store, tree, catalogue):
    receipt = receive(cars=[("34A-001.01", 1_500_000_000)])
    car = receipt.lines.get().item
    assert (car.holder_unit, car.status, car.cost, car.plate_number) == (
        store,
        ItemStatus.IN_STORE,
        1_500_000_000,
        "34A-001.01",
    )
    issue(tree.district_a, items=[car])
    car.refresh_from_db()
    assert (car.holder_unit, car.status) == (tree.district_a, ItemStatus.ISSUED)
    with pytest.raises(ValidationError) as error:
        issue(tree.commune_b1, items=[car])  # the store no longer holds it
    assert "Xe 7 chỗ — 34A-001.01" in " ".join(error.value.messages)
    services.voucher_create(
        actor=None,
        kind=VoucherKind.TRANSFER,
        date=DAY,
        from_unit=tree.district_a,
        to_unit=tree.district_b,
        lines=[LineData(item_type=car.item_type, quantity=1, item=car)],
        post=True,
    )
    services.voucher_create(
        actor=None,
        kind=VoucherKind.RETURN,
        date=DAY,
        from_unit=tree.district_b,
        to_unit=store,
        lines=[LineData(item_type=car.item_type, quantity=1, item=car)],
        post=True,
    )
    services.voucher_create(
        actor=None,
        kind=VoucherKind.DISPOSAL,
        date=DAY,
        from_unit=store,
        lines=[LineData(item_type=car.item_type, quantity=1, item=car)],
        post=True,
    )
    car.refresh_from_db()
    assert (car.holder_unit, car.status) == (None, ItemStatus.DISPOSED)
    custody = list(
        Movement.objects.filter(item=car, quantity__gt=0).order_by("id").values_list("unit__code", flat=True)
    )
    assert custody == ["P-KHO", "P-TH", "P-BG", "P-KHO"]
    assert holding_differences() == []


def test_identifiers_are_unique_where_given(receive):
    receive(cars=[("34A-002.02", 900_000_000)])
    assert refusal(lambda: receive(cars=[("34A-002.02", 900_000_000)])) == ["Dòng 1: 34A-002.02 đã được đăng ký."]
    twice = [("34A-003.03", 900_000_000), ("34A-003.03", 900_000_000)]
    assert refusal(lambda: receive(cars=twice)) == ["Dòng 2: 34A-003.03 đã được đăng ký."]
    assert Item.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.filter(plate_number="34A-002.02").update(serial_number="X")
        item = Item.objects.get(plate_number="34A-002.02")
        Item.objects.create(
            item_type=item.item_type, cost=1, acquired_on=DAY, origin="purchase", plate_number="34A-002.02"
        )


def test_reversal_moves_everything_back_and_only_once(receive, issue, store, tree, catalogue):
    receive(cabinets=10, cars=[("34A-004.04", 1_000_000_000)])
    car = Item.objects.get(plate_number="34A-004.04")
    voucher = issue(tree.commune_a1, cabinets=4, items=[car])
    reversal = services.voucher_reverse(actor=None, voucher=voucher, reason="Cấp nhầm đơn vị")
    assert reversal.reverses == voucher and reversal.status == "posted"
    assert held(store, catalogue["cabinet"]) == (10, 70_000_000)
    assert held(tree.commune_a1, catalogue["cabinet"]) == (0, 0)
    car.refresh_from_db()
    assert car.holder_unit == store and car.status == ItemStatus.IN_STORE
    assert refusal(lambda: services.voucher_reverse(actor=None, voucher=voucher, reason="Lần hai")) == [
        "Phiếu này đã được đảo."
    ]
    assert refusal(lambda: services.voucher_reverse(actor=None, voucher=reversal, reason="Đảo của đảo")) == [
        "Không thể đảo một phiếu đảo."
    ]
    assert holding_differences() == []


def test_a_reversal_is_refused_when_the_goods_have_moved_on(receive, issue, store, tree, catalogue):
    receive(cabinets=5)
    voucher = issue(tree.commune_a1, cabinets=5)
    issue(tree.commune_a2, cabinets=3, source=tree.commune_a1)
    assert refusal(lambda: services.voucher_reverse(actor=None, voucher=voucher, reason="Không còn đủ")) == [
        "Công an xã Thanh Hồng chỉ còn 2 chiếc Tủ sắt 4 cánh; phiếu xuất 5."
    ]
    assert held(tree.commune_a1, catalogue["cabinet"]) == (2, 14_000_000)


def test_posted_vouchers_are_final(receive, tree, issue):
    voucher = receive(cabinets=2)
    assert refusal(lambda: services.voucher_update(actor=None, voucher=voucher, reason="Sửa")) == [
        "Phiếu đã ghi sổ không thể sửa; hãy lập phiếu đảo."
    ]
    draft = issue(tree.commune_a1, cabinets=1, post=False)
    services.voucher_update(actor=None, voucher=draft, reason="Sửa nháp")
    posted = services.voucher_post(actor=None, voucher=draft)
    assert refusal(lambda: services.voucher_post(actor=None, voucher=posted)) == ["Phiếu này đã được ghi sổ."]
    assert Movement.objects.filter(voucher=draft).count() == 2  # posted once: out of the store, into the commune


def test_the_database_refuses_negative_holdings_and_ledger_changes(receive, store, catalogue):
    receive(cabinets=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Holding.objects.filter(unit=store).update(quantity=-1)
    for statement in ("UPDATE assets_movement SET quantity = 99", "DELETE FROM assets_movement"):
        with pytest.raises((InternalError, ProgrammingError)), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


def test_bad_lines_are_refused_with_reasons(store, tree, catalogue):
    cases = [
        ([LineData(item_type=catalogue["cabinet"], quantity=0, unit_value=1)], "lớn hơn 0"),
        ([LineData(item_type=catalogue["car"], quantity=1, unit_value=5)], "số khung"),
        ([LineData(item_type=catalogue["cabinet"], quantity=1, unit_value=0)], "đơn giá"),
    ]
    for lines, fragment in cases:
        with pytest.raises(ValidationError) as error:
            services.voucher_create(
                actor=None, kind=VoucherKind.RECEIPT, date=DAY, to_unit=store, origin="purchase", lines=lines
            )
        assert fragment in " ".join(error.value.messages).lower(), error.value.messages
    with pytest.raises(ValidationError) as error:
        services.voucher_create(actor=None, kind=VoucherKind.ISSUE, date=DAY, from_unit=store, to_unit=store, lines=[])
    assert "to_unit" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.voucher_create(
            actor=None,
            kind=VoucherKind.ISSUE,
            date=timezone.localdate() + datetime.timedelta(days=2),
            from_unit=store,
            to_unit=tree.commune_a1,
            lines=[LineData(item_type=catalogue["cabinet"], quantity=1)],
        )
    assert "date" in error.value.message_dict
    assert not Voucher.objects.exists()


def test_random_sequences_keep_every_invariant(receive, store, tree, catalogue):
    """Property-style: whatever sequence of vouchers is posted or refused, holdings equal the
    ledger, never go negative, and every serialized item is where its last movement put it."""
    rng = random.Random(20240301)
    units = [store, tree.commune_a1, tree.commune_a2, tree.commune_b1, tree.department]
    receive(cabinets=30, cars=[(f"34A-{n:03d}.00", 500_000_000 + n) for n in range(6)])
    posted = refused = reversed_ = 0
    for step in range(80):
        source, target = rng.sample(units, 2)
        cars = list(Item.objects.filter(holder_unit=source))
        lines = []
        if rng.random() < 0.7:
            lines.append(LineData(item_type=catalogue["cabinet"], quantity=rng.randint(1, 8)))
        if cars and rng.random() < 0.5:
            car = rng.choice(cars)
            lines.append(LineData(item_type=car.item_type, quantity=1, item=car))
        if not lines:
            continue
        kind = VoucherKind.TRANSFER if target != store else VoucherKind.RETURN
        try:
            voucher = services.voucher_create(
                actor=None, kind=kind, date=DAY, from_unit=source, to_unit=target, lines=lines, post=True
            )
        except ValidationError:
            refused += 1
            continue
        posted += 1
        if rng.random() < 0.15:
            with contextlib.suppress(ValidationError):  # refused when the goods have moved on
                services.voucher_reverse(actor=None, voucher=voucher, reason=f"Đảo {step}")
                reversed_ += 1
    # The invariants below hold of any run, even one where everything was refused: the run must
    # have posted, refused and reversed for them to say anything.
    assert min(posted, refused, reversed_) > 0, (posted, refused, reversed_)
    assert holding_differences() == []
    assert not Holding.objects.filter(quantity__lt=0).exists()
    assert sum(Holding.objects.filter(item_type=catalogue["cabinet"]).values_list("quantity", flat=True)) == 30
    assert Item.objects.filter(holder_unit__isnull=False).count() == 6


def test_consistency_command_finds_a_tampered_holding(receive, store, capsys):
    receive(cabinets=3)
    call_command("check_holdings")
    Holding.objects.filter(unit=store).update(quantity=5)
    with pytest.raises(Exception, match="1 difference"):
        call_command("check_holdings")
