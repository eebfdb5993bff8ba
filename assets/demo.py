"""Equipment demo data, built from individual vouchers through the services.

2015–2020: 34 cars, 28 two-wheel motorcycles, 2 motorboats, 325 steel cabinets (4-door and
2-door), 7 cameras, 34 forensic examination kits, 1 infrared binoculars and 10 megaphone sirens
received into the logistics warehouse and issued to named units; the three rounds of Đề án 365
(2019 – early 2020) equipping commune police; the 2020 COVID-19 supplies, paid by the budget's
spending entries, issued to units and epidemic checkpoints — about 72,5 tỷ đồng issued in all.
Later: new issues, a stocktake, the 2025 reorganisation — the district police dissolved on
01/03/2025 and the provincial force merged into Hải Phòng's on 01/07/2025, each dissolution handing
what the unit held to its successor by the merger voucher it writes — and the yearly wear of fixed
assets.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from assets import services
from assets.choices import Origin, VoucherKind
from assets.demo_data import (
    CABINET_PURCHASES,
    CAR_MODELS,
    CATEGORIES,
    CLASSES,
    COVID_CHECKPOINTS,
    COVID_CONSUMABLES,
    COVID_CONSUMPTION_MONTHS,
    COVID_SUPPLIES,
    DEPARTMENTS,
    FORENSIC_KIT_BATCHES,
    ITEM_TYPES,
    LATER_CABINET_SUPPLIER,
    LOSS,
    MOTORCYCLE_BATCHES,
    PROGRAMMES,
    PURCHASE_CATEGORY,
    PURCHASE_PAYER,
    PURCHASE_PAYER_AFTER_MERGER,
    PURCHASE_SOURCE,
    REPAIRS,
    SCHEME_365_ROUNDS,
    UNIFORM_ISSUES,
    WAREHOUSE,
)
from assets.models import AssetCategory, FixedAssetClass, Holding, Item, ItemType, Movement, Programme, Voucher
from assets.services import LineData
from budget import services as budget_services
from budget.choices import SpendingKind
from budget.models import Allocation, FundingSource, Spending, SpendingCategory
from logistics.demo import apply_reorganisation
from logistics.models import Personnel, Supplier, Unit


def _catalogue() -> dict[str, ItemType]:
    for code, name in CATEGORIES:
        if not AssetCategory.objects.filter(code=code).exists():
            services.asset_category_create(actor=None, code=code, name=name)
    for code, name, rate, life, special, building in CLASSES:
        if not FixedAssetClass.objects.filter(code=code).exists():
            services.fixed_asset_class_create(
                actor=None,
                code=code,
                name=name,
                wear_rate=Decimal(rate),
                useful_life_years=life,
                is_special_police=special,
                is_building=building,
            )
    for code, name in PROGRAMMES:
        if not Programme.objects.filter(code=code).exists():
            services.programme_create(actor=None, code=code, name=name)
    for code, name, category, uom, tracking, asset_class, special in ITEM_TYPES:
        if not ItemType.objects.filter(code=code).exists():
            services.item_type_create(
                actor=None,
                code=code,
                name=name,
                category=AssetCategory.objects.get(code=category),
                unit_of_measure=uom,
                tracking=tracking,
                fixed_asset_class=FixedAssetClass.objects.filter(code=asset_class).first(),
                is_special_police=special,
            )
    return {item_type.code: item_type for item_type in ItemType.objects.all()}


class Demo:
    def __init__(self, types):
        self.types = types
        self.rng = random.Random(365)
        self.units = {unit.code: unit for unit in Unit.objects.all()}
        self.store = self.units[WAREHOUSE]
        self.serial = 0

    def next_serial(self, prefix: str) -> str:
        self.serial += 1
        return f"{prefix}-{self.serial:05d}"

    def receive(
        self, date, lines, *, origin=Origin.TRANSFER_IN, supplier=None, spending=None, programme=None, reason=""
    ):
        return services.voucher_create(
            actor=None,
            kind=VoucherKind.RECEIPT,
            date=date,
            to_unit=self.store,
            origin=origin,
            supplier=supplier,
            spending=spending,
            programme=programme,
            reason=reason,
            lines=lines,
            post=True,
        )

    def buy(self, date, lines, *, supplier=None, reason="", number=""):
        """Receive a purchase, paid first by a spending entry of an equipment allocation
        (mua sắm trang thiết bị) of the logistics department for the year, which the receipt cites."""
        total = sum(line.quantity * line.unit_value for line in lines)
        year = date.year
        payer = self.units[PURCHASE_PAYER if year <= PURCHASE_PAYER_AFTER_MERGER[1] else PURCHASE_PAYER_AFTER_MERGER[0]]
        source = FundingSource.objects.get(code=PURCHASE_SOURCE)
        category = SpendingCategory.objects.get(code=PURCHASE_CATEGORY)
        allocation = Allocation.objects.filter(
            fiscal_year_id=year, unit=payer, source=source, category=category, carried_over_from__isnull=True
        ).first()
        if allocation is None:
            allocation = budget_services.allocation_create(
                actor=None,
                fiscal_year=budget_services.fiscal_year_for(year),
                unit=payer,
                source=source,
                category=category,
                amount=-(-total * 105 // 100 // 1_000_000) * 1_000_000,
                decision_number=f"{year - 1}/QĐ-H01-MSTB-{year}",
                decision_date=datetime.date(year - 1, 12, 20),
                note="Kinh phí mua sắm trang thiết bị",
            )
            allocation = budget_services.allocation_approve(actor=None, allocation=allocation)
        elif allocation.available < total:
            # A second purchase in the year: the equipment allocation is supplemented first.
            budget_services.adjustment_create(
                actor=None,
                allocation=allocation,
                amount=-(-(total - allocation.available) // 1_000_000) * 1_000_000,
                decision_number=f"{date:%m}/QĐ-H01-BS-MSTB-{year}",
                decision_date=date - datetime.timedelta(days=7),
                reason="Bổ sung kinh phí mua sắm trang thiết bị",
            )
        spending = budget_services.spending_create(
            actor=None,
            allocation=allocation,
            kind=SpendingKind.PAYMENT,
            date=date,
            amount=total,
            payee=supplier,
            voucher_number=number,
            description=reason,
            post=True,
        )
        return self.receive(date, lines, origin=Origin.PURCHASE, supplier=supplier, spending=spending, reason=reason)

    def issue(self, date, unit_code, lines, *, programme=None, reason=""):
        return services.voucher_create(
            actor=None,
            kind=VoucherKind.ISSUE,
            date=date,
            from_unit=self.store,
            to_unit=self.units[unit_code],
            programme=programme,
            reason=reason,
            lines=lines,
            post=True,
        )

    def serial_batch(self, type_code, date, entries, *, prefix, plates=False):
        """Receive serialized items: ``entries`` = [(description, value)]; returns the items."""
        lines = []
        for description, value in entries:
            identifier = self.next_serial(prefix)
            line = LineData(item_type=self.types[type_code], quantity=1, unit_value=value, description=description)
            if plates:
                line.plate_number = f"34A-{self.serial:03d}.{self.rng.randint(10, 99)}"
                line.chassis_number = f"RL{self.rng.randint(10**9, 10**10 - 1)}"
                line.engine_number = f"EN{self.rng.randint(10**7, 10**8 - 1)}"
            else:
                line.serial_number = identifier
            lines.append(line)
        voucher = self.receive(date, lines, reason="Tiếp nhận trang bị Bộ cấp")
        return [line.item for line in voucher.lines.select_related("item").order_by("id")]

    def issue_items(self, date, unit_code, items, *, programme=None, reason="Cấp phát trang bị"):
        lines = [LineData(item_type=item.item_type, quantity=1, item=item) for item in items]
        return self.issue(date, unit_code, lines, programme=programme, reason=reason)


def _day(rng, year, month_from=1, month_to=12) -> datetime.date:
    return datetime.date(year, rng.randint(month_from, month_to), rng.randint(1, 28))


def load() -> None:
    types = _catalogue()
    if Voucher.objects.exists():
        return
    demo = Demo(types)
    rng = demo.rng
    units = demo.units
    districts = [code for code in units if units[code].kind == "district"]
    communes = sorted(code for code in units if units[code].kind == "commune")
    receivers = districts + DEPARTMENTS

    # Cars: 34, received from the ministry and issued the same year, 2015–2020.
    cars = [(description, value) for count, description, value in CAR_MODELS for _ in range(count)]
    rng.shuffle(cars)
    for index, (description, value) in enumerate(cars):
        year = 2015 + index % 6
        received = _day(rng, year, 1, 10)
        (car,) = demo.serial_batch("XE-OTO", received, [(description, value)], prefix="OTO", plates=True)
        demo.issue_items(
            received + datetime.timedelta(days=rng.randint(3, 40)),
            receivers[index % len(receivers)],
            [car],
            programme=Programme.objects.get(code="TCCS") if index % 3 == 0 else None,
        )

    # Motorcycles: 28, to district police.
    for year, count in MOTORCYCLE_BATCHES:
        received = _day(rng, year, 2, 6)
        bikes = demo.serial_batch(
            "XE-MOTO", received, [("Xe mô tô Honda Wave", 42_000_000)] * count, prefix="MOTO", plates=True
        )
        for index, bike in enumerate(bikes):
            demo.issue_items(received + datetime.timedelta(days=10), districts[(index + year) % len(districts)], [bike])

    # Motorboats: 2, to the traffic police (waterways).
    boats = demo.serial_batch(
        "XUONG-MAY", datetime.date(2017, 5, 8), [("Xuồng máy tuần tra vỏ composite", 690_000_000)] * 2, prefix="XUONG"
    )
    demo.issue_items(datetime.date(2017, 5, 20), "HD-PC08", boats)

    # Steel cabinets: 190 four-door and 135 two-door, bought and issued to every unit.
    supplier = Supplier.objects.filter(tax_code="0101987654").first()
    for year, four, two in CABINET_PURCHASES:
        received = datetime.date(year, 3, 15)
        demo.buy(
            received,
            [
                LineData(item_type=types["TU-SAT-4C"], quantity=four, unit_value=7_200_000),
                LineData(item_type=types["TU-SAT-2C"], quantity=two, unit_value=4_600_000),
            ],
            supplier=supplier,
            reason="Mua sắm tủ sắt",
            number=f"MSTB{year % 100:02d}-01",
        )
        for index in range(10):
            code = receivers[(index + year) % len(receivers)]
            demo.issue(
                received + datetime.timedelta(days=20 + index),
                code,
                [
                    LineData(item_type=types["TU-SAT-4C"], quantity=four // 10),
                    LineData(item_type=types["TU-SAT-2C"], quantity=two // 10 + (1 if index < two % 10 else 0)),
                ],
            )

    # Cameras 7, forensic kits 34, infrared binoculars 1, megaphone sirens 10.
    cameras = demo.serial_batch(
        "CAMERA", datetime.date(2016, 9, 5), [("Ca-mê-ra ghi hình nghiệp vụ", 125_000_000)] * 7, prefix="CAM"
    )
    for index, camera in enumerate(cameras):
        demo.issue_items(datetime.date(2016, 9, 20), ["HD-PC02", "HD-PA05", "HD-PC09", "HD-PA08"][index % 4], [camera])
    for year, count in FORENSIC_KIT_BATCHES:
        kits = demo.serial_batch(
            "VALI-KN",
            datetime.date(year, 4, 2),
            [("Va-li khám nghiệm hiện trường đa năng", 195_000_000)] * count,
            prefix="VALI",
        )
        for index, kit in enumerate(kits):
            demo.issue_items(datetime.date(year, 4, 25), (["HD-PC09"] + districts)[index % (len(districts) + 1)], [kit])
    (binoculars,) = demo.serial_batch(
        "ONG-NHOM-HN", datetime.date(2018, 7, 1), [("Ống nhòm nhìn đêm hồng ngoại", 380_000_000)], prefix="ONHN"
    )
    demo.issue_items(datetime.date(2018, 7, 12), "HD-PK02", [binoculars])
    sirens = demo.serial_batch(
        "COI-U", datetime.date(2019, 6, 3), [("Còi ủ tăng âm gắn xe", 13_500_000)] * 10, prefix="COI"
    )
    for index, siren in enumerate(sirens):
        demo.issue_items(datetime.date(2019, 6, 18), ["HD-PC08", "HD-PK02"][index % 2], [siren])

    # Đề án 365: three rounds (08/2019, 11/2019, 02/2020) equipping commune police.
    per_round = [communes[i::3] for i in range(3)]
    for (code, date), round_communes in zip(SCHEME_365_ROUNDS, per_round, strict=True):
        programme = Programme.objects.get(code=code)
        count = len(round_communes)
        demo.receive(
            date - datetime.timedelta(days=10),
            [
                LineData(item_type=types["CCHT"], quantity=10 * count, unit_value=1_800_000),
                LineData(item_type=types["QP-XH"], quantity=10 * count, unit_value=1_200_000),
                LineData(item_type=types["BO-DAM"], quantity=3 * count, unit_value=4_500_000),
            ],
            programme=programme,
            reason="Tiếp nhận trang bị triển khai Đề án 365",
        )
        for commune in round_communes:
            demo.issue(
                date,
                commune,
                [
                    LineData(item_type=types["CCHT"], quantity=10),
                    LineData(item_type=types["QP-XH"], quantity=10),
                    LineData(item_type=types["BO-DAM"], quantity=3),
                ],
                programme=programme,
                reason="Trang bị cho Công an xã chính quy (Đề án 365)",
            )

    # 2020 COVID-19 supplies, paid by the budget's spending entries, issued to units and checkpoints,
    # and used up by them month by month through 2021.
    _covid(demo, types)
    _covid_consumption(demo, types)

    # Later years: vehicles repaired, a siren lost, uniforms for named officers.
    _repairs_and_loss(demo)
    _uniforms(demo, types)

    # Later years: new cabinets for communes, a stocktake, the 2025 reorganisation.
    _later(demo, types, districts, communes)

    # Wear of fixed assets, computed each December.
    for year in range(2015, timezone.localdate().year):
        services.wear_compute(actor=None, year=year)


def _covid(demo, types):
    programme = Programme.objects.get(code="COVID19")
    checkpoints = COVID_CHECKPOINTS + [u for u in demo.units if demo.units[u].kind == "district"][:8]
    for code, keyword, quantity, unit_value in COVID_SUPPLIES:
        spending = Spending.objects.filter(allocation__category__code="PCD", description__icontains=keyword).first()
        date = spending.date if spending else datetime.date(2020, 3, 20)
        demo.receive(
            date,
            [LineData(item_type=types[code], quantity=quantity, unit_value=unit_value)],
            origin=Origin.PURCHASE,
            supplier=spending.payee if spending else None,
            spending=spending,
            programme=programme,
            reason="Mua sắm vật tư phòng, chống dịch COVID-19",
        )
        share = quantity // len(checkpoints)
        for index, unit_code in enumerate(checkpoints):
            amount = share + (quantity - share * len(checkpoints) if index == 0 else 0)
            demo.issue(
                date + datetime.timedelta(days=2 + index % 5),
                unit_code,
                [LineData(item_type=types[code], quantity=amount)],
                programme=programme,
                reason="Cấp phát cho đơn vị, chốt kiểm soát dịch",
            )


def _covid_consumption(demo, types):
    """Each unit and checkpoint uses up what it received of the consumables, in a voucher every few
    months, leaving a small remainder or none."""
    rng = demo.rng
    consumables = [types[code] for code in COVID_CONSUMABLES]
    holdings = (
        Holding.objects.filter(item_type__in=consumables, quantity__gt=0)
        .select_related("unit", "item_type")
        .order_by("unit__code", "item_type__code")
    )
    by_unit: dict[Unit, dict[ItemType, int]] = {}
    for holding in holdings:
        by_unit.setdefault(holding.unit, {})[holding.item_type] = holding.quantity
    for unit, held in by_unit.items():
        received = Movement.objects.filter(unit=unit, item_type__in=consumables, quantity__gt=0).aggregate(
            last=Max("date")
        )["last"]
        # What each month uses: the whole less a remainder of up to 3 %, in uneven parts.
        plan = {}
        for item_type, quantity in held.items():
            used = quantity - rng.randint(0, quantity * 3 // 100)
            weights = [rng.randint(6, 14) for _ in COVID_CONSUMPTION_MONTHS]
            parts = [used * weight // sum(weights) for weight in weights]
            parts[0] += used - sum(parts)
            plan[item_type] = parts
        for index, (year, month) in enumerate(COVID_CONSUMPTION_MONTHS):
            date = max(datetime.date(year, month, rng.randint(20, 28)), received + datetime.timedelta(days=10))
            lines = [
                LineData(item_type=item_type, quantity=parts[index])
                for item_type, parts in plan.items()
                if parts[index] > 0
            ]
            if lines:
                services.voucher_create(
                    actor=None,
                    kind=VoucherKind.CONSUMPTION,
                    date=date,
                    from_unit=unit,
                    programme=Programme.objects.get(code="COVID19"),
                    reason=f"Xuất dùng vật tư phòng, chống dịch COVID-19 tháng {month:02d}/{year}",
                    lines=lines,
                    post=True,
                )


def _repairs_and_loss(demo):
    for type_code, unit_code, repairer, sent, expected, back, worn, repaired, reason in REPAIRS:
        unit = demo.units[unit_code]
        item = (
            Item.objects.filter(item_type__code=type_code, holder_unit=unit, movements__date__lt=sent)
            .order_by("pk")
            .first()
        )
        supplier = Supplier.objects.filter(tax_code=repairer).first()
        line = LineData(item_type=item.item_type, quantity=1, item=item, condition=worn)
        services.voucher_create(
            actor=None,
            kind=VoucherKind.REPAIR_OUT,
            date=sent,
            from_unit=unit,
            supplier=supplier,
            expected_return_date=expected,
            reason=reason,
            lines=[line],
            post=True,
        )
        line.condition = repaired
        services.voucher_create(
            actor=None,
            kind=VoucherKind.REPAIR_BACK,
            date=back,
            to_unit=unit,
            supplier=supplier,
            reason=f"Nhận về sau sửa chữa: {reason.lower()}",
            lines=[line],
            post=True,
        )
    type_code, unit_code, decision, decided, date, reason = LOSS
    unit = demo.units[unit_code]
    siren = Item.objects.filter(item_type__code=type_code, holder_unit=unit).order_by("pk").first()
    services.voucher_create(
        actor=None,
        kind=VoucherKind.LOSS,
        date=date,
        from_unit=unit,
        decision_number=decision,
        decision_date=decided,
        reason=reason,
        lines=[LineData(item_type=siren.item_type, quantity=1, item=siren)],
        post=True,
    )


def _uniforms(demo, types):
    """Summer uniforms received into the store and issued to named officers (the movement records
    the officer)."""
    uniforms = types["QP-XH"]
    first = min(day for day, *_rest in UNIFORM_ISSUES)
    demo.buy(
        first - datetime.timedelta(days=12),
        [
            LineData(
                item_type=uniforms, quantity=sum(n * each for _d, _u, n, each in UNIFORM_ISSUES), unit_value=1_250_000
            )
        ],
        reason="Mua sắm quân phục xuân hè cấp theo niên hạn năm 2022",
        number="MSTB22-QP",
    )
    for day, unit_code, officers, each in UNIFORM_ISSUES:
        unit = demo.units[unit_code]
        for person in Personnel.objects.filter(unit=unit).order_by("service_number")[:officers]:
            services.voucher_create(
                actor=None,
                kind=VoucherKind.ISSUE,
                date=day,
                from_unit=demo.store,
                to_unit=unit,
                to_person=person,
                reason=f"Cấp quân phục xuân hè niên hạn 2022 cho đồng chí {person.full_name}",
                lines=[LineData(item_type=uniforms, quantity=each)],
                post=True,
            )


def _later(demo, types, districts, communes):
    rng = demo.rng
    for year in (2022, 2024):
        date = datetime.date(year, 5, 10)
        demo.buy(
            date,
            [LineData(item_type=types["TU-SAT-2C"], quantity=40, unit_value=5_100_000)],
            supplier=Supplier.objects.filter(tax_code=LATER_CABINET_SUPPLIER).first(),
            reason="Mua sắm tủ sắt cho Công an xã",
            number=f"MSTB{year % 100:02d}-01",
        )
        for commune in communes[: 20 if year == 2022 else 40][-20:]:
            demo.issue(date + datetime.timedelta(days=7), commune, [LineData(item_type=types["TU-SAT-2C"], quantity=2)])
    cars = demo.serial_batch(
        "XE-OTO",
        datetime.date(2023, 8, 1),
        [("Xe 7 chỗ Toyota Fortuner", 1_520_000_000)] * 2,
        prefix="OTO",
        plates=True,
    )
    demo.issue_items(datetime.date(2023, 8, 15), "HD-PC02", cars[:1])
    demo.issue_items(datetime.date(2023, 8, 15), "HD-PK02", cars[1:])
    # A count of the store in December 2024 found one two-door cabinet fewer than the ledger.
    stocktake = services.stocktake_open(
        actor=None, unit=demo.store, date=datetime.date(2024, 12, 20), note="Kiểm kê cuối năm 2024"
    )
    counts = {
        line.item_type_id: line.expected_quantity - (1 if line.item_type.code == "TU-SAT-2C" else 0)
        for line in stocktake.lines.select_related("item_type")
    }
    services.stocktake_count(actor=None, stocktake=stocktake, counts=counts)
    services.stocktake_post(actor=None, stocktake=stocktake)
    # 2025: the district police dissolved, then the force merged; what each unit held passes to its
    # successor by the merger voucher the dissolution writes (logistics.demo).
    apply_reorganisation()
    demo.units = {unit.code: unit for unit in Unit.objects.all()}
    demo.store = demo.units[WAREHOUSE]
    # This year: cabinets and motorcycles bought and issued to the commune police, so that the
    # dashboard, which opens on the current year, shows this year's issuance.
    today = timezone.localdate()
    received = max(datetime.date(today.year, 1, 1), today - datetime.timedelta(days=60))
    issued = min(received + datetime.timedelta(days=14), today)
    demo.buy(
        received,
        [LineData(item_type=types["TU-SAT-4C"], quantity=30, unit_value=6_200_000)],
        supplier=Supplier.objects.filter(tax_code=LATER_CABINET_SUPPLIER).first(),
        reason=f"Mua sắm tủ sắt cho Công an xã năm {today.year}",
        number=f"MSTB{today.year % 100:02d}-01",
    )
    bikes = demo.serial_batch(
        "XE-MOTO", received, [("Xe mô tô Honda Wave", 42_500_000)] * 6, prefix="MOTO", plates=True
    )
    serving = [code for code in communes if demo.units[code].valid_to is None]
    for index, commune in enumerate(serving[:12]):
        demo.issue(issued, commune, [LineData(item_type=types["TU-SAT-4C"], quantity=2)], reason="Cấp tủ sắt")
        if index < len(bikes):
            demo.issue_items(issued, commune, [bikes[index]], reason="Cấp xe mô tô cho Công an xã")
    # A draft issue waiting to be posted.
    services.voucher_create(
        actor=None,
        kind=VoucherKind.ISSUE,
        date=today,
        from_unit=demo.store,
        to_unit=demo.units[communes[0]],
        reason="Cấp bổ sung tủ sắt",
        lines=[LineData(item_type=types["TU-SAT-4C"], quantity=1)],
    )
    assert rng is not None
