import datetime
import io
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from assets import services
from assets.choices import ItemStatus, Origin, VoucherKind
from assets.models import FixedAssetClass, Holding, Item, ItemType, Movement, Voucher, WearEntry
from assets.selectors import holding_differences
from tests.conftest import api_for, logged_in
from tests.fixtures.assets import DAY
from tests.refusals import refusal, refusal_by_field

pytestmark = pytest.mark.django_db


def test_stocktake_posts_differences_as_one_adjustment_voucher(receive, store, catalogue):
    receive(cabinets=10, cars=[("34A-010.10", 800_000_000), ("34A-011.11", 900_000_000)])
    stocktake = services.stocktake_open(actor=None, unit=store, date=DAY, note="Kiểm kê quý I")
    line = stocktake.lines.get()
    assert (line.expected_quantity, line.unit_value) == (10, 7_000_000)
    missing = Item.objects.get(plate_number="34A-011.11")
    services.stocktake_count(
        actor=None,
        stocktake=stocktake,
        counts={catalogue["cabinet"].pk: 8},
        missing_items=[missing.pk],
        surplus=[
            {"item_type": catalogue["car"], "serial_number": "THUA-01", "description": "Xe thừa", "cost": 300_000_000}
        ],
    )
    assert refusal(
        lambda: services.stocktake_count(actor=None, stocktake=stocktake, counts={catalogue["cabinet"].pk: -1})
    ) == ["Số lượng kiểm đếm không thể âm."]
    stocktake = services.stocktake_post(actor=None, stocktake=stocktake)
    adjustment = stocktake.adjustment
    assert adjustment.kind == VoucherKind.STOCKTAKE and adjustment.status == "posted"
    assert Holding.objects.get(unit=store, item_type=catalogue["cabinet"]).quantity == 8
    missing.refresh_from_db()
    assert (missing.status, missing.holder_unit) == (ItemStatus.LOST, None)
    surplus = Item.objects.get(serial_number="THUA-01")
    assert (surplus.origin, surplus.holder_unit, surplus.cost) == (Origin.SURPLUS, store, 300_000_000)
    assert Holding.objects.get(unit=store, item_type=catalogue["car"]).quantity == 2
    assert refusal(lambda: services.stocktake_post(actor=None, stocktake=stocktake)) == [
        "Đợt kiểm kê này đã được ghi sổ."
    ]


def test_stocktake_refuses_to_post_uncounted_types(receive, store):
    receive(cabinets=2)
    stocktake = services.stocktake_open(actor=None, unit=store, date=DAY)
    assert refusal(lambda: services.stocktake_post(actor=None, stocktake=stocktake)) == [
        "Còn 1 loại trang bị chưa kiểm đếm."
    ]
    assert refusal_by_field(lambda: services.stocktake_open(actor=None, unit=store, date=DAY)) == {
        "unit": ["Đơn vị đang có đợt kiểm kê chưa xong; hãy hoàn thành trước."]
    }


def test_wear_is_cost_times_rate_and_the_last_year_takes_the_remainder(receive, store, catalogue):
    FixedAssetClass.objects.filter(code="XE-OTO").update(wear_rate=Decimal("30.00"))
    receive(cars=[("34A-020.20", 1_000_000_001)], date=datetime.date(2020, 6, 1))
    receive(cabinets=5, date=datetime.date(2020, 6, 1))
    for year in range(2020, 2025):
        services.wear_compute(actor=None, year=year)
    services.wear_compute(actor=None, year=2021)  # computed once per year
    entries = list(WearEntry.objects.order_by("year").values_list("year", "amount", "accumulated"))
    assert entries == [
        (2020, 300_000_000, 300_000_000),
        (2021, 300_000_000, 600_000_000),
        (2022, 300_000_000, 900_000_000),
        (2023, 100_000_001, 1_000_000_001),
    ]
    assert refusal_by_field(lambda: services.wear_compute(actor=None, year=timezone.localdate().year + 1)) == {
        "year": ["Chỉ tính hao mòn cho năm đã đến."]
    }


def test_wear_skips_items_below_the_fixed_asset_threshold(receive):
    receive(cars=[("34A-021.21", 9_999_999)], date=datetime.date(2022, 1, 5))
    assert services.wear_compute(actor=None, year=2022) == 0


