"""One record of every model that has pages, built in a given branch of the unit tree.

The generated tests (this package) ask these builders for records: one inside the reader's branch
(in scope) and one in another branch (out of scope). Records are made through the services, as
users make them, with the values of each area's own test builders (``tests/fixtures/``,
``tests/construction/conftest.py``, ``tests/oversight/conftest.py``).

Every call makes a new record with new records around it (its own unit, category, work…), so that
calling a builder N times grows a list in every direction a query could multiply in.

Three tables, keyed by the model's label (``app_label.modelname``):

- :data:`SAMPLES`: the record of a model. Where a model has a finality (posted, approved,
  concluded) the sample is the final one: the tests check that it refuses edit and delete.
- :data:`DRAFTS`: for a model whose sample is final but that has an edit or delete page, a record
  that is not final yet (``None``: every record of the model is final).
- :data:`STEP_READY`: for each workflow step, a record on which the step is available and the
  form data its page posts (``None`` for a step without a form).

A model given pages without a builder here fails ``test_every_declaration_has_a_sample_builder``.
"""

from __future__ import annotations

import datetime
import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pghistory
from django.db.models import Max, Model

from assets import services as assets_services
from assets.choices import Origin, Tracking, VoucherKind
from assets.models import AssetCategory, FixedAssetClass, Holding, Item, ItemType, Movement, WearEntry
from assets.services import LineData
from budget import services as budget_services
from budget.choices import SourceKind
from budget.models import Allocation, FiscalYear
from construction import services as construction_services
from construction.choices import WorkKind
from construction.models import Milestone, Project
from logistics.models import Change, ExportLog, SupplierKind, Unit, UnitKind, User
from logistics.roles import Role
from medical import services as medical_services
from medical.models import AccessLog
from oversight import services as oversight_services
from oversight.choices import DisciplineLevel, TargetKind, TeamRole
from oversight.models import FindingLink, ProgressReport, Recommendation, TeamMember
from tests.conftest import Tree
from tests.factories import PersonnelFactory, SupplierFactory, UnitFactory, UserFactory
from tests.oversight.conftest import Builder

#: A past year still open: budget, equipment and construction records are dated in it.
YEAR = 2024
DAY = datetime.date(YEAR, 3, 1)
#: Oversight's year (``tests/oversight/conftest.py``).
OVERSIGHT_DAY = datetime.date(2020, 3, 2)

_numbers = itertools.count(1)


def next_number() -> int:
    """A number no other sample has, for codes and names that must be unique."""
    return next(_numbers)


@dataclass
class Site:
    """A branch of the unit tree where samples are built: ``unit`` (a district) and the units under it."""

    tree: Tree
    unit: Unit
    #: Records a builder makes once per branch and shares (a store, a clinic, an inspector).
    shared: dict = field(default_factory=dict)

    def once(self, key: str, make: Callable[[], object]):
        if key not in self.shared:
            self.shared[key] = make()
        return self.shared[key]

    def commune(self) -> Unit:
        """A new commune under the branch."""
        n = next_number()
        return UnitFactory(code=f"{self.unit.code}-X{n}", name=f"Công an xã Mẫu Số {n}", parent=self.unit)

    def store(self) -> Unit:
        """A new warehouse of the branch."""
        n = next_number()
        return UnitFactory(
            code=f"{self.unit.code}-KHO{n}", name=f"Kho Mẫu Số {n}", kind=UnitKind.WAREHOUSE, parent=self.unit
        )

    def clinic(self) -> Unit:
        return self.once(
            "clinic",
            lambda: UnitFactory(
                code=f"{self.unit.code}-BX", name=f"Bệnh xá {self.unit.name}", kind=UnitKind.CLINIC, parent=self.unit
            ),
        )

    def clinic_staff(self) -> User:
        staff = self.once("clinic_staff", lambda: UserFactory(unit=self.clinic(), roles=[Role.CLINIC_STAFF]))
        # A new object each time: a user caches the units of their scope, and samples add units.
        return User.objects.get(pk=staff.pk)

    def inspector(self) -> User:
        inspector = self.once("inspector", lambda: UserFactory(unit=self.unit, roles=[Role.INSPECTOR]))
        return User.objects.get(pk=inspector.pk)

    def oversight(self) -> Builder:
        builder = self.once("oversight", lambda: Builder(self.tree, self.inspector()))
        builder.actor = self.inspector()
        return builder


