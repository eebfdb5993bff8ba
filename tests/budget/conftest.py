import datetime

import pytest

from budget import services
from budget.choices import SourceKind
from budget.models import FundingSource, SpendingCategory
from logistics.roles import Role

PAST_YEAR = 2024


@pytest.fixture
def source(db):
    return FundingSource.objects.create(code="BO", name="Bộ cấp", kind=SourceKind.MINISTRY)


@pytest.fixture
def local_source(db):
    return FundingSource.objects.create(code="DP", name="Địa phương hỗ trợ", kind=SourceKind.LOCAL)


@pytest.fixture
def category(db):
    return SpendingCategory.objects.create(code="TX", name="Chi thường xuyên", is_recurrent=True)


@pytest.fixture
def make_allocation(tree, source, category):
    """An allocation (approved unless ``approve=False``) for a past, still open year."""

    def make(amount=100_000_000, unit=None, year=PAST_YEAR, approve=True, src=None, cat=None, **extra):
        allocation = services.allocation_create(
            actor=None,
            fiscal_year=services.fiscal_year_for(year),
            unit=unit or tree.commune_a1,
            source=src or source,
            category=cat or category,
            amount=amount,
            decision_number=extra.get("decision_number", f"QĐ-{year}-{amount}"),
            decision_date=datetime.date(year - 1, 12, 20),
        )
        if approve:
            allocation = services.allocation_approve(actor=None, allocation=allocation)
        return allocation

    return make


@pytest.fixture
def spend():
    def make(allocation, amount, *, post=True, actor=None, day=datetime.date(PAST_YEAR, 5, 10), voucher="C-1"):
        return services.spending_create(
            actor=actor,
            allocation=allocation,
            kind="payment",
            date=day,
            amount=amount,
            voucher_number=voucher,
            description="Thanh toán",
            post=post,
        )

    return make


@pytest.fixture
def approver(make_user, tree):
    from django.contrib.auth.models import Permission

    user = make_user(Role.LOGISTICS_OFFICER, tree.province, username="nguoiduyet")
    user.user_permissions.add(Permission.objects.get(codename="approve_allocation"))
    return user
