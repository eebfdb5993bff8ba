from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from construction import filtersets, forms, selectors, services, tables
from construction.choices import PAYABLE, TRANSITIONS, ProjectStatus, Step, WorkKind
from construction.models import Contract, Funding, Milestone, Payment, ProgressReport, Project
from logistics.scope import restrict
from logistics.views.generic import ObjectAction, ObjectViews, Related


class Declaration(ObjectViews):
    """The totals row sums computed columns too (paid…): aggregate aliases must not reuse the
    annotations' names, or Django replaces the annotation by the aggregate."""

    @classmethod
    def totals(cls, rows):
        columns = getattr(cls.table, "total_columns", ())
        if not columns:
            return {}
        sums = rows.aggregate(**{f"sum_of_{name}": Sum(name) for name in columns})
        return {name: sums[f"sum_of_{name}"] for name in columns}


def _step_available(step):
    needed = TRANSITIONS[step][0]
    return lambda project: project.status == needed


def _project_param(request) -> int | None:
    value = request.GET.get("project", "")
    return int(value) if value.isdigit() else None


def _visible_project(request) -> Project | None:
    pk = _project_param(request)
    if pk is None:
        return None
    return restrict(Project.objects.all(), request.user, "view").filter(pk=pk).first()


class ProjectViews(Declaration):
    model = Project
    status_colors = tables.STATUS_COLORS
    filterset = filtersets.ProjectFilterSet
    table = tables.ProjectTable
    form = forms.ProjectForm
    create_service = services.project_create
    update_service = services.project_update
    save_label = gettext_lazy("Save the proposal")
    description = gettext_lazy(
        "Works built, renovated or repaired for each unit, from the investment decision to settlement; "
        "overdue works are marked."
    )
    detail_fields = (
        "code",
        "name",
        "kind",
        "phase",
        "beneficiary_unit",
        "location",
        "decision_number",
        "decision_date",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "handed_over_on",
        "settled_on",
        "asset_item",
        "note",
    )
    actions = (
        ObjectAction(
            name="approve",
            label=gettext_lazy("Approve (investment decision)"),
            service=services.project_approve,
            permission="transition",
            form=forms.ApproveForm,
            confirm=gettext_lazy(
                "The investment decision is recorded and the work becomes final: from then on it changes only "
                "by its next steps or by an adjustment decision."
            ),
            style="success",
            available=_step_available(Step.APPROVE),
        ),
        ObjectAction(
            name="start",
            label=gettext_lazy("Start construction"),
            service=services.project_start,
            permission="transition",
            form=forms.StartForm,
            confirm=gettext_lazy("The work goes under construction from this date; progress reports can then be made."),
            icon="cone-striped",
            available=_step_available(Step.START),
        ),
        ObjectAction(
            name="accept",
            label=gettext_lazy("Accept (nghiệm thu)"),
            service=services.project_accept,
            permission="transition",
            form=forms.AcceptForm,
            confirm=gettext_lazy("Acceptance completes the construction: its date becomes the actual completion."),
            style="success",
            icon="clipboard-check",
            available=_step_available(Step.ACCEPT),
        ),
        ObjectAction(
            name="hand_over",
            label=gettext_lazy("Hand over (bàn giao)"),
            service=services.project_hand_over,
            permission="transition",
            form=forms.HandOverForm,
            confirm=gettext_lazy(
                "The work is handed over to the beneficiary unit. A building can enter the asset register at once."
            ),
            icon="box-arrow-in-right",
            available=_step_available(Step.HAND_OVER),
        ),
        ObjectAction(
            name="settle",
            label=gettext_lazy("Settle (quyết toán)"),
            service=services.project_settle,
            permission="transition",
            form=forms.SettleForm,
            confirm=gettext_lazy(
                "Settlement fixes the final value of the work; a registered building takes it as its cost. "
                "After settlement the work is final."
            ),
            style="dark",
            icon="journal-check",
            available=_step_available(Step.SETTLE),
        ),
        ObjectAction(
            name="adjust",
            label=gettext_lazy("Adjust (điều chỉnh)"),
            service=services.project_adjust,
            permission="transition",
            form=forms.AdjustForm,
            confirm=gettext_lazy(
                "An adjustment decision changes the total investment or the planned dates; the change and its "
                "reason are kept among the milestones."
            ),
            style="secondary",
            icon="sliders",
            available=lambda project: project.status not in (ProjectStatus.PROPOSED, ProjectStatus.SETTLED),
        ),
        ObjectAction(
            name="register_asset",
            label=gettext_lazy("Enter into the asset register"),
            service=services.project_register_asset,
            permission="transition",
            form=forms.RegisterAssetForm,
            confirm=gettext_lazy(
                "The building is registered as a fixed asset of the beneficiary unit, dated on the day of handover."
            ),
            style="secondary",
            icon="building-add",
            available=lambda project: (
                project.asset_item_id is None and project.status in (ProjectStatus.HANDED_OVER, ProjectStatus.SETTLED)
            ),
        ),
    )

    @classmethod
    def get_queryset(cls):
        return selectors.projects().select_related("asset_item")

    @classmethod
    def initial(cls, request):
        unit = request.user.unit if request.user.unit_id and request.user.unit.valid_to is None else None
        today = timezone.localdate()
        return {
            "kind": WorkKind.NEW_BUILD,
            "beneficiary_unit": unit.pk if unit else None,
            "planned_start": today,
            "planned_end": today.replace(year=today.year + 1),
        }

    @classmethod
    def related(cls, project, user):
        return [
            Related(_("Milestones"), lambda p: selectors.milestones().filter(project=p), tables.MilestoneOnWorkTable),
            Related(_("Contracts"), lambda p: selectors.contracts().filter(project=p), tables.ContractOnWorkTable),
            Related(
                _("Funding allocations"), lambda p: selectors.fundings().filter(project=p), tables.FundingOnWorkTable
            ),
            Related(
                _("Progress reports"),
                lambda p: selectors.progress_reports().filter(project=p),
                tables.ProgressReportOnWorkTable,
            ),
            Related(
                _("Payments to contractors"),
                lambda p: selectors.payments().filter(project=p),
                tables.PaymentOnWorkTable,
            ),
        ]

    @classmethod
    def detail_links(cls, project, user):
        links = []
        query = f"?project={project.pk}"
        if project.status == ProjectStatus.UNDER_CONSTRUCTION and user.has_perm("construction.add_progressreport"):
            links.append((_("Report progress"), reverse("construction:progressreport_add") + query, "graph-up-arrow"))
        open_ = project.status in PAYABLE and project.status != ProjectStatus.SETTLED
        if open_ and user.has_perm("construction.add_contract"):
            links.append((_("Add a contract"), reverse("construction:contract_add") + query, "file-earmark-text"))
        if open_ and user.has_perm("construction.add_funding"):
            links.append((_("Add a funding allocation"), reverse("construction:funding_add") + query, "wallet2"))
        if project.status in PAYABLE and user.has_perm("construction.add_payment"):
            links.append((_("Record a payment"), reverse("construction:payment_add") + query, "cash"))
        return links