SAMPLES: dict[str, Callable[[Site], Model]] = {}
#: label → the list filters under which more samples add rows like the first (the change log
#: describes a page one kind of record at a time: a page of other kinds costs other queries).
LIST_FILTERS: dict[str, dict] = {"logistics.change": {"model": "logistics.personnel"}}
DRAFTS: dict[str, Callable[[Site], Model] | None] = {}
#: (label, step name) → site → (record on which the step is available, the step's form data or None).
STEP_READY: dict[tuple[str, str], Callable[[Site], tuple[Model, dict | None]]] = {}


def sample(label: str):
    def register(builder):
        SAMPLES[label] = builder
        return builder

    return register


def draft(label: str):
    def register(builder):
        DRAFTS[label] = builder
        return builder

    return register


def step(label: str, name: str):
    def register(builder):
        STEP_READY[(label, name)] = builder
        return builder

    return register


def day(value: datetime.date) -> str:
    """A date as the forms read it."""
    return value.strftime("%d/%m/%Y")


# --- logistics (core) -----------------------------------------------------------------------------


@sample("logistics.unit")
def unit_sample(site: Site) -> Unit:
    return site.commune()


@step("logistics.unit", "dissolve")
def unit_ready_to_dissolve(site: Site):
    unit = site.commune()
    return unit, {"successor": site.unit.pk, "effective_date": day(datetime.date(YEAR, 7, 1))}


@sample("logistics.personnel")
def personnel_sample(site: Site):
    n = next_number()
    return PersonnelFactory(full_name=f"Nguyễn Văn Mẫu Số {n}", unit=site.commune())


@sample("logistics.supplier")
def supplier_sample(site: Site):
    n = next_number()
    return SupplierFactory(name=f"Công ty TNHH Mẫu Số {n}")


@sample("logistics.exportlog")
def export_log_sample(site: Site):
    n = next_number()
    user = UserFactory(unit=site.commune(), full_name=f"Người Xuất Số {n}", roles=[Role.AUDITOR])
    return ExportLog.objects.create(
        user=user, source="logistics.personnel", source_label=f"Cán bộ mẫu {n}", format="csv"
    )


@sample("logistics.change")
def change_sample(site: Site):
    # As if entered through a page: the change log groups the changes of one request.
    request_id = str(uuid.uuid4())
    author = UserFactory(unit=site.unit, roles=[Role.LOGISTICS_OFFICER])
    with pghistory.context(user=author.pk, request_id=request_id, url="/core/personnel/add/"):
        personnel = personnel_sample(site)
    return Change.objects.of_request(request_id).get(object_id=personnel.pk)


# --- budget ---------------------------------------------------------------------------------------


def _source(n: int):
    return budget_services.funding_source_create(
        actor=None, code=f"NG{n}", name=f"Nguồn mẫu số {n}", kind=SourceKind.MINISTRY
    )


def _category(n: int):
    return budget_services.spending_category_create(actor=None, code=f"MC{n}", name=f"Mục chi mẫu số {n}")


@sample("budget.fundingsource")
def funding_source_sample(site: Site):
    return _source(next_number())


@sample("budget.spendingcategory")
def spending_category_sample(site: Site):
    return _category(next_number())


@sample("budget.budgetcode")
def budget_code_sample(site: Site):
    # A mục of its own: a multiple of 50 from 1000 up (its tiểu mục: tests/budget/test_budget_codes.py).
    n = next_number()
    return budget_services.budget_code_create(actor=None, code=1000 + 50 * (n % 170), name=f"Mục mẫu số {n}")


@sample("budget.fiscalyear")
def fiscal_year_sample(site: Site):
    # A year after every other (the other samples are dated in YEAR and the year before).
    last = FiscalYear.objects.aggregate(last=Max("year"))["last"] or YEAR
    return budget_services.fiscal_year_create(actor=None, year=max(last, YEAR) + 1, note="Năm mẫu")


