"""Builders for construction tests: works are made and moved through the services, as officers do."""

import datetime

import pytest

from assets.models import AssetCategory, FixedAssetClass, ItemType
from budget import services as budget_services
from budget.models import SpendingCategory
from construction import services
from construction.choices import ProjectStatus, WorkKind
from logistics.models import SupplierKind
from logistics.roles import Role
from tests.factories import SupplierFactory

#: A past year that is still open: payments are dated in it.
YEAR = 2024
DECIDED = datetime.date(YEAR, 1, 15)
STARTED = datetime.date(YEAR, 2, 1)
PAID_ON = datetime.date(YEAR, 3, 1)
FINISHED = datetime.date(YEAR, 9, 30)
HANDED_OVER = datetime.date(YEAR, 10, 15)
SETTLED = datetime.date(YEAR, 12, 20)


@pytest.fixture
def xdsc(db):
    return SpendingCategory.objects.create(code="XDSC", name="Xây dựng, cải tạo, sửa chữa doanh trại")


@pytest.fixture
def make_works_allocation(tree, source, xdsc):
    """An approved allocation of the construction category (the budget's ``make_allocation`` makes
    them of any category, by other arguments)."""

    def make(amount=10_000_000_000, unit=None, year=YEAR, number=None):
        allocation = budget_services.allocation_create(
            actor=None,
            fiscal_year=budget_services.fiscal_year_for(year),
            unit=unit or tree.department,
            source=source,
            category=xdsc,
            amount=amount,
            decision_number=number or f"QĐ-XDSC-{year}-{amount}",
            decision_date=datetime.date(year - 1, 12, 20),
        )
        return budget_services.allocation_approve(actor=None, allocation=allocation)

    return make


@pytest.fixture
def allocation(make_works_allocation):
    return make_works_allocation()


@pytest.fixture
def contractor(db):
    return SupplierFactory(name="Công ty CP Xây dựng Thử", kind=SupplierKind.CONTRACTOR)


def make_building_type() -> ItemType:
    """The office building item type (one per test database)."""
    found = ItemType.objects.filter(code="NHA-LAMVIEC").first()
    if found is not None:
        return found
    category = AssetCategory.objects.create(code="NHA", name="Nhà, công trình xây dựng")
    asset_class = FixedAssetClass.objects.create(
        code="NHA-CAPIII", name="Nhà cấp III", wear_rate=4, useful_life_years=25, is_building=True
    )
    return ItemType.objects.create(
        category=category,
        code="NHA-LAMVIEC",
        name="Nhà làm việc",
        unit_of_measure="công trình",
        tracking="serial",
        fixed_asset_class=asset_class,
    )


@pytest.fixture
def building_type(db):
    return make_building_type()


@pytest.fixture
def officer_construction(make_user, tree):
    """A logistics officer of the province: records works, steps, payments."""
    return make_user(Role.LOGISTICS_OFFICER, tree.province, username="canbo_xd")


def registered_as(project):
    """The item type a new build not yet registered enters the register as at settlement."""
    if project.kind == WorkKind.NEW_BUILD and project.asset_item_id is None and project.asset_item_type_id is None:
        return make_building_type()
    return None


class Works:
    """Makes works and takes them to any status through the services."""

    def __init__(self, tree, allocation, contractor, actor=None):
        self.tree = tree
        self.allocation = allocation
        self.contractor = contractor
        self.actor = actor
        self.count = 0

    def proposed(self, *, unit=None, total=2_000_000_000, kind=WorkKind.NEW_BUILD, **fields):
        self.count += 1
        values = {
            "name": f"Nhà làm việc 2 tầng số {self.count}",
            "kind": kind,
            "beneficiary_unit": unit or self.tree.district_a,
            "location": "Thị trấn Thanh Hà",
            "total_investment": total,
            "planned_start": datetime.date(YEAR, 2, 1),
            "planned_end": datetime.date(YEAR, 10, 31),
        }
        values.update(fields)
        return services.project_create(actor=self.actor, **values)

    def approved(self, **fields):
        project = self.proposed(**fields)
        return services.project_approve(
            actor=self.actor, project=project, decision_number=f"{self.count}/QĐ-CAT", decision_date=DECIDED
        )

    def contract(self, project, value=1_500_000_000, number=None):
        return services.contract_create(
            actor=self.actor,
            project=project,
            contractor=self.contractor,
            number=number or f"HĐ-{project.pk}-{project.contracts.count() + 1}",
            signed_on=DECIDED,
            value=value,
        )

    def fund(self, project, allocation=None):
        return services.funding_create(actor=self.actor, project=project, allocation=allocation or self.allocation)

    def started(self, contract_value=1_500_000_000, **fields):
        project = self.approved(**fields)
        self.contract(project, contract_value)
        self.fund(project)
        return services.project_start(actor=self.actor, project=project, date=STARTED, document_number="LKC-01")

    def report(self, project, percent, day=None, reason=""):
        return services.progress_report_create(
            actor=self.actor, project=project, date=day or datetime.date(YEAR, 6, 1), percent=percent, reason=reason
        )

    def accepted(self, **fields):
        project = self.started(**fields)
        self.report(project, 100, day=datetime.date(YEAR, 9, 1))
        return services.project_accept(actor=self.actor, project=project, date=FINISHED, document_number="BBNT-01")

    def handed_over(self, **fields):
        project = self.accepted(**fields)
        return services.project_hand_over(
            actor=self.actor, project=project, date=HANDED_OVER, document_number="BBBG-01"
        )

    def settled(self, value=1_400_000_000, **fields):
        project = self.handed_over(**fields)
        return services.project_settle(
            actor=self.actor,
            project=project,
            date=SETTLED,
            document_number="QĐQT-01",
            settlement_value=value,
            item_type=registered_as(project),
        )

    def pay(self, project, amount, *, contract=None, day=PAID_ON, voucher=None, actor=None):
        self.count += 1
        return services.payment_create(
            actor=actor or self.actor,
            project=project,
            contract=contract or project.contracts.order_by("id").first(),
            allocation=self.allocation,
            date=day,
            amount=amount,
            voucher_number=voucher or f"PC-{self.count:03d}",
        )

    def at(self, status: str, **fields):
        builder = {
            ProjectStatus.PROPOSED: self.proposed,
            ProjectStatus.APPROVED: self.approved,
            ProjectStatus.UNDER_CONSTRUCTION: self.started,
            ProjectStatus.ACCEPTED: self.accepted,
            ProjectStatus.HANDED_OVER: self.handed_over,
            ProjectStatus.SETTLED: self.settled,
        }[status]
        return builder(**fields)


@pytest.fixture
def works(tree, allocation, contractor):
    return Works(tree, allocation, contractor)