class ContractViews(Declaration):
    model = Contract
    filterset = filtersets.ContractFilterSet
    table = tables.ContractTable
    form = forms.ContractForm
    create_service = services.contract_create
    update_service = services.contract_update
    delete_service = services.contract_delete
    description = gettext_lazy("Contractors' contracts on the works; payments on a contract never exceed its value.")
    detail_fields = ("project", "contractor", "number", "signed_on", "value", "description")

    @classmethod
    def get_queryset(cls):
        return selectors.contracts()

    @classmethod
    def initial(cls, request):
        return {"project": _project_param(request), "signed_on": timezone.localdate()}

    @classmethod
    def related(cls, contract, user):
        return [
            Related(
                _("Payments on this contract"), lambda c: selectors.payments().filter(contract=c), tables.PaymentTable
            )
        ]

    @classmethod
    def detail_links(cls, contract, user):
        if contract.project.status in PAYABLE and user.has_perm("construction.add_payment"):
            return [
                (_("Record a payment"), reverse("construction:payment_add") + f"?project={contract.project_id}", "cash")
            ]
        return []


class FundingViews(Declaration):
    model = Funding
    filterset = filtersets.FundingFilterSet
    table = tables.FundingTable
    form = forms.FundingForm
    create_service = services.funding_create
    update_service = None
    delete_service = services.funding_delete
    description = gettext_lazy("The budget allocations each work is paid from.")
    detail_fields = ("project", "allocation", "note")

    @classmethod
    def get_queryset(cls):
        return selectors.fundings()

    @classmethod
    def initial(cls, request):
        return {"project": _project_param(request)}