@step("budget.fiscalyear", "close")
def fiscal_year_ready_to_close(site: Site):
    # Closed for a new commune of its own, so that the branch's other records stay open.
    return budget_services.fiscal_year_for(YEAR - 1), {"unit": site.commune().pk, "note": "Khóa sổ mẫu"}


@sample("budget.yearclosure")
def year_closure_sample(site: Site):
    return budget_services.year_close(
        actor=None, fiscal_year=budget_services.fiscal_year_for(YEAR - 1), unit=site.commune()
    )


def allocation_draft(site: Site, amount: int = 100_000_000) -> Allocation:
    n = next_number()
    return budget_services.allocation_create(
        actor=None,
        fiscal_year=budget_services.fiscal_year_for(YEAR),
        unit=site.commune(),
        source=_source(n),
        category=_category(n),
        amount=amount,
        decision_number=f"QĐ-MẪU-{n}",
        decision_date=datetime.date(YEAR - 1, 12, 20),
    )


def approved_allocation(site: Site, amount: int = 100_000_000) -> Allocation:
    return budget_services.allocation_approve(actor=None, allocation=allocation_draft(site, amount))


draft("budget.allocation")(allocation_draft)
sample("budget.allocation")(approved_allocation)


@step("budget.allocation", "approve")
def allocation_ready_to_approve(site: Site):
    return allocation_draft(site), None


@sample("budget.adjustment")
def adjustment_sample(site: Site):
    n = next_number()
    return budget_services.adjustment_create(
        actor=None,
        allocation=approved_allocation(site),
        amount=5_000_000,
        decision_number=f"QĐ-BS-{n}",
        decision_date=datetime.date(YEAR, 6, 1),
        reason=f"Bổ sung dự toán mẫu {n}",
    )


def _spending(site: Site, *, post: bool):
    n = next_number()
    return budget_services.spending_create(
        actor=None,
        allocation=approved_allocation(site),
        kind="payment",
        date=datetime.date(YEAR, 5, 10),
        amount=2_000_000,
        voucher_number=f"C-{n}",
        description=f"Thanh toán mẫu số {n}",
        payee=SupplierFactory(),
        post=post,
    )


sample("budget.spending")(lambda site: _spending(site, post=True))
draft("budget.spending")(lambda site: _spending(site, post=False))
step("budget.spending", "post")(lambda site: (_spending(site, post=False), None))
step("budget.spending", "reverse")(
    lambda site: (
        _spending(site, post=True),
        {"date": day(datetime.date(YEAR, 6, 1)), "voucher_number": f"HU-{next_number()}", "reason": "Chi nhầm"},
    )
)


step("budget.spending", "clear")(
    lambda site: (
        budget_services.spending_create(
            actor=None,
            allocation=approved_allocation(site),
            kind="advance",
            date=datetime.date(YEAR, 5, 10),
            amount=3_000_000,
            voucher_number=f"TU-{next_number()}",
            description="Tạm ứng mẫu",
            post=True,
        ),
        {"kind": "clearing", "amount": "2.000.000", "date": day(datetime.date(YEAR, 6, 1)), "voucher_number": "TT-1"},
    )
)


def closed_year_allocation(site: Site) -> Allocation:
    """An approved allocation of the year before YEAR, for a new commune whose year is closed."""
    n = next_number()
    commune = site.commune()
    allocation = budget_services.allocation_approve(
        actor=None,
        allocation=budget_services.allocation_create(
            actor=None,
            fiscal_year=budget_services.fiscal_year_for(YEAR - 1),
            unit=commune,
            source=_source(n),
            category=_category(n),
            amount=40_000_000,
            decision_number=f"QĐ-CN-{n}",
            decision_date=datetime.date(YEAR - 2, 12, 20),
        ),
    )
    budget_services.year_close(actor=None, fiscal_year=allocation.fiscal_year, unit=commune)
    return allocation


