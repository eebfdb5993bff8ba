"""Construction (xây dựng doanh trại): works from the investment decision to settlement.

A :class:`Project` is one work (dự án, công trình, hạng mục) for a beneficiary unit. Its status
moves only through the transition services (approve → start → accept → hand over → settle), each
recorded as a :class:`Milestone` with its date, document and actor. Progress is reported in
:class:`ProgressReport` rows; payments to contractors are budget spending entries linked by
:class:`Payment`, never more than the project's total investment nor a contract's value.

What has been paid is always summed from the posted spending entries (a reversal made on the
budget pages counts too); a trigger on :class:`Payment` refuses, in the database itself, a payment
that would take a project or a contract over its limit.
"""

import zoneinfo

import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear, Now, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from construction.choices import CAN_BE_OVERDUE, COMPLETED, ProjectStatus, Step, WorkKind
from logistics.formatting import day_text
from logistics.history import tracked
from logistics.models.base import DomainModel, MoneyField
from logistics.search import filter_by_search, search_field

#: Statuses at and after each one, for the constraints that tie dates to statuses.
_AT_LEAST = {status: [s.value for s in ProjectStatus][index:] for index, status in enumerate(ProjectStatus.values)}


def paid_total(outer: str = "pk", field: str = "project") -> Coalesce:
    """SQL: what has been paid (posted, not reversed) per project or per contract."""
    paid = (
        Payment.objects.filter(**{field: OuterRef(outer)}, spending__reversal__isnull=True)
        .order_by()
        .values(field)
        .annotate(total=Sum("spending__amount"))
        .values("total")
    )
    return Coalesce(Subquery(paid, output_field=MoneyField()), Value(0), output_field=MoneyField())


def contracted_total(outer: str = "pk") -> Coalesce:
    """SQL: the sum of a project's contract values."""
    value = (
        Contract.objects.filter(project=OuterRef(outer))
        .order_by()
        .values("project")
        .annotate(total=Sum("value"))
        .values("total")
    )
    return Coalesce(Subquery(value, output_field=MoneyField()), Value(0), output_field=MoneyField())


def local_today() -> TruncDate:
    """SQL: today's date in the project's time zone, evaluated when the query runs."""
    return TruncDate(Now(), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE), output_field=models.DateField())


def work_year() -> ExtractYear:
    """The year a work is counted in: the year construction started, else the year it is planned to."""
    return ExtractYear(Coalesce("actual_start", "planned_start"))


def overdue_condition(on=None) -> Q:
    """Overdue: approved (a proposal is not), the planned end passed (before ``on``, today by default)
    and not accepted yet."""
    return Q(status__in=CAN_BE_OVERDUE, planned_end__lt=on or timezone.localdate())


def completed_condition(start, end) -> Q:
    """Completed in [start, end]: accepted (or later) with the acceptance date inside it."""
    return Q(status__in=COMPLETED, actual_end__gte=start, actual_end__lte=end)