class ProgressReportViews(Declaration):
    model = ProgressReport
    filterset = filtersets.ProgressReportFilterSet
    table = tables.ProgressReportTable
    form = forms.ProgressReportForm
    create_service = services.progress_report_create
    update_service = None
    delete_service = None
    save_label = gettext_lazy("Save the report")
    description = gettext_lazy(
        "How far the works under construction have come, with photos and documents; a figure lower than the last one needs a reason."
    )
    detail_fields = ("project", "date", "percent", "previous_percent", "note", "reason", "reported_by")

    @classmethod
    def get_queryset(cls):
        return selectors.progress_reports()

    @classmethod
    def initial(cls, request):
        project = _visible_project(request)
        return {
            "project": project.pk if project else None,
            "date": timezone.localdate(),
            "percent": project.progress if project else None,
        }


class MilestoneViews(Declaration):
    model = Milestone
    filterset = filtersets.MilestoneFilterSet
    table = tables.MilestoneTable
    delete_service = None
    description = gettext_lazy(
        "Every step of every work — investment decision, start, acceptance, handover, settlement, adjustments — "
        "with its date, document and who recorded it."
    )
    detail_fields = ("project", "step", "from_status", "to_status", "date", "document_number", "note", "recorded_by")

    @classmethod
    def get_queryset(cls):
        return selectors.milestones().order_by("-date", "-id")


class PaymentViews(Declaration):
    model = Payment
    filterset = filtersets.PaymentFilterSet
    table = tables.PaymentTable
    form = forms.PaymentForm
    create_service = services.payment_create
    update_service = None
    delete_service = None
    save_label = gettext_lazy("Post the payment")
    description = gettext_lazy(
        "Payments to contractors, posted as budget spending: never beyond the allocation, the work's total "
        "investment or the contract's value."
    )
    detail_fields = ("project", "contract", "spending")
    actions = (
        ObjectAction(
            name="reverse",
            label=gettext_lazy("Reverse"),
            service=services.payment_reverse,
            permission="change",
            form=forms.ReversePaymentForm,
            confirm=gettext_lazy(
                "A reversal entry of the same amount is posted in the budget and linked to this payment; "
                "the amount no longer counts as paid."
            ),
            style="danger",
            icon="arrow-counterclockwise",
            available=lambda payment: not payment.is_reversed,
        ),
    )

    @classmethod
    def get_queryset(cls):
        return selectors.payments()

    @classmethod
    def initial(cls, request):
        project = _visible_project(request)
        initial = {"project": project.pk if project else None, "date": timezone.localdate()}
        if project is not None:
            contracts = list(project.contracts.values_list("pk", flat=True)[:2])
            fundings = list(project.fundings.values_list("allocation_id", flat=True)[:2])
            if len(contracts) == 1:
                initial["contract"] = contracts[0]
            if len(fundings) == 1:
                initial["allocation"] = fundings[0]
        return initial
