import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from construction.choices import ProjectStatus
from construction.models import Contract, Funding, Milestone, Payment, ProgressReport, Project
from logistics.formatting import day_text, vnd
from logistics.tables import BadgeColumn, BaseTable, DateColumn, DateTimeColumn, MoneyColumn

STATUS_COLORS = {
    ProjectStatus.PROPOSED: "secondary",
    ProjectStatus.APPROVED: "info",
    ProjectStatus.UNDER_CONSTRUCTION: "primary",
    ProjectStatus.ACCEPTED: "success",
    ProjectStatus.HANDED_OVER: "success",
    ProjectStatus.SETTLED: "dark",
}


def percent_text(value) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",") + " %"


def progress_bar(value: int) -> str:
    return format_html(
        '<div class="d-flex align-items-center gap-1" title="{} %">'
        '<div class="progress flex-grow-1" style="height:.5rem;min-width:3rem">'
        '<div class="progress-bar{}" style="width:{}%"></div></div>'
        '<span class="small text-nowrap">{} %</span></div>',
        value,
        " bg-success" if value >= 100 else "",
        value,
        value,
    )


class ProjectTable(BaseTable):
    code = tables.Column(linkify=True, attrs={"td": {"class": "text-nowrap"}})
    name = tables.Column(linkify=True, attrs={"td": {"class": "col-text"}})
    #: Shown under the name on screen; its own column in exports.
    kind = tables.Column(visible=False)
    #: Shown under the name on screen (names usually say the unit too); its own column in exports.
    beneficiary_unit = tables.Column(visible=False)
    planned_end = DateColumn()
    progress = tables.Column(verbose_name=_("Progress"), attrs={"td": {"style": "min-width:6.5rem"}})
    total_investment = MoneyColumn()
    paid = MoneyColumn(verbose_name=_("Paid"))
    #: Shown under the amount paid on screen; its own column in exports.
    disbursed = tables.Column(verbose_name=_("Disbursed (%)"), accessor="pk", orderable=False, visible=False)
    status = BadgeColumn(colors=STATUS_COLORS, attrs={"td": {"class": "text-nowrap"}})

    class Meta(BaseTable.Meta):
        model = Project
        fields = (
            "code",
            "name",
            "kind",
            "beneficiary_unit",
            "planned_end",
            "progress",
            "total_investment",
            "paid",
            "disbursed",
            "status",
        )
        row_attrs = {"data-overdue": lambda record: "1" if getattr(record, "overdue", False) else "0"}

    total_columns = ("total_investment", "paid")

    def render_name(self, value, record):
        details = " · ".join(
            part for part in (str(record.beneficiary_unit), record.get_kind_display(), record.phase) if part
        )
        return format_html(
            '<a href="{}">{}</a><div class="small text-muted">{}</div>', record.get_absolute_url(), value, details
        )

    def value_name(self, value, record):
        return f"{value} ({record.phase})" if record.phase else value

    def value_beneficiary_unit(self, value):
        return str(value)

    def render_paid(self, value, record):
        rate = self.value_disbursed(record)
        if not value or rate is None:
            return vnd(value)
        return format_html(
            '{}<div class="small text-muted">{}</div>',
            vnd(value),
            _("%(rate)s disbursed") % {"rate": percent_text(rate)},
        )

    def render_planned_end(self, value, record):
        if getattr(record, "overdue", False):
            return format_html(
                '<span class="text-danger fw-semibold">{}</span><div><span class="badge text-bg-danger">{}</span></div>',
                day_text(value),
                _("Overdue"),
            )
        return day_text(value)

    def render_progress(self, value):
        return progress_bar(value)

    def value_progress(self, value):
        return value

    def render_disbursed(self, record):
        return percent_text(self.value_disbursed(record))

    def value_disbursed(self, record):
        paid = getattr(record, "paid", None)
        if paid is None or not record.total_investment:
            return None
        return round(paid * 100 / record.total_investment, 1)


class ContractTable(BaseTable):
    number = tables.Column(linkify=True)
    project = tables.Column(linkify=True)
    contractor = tables.Column()
    signed_on = DateColumn()
    value = MoneyColumn()
    paid = MoneyColumn(verbose_name=_("Paid"))
    description = tables.Column()

    class Meta(BaseTable.Meta):
        model = Contract
        fields = ("number", "project", "contractor", "signed_on", "value", "paid", "description")

    total_columns = ("value", "paid")


class FundingTable(BaseTable):
    allocation = tables.Column(linkify=True)
    project = tables.Column(linkify=True)
    decision_number = tables.Column(verbose_name=_("Decision number"), accessor="allocation__decision_number")
    available = MoneyColumn(verbose_name=_("Left in the allocation"), accessor="allocation__available")
    paid = MoneyColumn(verbose_name=_("Paid to this work from it"))
    note = tables.Column()
    open = tables.Column(verbose_name="", accessor="pk", orderable=False, exclude_from_export=True)

    class Meta(BaseTable.Meta):
        model = Funding
        fields = ("allocation", "project", "decision_number", "available", "paid", "note", "open")

    total_columns = ("paid",)

    def render_open(self, record):
        return format_html(
            '<a class="btn btn-sm btn-outline-secondary" href="{}" title="{}"><i class="bi bi-eye"></i></a>',
            record.get_absolute_url(),
            _("Open"),
        )


