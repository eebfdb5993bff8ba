from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from construction import filtersets, forms, selectors, services, tables
from construction.choices import PAYABLE, ProjectStatus, WorkKind
from construction.models import Contract, Funding, Milestone, Payment, ProgressReport, Project
from construction.steps import PAYMENT_REVERSE, PROJECT_STEPS
from logistics.scope import restrict
from logistics.views.generic import ObjectViews, Related


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
        "renovated_item",
        "cost_adjustment",
        "note",
    )
    steps = PROJECT_STEPS

    @classmethod
    def get_queryset(cls):
        return selectors.projects().select_related("asset_item", "renovated_item", "cost_adjustment")

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
    steps = (PAYMENT_REVERSE,)

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
