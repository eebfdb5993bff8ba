"""Construction demo data, built work by work through the services, from the source document:

- 148 items built, renovated or repaired and completed (accepted — nghiệm thu) in 2015–2020, among
  them phase I of the Chí Linh city police headquarters; two-storey office buildings for the district
  police of Thanh Hà, Bình Giang, Thanh Miện, Tứ Kỳ, Kim Thành and Nam Sách and for departments PC02,
  PA08 and PK02; the renovation of 23 commune police stations; and 115 smaller repairs, renovations
  and new structures across the force;
- later works (2021 on): some completed and settled, some under construction (two of them overdue,
  one with a lower progress figure and its reason), one approved, one proposed.

Every payment is a budget spending entry of a "XDSC" allocation (construction and repair) of the
logistics department, created and approved here through the budget services; past years are closed
by the budget demo's ``finish()`` afterwards. The office buildings enter the asset register at
handover (item type ``NHA-LAMVIEC`` of the equipment demo).

Idempotent: nothing is created when works exist already, except buildings still waiting to enter
the asset register.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assets import services as asset_services
from assets.models import ItemType
from budget import services as budget_services
from budget.models import Allocation, FundingSource, SpendingCategory, YearClosure
from construction import selectors, services
from construction.choices import COMPLETED, ProjectStatus, WorkKind
from construction.demo_data import (
    ALLOCATION_UNIT,
    BUILDING_TYPE,
    CATEGORY,
    COMMUNE_RENOVATIONS,
    COMPLETED_IN_PERIOD,
    CONSULTANT,
    MAIN_CONTRACTORS,
    OTHER_BUILDING_TYPE,
    PERIOD,
    REGISTER_TYPES,
    SMALL_COST,
    SMALL_WORKS,
    SMALL_WORKS_PER_YEAR,
    TWO_STOREY,
)
from construction.models import Project
from logistics.models import Supplier, Unit, User


def _round(amount: float, step: int = 1_000_000) -> int:
    return max(step, int(amount) // step * step)


@dataclass
class Plan:
    """One work of the demo: what it is, its dates, its reports and its payments."""

    name: str
    kind: str
    unit: str
    total: int
    decided: datetime.date
    started: datetime.date | None
    planned_start: datetime.date
    planned_end: datetime.date
    status: str
    accepted: datetime.date | None = None
    handed_over: datetime.date | None = None
    settled: datetime.date | None = None
    phase: str = ""
    location: str = ""
    source: str = "BO"
    building: bool = False
    proposed_total: int | None = None
    contracts: list[tuple[str, int]] = field(default_factory=list)  # (contractor tax code, value)
    settlement: int | None = None
    reports: list[tuple[datetime.date, int, str]] = field(default_factory=list)
    payments: list[tuple[datetime.date, int, int]] = field(default_factory=list)  # (date, contract index, amount)
    adjustments: list[dict] = field(default_factory=list)
    #: The (name, phase) of the earlier work whose registered building this renovation renovates.
    renovates: tuple[str, str] | None = None


class Builder:
    def __init__(self, today: datetime.date):
        self.today = today
        self.rng = random.Random(2015)
        self.units = {unit.code: unit for unit in Unit.objects.all()}
        self.suppliers = {supplier.tax_code: supplier for supplier in Supplier.objects.all()}
        self.plans: list[Plan] = []

    # --- planning -----------------------------------------------------------------------------

    def day_in(self, year: int, first_month: int = 1, last_month: int = 12) -> datetime.date:
        month = self.rng.randint(first_month, last_month)
        return datetime.date(year, month, self.rng.randint(1, 28))

    def location(self, code: str) -> str:
        unit = self.units[code]
        return f"Trụ sở {unit.name}"

    def plan_completed(
        self,
        *,
        name: str,
        kind: str,
        unit: str,
        total: int,
        accepted: datetime.date,
        months: int,
        status: str = ProjectStatus.SETTLED,
        phase: str = "",
        source: str = "BO",
        building: bool = False,
        consultant: bool = False,
        late_days: int = 0,
        reports: int = 2,
    ) -> Plan:
        rng = self.rng
        started = accepted - datetime.timedelta(days=int(months * 30.4) + rng.randint(-8, 8))
        started = max(started, datetime.date(2015, 1, 12))
        decided = started - datetime.timedelta(days=rng.randint(20, 75))
        planned_start = started - datetime.timedelta(days=rng.randint(0, 10))
        planned_end = (
            accepted - datetime.timedelta(days=late_days)
            if late_days
            else accepted + datetime.timedelta(days=rng.randint(0, 25))
        )
        planned_end = max(planned_end, planned_start)
        handed_over = (
            accepted + datetime.timedelta(days=rng.randint(5, 25)) if status != ProjectStatus.ACCEPTED else None
        )
        settled = None
        if status == ProjectStatus.SETTLED:
            settled = handed_over + datetime.timedelta(days=rng.randint(60, 200))
        main = _round(total * rng.uniform(0.86, 0.92))
        contracts = [(MAIN_CONTRACTORS[rng.randrange(len(MAIN_CONTRACTORS))], main)]
        if consultant:
            contracts.append((CONSULTANT, _round(total * rng.uniform(0.035, 0.05))))
        plan = Plan(
            name=name,
            kind=kind,
            unit=unit,
            total=total,
            decided=decided,
            started=started,
            planned_start=planned_start,
            planned_end=planned_end,
            status=status,
            accepted=accepted,
            handed_over=handed_over,
            settled=settled,
            phase=phase,
            location=self.location(unit),
            source=source,
            building=building,
            contracts=contracts,
        )
        # Progress: evenly spread reports, the last one at 100 % a few days before acceptance.
        span = (accepted - started).days
        for index in range(1, reports + 1):
            percent = 100 if index == reports else min(95, round(100 * index / reports + rng.randint(-8, 5)))
            day = started + datetime.timedelta(days=max(1, span * index // (reports + 1)))
            if index == reports:
                day = accepted - datetime.timedelta(days=rng.randint(1, 4))
            plan.reports.append((max(day, started), percent, ""))
        # Payments: an advance, a progress payment, and the balance after settlement (the
        # consultant is paid at acceptance). A work not yet settled keeps its balance due.
        final_main = _round(main * rng.uniform(0.97, 1.0)) if settled else main
        advance, middle = _round(main * 0.3), _round(main * 0.4)
        plan.payments.append((started + datetime.timedelta(days=rng.randint(7, 20)), 0, advance))
        plan.payments.append((started + datetime.timedelta(days=max(10, span // 2)), 0, middle))
        if settled:
            plan.payments.append(
                (settled + datetime.timedelta(days=rng.randint(5, 20)), 0, final_main - advance - middle)
            )
        elif handed_over:
            plan.payments.append((handed_over + datetime.timedelta(days=15), 0, _round(main * 0.2)))
        if consultant:
            plan.payments.append((accepted + datetime.timedelta(days=rng.randint(10, 30)), 1, contracts[1][1]))
        plan.settlement = final_main + (contracts[1][1] if consultant else 0) if settled else None
        self.plans.append(plan)
        return plan

    def plan_period(self) -> None:
        """The 148 works completed in 2015–2020."""
        rng = self.rng
        chi_linh = self.plan_completed(
            name="Dự án trụ sở làm việc Công an thành phố Chí Linh",
            kind=WorkKind.NEW_BUILD,
            unit="HD-CL",
            total=26_800_000_000,
            accepted=datetime.date(2019, 6, 18),
            months=22,
            phase="Giai đoạn I",
            building=True,
            consultant=True,
            late_days=75,
            reports=7,
        )
        chi_linh.location = "Phường Sao Đỏ, thành phố Chí Linh"
        chi_linh.adjustments.append(
            {
                "date": datetime.date(2018, 9, 12),
                "document_number": "2715/QĐ-CAT-PH10",
                "reason": "Bổ sung hạng mục san nền, kè đá và gia hạn tiến độ do giải phóng mặt bằng chậm",
                "total_investment": 28_500_000_000,
                "planned_end": datetime.date(2019, 6, 30),
            }
        )
        for code, year in TWO_STOREY:
            unit = self.units[code]
            plan = self.plan_completed(
                name=f"Xây dựng nhà làm việc 2 tầng {unit.name}",
                kind=WorkKind.NEW_BUILD,
                unit=code,
                total=rng.randint(42, 68) * 100_000_000,
                accepted=self.day_in(year, 4, 11),
                months=rng.randint(11, 16),
                building=True,
                consultant=True,
                reports=5,
            )
            if code == "HD-TK":
                # The supervising consultant had a floor slab redone: the figure went down, with its reason.
                day, percent, _reason = plan.reports[2]
                plan.reports[2] = (
                    day,
                    plan.reports[1][1] - 6,
                    "Phá dỡ, đổ lại sàn tầng 2 theo yêu cầu của tư vấn giám sát",
                )
        communes = sorted(code for code, unit in self.units.items() if unit.kind == "commune")
        chosen = communes[: sum(COMMUNE_RENOVATIONS.values())]
        index = 0
        for year, count in COMMUNE_RENOVATIONS.items():
            for _ in range(count):
                code = chosen[index]
                index += 1
                self.plan_completed(
                    name=f"Cải tạo, sửa chữa trụ sở làm việc {self.units[code].name}",
                    kind=WorkKind.RENOVATION,
                    unit=code,
                    total=rng.randint(35, 85) * 10_000_000,
                    accepted=self.day_in(year, 2, 12),
                    months=rng.randint(2, 5),
                    status=ProjectStatus.SETTLED if year == 2019 or rng.random() < 0.7 else ProjectStatus.HANDED_OVER,
                    source="DP",
                )
        candidates = [
            code
            for code, unit in self.units.items()
            if unit.kind in ("province", "department", "district", "commune", "clinic", "warehouse")
            and unit.valid_from <= PERIOD[0]
            and code not in ("HD-PH10-KHO",)
        ]
        candidates.sort()
        for year, count in SMALL_WORKS_PER_YEAR.items():
            for _ in range(count):
                kind = rng.choices([WorkKind.REPAIR, WorkKind.RENOVATION, WorkKind.NEW_BUILD], weights=[55, 30, 15])[0]
                code = rng.choice(candidates)
                low, high = SMALL_COST[kind]
                total = rng.randint(low, high) * 1_000_000
                status = ProjectStatus.SETTLED
                if year == 2020:
                    status = rng.choices(
                        [ProjectStatus.SETTLED, ProjectStatus.HANDED_OVER, ProjectStatus.ACCEPTED], weights=[75, 18, 7]
                    )[0]
                self.plan_completed(
                    name=f"{rng.choice(SMALL_WORKS[kind])} {self.units[code].name}",
                    kind=kind,
                    unit=code,
                    total=total,
                    accepted=self.day_in(year, 2 if year == 2015 else 1),
                    months=rng.randint(1, 3) if kind == WorkKind.REPAIR else rng.randint(2, 7),
                    status=status,
                    reports=1 if kind == WorkKind.REPAIR else 2,
                )

    def plan_later(self) -> None:
        """Works from 2021 on: completed ones, and those under way relative to today."""
        rng = self.rng
        today = self.today
        self.plan_completed(
            name="Dự án trụ sở làm việc Công an thành phố Chí Linh",
            kind=WorkKind.NEW_BUILD,
            unit="HD-CL",
            total=19_800_000_000,
            accepted=datetime.date(2023, 11, 20),
            months=20,
            phase="Giai đoạn II",
            building=True,
            consultant=True,
            reports=6,
        ).location = "Phường Sao Đỏ, thành phố Chí Linh"
        for code, accepted in (
            ("HD-TH-THANHHONG", datetime.date(2021, 10, 15)),
            ("HD-BG-THAIHOC", datetime.date(2022, 8, 30)),
            ("HD-NS-ANBINH", datetime.date(2023, 6, 12)),
            ("HD-KT-DONGCAM", datetime.date(2024, 9, 25)),
        ):
            self.plan_completed(
                name=f"Xây dựng trụ sở làm việc {self.units[code].name}",
                kind=WorkKind.NEW_BUILD,
                unit=code,
                total=rng.randint(32, 45) * 100_000_000,
                accepted=accepted,
                months=rng.randint(9, 12),
                building=True,
                consultant=True,
                source="DP",
                reports=4,
            )
        for year in (2021, 2022, 2023, 2024):
            for _ in range(3):
                code = rng.choice(["HD-PC06", "HD-PC08", "HD-PV01", "HD-PH10", "HD-BX", "HD-PC07"])
                kind = rng.choice([WorkKind.REPAIR, WorkKind.RENOVATION])
                low, high = SMALL_COST[kind]
                self.plan_completed(
                    name=f"{rng.choice(SMALL_WORKS[kind])} {self.units[code].name}",
                    kind=kind,
                    unit=code,
                    total=rng.randint(low, high) * 1_000_000,
                    accepted=self.day_in(year, 2, 11),
                    months=rng.randint(1, 4),
                    reports=1,
                )
        # Recently accepted, handed over, and under way — dated from today.
        handed = self.plan_completed(
            name=f"Xây dựng trụ sở làm việc {self.units['HD-TPHD-NGOCCHAU'].name}",
            kind=WorkKind.NEW_BUILD,
            unit="HD-TPHD-NGOCCHAU",
            total=4_300_000_000,
            accepted=today - datetime.timedelta(days=95),
            months=11,
            status=ProjectStatus.HANDED_OVER,
            building=True,
            consultant=True,
            source="DP",
            reports=4,
        )
        handed.handed_over = today - datetime.timedelta(days=70)
        self.plan_completed(
            name=f"Cải tạo nhà ăn, bếp tập thể {self.units['HD-PK02'].name}",
            kind=WorkKind.RENOVATION,
            unit="HD-PK02",
            total=1_150_000_000,
            accepted=today - datetime.timedelta(days=12),
            months=4,
            status=ProjectStatus.ACCEPTED,
            reports=2,
        )
        self.plan_under_way(
            name=f"Xây dựng trụ sở làm việc {self.units['HD-TPHD-QUANGTRUNG'].name}",
            unit="HD-TPHD-QUANGTRUNG",
            total=4_600_000_000,
            started=today - datetime.timedelta(days=210),
            planned_end=today + datetime.timedelta(days=120),
            progress=[30, 55],
            source="DP",
        )
        self.plan_under_way(
            name=f"Cải tạo, nâng cấp {self.units['HD-BX'].name}",
            unit="HD-BX",
            kind=WorkKind.RENOVATION,
            total=3_200_000_000,
            started=today - datetime.timedelta(days=430),
            planned_end=today - datetime.timedelta(days=48),
            progress=[25, 50, 70, 85],
        )
        late = self.plan_under_way(
            name=f"Xây dựng nhà tạm giữ, kho vật chứng {self.units['HD-PC02'].name}",
            unit="HD-PC02",
            total=5_400_000_000,
            started=today - datetime.timedelta(days=380),
            planned_end=today - datetime.timedelta(days=150),
            progress=[20, 45, 60],
        )
        late.adjustments.append(
            {
                "date": today - datetime.timedelta(days=160),
                "document_number": f"{today.year}/QĐ-PH10-ĐC",
                "reason": "Gia hạn do mưa bão kéo dài, điều chỉnh thiết kế móng",
                "total_investment": late.total,
                "planned_end": today - datetime.timedelta(days=20),
            }
        )
        lowered = self.plan_under_way(
            name=f"Cải tạo hội trường {self.units['HD-PA08'].name}",
            unit="HD-PA08",
            kind=WorkKind.RENOVATION,
            total=1_450_000_000,
            started=today - datetime.timedelta(days=150),
            planned_end=today + datetime.timedelta(days=40),
            progress=[35, 60],
        )
        day = lowered.reports[-1][0] + datetime.timedelta(days=20)
        lowered.reports.append(
            (min(day, today), 55, "Tháo dỡ trần thạch cao không đạt yêu cầu kỹ thuật để làm lại theo biên bản kiểm tra")
        )
        self.plans.append(
            Plan(
                name=f"Sửa chữa kho vật tư, trang bị {self.units['HD-PH10'].name}",
                kind=WorkKind.REPAIR,
                unit="HD-PH10",
                total=780_000_000,
                decided=today - datetime.timedelta(days=120),
                started=None,
                planned_start=today - datetime.timedelta(days=90),
                planned_end=today - datetime.timedelta(days=10),
                status=ProjectStatus.APPROVED,
                location=self.location("HD-PH10"),
            )
        )
        self.plans.append(
            Plan(
                name=f"Xây dựng nhà để xe, mái che {self.units['HD-TH-CAMCHE'].name}",
                kind=WorkKind.NEW_BUILD,
                unit="HD-TH-CAMCHE",
                total=620_000_000,
                decided=today,
                started=None,
                planned_start=datetime.date(today.year + 1, 3, 1),
                planned_end=datetime.date(today.year + 1, 8, 31),
                status=ProjectStatus.PROPOSED,
                location=self.location("HD-TH-CAMCHE"),
            )
        )
        # A renovation and upgrade of a registered building: its settlement raises the building's cost
        # (nguyên giá) by a cost adjustment, and wear from 2024 on follows the new cost. Fixed figures,
        # no draw, so that the plans above keep theirs.
        self.plans.append(
            Plan(
                name="Cải tạo, nâng cấp nhà làm việc giai đoạn I, trụ sở Công an thành phố Chí Linh",
                kind=WorkKind.RENOVATION,
                unit="HD-CL",
                total=1_650_000_000,
                decided=datetime.date(2024, 2, 20),
                started=datetime.date(2024, 4, 1),
                planned_start=datetime.date(2024, 4, 1),
                planned_end=datetime.date(2024, 8, 31),
                status=ProjectStatus.SETTLED,
                accepted=datetime.date(2024, 8, 26),
                handed_over=datetime.date(2024, 9, 10),
                settled=datetime.date(2024, 11, 28),
                location="Phường Sao Đỏ, thành phố Chí Linh",
                contracts=[(MAIN_CONTRACTORS[2], 1_480_000_000)],
                settlement=1_462_000_000,
                reports=[(datetime.date(2024, 6, 10), 55, ""), (datetime.date(2024, 8, 22), 100, "")],
                payments=[
                    (datetime.date(2024, 4, 15), 0, 444_000_000),
                    (datetime.date(2024, 6, 15), 0, 592_000_000),
                    (datetime.date(2024, 12, 10), 0, 426_000_000),
                ],
                renovates=("Dự án trụ sở làm việc Công an thành phố Chí Linh", "Giai đoạn I"),
            )
        )

    def plan_under_way(
        self,
        *,
        name: str,
        unit: str,
        total: int,
        started: datetime.date,
        planned_end: datetime.date,
        progress: list[int],
        kind: str = WorkKind.NEW_BUILD,
        source: str = "BO",
    ) -> Plan:
        rng = self.rng
        main = _round(total * 0.9)
        plan = Plan(
            name=name,
            kind=kind,
            unit=unit,
            total=total,
            decided=started - datetime.timedelta(days=rng.randint(30, 60)),
            started=started,
            planned_start=started,
            planned_end=planned_end,
            status=ProjectStatus.UNDER_CONSTRUCTION,
            location=self.location(unit),
            source=source,
            contracts=[(MAIN_CONTRACTORS[rng.randrange(len(MAIN_CONTRACTORS))], main)],
        )
        span = (self.today - started).days
        for index, percent in enumerate(progress, start=1):
            plan.reports.append((started + datetime.timedelta(days=span * index // (len(progress) + 1)), percent, ""))
        plan.payments.append((started + datetime.timedelta(days=10), 0, _round(main * 0.3)))
        if progress[-1] >= 50:
            plan.payments.append(
                (started + datetime.timedelta(days=span * 2 // 3), 0, _round(main * progress[-1] / 200))
            )
        self.plans.append(plan)
        return plan

    # --- building -----------------------------------------------------------------------------

    def allocations(self) -> dict[tuple[int, str], Allocation]:
        """One approved XDSC allocation per year and funding source, a little above what is paid."""
        needed: dict[tuple[int, str], int] = defaultdict(int)
        for plan in self.plans:
            for day, _index, amount in plan.payments:
                needed[(day.year, plan.source)] += amount
        category = SpendingCategory.objects.get(code=CATEGORY)
        unit = self.units[ALLOCATION_UNIT]
        result = {}
        for (year, source_code), amount in sorted(needed.items()):
            source = FundingSource.objects.get(code=source_code)
            allocation = budget_services.allocation_create(
                actor=None,
                fiscal_year=budget_services.fiscal_year_for(year),
                unit=unit,
                source=source,
                category=category,
                amount=_round(amount * 1.08 + 300_000_000, 100_000_000),
                decision_number=f"{year - 1}/QĐ-{'H01' if source_code == 'BO' else 'UBND'}-XDSC-{year}",
                decision_date=datetime.date(year - 1, 12, 18),
                note="Kinh phí xây dựng, cải tạo, sửa chữa doanh trại",
            )
            result[(year, source_code)] = budget_services.allocation_approve(actor=None, allocation=allocation)
        return result

    def build(self, plan: Plan, number: int, allocations, actor, building_type) -> Project:
        unit = self.units[plan.unit]
        renovated = None
        if plan.renovates is not None:
            name, phase = plan.renovates
            renovated = Project.objects.get(name=name, phase=phase).asset_item
        project = services.project_create(
            renovated_item=renovated,
            asset_item_type=register_type(plan.name, plan.kind),
            actor=actor,
            name=plan.name,
            kind=plan.kind,
            phase=plan.phase,
            beneficiary_unit=unit,
            location=plan.location,
            total_investment=plan.proposed_total or plan.total,
            planned_start=plan.planned_start,
            planned_end=plan.planned_end,
        )
        if plan.status == ProjectStatus.PROPOSED:
            return project
        year = plan.decided.year
        services.project_approve(
            actor=actor,
            project=project,
            decision_number=f"{number}/QĐ-CAT-PH10",
            decision_date=plan.decided,
            total_investment=plan.proposed_total or plan.total,
        )
        if plan.started is None:
            return project
        contracts = []
        for index, (tax_code, value) in enumerate(plan.contracts, start=1):
            contracts.append(
                services.contract_create(
                    actor=actor,
                    project=project,
                    contractor=self.suppliers[tax_code],
                    number=f"{number:03d}/{year}/HĐXD-{index}" if index == 1 else f"{number:03d}/{year}/HĐTV",
                    signed_on=plan.decided + datetime.timedelta(days=(plan.started - plan.decided).days // 2),
                    value=value,
                    description="Thi công xây dựng" if index == 1 else "Tư vấn thiết kế, giám sát thi công",
                )
            )
        for key in sorted({(day.year, plan.source) for day, _index, _amount in plan.payments}):
            services.funding_create(actor=actor, project=project, allocation=allocations[key])
        services.project_start(actor=actor, project=project, date=plan.started, document_number=f"{number}/LKC-PH10")
        for adjustment in plan.adjustments:
            services.project_adjust(
                actor=actor,
                project=project,
                date=adjustment["date"],
                document_number=adjustment["document_number"],
                reason=adjustment["reason"],
                total_investment=adjustment["total_investment"],
                planned_start=plan.planned_start,
                planned_end=adjustment["planned_end"],
            )
        for day, percent, reason in plan.reports:
            services.progress_report_create(
                actor=actor,
                project=project,
                date=day,
                percent=percent,
                reason=reason,
                note="Báo cáo của tư vấn giám sát" if plan.contracts[1:] else "",
            )
        for index, (day, contract_index, amount) in enumerate(sorted(plan.payments), start=1):
            if day > self.today or amount <= 0:
                continue
            services.payment_create(
                actor=actor,
                project=project,
                contract=contracts[contract_index],
                allocation=allocations[(day.year, plan.source)],
                date=day,
                amount=amount,
                voucher_number=f"XD{day.year % 100:02d}-{number:03d}-{index}",
            )
        if plan.accepted is None:
            return project
        services.project_accept(actor=actor, project=project, date=plan.accepted, document_number=f"{number}/BBNT")
        if plan.handed_over is None:
            return project
        register = plan.building and building_type is not None
        services.project_hand_over(
            actor=actor,
            project=project,
            date=plan.handed_over,
            document_number=f"{number}/BBBG",
            register_asset=register,
            item_type=building_type if register else None,
            asset_cost=sum(value for _tax, value in plan.contracts) if register else None,
        )
        if plan.settled is None or plan.settled > self.today:
            return project
        return services.project_settle(
            actor=actor,
            project=project,
            date=plan.settled,
            document_number=f"{number}/QĐ-PDQT",
            settlement_value=plan.settlement,
        )


def register_type(name: str, kind: str):
    """The item type a new build enters the register as (its name says which), else ``None``."""
    if kind != WorkKind.NEW_BUILD:
        return None
    code = next((code for starts, code in REGISTER_TYPES if name.startswith(starts)), OTHER_BUILDING_TYPE)
    return ItemType.objects.filter(code=code, fixed_asset_class__is_building=True).first()


def wear_catch_up() -> None:
    """The buildings entered the register after the equipment's wear runs: the run of the last
    complete year makes up every year each one missed since its handover."""
    year = timezone.localdate().year - 1
    if YearClosure.objects.filter(fiscal_year_id=year).exists():
        return  # a demo loaded again: that year's books are closed, and nothing is dated in a closed year
    asset_services.wear_compute(actor=None, year=year)


def _building_type():
    return ItemType.objects.filter(code=BUILDING_TYPE, fixed_asset_class__is_building=True).first()


def _actor():
    return User.objects.filter(username="officer", is_active=True).first()


def register_waiting_buildings() -> None:
    """New builds handed over before the asset register knew them enter it now."""
    waiting = Project.objects.filter(
        status__in=(ProjectStatus.HANDED_OVER, ProjectStatus.SETTLED),
        asset_item__isnull=True,
        kind=WorkKind.NEW_BUILD,
    ).order_by("code")
    for project in waiting:
        item_type = project.asset_item_type or register_type(project.name, project.kind)
        if item_type is None:
            continue
        try:
            with transaction.atomic():
                services.project_register_asset(
                    actor=None,
                    project=project,
                    item_type=item_type,
                    cost=project.settlement_value or selectors.contracted_on(project) or project.total_investment,
                )
        except ValidationError:
            continue


def hand_buildings_to_successors() -> None:
    """A building (or vật kiến trúc) registered, dated before a dissolution, for a unit already
    dissolved passes to its successor by a supplementary merger voucher dated as the dissolution's
    own: the handover the dissolution wrote could not list what was booked after it."""
    while True:
        # A successor may itself have been dissolved later (the province merged in 2025): hop again.
        holders = (
            Unit.objects.filter(valid_to__isnull=False, successor__isnull=False, items__isnull=False)
            .distinct()
            .select_related("successor")
            .order_by("path")
        )
        handed = [
            asset_services.merger_on_dissolution(
                actor=None,
                unit=holder,
                successor=holder.successor,
                effective_date=holder.valid_to + datetime.timedelta(days=1),
            )
            for holder in holders
        ]
        if not any(handed):
            return


def load() -> None:
    if Project.objects.exists():
        register_waiting_buildings()
        hand_buildings_to_successors()
        wear_catch_up()
        return
    today = timezone.localdate()
    builder = Builder(today)
    builder.plan_period()
    builder.plan_later()
    allocations = builder.allocations()
    actor = _actor()
    building_type = _building_type()
    ordered = sorted(builder.plans, key=lambda plan: (plan.decided, plan.name))
    for number, plan in enumerate(ordered, start=1):
        builder.build(plan, number, allocations, actor, building_type)
    hand_buildings_to_successors()
    wear_catch_up()
    completed = Project.objects.filter(status__in=COMPLETED, actual_end__range=PERIOD).count()
    if completed != COMPLETED_IN_PERIOD:
        raise RuntimeError(f"construction demo: {completed} works completed in 2015–2020, expected 148")