class ProgressReportTable(BaseTable):
    date = DateColumn(linkify=True)
    project = tables.Column(linkify=True)
    percent = tables.Column(attrs={"td": {"style": "min-width:7rem"}})
    note = tables.Column()
    reason = tables.Column()
    reported_by = tables.Column()

    class Meta(BaseTable.Meta):
        model = ProgressReport
        fields = ("date", "project", "percent", "note", "reason", "reported_by")

    def render_percent(self, value, record):
        bar = progress_bar(value)
        if value < record.previous_percent:
            return format_html(
                '{}<div class="small text-danger"><i class="bi bi-arrow-down"></i> {} % → {} %</div>',
                bar,
                record.previous_percent,
                value,
            )
        return bar

    def value_percent(self, value):
        return value


class MilestoneTable(BaseTable):
    date = DateColumn(linkify=True)
    step = tables.Column()
    project = tables.Column(linkify=True)
    document_number = tables.Column()
    to_status = tables.Column()
    note = tables.Column()
    recorded_by = tables.Column()
    created_at = DateTimeColumn(verbose_name=_("Recorded at"))

    class Meta(BaseTable.Meta):
        model = Milestone
        fields = ("date", "step", "project", "document_number", "to_status", "note", "recorded_by", "created_at")

    def render_to_status(self, value, record):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', STATUS_COLORS.get(record.to_status, "secondary"), value
        )

    def value_to_status(self, value):
        # The file holds the status's name; the badge is the page's.
        return value


class PaymentTable(BaseTable):
    date = DateColumn(
        accessor="spending__date", verbose_name=_("Date"), linkify=lambda record: record.get_absolute_url()
    )
    voucher_number = tables.Column(accessor="spending__voucher_number", verbose_name=_("Voucher number"))
    project = tables.Column(linkify=True, attrs={"td": {"class": "text-nowrap"}})
    contractor = tables.Column(accessor="contract__contractor", verbose_name=_("Contractor"))
    #: Shown under the contractor on screen; its own column in exports.
    contract = tables.Column(accessor="contract__number", verbose_name=_("Contract"), visible=False)
    allocation = tables.Column(accessor="spending__allocation", verbose_name=_("Allocation"))
    amount = MoneyColumn(accessor="spending__amount", verbose_name=_("Amount"))
    #: What counts as paid (0 once reversed): the totals row; its own column in exports.
    net_amount = MoneyColumn(verbose_name=_("Counts as paid"), visible=False)
    state = tables.Column(verbose_name=_("Status"), accessor="pk", orderable=False)

    class Meta(BaseTable.Meta):
        model = Payment
        fields = (
            "date",
            "voucher_number",
            "project",
            "contractor",
            "contract",
            "allocation",
            "amount",
            "net_amount",
            "state",
        )

    total_columns = ("net_amount",)

    def render_project(self, value, record):
        return format_html('<a href="{}" title="{}">{}</a>', value.get_absolute_url(), value.name, value.code)

    def value_project(self, value):
        return str(value)

    def render_contractor(self, value, record):
        return format_html('{}<div class="small text-muted">{}</div>', value, record.contract.number)

    def value_contractor(self, value):
        return str(value)

    def render_allocation(self, value):
        return format_html(
            '<span title="{}">{} · {} · {}</span>', value, value.fiscal_year_id, value.source.code, value.category.code
        )

    def value_allocation(self, value):
        return str(value)

    def render_amount(self, value, record):
        if record.net_amount == 0:
            return format_html("<s>{}</s>", vnd(value))
        return vnd(value)

    def value_amount(self, value):
        # Money is a whole number in a file; the strike-through of a refunded payment is the page's.
        return value

    def render_state(self, record):
        if record.net_amount == 0:
            return format_html('<span class="badge text-bg-warning">{}</span>', _("Reversed"))
        return format_html('<span class="badge text-bg-primary">{}</span>', _("Posted"))

    def value_state(self, record):
        return str(_("Reversed")) if record.net_amount == 0 else str(_("Posted"))


def on_the_work_page(table_class: type[BaseTable]) -> type[BaseTable]:
    """The same table without its ``project`` column, for the work's own page."""
    meta = type("Meta", (table_class.Meta,), {"exclude": ("project",)})
    return type(f"{table_class.__name__}OnWork", (table_class,), {"Meta": meta})


MilestoneOnWorkTable = on_the_work_page(MilestoneTable)
ContractOnWorkTable = on_the_work_page(ContractTable)
FundingOnWorkTable = on_the_work_page(FundingTable)
ProgressReportOnWorkTable = on_the_work_page(ProgressReportTable)
PaymentOnWorkTable = on_the_work_page(PaymentTable)