@sample("budget.balancedisposition")
def balance_disposition_sample(site: Site):
    allocation = closed_year_allocation(site)
    return budget_services.balance_dispose(
        actor=None,
        fiscal_year=allocation.fiscal_year,
        allocation=allocation,
        kind="carry_over",
        amount=15_000_000,
        decision_number=f"QĐ-CHN-{next_number()}",
        decision_date=datetime.date(YEAR, 1, 20),
    )


@step("budget.fiscalyear", "carry_over")
def fiscal_year_ready_to_carry_over(site: Site):
    allocation = closed_year_allocation(site)
    return allocation.fiscal_year, {
        "allocation": allocation.pk,
        "kind": "cancel",
        "amount": "5.000.000",
        "decision_number": f"QĐ-HDT-{next_number()}",
        "decision_date": day(datetime.date(YEAR, 1, 20)),
    }


def _closed_commune(site: Site) -> Unit:
    commune = site.commune()
    budget_services.year_close(actor=None, fiscal_year=budget_services.fiscal_year_for(YEAR - 1), unit=commune)
    return commune


@sample("budget.yearsettlement")
def year_settlement_sample(site: Site):
    return budget_services.year_settle(
        actor=None,
        fiscal_year=budget_services.fiscal_year_for(YEAR - 1),
        unit=_closed_commune(site),
        decision_number=f"QĐ-DQT-{next_number()}",
        decision_date=datetime.date(YEAR, 3, 15),
        approving_body="Cục Kế hoạch và tài chính",
    )


@step("budget.fiscalyear", "settle")
def fiscal_year_ready_to_settle(site: Site):
    return budget_services.fiscal_year_for(YEAR - 1), {
        "unit": _closed_commune(site).pk,
        "decision_number": f"QĐ-DQT-{next_number()}",
        "decision_date": day(datetime.date(YEAR, 3, 15)),
        "approving_body": "Cục Kế hoạch và tài chính",
    }


# --- assets ---------------------------------------------------------------------------------------


@sample("assets.assetcategory")
def asset_category_sample(site: Site):
    n = next_number()
    return AssetCategory.objects.create(code=f"LTS{n}", name=f"Loại tài sản mẫu {n}")


@sample("assets.fixedassetclass")
def fixed_asset_class_sample(site: Site):
    n = next_number()
    return FixedAssetClass.objects.create(
        code=f"NTS{n}", name=f"Nhóm tài sản mẫu {n}", wear_rate=10, useful_life_years=10
    )


@sample("assets.programme")
def asset_programme_sample(site: Site):
    n = next_number()
    return assets_services.programme_create(actor=None, code=f"DA{n}", name=f"Đề án mẫu {n}")


def _car_type() -> ItemType:
    n = next_number()
    return ItemType.objects.create(
        category=asset_category_sample(None),
        code=f"XE{n}",
        name=f"Xe ô tô mẫu {n}",
        unit_of_measure="chiếc",
        tracking=Tracking.SERIAL,
        fixed_asset_class=fixed_asset_class_sample(None),
    )


def _cabinet_type() -> ItemType:
    n = next_number()
    return ItemType.objects.create(
        category=asset_category_sample(None),
        code=f"TU{n}",
        name=f"Tủ sắt mẫu {n}",
        unit_of_measure="chiếc",
        tracking=Tracking.QUANTITY,
    )


sample("assets.itemtype")(lambda site: _cabinet_type())


def _receipt(site: Site, *, post: bool, store: Unit | None = None):
    n = next_number()
    return assets_services.voucher_create(
        actor=None,
        kind=VoucherKind.RECEIPT,
        date=DAY,
        to_unit=store or site.store(),
        origin=Origin.TRANSFER_IN,
        lines=[
            LineData(item_type=_cabinet_type(), quantity=10, unit_value=7_000_000),
            LineData(item_type=_car_type(), quantity=1, unit_value=900_000_000, plate_number=f"34A-{n:05d}"),
        ],
        reason=f"Nhập kho mẫu số {n}",
        post=post,
    )


sample("assets.voucher")(lambda site: _receipt(site, post=True))
draft("assets.voucher")(lambda site: _receipt(site, post=False))
step("assets.voucher", "post")(lambda site: (_receipt(site, post=False), None))
step("assets.voucher", "reverse")(
    lambda site: (_receipt(site, post=True), {"date": day(datetime.date(YEAR, 4, 1)), "reason": "Nhập nhầm"})
)


