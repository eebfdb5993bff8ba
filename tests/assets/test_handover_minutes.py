"""The handover minutes (biên bản bàn giao, tiếp nhận tài sản) of a posted voucher: a number per
unit and year given once, the legal basis, place and date, each side's representatives, the
letterhead with the issuing unit's direct superior, fixed assets' accumulated wear and remaining
value, and rows that multiply out — the unit value of goods counted by quantity is rounded once
to whole đồng and every line is unit value × quantity, the last units of a holding taking the rest."""

import datetime
import io

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from assets import services
from assets.choices import VoucherKind
from assets.models import Holding, Item, Voucher, WearEntry
from assets.selectors import handover_rows, split_value
from assets.services import LineData
from logistics.models import Rank
from tests.conftest import api_for, logged_in
from tests.fixtures.assets import DAY

pytestmark = pytest.mark.django_db


def minutes_text(user, voucher) -> str:
    response = logged_in(user).get(reverse("assets:voucher_minutes", args=[voucher.pk]))
    assert response.status_code == 200
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def mixed_store(receive):
    """29 cabinets worth 198.800.000 ₫ (19 at 7.200.000, 10 at 6.200.000): 6.855.172,41 ₫ each."""
    receive(cabinets=19, value=7_200_000)
    receive(cabinets=10, value=6_200_000)


def test_five_cabinets_go_at_the_rounded_unit_value_times_five(officer, receive, issue, store, tree, catalogue):
    mixed_store(receive)
    voucher = issue(tree.commune_a1, cabinets=5)
    line = voucher.lines.get()
    assert line.unit_value == 6_855_172  # 198.800.000 / 29 = 6.855.172,41, rounded once
    assert voucher.movements.get(unit=tree.commune_a1).value == 34_275_860  # = 5 × 6.855.172 exactly
    assert Holding.objects.get(unit=store).value == 198_800_000 - 34_275_860
    text = minutes_text(officer, voucher)
    assert "6.855.172" in text and "34.275.860" in text
    assert "34.275.862" not in text  # the old average × 5, which did not multiply out


def test_the_last_units_take_the_rest_and_print_in_two_rows(officer, receive, issue, store, tree, catalogue):
    mixed_store(receive)
    issue(tree.commune_a1, cabinets=5)
    last = issue(tree.commune_a2, cabinets=24)
    holding = Holding.objects.get(unit=store)
    assert (holding.quantity, holding.value) == (0, 0)  # no stray đồng stays in the store
    moved = last.movements.get(unit=tree.commune_a2).value
    assert moved == 198_800_000 - 34_275_860 == 164_524_140
    rows = handover_rows(last)
    assert [(row.quantity, row.unit_value) for row in rows] == [(12, 6_855_172), (12, 6_855_173)]
    assert all(row.quantity * row.unit_value == row.value for row in rows)
    assert sum(row.value for row in rows) == moved
    text = minutes_text(officer, last)
    assert "82.262.064" in text and "82.262.076" in text and "164.524.140" in text


def test_split_value_always_multiplies_out():
    for value, quantity in [(198_800_000, 29), (7, 3), (5, 10), (0, 4), (1_000, 1)]:
        rows = split_value(value, quantity)
        assert sum(q for q, _u in rows) == quantity
        assert sum(q * u for q, u in rows) == value
        assert len(rows) <= 2


def test_minutes_numbers_run_per_unit_and_year_once_and_unique(officer, receive, issue, store, tree, catalogue):
    receive(cabinets=10)
    receipt = Voucher.objects.get(kind=VoucherKind.RECEIPT)
    first = issue(tree.commune_a1, cabinets=2)
    second = issue(tree.commune_a2, cabinets=2)
    next_year = issue(tree.commune_a1, cabinets=2, date=datetime.date(2025, 1, 5))
    assert receipt.minutes_number == "01/BB-P-KHO"  # a receipt is drawn up by the unit receiving
    assert (first.minutes_number, second.minutes_number) == ("02/BB-P-KHO", "03/BB-P-KHO")
    assert next_year.minutes_number == "01/BB-P-KHO" and next_year.minutes_year == 2025
    draft = issue(tree.commune_a1, cabinets=1, post=False)
    assert draft.minutes_number == ""
    # Printing does not renumber.
    assert "Số: 02/BB-P-KHO" in minutes_text(officer, first)
    first.refresh_from_db()
    assert first.minutes_sequence == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Voucher.objects.filter(pk=second.pk).update(minutes_sequence=2)


