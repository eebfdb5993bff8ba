"""Budget: what each unit was allocated, from which source, for what, and every payment against it.

The running totals on :class:`Allocation` (``adjustments_total``, ``spent_total``) change only in
the services, in the same transaction as the adjustment or posting that moves them, under a row
lock; a CHECK constraint refuses any state where spending exceeds what was allocated, and
``available`` is a generated column, so reading what is left never sums the entries.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, ExpressionWrapper, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from budget.choices import (
    CLEARING_KINDS,
    AllocationStatus,
    DispositionKind,
    SourceKind,
    SpendingKind,
    SpendingStatus,
)
from logistics.history import tracked
from logistics.models.base import DomainModel, MoneyField
from logistics.models.documents import PostableDocument, posting_fields
from logistics.search import search_field, search_terms, word_prefix_pattern
from logistics.selectors import rollup_unit_ids


def validate_not_zero(value):
    if value == 0:
        raise ValidationError(_("An adjustment of zero changes nothing."), code="zero")


@tracked()
class FundingSource(DomainModel):
    """Nguồn kinh phí: Bộ cấp, địa phương hỗ trợ, nguồn thu ngoài kế hoạch, …"""

    scope_units = None

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    search_text = search_field("code", "name")

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["code"]

    #: Its name in SQL, for exports made by the database (``logistics.export_plan.name_sql``).
    export_name = "{name}"

    def __str__(self) -> str:
        return self.name


#: A mục's code is a multiple of this; its tiểu mục take the codes after it, up to the next mục
#: (6550 Vật tư văn phòng: 6551 … 6599), in the Mục lục ngân sách nhà nước (Circular 324/2016/TT-BTC).
HEADING_STEP = 50
#: Every code a mục can have.
HEADING_CODES = list(range(1000, 10000, HEADING_STEP))


def subheading_range_error(code: int | None, heading_code: int | None) -> str | None:
    """Why ``code`` cannot be a tiểu mục of the mục ``heading_code`` (``None`` when it can, or as a
    mục when ``heading_code`` is None: then it must be a multiple of :data:`HEADING_STEP`)."""
    if code is None:
        return None
    if heading_code is None:
        if code % HEADING_STEP:
            return _(
                "A mục's code is a multiple of %(step)s (6000, 6050, 6100, …); choose the mục a tiểu mục belongs to."
            ) % {"step": HEADING_STEP}
        return None
    if not (heading_code < code < heading_code + HEADING_STEP):
        return _("A tiểu mục of mục %(heading)s has a code from %(first)s to %(last)s.") % {
            "heading": heading_code,
            "first": heading_code + 1,
            "last": heading_code + HEADING_STEP - 1,
        }
    return None


@tracked()
class BudgetCode(DomainModel):
    """Mục lục ngân sách nhà nước — the state budget classification by economic content: a mục
    (heading: 6550 Vật tư văn phòng) or one of its tiểu mục (subheading: 6551 Văn phòng phẩm),
    Circular 324/2016/TT-BTC and its amendments. The code is the key, so that the database itself
    checks that a tiểu mục lies in its mục's range."""

    scope_units = None

    code = models.PositiveSmallIntegerField(
        _("code"),
        primary_key=True,
        validators=[MinValueValidator(1000), MaxValueValidator(9999)],
        help_text=_("Four digits, as in the budget classification (mục 6550, tiểu mục 6551)."),
    )
    name = models.CharField(_("name"), max_length=300)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("mục (heading)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        help_text=_("Empty for a mục; for a tiểu mục, the mục it belongs to."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(
        _("legal basis"), max_length=200, blank=True, help_text=_("The circular that sets or amends the code.")
    )
    search_text = search_field("name")

    class Meta:
        verbose_name = _("budget code")
        verbose_name_plural = _("budget classification")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__gte=1000, code__lte=9999),
                name="budget_code_four_digits",
                violation_error_message=_("A budget code has four digits."),
            ),
            models.CheckConstraint(
                # A mục: a multiple of 50 with no parent. A tiểu mục: under a mục, within the 49
                # codes after it. (The multiples are listed: a condition Python reads too.)
                condition=Q(parent__isnull=True, code__in=HEADING_CODES)
                | Q(
                    parent__isnull=False,
                    parent__in=HEADING_CODES,
                    code__gt=F("parent"),
                    code__lt=F("parent") + HEADING_STEP,
                ),
                name="budget_code_in_its_heading_range",
                violation_error_message=_(
                    "A mục's code is a multiple of 50; a tiểu mục's code lies between its mục's code and the next mục."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="budget_code_valid_period",
                violation_error_message=_("The end of validity cannot come before its start."),
            ),
        ]

    #: Its name in SQL, for exports made by the database (``logistics.export_plan.name_sql``).
    export_name = "{code} {name}"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_heading(self) -> bool:
        return self.parent_id is None

    def clean(self):
        super().clean()
        message = subheading_range_error(self.code, self.parent_id)
        if message:
            raise ValidationError({"parent" if self.parent_id else "code": message})