def test_a_building_is_registered_and_revalued(tree, catalogue):
    building_class = FixedAssetClass.objects.create(
        code="NHA", name="Nhà", wear_rate=Decimal("4.00"), useful_life_years=25, is_building=True
    )
    building_type = ItemType.objects.create(
        category=catalogue["car"].category,
        code="NHA-LAMVIEC",
        name="Nhà làm việc",
        unit_of_measure="công trình",
        tracking="serial",
        fixed_asset_class=building_class,
    )
    building = services.fixed_asset_register(
        actor=None,
        item_type=building_type,
        name="Nhà làm việc 2 tầng Công an huyện Thanh Hà",
        unit=tree.district_a,
        cost=8_500_000_000,
        acquired_on=datetime.date(2019, 12, 20),
        identifier="CT-2019-TH",
    )
    assert building.holder_unit == tree.district_a and building.is_fixed_asset
    services.item_revalue(
        actor=None, item=building, cost=8_320_000_000, date=datetime.date(2020, 5, 1), reason="Quyết toán công trình"
    )
    building.refresh_from_db()
    assert building.cost == 8_320_000_000
    holding = Holding.objects.get(unit=tree.district_a, item_type=building_type)
    assert (holding.quantity, holding.value) == (1, 8_320_000_000)
    assert holding_differences() == []  # the revaluation moved the value, not the building
    assert refusal_by_field(
        lambda: services.item_revalue(
            actor=None, item=building, cost=8_320_000_000, date=datetime.date(2020, 5, 2), reason="Không đổi"
        )
    ) == {"cost": ["Nguyên giá mới bằng nguyên giá hiện tại."]}


def test_a_receipt_paid_by_budget_shows_on_the_spending_page(receive, officer, tree):
    from budget import services as budget_services
    from budget.models import FundingSource, SpendingCategory

    allocation = budget_services.allocation_create(
        actor=None,
        fiscal_year=budget_services.fiscal_year_for(2024),
        unit=tree.department,
        source=FundingSource.objects.create(code="BO", name="Bộ cấp", kind="ministry"),
        category=SpendingCategory.objects.create(code="MS", name="Mua sắm"),
        amount=100_000_000,
        decision_number="1/QĐ",
        decision_date=datetime.date(2023, 12, 1),
    )
    budget_services.allocation_approve(actor=None, allocation=allocation)
    spending = budget_services.spending_create(
        actor=None,
        allocation=allocation,
        kind="payment",
        date=DAY,
        amount=14_000_000,
        voucher_number="PC-TU",
        description="Mua tủ sắt",
        post=True,
    )
    receive(cabinets=2, spending=spending, origin=Origin.PURCHASE)
    page = logged_in(officer).get(reverse("budget:spending_detail", args=[spending.pk])).content.decode()
    assert "Khoản chi này đã mua" in page and "NK-2024-00001" in page


def test_multi_line_voucher_through_the_page_and_its_minutes(officer, receive, store, tree, catalogue):
    receive(cabinets=10, cars=[("34A-030.30", 1_200_000_000)])
    car = Item.objects.get(plate_number="34A-030.30")
    form = {
        "kind": "issue",
        "number": "",
        "date": "01/03/2024",
        "from_unit": store.pk,
        "to_unit": tree.commune_a1.pk,
        "reason": "Cấp phát đầu năm",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-item_type": catalogue["cabinet"].pk,
        "lines-0-quantity": "3",
        "lines-1-item_type": catalogue["car"].pk,
        "lines-1-item": car.pk,
        "lines-1-quantity": "1",
        "lines-2-item_type": catalogue["cabinet"].pk,
        "lines-2-quantity": "9",
        "lines-2-DELETE": "on",
        "_post": "1",
    }
    response = logged_in(officer).post(reverse("assets:voucher_add"), form)
    assert response.status_code == 302, response.context["form"].errors
    voucher = Voucher.objects.get(kind=VoucherKind.ISSUE)
    assert voucher.status == "posted" and voucher.lines.count() == 2
    pdf = logged_in(officer).get(reverse("assets:voucher_minutes", args=[voucher.pk]))
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages).split())
    # "BIÊN BẢN BÀN GIAO, TIẾP NHẬN TÀI SẢN" once the catalogue has the new title.
    assert (
        ("BIÊN BẢN BÀN GIAO" in text or "MINUTES OF HANDOVER AND RECEIPT" in text)
        and "Công an xã Thanh Hồng" in text
        and "Tủ sắt 4 cánh" in text
    )
    assert "1.221.000.000" in text  # 3 × 7.000.000 + the car's 1.200.000.000