@sample("assets.item")
def item_sample(site: Site):
    return Item.objects.get(voucher_lines__voucher=_receipt(site, post=True))


@sample("assets.movement")
def movement_sample(site: Site):
    return Movement.objects.filter(voucher=_receipt(site, post=True)).order_by("pk").first()


@sample("assets.holding")
def holding_sample(site: Site):
    store = site.store()
    _receipt(site, post=True, store=store)
    return Holding.objects.filter(unit=store).order_by("pk").first()


def _stocktake(site: Site, *, post: bool):
    store = site.store()
    _receipt(site, post=True, store=store)
    stocktake = assets_services.stocktake_open(actor=None, unit=store, date=DAY, note=f"Kiểm kê mẫu {next_number()}")
    if post:
        counts = {line.item_type_id: line.expected_quantity for line in stocktake.lines.all()}
        assets_services.stocktake_count(actor=None, stocktake=stocktake, counts=counts)
        stocktake = assets_services.stocktake_post(actor=None, stocktake=stocktake)
    return stocktake


sample("assets.stocktake")(lambda site: _stocktake(site, post=True))
draft("assets.stocktake")(lambda site: _stocktake(site, post=False))


@step("assets.stocktake", "count")
def stocktake_ready_to_count(site: Site):
    stocktake = _stocktake(site, post=False)
    # The count sheet: every type counted as expected, no surplus line.
    counts = {f"count_{line.pk}": line.expected_quantity for line in stocktake.lines.all()}
    return stocktake, {**counts, "surplus-TOTAL_FORMS": "0", "surplus-INITIAL_FORMS": "0"}


@step("assets.stocktake", "post")
def stocktake_ready_to_post(site: Site):
    stocktake = _stocktake(site, post=False)
    counts = {line.item_type_id: line.expected_quantity for line in stocktake.lines.all()}
    assets_services.stocktake_count(actor=None, stocktake=stocktake, counts=counts)
    return stocktake, None


@sample("assets.wearentry")
def wear_entry_sample(site: Site):
    store = site.store()
    _receipt(site, post=True, store=store)
    assets_services.wear_compute(actor=None, year=YEAR, unit=store)
    return WearEntry.objects.filter(item__holder_unit=store).get()


# --- construction ---------------------------------------------------------------------------------


def _project(site: Site, **fields) -> Project:
    n = next_number()
    values = {
        "name": f"Nhà làm việc mẫu số {n}",
        "kind": WorkKind.NEW_BUILD,
        "beneficiary_unit": site.commune(),
        "location": "Thị trấn Thanh Hà",
        "total_investment": 2_000_000_000,
        "planned_start": datetime.date(YEAR, 2, 1),
        "planned_end": datetime.date(YEAR, 10, 31),
    }
    values.update(fields)
    return construction_services.project_create(actor=None, **values)


def _approved(site: Site) -> Project:
    project = _project(site)
    return construction_services.project_approve(
        actor=None, project=project, decision_number=f"{project.pk}/QĐ-CAT", decision_date=datetime.date(YEAR, 1, 15)
    )


def _contract(site: Site, project: Project):
    return construction_services.contract_create(
        actor=None,
        project=project,
        contractor=SupplierFactory(name=f"Công ty Xây dựng Mẫu {next_number()}", kind=SupplierKind.CONTRACTOR),
        number=f"HĐ-{project.pk}-{next_number()}",
        signed_on=datetime.date(YEAR, 1, 15),
        value=1_500_000_000,
    )


def _funded(site: Site, project: Project):
    allocation = approved_allocation(site, amount=10_000_000_000)
    funding = construction_services.funding_create(actor=None, project=project, allocation=allocation)
    return funding, allocation


def _started(site: Site) -> Project:
    project = _approved(site)
    _contract(site, project)
    _funded(site, project)
    return construction_services.project_start(
        actor=None, project=project, date=datetime.date(YEAR, 2, 1), document_number="LKC-01"
    )