@tracked()
class SpendingCategory(DomainModel):
    """Mục chi: chi thường xuyên, mua sắm trang thiết bị, xây dựng, y tế, phòng chống dịch, …"""

    scope_units = None

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=150)
    is_recurrent = models.BooleanField(
        _("regular operations"),
        default=False,
        help_text=_("Counts as regular (recurrent) funding in reports."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    heading = models.ForeignKey(
        BudgetCode,
        verbose_name=_("heading (mục)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="categories",
        limit_choices_to={"parent__isnull": True},
        help_text=_("The mục of the state budget classification the category is reported under."),
    )
    subheading = models.ForeignKey(
        BudgetCode,
        verbose_name=_("sub-heading (tiểu mục)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subcategories",
        limit_choices_to={"parent__isnull": False},
        help_text=_("Optional: a tiểu mục of the chosen mục."),
    )
    search_text = search_field("code", "name")

    class Meta:
        verbose_name = _("spending category")
        verbose_name_plural = _("spending categories")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                # Codes are the keys: the mục is a mục, and a tiểu mục of it is one of the 49 codes after it.
                condition=(Q(heading__isnull=True) | Q(heading__in=HEADING_CODES))
                & (
                    Q(subheading__isnull=True)
                    | Q(heading__isnull=False, subheading__gt=F("heading"), subheading__lt=F("heading") + HEADING_STEP)
                ),
                name="spending_category_subheading_of_its_heading",
                violation_error_message=_("The tiểu mục must belong to the chosen mục."),
            ),
        ]

    #: Its name in SQL, for exports made by the database (``logistics.export_plan.name_sql``).
    export_name = "{name}"

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.subheading_id is None:
            return
        if self.heading_id is None:
            raise ValidationError({"heading": _("Choose the mục of the tiểu mục.")})
        subheading = BudgetCode.objects.filter(pk=self.subheading_id).first()
        if subheading is not None and subheading.parent_id != self.heading_id:
            raise ValidationError(
                {
                    "subheading": _("Tiểu mục %(code)s belongs to mục %(parent)s, not to mục %(heading)s.")
                    % {"code": subheading.code, "parent": subheading.parent_id, "heading": self.heading_id}
                }
            )

    @property
    def classification(self) -> str:
        """The mục and tiểu mục codes, as the Treasury writes them (``6550 / 6551``)."""
        codes = [str(code) for code in (self.heading_id, self.subheading_id) if code]
        return " / ".join(codes)


@tracked()
class FiscalYear(DomainModel):
    """A fiscal year (the calendar year). Its year end — closing the books, carrying over or cancelling
    the balances, the approved settlement — is recorded per unit subtree."""

    scope_units = None

    year = models.PositiveSmallIntegerField(
        _("year"), primary_key=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")
        ordering = ["-year"]
        permissions = [("close_fiscalyear", _("Can close a fiscal year"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="fiscal_year_in_range",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
        ]

    #: Its name in SQL, for exports made by the database (``logistics.export_plan.name_sql``).
    export_name = "{year}"

    def __str__(self) -> str:
        return str(self.year)


@tracked()
class Allocation(DomainModel):
    """Dự toán được giao: an amount for one fiscal year, unit, funding source and category."""

    #: Kept by the system as adjustments and spending are posted and balances disposed of at year
    #: end (see logistics.history).
    history_system_fields = ("adjustments_total", "spent_total", "disposed_total")

    fiscal_year = models.ForeignKey(FiscalYear, verbose_name=_("fiscal year"), on_delete=models.PROTECT)
    unit = models.ForeignKey(
        "logistics.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="allocations"
    )
    source = models.ForeignKey(FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT)
    category = models.ForeignKey(SpendingCategory, verbose_name=_("spending category"), on_delete=models.PROTECT)
    amount = MoneyField(
        _("allocated amount"), validators=[MinValueValidator(1, _("The amount must be greater than zero."))]
    )
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AllocationStatus.choices, default=AllocationStatus.DRAFT, editable=False
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    adjustments_total = MoneyField(_("adjustments"), default=0, editable=False)
    spent_total = MoneyField(_("spent"), default=0, editable=False)
    #: What of the unspent balance was carried over or cancelled after the year was closed.
    disposed_total = MoneyField(_("carried over or cancelled"), default=0, editable=False)
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="carried_over_to",
        help_text=_("The allocation of the previous year whose unspent balance this one carries over."),
    )
    available = models.GeneratedField(
        expression=F("amount") + F("adjustments_total") - F("spent_total") - F("disposed_total"),
        output_field=MoneyField(),
        db_persist=True,
        verbose_name=_("available"),
    )
    search_text = search_field("decision_number", "note")

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["-fiscal_year", "unit__path", "source__code", "category__code"]
        permissions = [("approve_allocation", _("Can approve allocations"))]
        constraints = [
            # A carried-over balance is an allocation of its own beside the year's (chuyển nguồn is
            # kept apart from the year's estimate), one per disposition.
            models.UniqueConstraint(
                fields=["fiscal_year", "unit", "source", "category"],
                condition=Q(carried_over_from__isnull=True),
                name="allocation_one_per_year_unit_source_category",
                violation_error_message=_(
                    "An allocation for this fiscal year, unit, funding source and category already exists."
                ),
            ),
            models.CheckConstraint(
                condition=Q(disposed_total__gte=0),
                name="allocation_disposed_not_negative",
                violation_error_message=_("The amount carried over or cancelled cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="allocation_amount_positive",
                violation_error_message=_("The amount must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=Q(spent_total__gte=0),
                name="allocation_spent_not_negative",
                violation_error_message=_("The amount spent cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=F("spent_total") + F("disposed_total") - F("adjustments_total")),
                name="allocation_spending_within_allocated",
                violation_error_message=_("Spending cannot exceed what was allocated."),
            ),
            models.CheckConstraint(
                condition=Q(status=AllocationStatus.APPROVED, approved_at__isnull=False)
                | Q(
                    status=AllocationStatus.DRAFT,
                    approved_at__isnull=True,
                    adjustments_total=0,
                    spent_total=0,
                    disposed_total=0,
                ),
                name="allocation_totals_only_when_approved",
                violation_error_message=_(
                    "Only an approved allocation has an approval time, adjustments and spending."
                ),
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "unit"])]

    def __str__(self) -> str:
        return f"{self.fiscal_year_id} · {self.unit} · {self.source} · {self.category}"

    @property
    def is_locked(self) -> bool:
        return self.status == AllocationStatus.APPROVED

    @classmethod
    def lookup_filter(cls, queryset, query: str, params) -> models.QuerySet:
        """Look-up as you type: by year, unit, source, category or decision number; the allocations
        still open for entries first, the most recent year first."""
        if params.get("status"):
            queryset = queryset.filter(status=params["status"])
        for term in search_terms(query):
            pattern = word_prefix_pattern(term)
            condition = (
                Q(unit__search_text__regex=pattern)
                | Q(source__search_text__regex=pattern)
                | Q(category__search_text__regex=pattern)
                | Q(search_text__regex=pattern)
            )
            if term.isdigit():
                condition |= Q(fiscal_year_id=int(term)) if len(term) == 4 else Q(pk=int(term))
            queryset = queryset.filter(condition)
        # A year is closed for the units its closure rolls up (its subtree and the units dissolved
        # into it): the few closures are read here rather than joined per allocation.
        units_closed_by = {}
        closed = []
        for closure in YearClosure.objects.select_related("unit"):
            if closure.unit_id not in units_closed_by:
                units_closed_by[closure.unit_id] = rollup_unit_ids(closure.unit)
            closed.append(
                When(fiscal_year_id=closure.fiscal_year_id, unit_id__in=units_closed_by[closure.unit_id], then=1)
            )
        # ``-fiscal_year`` would follow FiscalYear's own ordering (newest first) and so list the oldest first.
        return (
            queryset.select_related("unit", "source", "category")
            .annotate(in_closed_year=Case(*closed, default=0, output_field=models.IntegerField()))
            .order_by("in_closed_year", "-fiscal_year_id", "unit__path", "source__code", "category__code")
        )

    @property
    def total(self) -> int:
        return self.amount + self.adjustments_total

    @property
    def used_percent(self):
        return self.percent_used(self.amount, self.adjustments_total, self.spent_total)

    @staticmethod
    def percent_used(amount: int, adjustments_total: int, spent_total: int):
        """The share of an allocation spent, in % to one decimal (None when nothing was allocated)."""
        total = amount + adjustments_total
        return round(spent_total * 100 / total, 1) if total else None


@tracked()
class Adjustment(DomainModel):
    """Bổ sung / điều chỉnh: a decision that adds to (positive) or takes from (negative) an
    approved allocation. Recorded once and final; a correction is another adjustment."""

    scope_units = ("allocation__unit",)

    allocation = models.ForeignKey(
        Allocation, verbose_name=_("allocation"), on_delete=models.PROTECT, related_name="adjustments"
    )
    amount = MoneyField(
        _("amount"), help_text=_("Positive to add, negative to reduce."), validators=[validate_not_zero]
    )
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    reason = models.CharField(_("reason"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
    )
    search_text = search_field("decision_number", "reason")

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["-decision_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(amount=0),
                name="adjustment_amount_not_zero",
                violation_error_message=_("An adjustment of zero changes nothing."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.amount:+,})".replace(",", ".")

    @property
    def is_locked(self) -> bool:
        return self.pk is not None


#: What an entry does to its allocation's ``spent_total`` (``Spending.signed_amount``): an advance or
#: a payment spends its amount; a clearing (thanh toán tạm ứng) turns an advance already counted into
#: a final expense and so moves nothing; a refund (hoàn ứng) gives money back; a reversal undoes
#: what the entry it reverses did.
SIGNED_AMOUNT = Case(
    When(kind=SpendingKind.CLEARING, then=Value(0)),
    When(kind=SpendingKind.REFUND, then=ExpressionWrapper(-F("amount"), output_field=MoneyField())),
    When(kind=SpendingKind.REVERSAL, reverses_kind=SpendingKind.CLEARING, then=Value(0)),
    When(kind=SpendingKind.REVERSAL, reverses_kind=SpendingKind.REFUND, then=F("amount")),
    When(kind=SpendingKind.REVERSAL, then=ExpressionWrapper(-F("amount"), output_field=MoneyField())),
    default=F("amount"),
    output_field=MoneyField(),
)


@tracked()
class Spending(PostableDocument):
    """Tạm ứng, thanh toán against an allocation. Posted entries are final; a correction is a
    reversal entry (đảo bút toán) linked to the original.

    An advance (tạm ứng) stays open until cleared: by clearings (thanh toán tạm ứng, the advance
    becomes a final expense) and refunds (hoàn ứng, the unspent part goes back to the allocation),
    each a posted entry naming the advance (``clears``). The advance keeps what has been cleared
    (``cleared_total``), never more than its amount; the money is counted once, by the advance."""

    scope_units = ("allocation__unit",)
    #: Kept by the system as clearings are posted and reversed.
    history_system_fields = ("cleared_total",)

    allocation = models.ForeignKey(
        Allocation, verbose_name=_("allocation"), on_delete=models.PROTECT, related_name="spending"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SpendingKind.choices, default=SpendingKind.PAYMENT)
    date = models.DateField(_("date"))
    amount = MoneyField(_("amount"), validators=[MinValueValidator(1, _("The amount must be greater than zero."))])
    #: The kind of the entry a reversal reverses (empty on any other entry): it decides what the
    #: reversal gives back (``SIGNED_AMOUNT``).
    reverses_kind = models.CharField(
        _("kind of the entry reversed"), max_length=10, choices=SpendingKind.choices, blank=True, editable=False
    )
    signed_amount = models.GeneratedField(
        expression=SIGNED_AMOUNT,
        output_field=MoneyField(),
        db_persist=True,
        verbose_name=_("amount (net)"),
    )
    clears = models.ForeignKey(
        "self",
        verbose_name=_("advance cleared"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="clearings",
        help_text=_("The advance this clearing or refund settles (or whose settlement a reversal undoes)."),
    )
    cleared_total = MoneyField(_("cleared"), default=0, editable=False)
    open_amount = models.GeneratedField(
        expression=Case(
            When(kind=SpendingKind.ADVANCE, then=F("amount") - F("cleared_total")),
            default=Value(0),
            output_field=MoneyField(),
        ),
        output_field=MoneyField(),
        db_persist=True,
        verbose_name=_("still to clear"),
    )
    payee = models.ForeignKey(
        "logistics.Supplier", verbose_name=_("payee"), on_delete=models.PROTECT, null=True, blank=True
    )
    voucher_number = models.CharField(_("voucher number"), max_length=60)
    description = models.CharField(_("description"), max_length=300)
    status, posted_by, posted_at, reverses = posting_fields()
    search_text = search_field("voucher_number", "description")

    final_message = _("A posted entry is final; reverse it instead.")

    class Meta(PostableDocument.Meta):
        verbose_name = _("spending entry")
        verbose_name_plural = _("spending")
        ordering = ["-date", "-id"]
        permissions = [("post_spending", _("Can post and reverse spending"))]
        constraints = [
            *PostableDocument.Meta.constraints,
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="spending_amount_positive",
                violation_error_message=_("The amount must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=Q(kind=SpendingKind.REVERSAL, reverses__isnull=False, status=SpendingStatus.POSTED)
                | (~Q(kind=SpendingKind.REVERSAL) & Q(reverses__isnull=True)),
                name="spending_reversal_links_its_original",
                violation_error_message=_(
                    "A reversal is posted and names the entry it reverses; no other entry names one."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=SpendingKind.REVERSAL) & ~Q(reverses_kind="") & ~Q(reverses_kind=SpendingKind.REVERSAL)
                )
                | (~Q(kind=SpendingKind.REVERSAL) & Q(reverses_kind="")),
                name="spending_reversal_says_what_it_reverses",
                violation_error_message=_("A reversal says the kind of the entry it reverses; no other entry does."),
            ),
            models.CheckConstraint(
                condition=(Q(kind__in=CLEARING_KINDS) & Q(clears__isnull=False, status=SpendingStatus.POSTED))
                | (Q(kind=SpendingKind.REVERSAL, reverses_kind__in=CLEARING_KINDS) & Q(clears__isnull=False))
                | (
                    ~Q(kind__in=CLEARING_KINDS)
                    & ~Q(kind=SpendingKind.REVERSAL, reverses_kind__in=CLEARING_KINDS)
                    & Q(clears__isnull=True)
                ),
                name="spending_only_clearings_name_an_advance",
                violation_error_message=_(
                    "A clearing or refund is posted and names the advance it settles; no other entry names one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(cleared_total__gte=0, cleared_total__lte=F("amount"))
                & (Q(kind=SpendingKind.ADVANCE) | Q(cleared_total=0)),
                name="spending_cleared_within_advance",
                violation_error_message=_("An advance cannot be cleared for more than its amount."),
            ),
        ]
        indexes = [
            models.Index(fields=["allocation", "status"]),
            models.Index(fields=["date"]),
            # The list's orderings and the filters combined with them, each ending with the id that
            # breaks ties (logistics.paging): an index walked in order gives the first page.
            models.Index(fields=["date", "id"], name="spending_date_order"),
            models.Index(fields=["amount", "id"], name="spending_amount_order"),
            models.Index(fields=["signed_amount", "id"], name="spending_signed_order"),
            models.Index(fields=["status", "date", "id"], name="spending_status_date"),
            models.Index(fields=["allocation", "date", "id"], name="spending_alloc_date"),
        ]

    def __str__(self) -> str:
        return f"{self.voucher_number} · {self.description}"[:120]


@tracked()
class YearClosure(DomainModel):
    """Khóa sổ: a fiscal year closed for a unit and everything under it — the first of the three year-end
    acts (then :class:`BalanceDisposition`, then :class:`YearSettlement`)."""

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("fiscal year"), on_delete=models.PROTECT, related_name="closures"
    )
    unit = models.ForeignKey("logistics.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    allocation_count = models.PositiveIntegerField(_("allocations"), default=0)
    unspent_total = MoneyField(_("unspent at closing"), default=0)

    class Meta:
        verbose_name = _("year closure")
        verbose_name_plural = _("year closures")
        ordering = ["-fiscal_year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["fiscal_year", "unit"], name="year_closed_once_per_unit")]

    def __str__(self) -> str:
        return f"{self.fiscal_year_id} · {self.unit}"

    @property
    def is_locked(self) -> bool:
        return True


@tracked()
class BalanceDisposition(DomainModel):
    """Chuyển nguồn / hủy dự toán: what becomes of (part of) an allocation's unspent balance once its
    year is closed, by a decision. Carrying over creates an approved allocation in the next year that
    names the original; cancelling only records it. Recorded once and final."""

    scope_units = ("allocation__unit",)

    allocation = models.ForeignKey(
        Allocation, verbose_name=_("allocation"), on_delete=models.PROTECT, related_name="dispositions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=DispositionKind.choices)
    amount = MoneyField(_("amount"), validators=[MinValueValidator(1, _("The amount must be greater than zero."))])
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    carried_to = models.OneToOneField(
        Allocation,
        verbose_name=_("carried over to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="carried_over_by",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
    )
    search_text = search_field("decision_number", "note")

    class Meta:
        verbose_name = _("balance carried over or cancelled")
        verbose_name_plural = _("balances carried over or cancelled")
        ordering = ["-decision_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="disposition_amount_positive",
                violation_error_message=_("The amount must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=Q(kind=DispositionKind.CARRY_OVER, carried_to__isnull=False)
                | Q(kind=DispositionKind.CANCEL, carried_to__isnull=True),
                name="disposition_carry_over_names_its_allocation",
                violation_error_message=_(
                    "A balance carried over names the allocation it went to; a cancelled one names none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} · {self.get_kind_display()} · {self.amount:,}".replace(",", ".")

    @property
    def is_locked(self) -> bool:
        return self.pk is not None


@tracked()
class YearSettlement(DomainModel):
    """Quyết toán được duyệt: the superior's approval of a fiscal year's settlement for a unit and
    everything under it, once the year is closed and every unspent balance carried over or
    cancelled. Recorded once and final."""

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("fiscal year"), on_delete=models.PROTECT, related_name="settlements"
    )
    unit = models.ForeignKey("logistics.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    closure = models.ForeignKey(
        YearClosure, verbose_name=_("year closure"), on_delete=models.PROTECT, related_name="settlements"
    )
    decision_number = models.CharField(_("approving decision number"), max_length=60)
    decision_date = models.DateField(_("approving decision date"))
    approving_body = models.CharField(_("approved by (body)"), max_length=200)
    note = models.CharField(_("note"), max_length=300, blank=True)
    spent_total = MoneyField(_("settled spending"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
    )
    search_text = search_field("decision_number", "approving_body", "note")

    class Meta:
        verbose_name = _("approved settlement")
        verbose_name_plural = _("approved settlements")
        ordering = ["-fiscal_year", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "unit"],
                name="year_settled_once_per_unit",
                violation_error_message=_("This fiscal year is already settled for this unit."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year_id} · {self.unit} · {self.decision_number}"

    @property
    def is_locked(self) -> bool:
        return True
