from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from logistics.api.base import ServiceModelSerializer
from logistics.api.scoped import DisclosedModelSerializer, disclosure_in
from logistics.models import Personnel, Unit
from logistics.scope import Verdict, relation_path, restrict
from oversight import selectors, services
from oversight.choices import Area, ProgressStatus, TeamRole
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


class ProgrammeSerializer(ServiceModelSerializer):
    issuing_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    issuing_unit_name = serializers.CharField(source="issuing_unit.name", read_only=True)
    areas = serializers.ListField(child=serializers.ChoiceField(choices=Area.choices), allow_empty=False)
    concluded_count = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = Programme
        fields = [
            "id",
            "year",
            "kind",
            "schedule",
            "quarter",
            "title",
            "document_number",
            "issued_on",
            "issuing_body",
            "issuing_unit",
            "issuing_unit_name",
            "areas",
            "planned_count",
            "planned_targets",
            "concluded_count",
        ]
        create_service = services.programme_create
        update_service = services.programme_update


class TeamMemberSerializer(DisclosedModelSerializer):
    personnel = serializers.PrimaryKeyRelatedField(queryset=Personnel.objects.all())
    personnel_name = serializers.CharField(source="personnel.full_name", read_only=True)
    role = serializers.ChoiceField(choices=TeamRole.choices, default=TeamRole.MEMBER)

    class Meta:
        model = TeamMember
        fields = ["personnel", "personnel_name", "role"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["personnel"].queryset = restrict(fields["personnel"].queryset, request.user, "view")
        return fields


@extend_schema_field(TeamMemberSerializer(many=True))
class TeamField(serializers.Field):
    """The team as a list of {personnel, role}; sent whole, it replaces the team."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_representation(self, inspection):
        # Through the member serializer, so that an officer outside the reader's scope is null.
        return TeamMemberSerializer(inspection.team.all(), many=True, context=self.context).data

    def to_internal_value(self, data):
        if not isinstance(data, list):
            raise serializers.ValidationError(_("Send the team as a list."))
        serializer = TeamMemberSerializer(data=data, many=True, context=self.context)
        serializer.is_valid(raise_exception=True)
        return {"team": serializer.validated_data}


class InspectionSerializer(ServiceModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.all(), allow_null=True, required=False)
    inspecting_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    target_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True, required=False)
    target_person = serializers.PrimaryKeyRelatedField(
        queryset=Personnel.objects.all(), allow_null=True, required=False
    )
    target_label = serializers.CharField(read_only=True)
    team = TeamField()

    class Meta:
        model = Inspection
        fields = [
            "id",
            "programme",
            "kind",
            "form",
            "title",
            "decision_number",
            "inspecting_unit",
            "target_kind",
            "target_unit",
            "target_person",
            "target_label",
            "period_from",
            "period_to",
            "planned_start",
            "planned_end",
            "status",
            "started_on",
            "concluded_on",
            "conclusion_number",
            "conclusion",
            "team",
        ]
        read_only_fields = ["kind", "status", "started_on", "concluded_on", "conclusion_number"]
        create_service = services.inspection_create
        update_service = services.inspection_update


class InspectionStartSerializer(serializers.Serializer):
    started_on = serializers.DateField(required=False, help_text=_("Today when left out."))


class InspectionConcludeSerializer(serializers.Serializer):
    concluded_on = serializers.DateField(required=False, help_text=_("Today when left out."))
    conclusion_number = serializers.CharField(required=False, allow_blank=True, max_length=60)
    conclusion = serializers.CharField(required=False, help_text=_("The drafted conclusion is kept when left out."))


class CitationSerializer(serializers.Serializer):
    model = serializers.CharField(help_text=_("app_label.model, for example logistics.unit"))
    object_id = serializers.IntegerField(min_value=1)
    url = serializers.CharField(read_only=True)


#: From a citation to the record it cites.
CITED_RECORD = relation_path(FindingLink, ["record"])


@extend_schema_field(CitationSerializer(many=True))
class CitationsField(serializers.Field):
    """The records a finding cites, as {model, object_id}. Only kinds and numbers are given: each
    record's own page decides who may read it. Sent whole, the list replaces the citations."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prime(self, findings, disclosure) -> None:
        """The cited records of a whole page, checked together (one query per kind)."""
        disclosure.prime([link for finding in findings for link in finding.links.all()], [CITED_RECORD])

    def to_representation(self, finding):
        disclosure = disclosure_in(self.context)
        result = []
        for link in finding.links.all():
            if disclosure is not None and disclosure.along(link, CITED_RECORD)[0] is Verdict.HIDDEN:
                # Neither its kind nor its number: only how many there are (``links_hidden``).
                continue
            content_type = ContentType.objects.get_for_id(link.content_type_id)
            result.append(
                {
                    "model": f"{content_type.app_label}.{content_type.model}",
                    "object_id": link.object_id,
                    "url": link.record_url,
                }
            )
        return result

    def to_internal_value(self, data):
        if not isinstance(data, list):
            raise serializers.ValidationError(_("Send the citations as a list."))
        request = self.context.get("request")
        user = getattr(request, "user", None)
        records = []
        for item in data:
            parsed = CitationSerializer(data=item)
            parsed.is_valid(raise_exception=True)
            label = parsed.validated_data["model"].lower()
            try:
                app_label, model_name = label.split(".")
                model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
            except (ValueError, ContentType.DoesNotExist):
                model = None
            if model is None or not selectors.is_citable(model):
                raise serializers.ValidationError(
                    _("Records of this kind cannot be cited: %(model)s.") % {"model": label}
                )
            record = restrict(model._default_manager.all(), user, "view").filter(pk=parsed.validated_data["object_id"])
            record = record.first()
            if record is None:
                raise serializers.ValidationError(
                    _("Choose a record you may see: %(model)s #%(id)s.")
                    % {"model": label, "id": parsed.validated_data["object_id"]}
                )
            records.append(record)
        return {"records": records}


class FindingSerializer(ServiceModelSerializer):
    inspection = serializers.PrimaryKeyRelatedField(queryset=Inspection.objects.all())
    inspection_title = serializers.CharField(source="inspection.title", read_only=True)
    links = CitationsField()
    links_hidden = serializers.SerializerMethodField(
        help_text=_("How many cited records are outside your scope (not listed in links).")
    )

    class Meta:
        model = Finding
        fields = [
            "id",
            "inspection",
            "inspection_title",
            "area",
            "kind",
            "severity",
            "title",
            "description",
            "amount",
            "links",
            "links_hidden",
        ]
        create_service = services.finding_create
        update_service = services.finding_update

    def get_links_hidden(self, finding) -> int:
        disclosure = disclosure_in(self.context)
        if disclosure is None:
            return 0
        return sum(disclosure.along(link, CITED_RECORD)[0] is Verdict.HIDDEN for link in finding.links.all())


class RecommendationStepSerializer(DisclosedModelSerializer):
    reported_by_name = serializers.CharField(source="reported_by.__str__", read_only=True, default=None)

    class Meta:
        model = ProgressReport
        fields = ["id", "reported_on", "status", "note", "reported_by", "reported_by_name", "evidence"]
        read_only_fields = fields


class RecommendationSerializer(ServiceModelSerializer):
    finding = serializers.PrimaryKeyRelatedField(queryset=Finding.objects.all())
    inspection = serializers.IntegerField(source="finding.inspection_id", read_only=True)
    responsible_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    responsible_unit_name = serializers.CharField(source="responsible_unit.name", read_only=True)
    is_overdue = serializers.BooleanField(source="overdue", read_only=True)
    progress = RecommendationStepSerializer(many=True, read_only=True)

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "finding",
            "inspection",
            "content",
            "responsible_unit",
            "responsible_unit_name",
            "due_date",
            "status",
            "is_overdue",
            "done_on",
            "verified_on",
            "verified_by",
            "verification_note",
            "progress",
        ]
        read_only_fields = ["status", "done_on", "verified_on", "verified_by", "verification_note"]
        create_service = services.recommendation_create
        update_service = services.recommendation_update


