"""Pages of Party oversight: declarations for the generic pages, plus the overview, the reports and
the look-up of records a finding may cite."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logistics import reads
from logistics.scope import restrict
from logistics.search import filter_by_search, search_terms
from logistics.views.generic import ObjectViews, Related
from oversight import filtersets, forms, selectors, services, tables
from oversight.choices import (
    INSPECTION_STATUS_COLORS,
    RECOMMENDATION_STATUS_COLORS,
    DisciplineCorrection,
    InspectionStatus,
)
from oversight.models import (
    DisciplineDecision,
    Finding,
    FindingLink,
    Inspection,
    Programme,
    ProgressReport,
    Recommendation,
    TeamMember,
)
from oversight.steps import (
    INSPECTION_CONCLUDE,
    INSPECTION_START,
    RECOMMENDATION_REPORT_PROGRESS,
    RECOMMENDATION_SEND_BACK,
    RECOMMENDATION_VERIFY,
)


def _get_int(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


class ProgrammeViews(ObjectViews):
    model = Programme
    filterset = filtersets.ProgrammeFilterSet
    table = tables.ProgrammeTable
    form = forms.ProgrammeForm
    create_service = services.programme_create
    update_service = services.programme_update
    description = gettext_lazy(
        "Yearly, quarterly, periodic and ad hoc programmes of inspection and supervision of logistics work."
    )
    detail_fields = (
        "year",
        "kind",
        "schedule",
        "quarter",
        "document_number",
        "issued_on",
        "issuing_body",
        "issuing_unit",
        "planned_count",
        "planned_targets",
    )

    @classmethod
    def url_prefix(cls):
        return "programmes"

    @classmethod
    def get_queryset(cls):
        return (
            Programme.objects.select_related("issuing_unit")
            .annotate(concluded_count=Count("inspections", filter=Q(inspections__status=InspectionStatus.CONCLUDED)))
            .order_by(*Programme._meta.ordering)
        )

    @classmethod
    def initial(cls, request):
        return {"year": timezone.localdate().year, "issuing_unit": request.user.unit_id}

    @classmethod
    def detail_links(cls, programme, user):
        if not user.has_perm("oversight.add_inspection"):
            return []
        url = reverse("oversight:inspection_add") + f"?programme={programme.pk}"
        return [(_("Add an inspection"), url, "plus-lg")]

    @classmethod
    def related(cls, programme, user):
        return [
            Related(
                _("Inspections and supervisions"),
                lambda p: InspectionViews.get_queryset().filter(programme=p),
                tables.InspectionTable,
            )
        ]


class InspectionViews(ObjectViews):
    model = Inspection
    filterset = filtersets.InspectionFilterSet
    table = tables.InspectionTable
    form = forms.InspectionForm
    create_service = services.inspection_create
    update_service = services.inspection_update
    description = gettext_lazy(
        "Inspections and supervisions of Party organisations and Party members. Once concluded, a conclusion "
        "is final and the inspected unit sees it."
    )
    detail_fields = (
        "programme",
        "form",
        "title",
        "decision_number",
        "inspecting_unit",
        "target_kind",
        "target_unit",
        "target_person",
        "period_from",
        "period_to",
        "planned_start",
        "planned_end",
        "started_on",
        "concluded_on",
        "conclusion_number",
    )
    steps = (INSPECTION_START, INSPECTION_CONCLUDE)

    status_colors = INSPECTION_STATUS_COLORS

    @classmethod
    def url_prefix(cls):
        return "inspections"

    @classmethod
    def detail_links(cls, inspection, user):
        if inspection.is_locked:
            links = []
            if user.has_perm("oversight.add_disciplinedecision"):
                url = reverse("oversight:disciplinedecision_add") + f"?inspection={inspection.pk}"
                links.append((_("Record a discipline decision"), url, "hammer"))
            return links
        links = []
        if user.has_perm("oversight.add_teammember"):
            url = reverse("oversight:teammember_add") + f"?inspection={inspection.pk}"
            links.append((_("Add a team member"), url, "person-plus"))
        if user.has_perm("oversight.add_finding"):
            url = reverse("oversight:finding_add") + f"?inspection={inspection.pk}"
            links.append((_("Add a finding"), url, "plus-lg"))
        return links

    @classmethod
    def get_queryset(cls):
        return Inspection.objects.select_related("programme", "inspecting_unit", "target_unit", "target_person")

    @classmethod
    def initial(cls, request):
        today = timezone.localdate()
        initial = {
            "target_kind": "organisation",
            "inspecting_unit": request.user.unit_id,
            "planned_start": today,
            "planned_end": today + datetime.timedelta(days=14),
            "period_from": datetime.date(today.year - 1, 1, 1),
            "period_to": datetime.date(today.year - 1, 12, 31),
        }
        programme_id = _get_int(request, "programme")
        if programme_id:
            initial["programme"] = programme_id
        return initial

    @classmethod
    def related(cls, inspection, user):
        return [
            Related(
                _("Inspection team"),
                lambda i: TeamMember.objects.filter(inspection=i).select_related(
                    "personnel__unit", "inspection__target_unit"
                ),
                tables.InspectionTeamTable,
            ),
            Related(
                _("Findings"),
                lambda i: FindingViews.get_queryset().filter(inspection=i),
                tables.InspectionFindingTable,
            ),
            Related(
                _("Recommendations"),
                lambda i: RecommendationViews.get_queryset().filter(finding__inspection=i),
                tables.InspectionRecommendationTable,
            ),
            Related(
                _("Discipline decisions"),
                lambda i: DisciplineDecisionViews.get_queryset().filter(inspection=i),
                tables.DisciplineDecisionTable,
            ),
        ]


class TeamMemberViews(ObjectViews):
    model = TeamMember
    filterset = filtersets.TeamMemberFilterSet
    table = tables.TeamMemberTable
    form = forms.TeamMemberForm
    create_service = services.team_member_create
    update_service = services.team_member_update
    description = gettext_lazy("Members of the inspection teams and their roles.")
    detail_fields = ("inspection", "personnel", "role")

    @classmethod
    def url_prefix(cls):
        return "team"

    @classmethod
    def get_queryset(cls):
        return TeamMember.objects.select_related("inspection__target_unit", "personnel__unit")

    @classmethod
    def initial(cls, request):
        inspection_id = _get_int(request, "inspection")
        return {"inspection": inspection_id} if inspection_id else {}


class FindingViews(ObjectViews):
    model = Finding
    filterset = filtersets.FindingFilterSet
    table = tables.FindingTable
    form = forms.FindingForm
    create_service = services.finding_create
    update_service = services.finding_update
    description = gettext_lazy("Violations and shortcomings found, by area, with the amounts involved.")
    detail_fields = ("inspection", "area", "kind", "severity", "amount", "description")

    @classmethod
    def url_prefix(cls):
        return "findings"

    @classmethod
    def get_queryset(cls):
        return Finding.objects.select_related("inspection__target_unit", "inspection__target_person")

    @classmethod
    def initial(cls, request):
        inspection_id = _get_int(request, "inspection")
        return {"inspection": inspection_id} if inspection_id else {}

    @classmethod
    def detail_links(cls, finding, user):
        if finding.is_locked:
            return []
        links = []
        if user.has_perm("oversight.add_recommendation"):
            url = reverse("oversight:recommendation_add") + f"?finding={finding.pk}"
            links.append((_("Add a recommendation"), url, "plus-lg"))
        return links

    @classmethod
    def related(cls, finding, user):
        return [
            Related(
                _("Recommendations"),
                lambda f: RecommendationViews.get_queryset().filter(finding=f),
                tables.FindingRecommendationTable,
            )
        ]


class FindingLinkViews(ObjectViews):
    model = FindingLink
    filterset = filtersets.FindingLinkFilterSet
    table = tables.FindingLinkTable
    form = forms.FindingLinkForm
    create_service = services.finding_link_create
    description = gettext_lazy("Records of every area cited by the findings.")
    detail_fields = ("finding", "content_type", "object_id", "note")

    @classmethod
    def url_prefix(cls):
        return "citations"

    @classmethod
    def get_queryset(cls):
        return FindingLink.objects.select_related("finding__inspection", "content_type")

    @classmethod
    def initial(cls, request):
        initial = {}
        finding_id = _get_int(request, "finding")
        if finding_id:
            initial["finding"] = finding_id
        if forms.parse_record_key(request.GET.get("record")):
            initial["record"] = request.GET["record"]
        return initial


class RecommendationViews(ObjectViews):
    model = Recommendation
    filterset = filtersets.RecommendationFilterSet
    table = tables.RecommendationTable
    form = forms.RecommendationForm
    create_service = services.recommendation_create
    update_service = services.recommendation_update
    description = gettext_lazy(
        "What the inspected units must put right, by when, and how far they have got. "
        "Overdue: the due date has passed and the unit has not reported it done."
    )
    detail_fields = (
        "finding",
        "responsible_unit",
        "due_date",
        "done_on",
        "verified_on",
        "verified_by",
        "verification_note",
    )
    steps = (RECOMMENDATION_REPORT_PROGRESS, RECOMMENDATION_VERIFY, RECOMMENDATION_SEND_BACK)

    status_colors = RECOMMENDATION_STATUS_COLORS

    @classmethod
    def url_prefix(cls):
        return "recommendations"

    @classmethod
    def get_queryset(cls):
        return Recommendation.objects.select_related(
            "finding__inspection", "responsible_unit", "verified_by"
        ).with_overdue()

    @classmethod
    def initial(cls, request):
        initial = {"due_date": timezone.localdate() + datetime.timedelta(days=90)}
        finding_id = _get_int(request, "finding")
        if finding_id:
            initial["finding"] = finding_id
            finding = Finding.objects.filter(pk=finding_id).select_related("inspection").first()
            if finding is not None:
                initial["responsible_unit"] = finding.inspection.target_unit_id
        return initial

    @classmethod
    def related(cls, recommendation, user):
        return [
            Related(
                _("Follow-up"),
                lambda r: ProgressReport.objects.filter(recommendation=r).select_related(
                    "recommendation", "reported_by", "evidence"
                ),
                tables.RecommendationProgressTable,
            )
        ]


class ProgressReportViews(ObjectViews):
    model = ProgressReport
    filterset = filtersets.ProgressReportFilterSet
    table = tables.ProgressReportTable
    delete_service = None
    description = gettext_lazy("Every step of the follow-up of recommendations: progress, done, verified, sent back.")

    @classmethod
    def url_prefix(cls):
        return "progress"

    @classmethod
    def get_queryset(cls):
        return ProgressReport.objects.select_related("recommendation", "reported_by", "evidence")


class DisciplineDecisionViews(ObjectViews):
    model = DisciplineDecision
    filterset = filtersets.DisciplineDecisionFilterSet
    table = tables.DisciplineDecisionTable
    form = forms.DisciplineDecisionForm
    create_service = services.discipline_decision_create
    # Recorded is final: corrected only by a later decision that amends or annuls it.
    delete_service = None
    description = gettext_lazy(
        "Party discipline: reprimand, warning, dismissal or expulsion for members; reprimand, warning or "
        "dissolution for organisations. A recorded decision is final; another decision amends or annuls it."
    )
    detail_fields = (
        "decision_number",
        "decided_on",
        "issuing_body",
        "issuing_unit",
        "target_kind",
        "target_unit",
        "target_person",
        "level",
        "inspection",
        "reason",
        "corrects",
        "correction",
    )

    @classmethod
    def url_prefix(cls):
        return "discipline"

    @classmethod
    def detail_links(cls, decision, user):
        if not decision.in_force or not user.has_perm("oversight.add_disciplinedecision"):
            return []
        url = reverse("oversight:disciplinedecision_add") + f"?corrects={decision.pk}"
        return [(_("Amend or annul"), url, "pencil-square")]

    @classmethod
    def get_queryset(cls):
        return DisciplineDecision.objects.select_related("target_unit", "target_person", "issuing_unit", "inspection")

    @classmethod
    def initial(cls, request):
        initial = {"decided_on": timezone.localdate(), "issuing_unit": request.user.unit_id}
        inspection_id = _get_int(request, "inspection")
        if inspection_id:
            initial["inspection"] = inspection_id
        corrected = restrict(DisciplineDecision.objects.all(), request.user).filter(pk=_get_int(request, "corrects"))
        for decision in corrected:
            initial |= {
                "corrects": decision.pk,
                "correction": DisciplineCorrection.AMEND,
                "target_kind": decision.target_kind,
                "target_unit": decision.target_unit_id,
                "target_person": decision.target_person_id,
                "level": decision.level,
                "inspection": decision.inspection_id,
                "issuing_body": decision.issuing_body,
            }
        return initial


# --- the overview and the reports ---------------------------------------------------------------


@login_required
def overview(request):
    if not request.user.has_perm("oversight.view_recommendation"):
        raise PermissionDenied
    context = {"title": _("Party oversight"), **selectors.overview(request.user)}
    return TemplateResponse(request, "oversight/overview.html", context)


# --- records a finding may cite -----------------------------------------------------------------

LOOKUP_LIMIT = 20


@login_required
def citable_lookup(request):
    """Look-up as you type across every kind of record a finding may cite, scoped to the user."""
    if not request.user.has_perm("oversight.add_findinglink"):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    results = []
    if not search_terms(query):
        return JsonResponse({"results": results})
    number = int(query.lstrip("#")) if query.lstrip("#").isdigit() else None
    for model in selectors.citable_models():
        if len(results) >= LOOKUP_LIMIT:
            break
        rows = restrict(model._default_manager.all(), request.user, "view")
        if number is not None:
            rows = rows.filter(pk=number)
        elif any(f.name == "search_text" for f in model._meta.concrete_fields):
            rows = filter_by_search(rows, query)
        else:
            continue
        content_type = ContentType.objects.get_for_model(model)
        records = list(rows[: LOOKUP_LIMIT - len(results)])
        reads.note_read(request, reads.Door.LOOKUP, records)  # a clinic record names a patient
        for record in records:
            results.append({"value": f"{content_type.pk}:{record.pk}", "text": forms.record_label(record)})
    return JsonResponse({"results": results})