def _accepted(site: Site) -> Project:
    project = _started(site)
    construction_services.progress_report_create(
        actor=None, project=project, date=datetime.date(YEAR, 9, 1), percent=100, reason=""
    )
    return construction_services.project_accept(
        actor=None, project=project, date=datetime.date(YEAR, 9, 30), document_number="BBNT-01"
    )


def _handed_over(site: Site) -> Project:
    return construction_services.project_hand_over(
        actor=None, project=_accepted(site), date=datetime.date(YEAR, 10, 15), document_number="BBBG-01"
    )


def _building_type() -> ItemType:
    n = next_number()
    return ItemType.objects.create(
        category=asset_category_sample(None),
        code=f"NHA{n}",
        name=f"Nhà làm việc mẫu {n}",
        unit_of_measure="công trình",
        tracking=Tracking.SERIAL,
        fixed_asset_class=FixedAssetClass.objects.create(
            code=f"NHA{n}", name=f"Nhà cấp III mẫu {n}", wear_rate=4, useful_life_years=25, is_building=True
        ),
    )


sample("construction.project")(_started)
draft("construction.project")(_project)
step("construction.project", "approve")(
    lambda site: (
        _project(site),
        {
            "decision_number": "QĐ-ĐT-01",
            "decision_date": day(datetime.date(YEAR, 1, 15)),
            "total_investment": "2.000.000.000",
        },
    )
)


@step("construction.project", "start")
def project_ready_to_start(site: Site):
    project = _approved(site)
    _contract(site, project)
    _funded(site, project)
    return project, {"date": day(datetime.date(YEAR, 2, 1)), "document_number": "LKC-01"}


@step("construction.project", "accept")
def project_ready_to_accept(site: Site):
    project = _started(site)
    construction_services.progress_report_create(
        actor=None, project=project, date=datetime.date(YEAR, 9, 1), percent=100, reason=""
    )
    return project, {"date": day(datetime.date(YEAR, 9, 30)), "document_number": "BBNT-01"}


step("construction.project", "hand_over")(
    lambda site: (_accepted(site), {"date": day(datetime.date(YEAR, 10, 15)), "document_number": "BBBG-01"})
)
step("construction.project", "settle")(
    lambda site: (
        _handed_over(site),
        {
            "date": day(datetime.date(YEAR, 12, 20)),
            "document_number": "QĐQT-01",
            "settlement_value": "1.400.000.000",
            # A new build enters the register at settlement at the latest (whatever its cost).
            "item_type": _building_type().pk,
        },
    )
)
step("construction.project", "adjust")(
    lambda site: (
        _approved(site),
        {
            "date": day(datetime.date(YEAR, 1, 20)),
            "document_number": "QĐ-ĐC-01",
            "total_investment": "2.100.000.000",
            "planned_start": day(datetime.date(YEAR, 2, 1)),
            "planned_end": day(datetime.date(YEAR, 11, 30)),
            "reason": "Bổ sung hạng mục",
        },
    )
)
step("construction.project", "register_asset")(
    lambda site: (_handed_over(site), {"item_type": _building_type().pk, "cost": "1.500.000.000"})
)


@sample("construction.contract")
def contract_sample(site: Site):
    return _contract(site, _approved(site))


@sample("construction.funding")
def funding_sample(site: Site):
    return _funded(site, _approved(site))[0]


@sample("construction.progressreport")
def progress_report_sample(site: Site):
    return construction_services.progress_report_create(
        actor=None, project=_started(site), date=datetime.date(YEAR, 6, 1), percent=40, reason="Đúng tiến độ"
    )


@sample("construction.milestone")
def milestone_sample(site: Site):
    return Milestone.objects.filter(project=_started(site)).order_by("pk").first()


def _payment(site: Site):
    project = _approved(site)
    contract = _contract(site, project)
    _funding, allocation = _funded(site, project)
    project = construction_services.project_start(
        actor=None, project=project, date=datetime.date(YEAR, 2, 1), document_number="LKC-01"
    )
    return construction_services.payment_create(
        actor=None,
        project=project,
        contract=contract,
        allocation=allocation,
        date=datetime.date(YEAR, 3, 1),
        amount=100_000_000,
        voucher_number=f"PC-{next_number()}",
    )