class RecommendationVerifySerializer(serializers.Serializer):
    verified_on = serializers.DateField(required=False, help_text=_("Today when left out."))
    note = serializers.CharField(required=False, allow_blank=True)


class RecommendationProgressSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProgressStatus.choices)
    note = serializers.CharField()
    reported_on = serializers.DateField(required=False, help_text=_("Today when left out."))
    evidence = serializers.FileField(required=False, help_text=_("Required when reporting it done."))


class RecommendationSendBackSerializer(serializers.Serializer):
    note = serializers.CharField()
    returned_on = serializers.DateField(required=False, help_text=_("Today when left out."))


class DisciplineDecisionSerializer(ServiceModelSerializer):
    inspection = serializers.PrimaryKeyRelatedField(queryset=Inspection.objects.all(), allow_null=True, required=False)
    target_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True, required=False)
    target_person = serializers.PrimaryKeyRelatedField(
        queryset=Personnel.objects.all(), allow_null=True, required=False
    )
    issuing_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    target_label = serializers.CharField(read_only=True)
    corrects = serializers.PrimaryKeyRelatedField(
        queryset=DisciplineDecision.objects.all(), allow_null=True, required=False
    )
    in_force = serializers.BooleanField(read_only=True)

    class Meta:
        model = DisciplineDecision
        fields = [
            "id",
            "decision_number",
            "decided_on",
            "issuing_body",
            "issuing_unit",
            "target_kind",
            "target_unit",
            "target_person",
            "target_label",
            "level",
            "inspection",
            "reason",
            "corrects",
            "correction",
            "in_force",
        ]
        create_service = services.discipline_decision_create