def test_a_shortage_on_the_page_keeps_every_line_typed(officer, receive, store, tree, catalogue):
    receive(cabinets=2)
    form = {
        "kind": "issue",
        "date": "01/03/2024",
        "from_unit": store.pk,
        "to_unit": tree.commune_a1.pk,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-item_type": catalogue["cabinet"].pk,
        "lines-0-quantity": "5",
        "lines-0-description": "Tủ cho tổ tuần tra",
        "_post": "1",
    }
    response = logged_in(officer).post(reverse("assets:voucher_add"), form)
    assert response.status_code == 400
    assert "chỉ còn 2 chiếc" in response.content.decode()
    assert "Tủ cho tổ tuần tra" in response.content.decode()
    assert not Voucher.objects.filter(kind=VoucherKind.ISSUE).exists()


def test_qr_label_points_at_the_item(officer, receive):
    receive(cars=[("34A-040.40", 700_000_000)])
    item = Item.objects.get(plate_number="34A-040.40")
    client = logged_in(officer)
    assert "34A-040.40" in client.get(reverse("assets:item_label", args=[item.pk])).content.decode()
    svg = client.get(reverse("assets:item_label", args=[item.pk]) + "?format=svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content


def test_api_creates_and_posts_a_voucher_with_lines(officer, receive, store, tree, catalogue):
    receive(cabinets=5)
    api = api_for(officer)
    body = {
        "kind": "issue",
        "date": "2024-03-01",
        "from_unit": store.pk,
        "to_unit": tree.commune_b1.pk,
        "lines": [{"item_type": catalogue["cabinet"].pk, "quantity": 2}],
        "post": True,
    }
    created = api.post("/api/assets/vouchers/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "posted"
    too_many = api.post(
        "/api/assets/vouchers/",
        {**body, "lines": [{"item_type": catalogue["cabinet"].pk, "quantity": 9}]},
        format="json",
    )
    assert too_many.status_code == 400 and "chỉ còn 3 chiếc" in str(too_many.json()["errors"])
    holdings = api.get("/api/assets/holdings/", {"unit": tree.commune_b1.pk}).json()["results"]
    assert [(row["item_type_name"], row["quantity"]) for row in holdings] == [("Tủ sắt 4 cánh", 2)]
    reversed_ = api.post(f"/api/assets/vouchers/{created.json()['id']}/reverse/", {"reason": "Nhầm"}, format="json")
    assert reversed_.status_code == 200 and reversed_.json()["reverses"] == created.json()["id"]
    assert Movement.objects.count() == 5


def test_scope_from_every_door(make_user, receive, issue, store, tree, catalogue):
    from logistics.roles import Role

    receive(cabinets=10, cars=[("34A-050.50", 600_000_000), ("34A-051.51", 600_000_000)])
    own_car, far_car = Item.objects.get(plate_number="34A-050.50"), Item.objects.get(plate_number="34A-051.51")
    own = issue(tree.commune_a1, cabinets=2, items=[own_car], reason="Cho xã mình")
    issue(tree.commune_b1, cabinets=3, items=[far_car], reason="Cho xã khác")
    commander = make_user(Role.UNIT_COMMANDER, tree.commune_a1)
    client, api = logged_in(commander), api_for(commander)
    assert [v.pk for v in client.get(reverse("assets:voucher_list")).context["table"].data] == [own.pk]
    assert client.get(far_car.get_absolute_url()).status_code == 404
    assert client.get(reverse("assets:voucher_minutes", args=[own.pk])).status_code == 200
    assert api.get(f"/api/assets/items/{far_car.pk}/").status_code == 404
    assert api.get("/api/assets/holdings/").json()["count"] == 2
    csv_text = b"".join(client.get(reverse("assets:movement_export") + "?format=csv").streaming_content).decode()
    assert "34A-050.50" in csv_text and "34A-051.51" not in csv_text
    report = client.get(reverse("assets:report_issuance") + "?date_from=01/01/2024&date_to=31/12/2024")
    assert report.context["report"].sections[0].totals["quantity"] == 3