def test_a_voucher_posted_before_numbering_is_numbered_when_first_printed(officer, receive, issue, tree):
    receive(cabinets=4)
    voucher = issue(tree.commune_a1, cabinets=1)
    Voucher.objects.filter(pk=voucher.pk).update(minutes_unit=None, minutes_year=None, minutes_sequence=None)
    later = issue(tree.commune_a2, cabinets=1)
    assert later.minutes_number == "02/BB-P-KHO"  # after the receipt's 01
    minutes_text(officer, voucher)
    voucher.refresh_from_db()
    assert voucher.minutes_number == "03/BB-P-KHO"  # the next free number, when first printed
    minutes_text(officer, voucher)
    voucher.refresh_from_db()
    assert voucher.minutes_sequence == 3


def test_the_letterhead_puts_the_direct_superior_above_the_unit(officer, receive, issue, store, tree, catalogue):
    receive(cabinets=4)
    from_store = issue(tree.commune_a1, cabinets=2)
    text = minutes_text(officer, from_store)
    assert "PHÒNG HẬU CẦN KHO PHÒNG HẬU CẦN" in text  # the store's department above the store
    assert "BỘ CÔNG AN" not in text
    from_province = issue(tree.district_a, cabinets=1, source=store)
    services.voucher_create(
        actor=None,
        kind=VoucherKind.TRANSFER,
        date=DAY,
        from_unit=tree.district_a,
        to_unit=tree.province,
        lines=[LineData(item_type=catalogue["cabinet"], quantity=1)],
        post=True,
    )
    province_voucher = services.voucher_create(
        actor=None,
        kind=VoucherKind.TRANSFER,
        date=DAY,
        from_unit=tree.province,
        to_unit=tree.department,
        lines=[LineData(item_type=catalogue["cabinet"], quantity=1)],
        post=True,
    )
    text = minutes_text(officer, province_voucher)
    assert "BỘ CÔNG AN CÔNG AN TỈNH THỬ" in text  # the province HQ itself: the Ministry above it
    text = minutes_text(officer, from_province)
    assert "PHÒNG HẬU CẦN KHO PHÒNG HẬU CẦN" in text