sample("construction.payment")(_payment)
DRAFTS["construction.payment"] = None
step("construction.payment", "reverse")(
    lambda site: (
        _payment(site),
        {"date": day(datetime.date(YEAR, 4, 1)), "voucher_number": f"HU-{next_number()}", "reason": "Trả nhầm"},
    )
)


# --- medical --------------------------------------------------------------------------------------


@sample("medical.patient")
def patient_sample(site: Site):
    n = next_number()
    officer = PersonnelFactory(full_name=f"Trần Văn Cán Bộ Số {n}", unit=site.unit)
    return medical_services.patient_register(
        actor=site.clinic_staff(),
        clinic=site.clinic(),
        kind="relative",
        relative_of=officer,
        relationship="Vợ",
        full_name=f"Hoàng Thị Bệnh Nhân Số {n}",
        birth_year=1990,
        sex="female",
        insurance_number=f"TN43{n:011d}",
    )


@sample("medical.encounter")
def encounter_sample(site: Site):
    return medical_services.encounter_record(
        actor=site.clinic_staff(),
        clinic=site.clinic(),
        patient=patient_sample(site),
        date=datetime.date(YEAR, 5, 6),
        service="examination",
        diagnosis=f"Viêm họng mẫu {next_number()}",
        icd10_code="J02",
        medicines=[{"name": "Paracetamol 500mg", "quantity": 10, "unit_of_measure": "viên"}],
    )


@sample("medical.fitnessstandard")
def fitness_standard_sample(site: Site):
    # One day each, so that the samples of one purpose never overlap.
    day = datetime.date(2000, 1, 1) + datetime.timedelta(days=next_number())
    return medical_services.fitness_standard_create(
        actor=None, purpose="recruitment", fit_up_to_grade=2, valid_from=day, valid_to=day, basis=f"Văn bản mẫu {day}"
    )


@sample("medical.exposure")
def exposure_sample(site: Site):
    return medical_services.exposure_record(
        actor=site.clinic_staff(),
        clinic=site.clinic(),
        patient=patient_sample(site),
        classification="F1",
        source_note=f"Ca bệnh công bố số {next_number()}",
        date_identified=datetime.date(2021, 2, 1),
        isolation_place="facility",
        isolation_start=datetime.date(2021, 2, 1),
        isolation_end=datetime.date(2021, 2, 21),
        status="released",
        tests=[{"date": datetime.date(2021, 2, 1), "method": "pcr", "result": "negative"}],
    )


@sample("medical.accesslog")
def access_log_sample(site: Site):
    patient = patient_sample(site)
    reader = UserFactory(unit=site.clinic(), roles=[Role.CLINIC_STAFF])
    medical_services.access_record(
        user=reader, action="view", record_type="medical.patient", record_id=patient.pk, path="/medical/"
    )
    return AccessLog.objects.filter(user=reader).get()


# --- oversight ------------------------------------------------------------------------------------


def _inspection_fields(site: Site) -> dict:
    n = next_number()
    return {
        "title": f"Kiểm tra công tác tài chính mẫu số {n}",
        "decision_number": f"{n}-QĐ/UBKT",
        "inspecting_unit": site.unit,
        "target": site.commune(),
        "start": OVERSIGHT_DAY,
    }


def _started_inspection(site: Site):
    return site.oversight().started(**_inspection_fields(site))


def _concluded(site: Site, **fields):
    return site.oversight().concluded(**_inspection_fields(site), **fields)


@sample("oversight.programme")
def oversight_programme_sample(site: Site):
    n = next_number()
    return site.oversight().programme(
        title=f"Chương trình kiểm tra mẫu số {n}", document_number=f"{n}-CTr/UBKT", issuing_unit=site.unit
    )


sample("oversight.inspection")(_concluded)
draft("oversight.inspection")(lambda site: site.oversight().inspection(**_inspection_fields(site)))


@step("oversight.inspection", "start")
def inspection_ready_to_start(site: Site):
    build = site.oversight()
    inspection = build.inspection(**_inspection_fields(site))
    oversight_services.team_member_create(actor=None, inspection=inspection, personnel=build.head, role=TeamRole.HEAD)
    return inspection, {"started_on": day(OVERSIGHT_DAY)}


