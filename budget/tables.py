import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from budget.choices import AllocationStatus, SpendingStatus
from budget.models import (
    Adjustment,
    Allocation,
    BalanceDisposition,
    BudgetCode,
    FiscalYear,
    FundingSource,
    Spending,
    SpendingCategory,
    YearClosure,
    YearSettlement,
)
from logistics.tables import (
    BadgeColumn,
    BaseTable,
    BooleanColumn,
    DateColumn,
    DateTimeColumn,
    ExportValue,
    MoneyColumn,
)

STATUS_COLORS = {
    AllocationStatus.DRAFT: "secondary",
    AllocationStatus.APPROVED: "success",
    SpendingStatus.POSTED: "primary",
}


class FundingSourceTable(BaseTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = FundingSource
        fields = ("code", "name", "kind", "is_active")


class SpendingCategoryTable(BaseTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    heading = tables.Column(accessor="heading_id", verbose_name=_("Heading (mục)"))
    subheading = tables.Column(accessor="subheading_id", verbose_name=_("Sub-heading (tiểu mục)"))
    is_recurrent = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = SpendingCategory
        fields = ("code", "name", "heading", "subheading", "is_recurrent", "is_active")


class BudgetCodeTable(BaseTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    parent = tables.Column(accessor="parent_id", verbose_name=_("Heading (mục)"))
    valid_from = DateColumn()
    valid_to = DateColumn()

    class Meta(BaseTable.Meta):
        model = BudgetCode
        fields = ("code", "name", "parent", "valid_from", "valid_to", "legal_basis")


class FiscalYearTable(BaseTable):
    year = tables.Column(linkify=True)
    closures = tables.Column(verbose_name=_("Closed for"), accessor="pk", orderable=False)

    class Meta(BaseTable.Meta):
        model = FiscalYear
        fields = ("year", "closures", "note")

    def closures_shown(self, record) -> list:
        # A closure is the closing unit's record: only those in the reader's scope are named.
        return self.disclosure.visible(record.closures.all())

    def render_closures(self, record):
        names = [str(closure.unit) for closure in self.closures_shown(record)]
        return ", ".join(names) if names else "—"

    def value_closures(self, record):
        return ", ".join(str(closure.unit) for closure in self.closures_shown(record))


class AllocationTable(BaseTable):
    decision_number = tables.Column(linkify=True)
    fiscal_year = tables.Column()
    unit = tables.Column(linkify=True)
    source = tables.Column()
    category = tables.Column()
    amount = MoneyColumn()
    adjustments_total = MoneyColumn()
    spent_total = MoneyColumn()
    available = MoneyColumn()
    used = tables.Column(
        # xgettext:no-python-format
        verbose_name=_("% used"),
        accessor="pk",
        orderable=False,
        attrs={"td": {"class": "text-end text-nowrap"}},
    )
    status = BadgeColumn(colors=STATUS_COLORS)

    class Meta(BaseTable.Meta):
        model = Allocation
        fields = (
            "decision_number",
            "fiscal_year",
            "unit",
            "source",
            "category",
            "amount",
            "adjustments_total",
            "spent_total",
            "available",
            "used",
            "status",
        )

    total_columns = ("amount", "adjustments_total", "spent_total", "available")
    export_values = {"used": ExportValue(("amount", "adjustments_total", "spent_total"), Allocation.percent_used)}

    def render_used(self, record):
        used = record.used_percent
        return "—" if used is None else f"{used:.1f}".replace(".", ",") + " %"

    def value_used(self, record):
        return record.used_percent


class AdjustmentTable(BaseTable):
    decision_number = tables.Column(linkify=True)
    decision_date = DateColumn()
    allocation = tables.Column(linkify=True)
    amount = MoneyColumn()
    reason = tables.Column()

    class Meta(BaseTable.Meta):
        model = Adjustment
        fields = ("decision_number", "decision_date", "allocation", "amount", "reason")

    total_columns = ("amount",)


class SpendingTable(BaseTable):
    date = DateColumn()
    voucher_number = tables.Column(linkify=True)
    kind = tables.Column()
    description = tables.Column()
    payee = tables.Column()
    unit = tables.Column(verbose_name=_("Unit"), accessor="allocation__unit")
    category = tables.Column(verbose_name=_("Spending category"), accessor="allocation__category")
    signed_amount = MoneyColumn()
    status = BadgeColumn(colors=STATUS_COLORS)

    class Meta(BaseTable.Meta):
        model = Spending
        fields = (
            "date",
            "voucher_number",
            "kind",
            "description",
            "payee",
            "unit",
            "category",
            "signed_amount",
            "status",
        )

    total_columns = ("signed_amount",)
    export_as_is = ("description",)

    def render_description(self, value, record):
        if record.reverses_id:
            return format_html('<span class="text-danger">{}</span>', value)
        return value

    def value_description(self, value):
        # The file holds the words; the red of a reversal is the page's.
        return value


class YearClosureTable(BaseTable):
    fiscal_year = tables.Column(linkify=lambda record: record.get_absolute_url())
    unit = tables.Column(linkify=True)
    closed_at = DateTimeColumn()
    closed_by = tables.Column()
    allocation_count = tables.Column(attrs={"td": {"class": "text-end"}})
    unspent_total = MoneyColumn()

    class Meta(BaseTable.Meta):
        model = YearClosure
        fields = ("fiscal_year", "unit", "closed_at", "closed_by", "allocation_count", "unspent_total", "note")

    total_columns = ("unspent_total",)


class BalanceDispositionTable(BaseTable):
    decision_number = tables.Column(linkify=True)
    decision_date = DateColumn()
    kind = tables.Column()
    allocation = tables.Column(linkify=True)
    amount = MoneyColumn()
    carried_to = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = BalanceDisposition
        fields = ("decision_number", "decision_date", "kind", "allocation", "amount", "carried_to")

    total_columns = ("amount",)


class YearSettlementTable(BaseTable):
    fiscal_year = tables.Column(linkify=lambda record: record.get_absolute_url())
    unit = tables.Column(linkify=True)
    decision_number = tables.Column()
    decision_date = DateColumn()
    approving_body = tables.Column()
    spent_total = MoneyColumn()

    class Meta(BaseTable.Meta):
        model = YearSettlement
        fields = ("fiscal_year", "unit", "decision_number", "decision_date", "approving_body", "spent_total")

    total_columns = ("spent_total",)