def test_basis_place_documents_and_representatives_typed_through_the_api(
    officer, receive, store, tree, catalogue, personnel_factory
):
    receive(cabinets=6)
    keeper = personnel_factory(full_name="Nguyễn Văn Kho", rank=Rank.CAPTAIN, position="Thủ kho", unit=store)
    response = api_for(officer).post(
        "/api/assets/vouchers/",
        {
            "kind": "issue",
            "date": DAY.isoformat(),
            "from_unit": store.pk,
            "to_unit": tree.commune_a1.pk,
            "decision_number": "125/QĐ-CAT-PH10",
            "decision_date": "2024-02-20",
            "decision_issuer": "Giám đốc Công an tỉnh",
            "documents": "Phiếu bảo hành 02 bộ",
            "lines": [{"item_type": catalogue["cabinet"].pk, "quantity": 2}],
            "representatives": [
                {"side": "handing", "person": keeper.pk},
                {"side": "receiving", "full_name": "Trần Thị Nhận", "rank": "Thiếu úy", "position": "Cán bộ"},
            ],
            "post": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["minutes_number"] == "02/BB-P-KHO"
    handing = next(r for r in body["representatives"] if r["side"] == "handing")
    assert (handing["full_name"], handing["position"]) == ("Nguyễn Văn Kho", "Thủ kho")  # filled from the roll
    assert handing["rank"] in ("Đại úy", "Captain")
    voucher = Voucher.objects.get(pk=body["id"])
    text = minutes_text(officer, voucher)
    for expected in (
        "125/QĐ-CAT-PH10",
        "20/02/2024",
        "Giám đốc Công an tỉnh",
        "Hải Dương",
        "Phiếu bảo hành 02 bộ",
        "Nguyễn Văn Kho",
        "Thủ kho",
        "Trần Thị Nhận",
        "Thiếu úy",
    ):
        assert expected in text, expected


def test_a_representative_without_a_name_or_side_is_refused_beside_the_field(officer, receive, store, tree, catalogue):
    receive(cabinets=6)
    before = Voucher.objects.count()
    response = api_for(officer).post(
        "/api/assets/vouchers/",
        {
            "kind": "issue",
            "date": DAY.isoformat(),
            "from_unit": store.pk,
            "to_unit": tree.commune_a1.pk,
            "lines": [{"item_type": catalogue["cabinet"].pk, "quantity": 2}],
            "representatives": [{"side": "handing", "full_name": ""}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "representatives" in response.json()["errors"]
    assert Voucher.objects.count() == before
    with pytest.raises(ValidationError) as error:
        services.voucher_create(
            actor=None,
            kind=VoucherKind.ISSUE,
            date=DAY,
            from_unit=store,
            to_unit=tree.commune_a1,
            lines=[LineData(item_type=catalogue["cabinet"], quantity=1)],
            representatives=[{"side": "nobody", "full_name": "A"}],
        )
    assert "representatives" in error.value.message_dict


def test_fixed_assets_show_accumulated_wear_and_remaining_value_at_the_handover(
    officer, receive, issue, store, tree, catalogue
):
    receive(cars=[("34A-111.11", 1_200_000_000)], date=datetime.date(2021, 5, 4))
    for year in (2021, 2022, 2023):
        services.wear_compute(actor=None, year=year)
    car = Item.objects.get(plate_number="34A-111.11")
    voucher = issue(tree.district_a, items=[car], date=DAY)
    wear = sum(WearEntry.objects.filter(item=car, year__lte=2023).values_list("amount", flat=True))
    assert wear > 0
    (row,) = handover_rows(voucher)
    assert (row.value, row.wear, row.remaining) == (1_200_000_000, wear, 1_200_000_000 - wear)
    assert voucher.lines.get().condition == car.condition
    text = minutes_text(officer, voucher)
    assert f"{wear:,}".replace(",", ".") in text
    assert f"{1_200_000_000 - wear:,}".replace(",", ".") in text


def test_representatives_typed_on_the_voucher_page(officer, receive, store, tree, catalogue, personnel_factory):
    receive(cabinets=6)
    keeper = personnel_factory(full_name="Phạm Văn Giữ", position="Thủ kho", unit=store)
    form = {
        "kind": "issue",
        "date": "01/03/2024",
        "from_unit": store.pk,
        "to_unit": tree.commune_a1.pk,
        "decision_number": "7/QĐ-PH10",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-item_type": catalogue["cabinet"].pk,
        "lines-0-quantity": "2",
        "representatives-TOTAL_FORMS": "2",
        "representatives-INITIAL_FORMS": "2",
        "representatives-MIN_NUM_FORMS": "0",
        "representatives-MAX_NUM_FORMS": "1000",
        "representatives-0-side": "handing",
        "representatives-0-person": keeper.pk,
        "representatives-1-side": "receiving",
        "representatives-1-full_name": "Đỗ Văn Nhận",
        "_post": "1",
    }
    client = logged_in(officer)
    page = client.get(reverse("assets:voucher_add"))
    assert 'name="representatives-0-side"' in page.content.decode()
    response = client.post(reverse("assets:voucher_add"), form)
    assert response.status_code == 302, response.context["form"].errors
    voucher = Voucher.objects.get(kind=VoucherKind.ISSUE)
    assert voucher.decision_number == "7/QĐ-PH10"
    assert sorted(voucher.representatives.values_list("side", "full_name", "position")) == [
        ("handing", "Phạm Văn Giữ", "Thủ kho"),
        ("receiving", "Đỗ Văn Nhận", ""),
    ]
    detail = client.get(voucher.get_absolute_url()).content.decode()
    assert "Phạm Văn Giữ" in detail and "7/QĐ-PH10" in detail and voucher.minutes_number in detail
    text = minutes_text(officer, voucher)
    assert "Phạm Văn Giữ" in text and "Đỗ Văn Nhận" in text and "7/QĐ-PH10" in text