step("oversight.inspection", "conclude")(
    lambda site: (
        _started_inspection(site),
        {
            "concluded_on": day(OVERSIGHT_DAY + datetime.timedelta(days=15)),
            "conclusion_number": "05-TB/UBKT",
            "conclusion": "Đơn vị còn thiếu sót; yêu cầu khắc phục.",
        },
    )
)


@sample("oversight.teammember")
def team_member_sample(site: Site):
    return TeamMember.objects.filter(inspection=_concluded(site)).order_by("pk").first()


draft("oversight.teammember")(
    lambda site: TeamMember.objects.filter(inspection=_started_inspection(site)).order_by("pk").first()
)


@sample("oversight.finding")
def finding_sample(site: Site):
    return _concluded(site).findings.get()


@draft("oversight.finding")
def finding_draft(site: Site):
    inspection = _started_inspection(site)
    return site.oversight().finding(inspection)


@sample("oversight.findinglink")
def finding_link_sample(site: Site):
    inspection = _concluded(site, records=[personnel_sample(site)])
    return FindingLink.objects.filter(finding__inspection=inspection).get()


@draft("oversight.findinglink")
def finding_link_draft(site: Site):
    cited = personnel_sample(site)
    inspection = _started_inspection(site)
    finding = site.oversight().finding(inspection, records=[cited])
    return FindingLink.objects.filter(finding=finding).get()


def _recommendation(site: Site) -> Recommendation:
    return Recommendation.objects.get(finding__inspection=_concluded(site))


def _recommendation_done(site: Site) -> Recommendation:
    from tests.oversight.conftest import evidence

    return oversight_services.recommendation_report_progress(
        actor=site.inspector(),
        recommendation=_recommendation(site),
        status="done",
        note="Đã khắc phục",
        reported_on=OVERSIGHT_DAY + datetime.timedelta(days=30),
        evidence=evidence(),
    )


sample("oversight.recommendation")(_recommendation)


@draft("oversight.recommendation")
def recommendation_draft(site: Site):
    inspection = _started_inspection(site)
    return site.oversight().recommendation(site.oversight().finding(inspection), unit=site.unit)


step("oversight.recommendation", "report")(
    lambda site: (
        _recommendation(site),
        {
            "status": "in_progress",
            "reported_on": day(OVERSIGHT_DAY + datetime.timedelta(days=30)),
            "note": "Đang khắc phục",
        },
    )
)
step("oversight.recommendation", "verify")(
    lambda site: (_recommendation_done(site), {"verified_on": day(OVERSIGHT_DAY + datetime.timedelta(days=40))})
)
step("oversight.recommendation", "send_back")(
    lambda site: (
        _recommendation_done(site),
        {"returned_on": day(OVERSIGHT_DAY + datetime.timedelta(days=40)), "note": "Thiếu biên bản"},
    )
)


@sample("oversight.progressreport")
def oversight_progress_report_sample(site: Site):
    recommendation = oversight_services.recommendation_report_progress(
        actor=site.inspector(),
        recommendation=_recommendation(site),
        status="in_progress",
        note=f"Đang khắc phục mẫu {next_number()}",
        reported_on=OVERSIGHT_DAY + datetime.timedelta(days=30),
    )
    return ProgressReport.objects.filter(recommendation=recommendation).get()


@sample("oversight.disciplinedecision")
def discipline_sample(site: Site):
    inspection = _concluded(site)
    n = next_number()
    return oversight_services.discipline_decision_create(
        actor=site.inspector(),
        inspection=inspection,
        target_kind=TargetKind.ORGANISATION,
        target_unit=inspection.target_unit,
        target_person=None,
        level=DisciplineLevel.REPRIMAND,
        decided_on=inspection.concluded_on,
        decision_number=f"{n}-QĐ/UBKT",
        issuing_body="inspection_committee",
        issuing_unit=site.unit,
        reason=f"Vi phạm quy định quản lý tài chính mẫu {n}.",
    )