class ProjectQuerySet(models.QuerySet):
    def overdue(self, on=None):
        return self.filter(overdue_condition(on))

    def completed_between(self, start, end):
        return self.filter(completed_condition(start, end))

    def with_figures(self):
        """Paid, contracted and overdue, computed in the query (a constant number of queries)."""
        return self.annotate(
            paid=paid_total(),
            contracted=contracted_total(),
            overdue=Case(
                When(overdue_condition(local_today()), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
            year=work_year(),
        )


@tracked()
class Project(DomainModel):
    """Dự án, công trình, hạng mục: one work for one beneficiary unit."""

    scope_units = ("beneficiary_unit",)
    #: The completion of the latest progress report, and the register item written at handover.
    history_system_fields = ("progress", "asset_item", "cost_adjustment")

    code = models.CharField(
        _("work code"),
        max_length=30,
        unique=True,
        help_text=_("Left empty, it is numbered automatically (CT-year-number)."),
    )
    name = models.CharField(_("name of the work"), max_length=300)
    kind = models.CharField(_("kind of work"), max_length=20, choices=WorkKind.choices)
    phase = models.CharField(_("phase"), max_length=60, blank=True, help_text=_("For example: Giai đoạn I."))
    beneficiary_unit = models.ForeignKey(
        "logistics.Unit",
        verbose_name=_("beneficiary unit"),
        on_delete=models.PROTECT,
        related_name="construction_projects",
    )
    location = models.CharField(_("location"), max_length=300)
    decision_number = models.CharField(_("investment decision number"), max_length=60, blank=True, editable=False)
    decision_date = models.DateField(_("investment decision date"), null=True, blank=True, editable=False)
    total_investment = MoneyField(
        _("total investment"),
        validators=[MinValueValidator(1, _("The amount must be greater than zero."))],
        help_text=_("Tổng mức đầu tư: payments to contractors can never exceed it."),
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned completion"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True, editable=False)
    actual_end = models.DateField(
        _("actual completion"), null=True, blank=True, editable=False, help_text=_("The date of acceptance.")
    )
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True, editable=False)
    settled_on = models.DateField(_("settled on"), null=True, blank=True, editable=False)
    settlement_value = MoneyField(_("settlement value"), null=True, blank=True, editable=False)
    progress = models.PositiveSmallIntegerField(_("completion (%)"), default=0, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSED, editable=False
    )
    asset_item_type = models.ForeignKey(
        "assets.ItemType",
        verbose_name=_("enters the register as"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"fixed_asset_class__is_building": True},
        help_text=_(
            "For a new build: the building or vật kiến trúc item type it enters the fixed-asset register as "
            "(whatever its cost, Circular 141/2025/TT-BTC)."
        ),
    )
    renovated_item = models.ForeignKey(
        "assets.Item",
        verbose_name=_("building renovated"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renovations",
        help_text=_(
            "For a renovation or upgrade (cải tạo, nâng cấp) of a building in the register: the building. "
            "At settlement its cost (nguyên giá) rises by the settlement value."
        ),
    )
    asset_item = models.ForeignKey(
        "assets.Item",
        verbose_name=_("fixed asset"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    #: The cost adjustment (điều chỉnh nguyên giá) the settlement of a renovation posted on its building.
    cost_adjustment = models.ForeignKey(
        "assets.Voucher",
        verbose_name=_("cost adjustment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    search_text = search_field("code", "name", "phase", "location", "decision_number")

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("construction work")
        verbose_name_plural = _("construction works")
        ordering = ["-planned_start", "-id"]
        permissions = [
            (
                "transition_project",
                _("Can record the steps of works (approval, start, acceptance, handover, settlement)"),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(renovated_item__isnull=True) | Q(kind=WorkKind.RENOVATION),
                name="project_only_a_renovation_names_a_building",
                violation_error_message=_("Only a renovation or upgrade names the building it renovates."),
            ),
            models.CheckConstraint(
                condition=Q(total_investment__gt=0),
                name="project_total_investment_positive",
                violation_error_message=_("The amount must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="project_progress_0_100",
                violation_error_message=_("Enter a percentage from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="project_planned_end_after_start",
                violation_error_message=_("The planned end cannot come before the planned start."),
            ),
            models.CheckConstraint(
                condition=Q(settlement_value__isnull=True)
                | Q(settlement_value__gt=0, settlement_value__lte=F("total_investment")),
                name="project_settlement_within_total_investment",
                violation_error_message=_(
                    "The settlement value must be greater than zero and within the total investment."
                ),
            ),
            # Each status carries the dates of the steps that led to it.
            models.CheckConstraint(
                condition=~Q(status__in=_AT_LEAST[ProjectStatus.APPROVED])
                | (Q(decision_date__isnull=False) & ~Q(decision_number="")),
                name="project_approved_has_decision",
                violation_error_message=_("An approved work has the number and date of its investment decision."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=_AT_LEAST[ProjectStatus.UNDER_CONSTRUCTION]) | Q(actual_start__isnull=False),
                name="project_started_has_start_date",
                violation_error_message=_("A work under construction has its actual start date."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=_AT_LEAST[ProjectStatus.ACCEPTED])
                | Q(actual_end__isnull=False, actual_end__gte=F("actual_start"), progress=100),
                name="project_accepted_has_end_date",
                violation_error_message=_(
                    "An accepted work is fully done (progress 100) and has its completion date, not before its start."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=_AT_LEAST[ProjectStatus.HANDED_OVER])
                | Q(handed_over_on__isnull=False, handed_over_on__gte=F("actual_end")),
                name="project_handed_over_has_date",
                violation_error_message=_("A handed-over work has its handover date, not before its completion."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ProjectStatus.SETTLED)
                | Q(settled_on__isnull=False, settled_on__gte=F("handed_over_on"), settlement_value__isnull=False),
                name="project_settled_has_date_and_value",
                violation_error_message=_("A settled work has its settlement value and date, not before the handover."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "planned_end"]),
            models.Index(fields=["beneficiary_unit", "status"]),
            models.Index(fields=["actual_end"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def is_locked(self) -> bool:
        """Once approved, a work changes only through its steps and adjustment decisions."""
        return self.status != ProjectStatus.PROPOSED

    @property
    def is_overdue(self) -> bool:
        return self.status in CAN_BE_OVERDUE and self.planned_end < timezone.localdate()

    @classmethod
    def lookup_filter(cls, queryset, query: str, params) -> models.QuerySet:
        """Look-up as you type: by code, name, location…; ``?status=a,b`` narrows to those steps."""
        statuses = [value for value in (params.get("status") or "").split(",") if value]
        if statuses:
            queryset = queryset.filter(status__in=statuses)
        return filter_by_search(queryset, query) if query else queryset

    @property
    def payment_limit(self) -> int:
        """What may be paid in all: the settlement value once settled, else the total investment."""
        return self.settlement_value if self.settlement_value is not None else self.total_investment


@tracked()
class Contract(DomainModel):
    """Hợp đồng: a contractor's contract on a work; payments on it never exceed its value."""

    scope_units = ("project__beneficiary_unit",)

    project = models.ForeignKey(
        Project, verbose_name=_("construction work"), on_delete=models.PROTECT, related_name="contracts"
    )
    contractor = models.ForeignKey(
        "logistics.Supplier",
        verbose_name=_("contractor"),
        on_delete=models.PROTECT,
        related_name="construction_contracts",
    )
    number = models.CharField(_("contract number"), max_length=60)
    signed_on = models.DateField(_("signed on"))
    value = MoneyField(
        _("contract value"), validators=[MinValueValidator(1, _("The amount must be greater than zero."))]
    )
    description = models.CharField(_("scope of the contract"), max_length=300, blank=True)
    search_text = search_field("number", "description")

    class Meta:
        verbose_name = _("construction contract")
        verbose_name_plural = _("construction contracts")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="contract_number_unique_per_project"),
            models.CheckConstraint(
                condition=Q(value__gt=0),
                name="contract_value_positive",
                violation_error_message=_("The amount must be greater than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.contractor}"

    @property
    def is_locked(self) -> bool:
        return self.project.status == ProjectStatus.SETTLED


@tracked()
class Funding(DomainModel):
    """Nguồn vốn: a budget allocation a work is paid from. Payments come only from these."""

    scope_units = ("project__beneficiary_unit", "allocation__unit")

    project = models.ForeignKey(
        Project, verbose_name=_("construction work"), on_delete=models.PROTECT, related_name="fundings"
    )
    allocation = models.ForeignKey(
        "budget.Allocation",
        verbose_name=_("allocation"),
        on_delete=models.PROTECT,
        related_name="construction_fundings",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("funding allocation")
        verbose_name_plural = _("funding allocations")
        ordering = ["-allocation__fiscal_year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "allocation"], name="funding_once_per_project_allocation"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} ← {self.allocation}"


@tracked()
class ProgressReport(DomainModel):
    """Báo cáo tiến độ: % complete on a date. A lower figure than the last one needs a reason."""

    scope_units = ("project__beneficiary_unit",)

    project = models.ForeignKey(
        Project, verbose_name=_("construction work"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    date = models.DateField(_("date"))
    percent = models.PositiveSmallIntegerField(
        _("completion (%)"),
        validators=[MinValueValidator(0), MaxValueValidator(100, _("The figure is a percentage: 0 to 100."))],
    )
    previous_percent = models.PositiveSmallIntegerField(_("previous completion (%)"), default=0, editable=False)
    note = models.TextField(_("note"), blank=True)
    reason = models.CharField(
        _("reason for a lower figure"),
        max_length=300,
        blank=True,
        help_text=_("Needed only when the figure is lower than in the last report."),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
    )
    search_text = search_field("note", "reason")

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100),
                name="progress_report_percent_0_100",
                violation_error_message=_("Enter a percentage from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=F("previous_percent")) | ~Q(reason=""),
                name="progress_report_lower_needs_reason",
                violation_error_message=_("Progress lower than in the last report needs a reason."),
            ),
        ]
        indexes = [models.Index(fields=["project", "date"])]

    def __str__(self) -> str:
        return f"{self.project.code} · {day_text(self.date)} · {self.percent} %"

    @property
    def is_locked(self) -> bool:
        return self.pk is not None


@tracked()
class Milestone(DomainModel):
    """One step of a work — a status transition or an adjustment — with its document."""

    scope_units = ("project__beneficiary_unit",)

    project = models.ForeignKey(
        Project, verbose_name=_("construction work"), on_delete=models.PROTECT, related_name="milestones"
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    from_status = models.CharField(_("from status"), max_length=20, choices=ProjectStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=ProjectStatus.choices, blank=True)
    date = models.DateField(_("date"))
    document_number = models.CharField(_("document number"), max_length=60)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
    )
    search_text = search_field("document_number", "note")

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["project", "date"])]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.get_step_display()} · {self.document_number}"

    @property
    def is_locked(self) -> bool:
        return True


PAYMENT_LIMITS_SQL = """
    SELECT COALESCE(SUM(s.amount), 0) INTO paid_project
      FROM construction_payment p JOIN budget_spending s ON s.id = p.spending_id
     WHERE p.project_id = NEW.project_id
       AND NOT EXISTS (SELECT 1 FROM budget_spending r WHERE r.reverses_id = s.id);
    SELECT COALESCE(settlement_value, total_investment) INTO project_limit
      FROM construction_project WHERE id = NEW.project_id;
    IF paid_project > project_limit THEN
        RAISE EXCEPTION 'payments of construction work % (%) exceed its limit (%)',
            NEW.project_id, paid_project, project_limit USING ERRCODE = 'check_violation';
    END IF;
    SELECT COALESCE(SUM(s.amount), 0) INTO paid_contract
      FROM construction_payment p JOIN budget_spending s ON s.id = p.spending_id
     WHERE p.contract_id = NEW.contract_id
       AND NOT EXISTS (SELECT 1 FROM budget_spending r WHERE r.reverses_id = s.id);
    SELECT value INTO contract_value FROM construction_contract WHERE id = NEW.contract_id;
    IF paid_contract > contract_value THEN
        RAISE EXCEPTION 'payments on contract % (%) exceed its value (%)',
            NEW.contract_id, paid_contract, contract_value USING ERRCODE = 'check_violation';
    END IF;
    IF (SELECT project_id FROM construction_contract WHERE id = NEW.contract_id) <> NEW.project_id THEN
        RAISE EXCEPTION 'contract % is not a contract of construction work %',
            NEW.contract_id, NEW.project_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
"""


@tracked()
@pgtrigger.register(
    pgtrigger.Trigger(
        name="payment_within_limits",
        when=pgtrigger.After,
        operation=pgtrigger.Insert,
        declare=[
            ("paid_project", "bigint"),
            ("project_limit", "bigint"),
            ("paid_contract", "bigint"),
            ("contract_value", "bigint"),
        ],
        func=PAYMENT_LIMITS_SQL,
    ),
    pgtrigger.Protect(name="payment_is_final", operation=pgtrigger.Update),
)
class Payment(DomainModel):
    """Thanh toán cho nhà thầu: a posted budget spending entry on a contract of a work.

    The amount, date, voucher and allocation are the spending entry's; a payment reversed on the
    budget pages (đảo bút toán) no longer counts as paid.
    """

    scope_units = ("project__beneficiary_unit", "spending__allocation__unit")
    #: Its date, amount and voucher are the payment's own, shown with it; the spending entry as a
    #: record (its page, its allocation) only to those who may see it (``logistics.scope``).
    own_parts = ("spending",)

    project = models.ForeignKey(
        Project, verbose_name=_("construction work"), on_delete=models.PROTECT, related_name="payments"
    )
    contract = models.ForeignKey(
        Contract, verbose_name=_("construction contract"), on_delete=models.PROTECT, related_name="payments"
    )
    spending = models.OneToOneField(
        "budget.Spending",
        verbose_name=_("spending entry"),
        on_delete=models.PROTECT,
        related_name="construction_payment",
    )

    class Meta:
        verbose_name = _("payment to a contractor")
        verbose_name_plural = _("payments to contractors")
        ordering = ["-spending__date", "-id"]
        indexes = [models.Index(fields=["project", "contract"])]

    def __str__(self) -> str:
        return f"{self.spending.voucher_number} · {self.project.code}"

    @property
    def is_locked(self) -> bool:
        return True

    @property
    def is_reversed(self) -> bool:
        return hasattr(self.spending, "reversal")
