"""Budget demo data, built from individual records through the services.

2015–2020: regular funding (chi thường xuyên) from the ministry and local support for the
provincial police — 2.853.000.000 ₫ allocated in total, a little over 2,8 tỷ đồng as the source
says — spent month by month; 2020: the COVID-19 purchases (two-tier bunk beds, thermometers,
masks, gloves, protective clothing, sanitizer); 2021–2026: a realistic pattern, including fuel
and training for district and commune police. Past years are closed in ``finish()``, after the
other apps have recorded their payments.

Advances (tạm ứng) are cleared a couple of weeks after they were paid — one of them partly refunded
(hoàn ứng) — except the most recent ones of this year, left open for the open-advances report. The
older closed years (through ``SETTLED_THROUGH``) then go through the rest of the year end: the 2020
COVID-19 allocation's balance is carried over to 2021 (chuyển nguồn), every other balance cancelled,
and the settlement approved by the ministry recorded.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from budget import services
from budget.choices import AllocationStatus, DispositionKind, SpendingKind, SpendingStatus
from budget.demo_data import (
    BUDGET_CODE_BASIS,
    BUDGET_CODES,
    CATEGORIES,
    CATEGORY_HEADINGS,
    CLOSED_THROUGH,
    COVID_ALLOCATION,
    COVID_PURCHASES,
    FUEL_MILLIONS,
    NEXT_YEAR_DRAFT,
    OPEN_ADVANCES,
    REGULAR_2015_2020,
    REGULAR_ADJUSTMENTS,
    REGULAR_FROM_2021,
    REGULAR_PAYMENTS,
    SETTLED_THROUGH,
    SOURCES,
    TRAINING_MILLIONS,
    YEARLY_GROWTH,
)
from budget.models import (
    Allocation,
    BudgetCode,
    FiscalYear,
    FundingSource,
    Spending,
    SpendingCategory,
    YearClosure,
    YearSettlement,
)
from logistics.models import Supplier, Unit, User
from logistics.services import account_grant


def _reference_data() -> tuple[dict, dict]:
    sources = {}
    for code, name, kind in SOURCES:
        sources[code] = FundingSource.objects.filter(code=code).first() or services.funding_source_create(
            actor=None, code=code, name=name, kind=kind, is_active=True
        )
    for code, name, heading in BUDGET_CODES:
        if not BudgetCode.objects.filter(pk=code).exists():
            services.budget_code_create(
                actor=None,
                code=code,
                name=name,
                parent=BudgetCode.objects.filter(pk=heading).first(),
                legal_basis=BUDGET_CODE_BASIS,
            )
    categories = {}
    for code, name, recurrent in CATEGORIES:
        categories[code] = SpendingCategory.objects.filter(code=code).first() or services.spending_category_create(
            actor=None,
            code=code,
            name=name,
            is_recurrent=recurrent,
            is_active=True,
            heading=BudgetCode.objects.filter(pk=CATEGORY_HEADINGS.get(code)).first(),
        )
    for year in range(2015, timezone.localdate().year + 2):
        services.fiscal_year_for(year)
    return sources, categories


def _allocate(year, unit, source, category, amount, number, rng) -> Allocation:
    allocation = services.allocation_create(
        actor=None,
        fiscal_year=services.fiscal_year_for(year),
        unit=unit,
        source=source,
        category=category,
        amount=amount,
        decision_number=number,
        decision_date=datetime.date(year - 1, 12, rng.randint(10, 28)),
        note="",
    )
    return services.allocation_approve(actor=None, allocation=allocation)


def _spend(
    allocation: Allocation, share: float, rng, suppliers, *, until: datetime.date | None = None, drafts: int = 0
):
    """Post payments month by month until about ``share`` of the allocation is spent."""
    year = allocation.fiscal_year_id
    target = int((allocation.amount + allocation.adjustments_total) * share) // 1000 * 1000
    last_month = until.month if until else 12
    months = list(range(1, last_month + 1))
    count = min(len(months), rng.randint(8, 12))
    chosen = sorted(rng.sample(months, count))
    weights = [rng.uniform(0.6, 1.4) for _ in chosen]
    scale = target / sum(weights)
    entries = []
    for index, (month, weight) in enumerate(zip(chosen, weights, strict=True), start=1):
        amount = int(weight * scale) // 1000 * 1000
        if amount <= 0:
            continue
        day = rng.randint(5, 26)
        if until and month == until.month:
            day = min(day, until.day)
        description = rng.choice(REGULAR_PAYMENTS)
        entries.append(
            {
                "kind": SpendingKind.ADVANCE if description.startswith("Tạm ứng") else SpendingKind.PAYMENT,
                "date": datetime.date(year, month, day),
                "amount": amount,
                "payee": rng.choice(suppliers),
                "voucher_number": f"C{year % 100:02d}-{allocation.pk:04d}-{index:02d}",
                "description": description,
                "post": index <= count - drafts,
            }
        )
    return services.spending_create_many(actor=None, allocation=allocation, entries=entries)


def load() -> None:
    sources, categories = _reference_data()
    if Allocation.objects.exists():
        return
    rng = random.Random(2020)
    suppliers = list(Supplier.objects.filter(kind__in=["supplier", "both"]).order_by("tax_code"))
    by_tax = {s.tax_code: s for s in Supplier.objects.all()}
    province = Unit.objects.get(code="HD")
    logistics_department = Unit.objects.get(code="HD-PH10")
    city = Unit.objects.get(code="HP")

    # 2015–2020: regular funding of the provincial police, ministry and local support.
    regular = {}
    for year, ministry, local in REGULAR_2015_2020:
        regular[(year, "BO")] = _allocate(
            year, province, sources["BO"], categories["TX"], ministry, f"{year - 1}/QĐ-BCA-H01-{year}", rng
        )
        regular[(year, "DP")] = _allocate(
            year, province, sources["DP"], categories["TX"], local, f"{year - 1}/QĐ-UBND-{year}", rng
        )
    for year, source, amount, number, reason in REGULAR_ADJUSTMENTS:
        services.adjustment_create(
            actor=None,
            allocation=regular[(year, source)],
            amount=amount,
            decision_number=number,
            decision_date=datetime.date(year, 6, 15),
            reason=reason,
        )
    for allocation in regular.values():
        allocation.refresh_from_db()
        _spend(allocation, rng.uniform(0.93, 0.995), rng, suppliers)
    # A payment entered twice in 2017, corrected by a reversal.
    duplicate = _spend(Allocation.objects.get(pk=regular[(2017, "BO")].pk), 0.01, rng, suppliers)[0]
    services.spending_reverse(
        actor=None,
        spending=duplicate,
        date=duplicate.date + datetime.timedelta(days=3),
        voucher_number=f"{duplicate.voucher_number}-DBT",
        reason="Đảo bút toán: chứng từ ghi trùng",
    )

    # 2020: COVID-19 prevention purchases, issued to units and epidemic checkpoints.
    covid = _allocate(
        2020, logistics_department, sources["DP"], categories["PCD"], COVID_ALLOCATION, "1020/QĐ-UBND-2020", rng
    )
    purchases = [
        {
            "kind": SpendingKind.PAYMENT,
            "date": datetime.date(2020, 3 + index // 3, 10 + index),
            "amount": amount,
            "payee": by_tax[tax_code],
            "voucher_number": f"PCD20-{index:02d}",
            "description": description,
            "post": True,
        }
        for index, (description, amount, tax_code) in enumerate(COVID_PURCHASES, start=1)
    ]
    services.spending_create_many(actor=None, allocation=covid, entries=purchases)

    # 2021–2026: the same pattern, with fuel for district police (until they were dissolved) and
    # training and fuel for commune police afterwards.
    districts = list(Unit.objects.filter(kind="district").order_by("code")[:6])
    communes = list(Unit.objects.filter(kind="commune").order_by("code")[:8])
    today = timezone.localdate()
    for year in range(2021, today.year + 1):
        growth = 1 + (year - 2020) * YEARLY_GROWTH
        main_unit = province if year <= 2025 else city
        for code, base in REGULAR_FROM_2021:
            allocation = _allocate(
                year,
                main_unit,
                sources[code],
                categories["TX"],
                int(base * growth) // 1000 * 1000,
                f"{year - 1}/QĐ-{code}-{year}",
                rng,
            )
            until = today - datetime.timedelta(days=3) if year == today.year else None
            _spend(
                allocation,
                rng.uniform(0.9, 0.99) * (0.8 if until else 1),
                rng,
                suppliers,
                until=until,
                drafts=2 if until else 0,
            )
        fuel_units = districts if year <= 2024 else communes
        for unit in fuel_units:
            allocation = _allocate(
                year,
                unit,
                sources["BO"],
                categories["XD"],
                rng.randint(*FUEL_MILLIONS) * 1_000_000,
                f"{year - 1}/QĐ-H01-XD-{year}",
                rng,
            )
            until = today - datetime.timedelta(days=3) if year == today.year else None
            _spend(allocation, rng.uniform(0.85, 0.99) * (0.8 if until else 1), rng, suppliers, until=until)
        training = _allocate(
            year,
            logistics_department if year <= 2025 else city,
            sources["NTKH"],
            categories["DTHL"],
            rng.randint(*TRAINING_MILLIONS) * 1_000_000,
            f"{year - 1}/KH-DTHL-{year}",
            rng,
        )
        _spend(
            training,
            rng.uniform(0.7, 0.98),
            rng,
            suppliers,
            until=today - datetime.timedelta(days=3) if year == today.year else None,
        )

    _clear_advances(today)

    # The next year's allocation, still a draft, waiting for approval.
    services.allocation_create(
        actor=None,
        fiscal_year=services.fiscal_year_for(today.year + 1),
        unit=city,
        source=sources["BO"],
        category=categories["TX"],
        amount=NEXT_YEAR_DRAFT,
        decision_number=f"{today.year}/QĐ-BO-{today.year + 1}",
        decision_date=today - datetime.timedelta(days=2),
        note="Dự kiến giao đầu năm",
    )

    # The demo logistics officer also holds the approve permission (given to a person, not a role).
    officer = User.objects.filter(username="officer").first()
    if officer is not None:
        account_grant(actor=None, user=officer, permission="budget.approve_allocation")


def _clear_advances(today: datetime.date) -> None:
    """Clear each posted advance about two weeks after it was paid (within its year); the first one
    partly by a refund; the last ``OPEN_ADVANCES`` of this year stay open."""
    advances = list(
        Spending.objects.filter(kind=SpendingKind.ADVANCE, status=SpendingStatus.POSTED).order_by("date", "id")
    )
    this_year = [advance for advance in advances if advance.date.year == today.year]
    left_open = {advance.pk for advance in this_year[-OPEN_ADVANCES:]}
    refunded_one = False
    for advance in advances:
        if advance.pk in left_open:
            continue
        day = min(advance.date + datetime.timedelta(days=14), datetime.date(advance.date.year, 12, 31), today)
        if not refunded_one:
            # Part of the conference advance was not used: paid back to the fund.
            refund = advance.amount // 5 // 1000 * 1000
            services.spending_clear(
                actor=None,
                spending=advance,
                kind=SpendingKind.CLEARING,
                amount=advance.amount - refund,
                date=day,
                voucher_number=f"{advance.voucher_number}-TT",
                description=f"Thanh toán tạm ứng: {advance.description.lower()}",
            )
            services.spending_clear(
                actor=None,
                spending=advance,
                kind=SpendingKind.REFUND,
                amount=refund,
                date=day,
                voucher_number=f"{advance.voucher_number}-HU",
                description="Hoàn ứng phần kinh phí chưa sử dụng",
            )
            refunded_one = True
            continue
        services.spending_clear(
            actor=None,
            spending=advance,
            kind=SpendingKind.CLEARING,
            amount=advance.amount,
            date=day,
            voucher_number=f"{advance.voucher_number}-TT",
            description=f"Thanh toán tạm ứng: {advance.description.lower()}",
        )


def _year_end(fiscal_year: FiscalYear, city: Unit) -> None:
    """Carry over the COVID-19 balance, cancel the others, and record the ministry's approval."""
    year = fiscal_year.year
    balances = Allocation.objects.filter(
        fiscal_year=fiscal_year, status=AllocationStatus.APPROVED, available__gt=0
    ).select_related("category")
    for number, allocation in enumerate(balances.order_by("id"), start=1):
        carry = allocation.category.code == "PCD"
        services.balance_dispose(
            actor=None,
            fiscal_year=fiscal_year,
            allocation=allocation,
            kind=DispositionKind.CARRY_OVER if carry else DispositionKind.CANCEL,
            amount=allocation.available,
            decision_number=f"{number}/QĐ-{'CN' if carry else 'HDT'}-{year}",
            decision_date=datetime.date(year + 1, 1, 25),
            note="Chuyển nguồn kinh phí phòng, chống dịch sang năm sau" if carry else "Hủy dự toán còn dư cuối năm",
        )
    services.year_settle(
        actor=None,
        fiscal_year=fiscal_year,
        unit=city,
        decision_number=f"{year + 1}/QĐ-H01-QT{year}",
        decision_date=datetime.date(year + 1, 6, 30),
        approving_body="Bộ Công an (Cục Kế hoạch và tài chính)",
        note=f"Duyệt quyết toán ngân sách năm {year}",
    )


def finish() -> None:
    """Close every past year for the whole force, once all apps have recorded their payments; the
    older ones are then carried over or cancelled and settled."""
    city = Unit.objects.get(code="HP")
    for fiscal_year in FiscalYear.objects.filter(year__lte=CLOSED_THROUGH).order_by("year"):
        if not YearClosure.objects.filter(fiscal_year=fiscal_year).exists():
            services.year_close(actor=None, fiscal_year=fiscal_year, unit=city, note="Khóa sổ quyết toán năm")
        if fiscal_year.year <= SETTLED_THROUGH and not YearSettlement.objects.filter(fiscal_year=fiscal_year).exists():
            _year_end(fiscal_year, city)
