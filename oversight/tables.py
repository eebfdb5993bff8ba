"""Lists of Party oversight (and the columns their CSV/XLSX exports carry)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.formatting import day_text
from logistics.tables import BadgeColumn, BaseTable, DateColumn, MoneyColumn
from oversight.choices import (
    DISCIPLINE_COLORS,
    INSPECTION_STATUS_COLORS,
    RECOMMENDATION_STATUS_COLORS,
    SEVERITY_COLORS,
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


class OverdueColumn(tables.Column):
    """A red “overdue” badge, computed by the query (never stored)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("Overdue"))
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def render(self, value):
        if not value:
            return ""
        return format_html('<span class="badge text-bg-danger">{}</span>', _("Overdue"))

    def value(self, value):
        return bool(value)


class ProgrammeTable(BaseTable):
    year = tables.Column()
    title = tables.Column(linkify=True)
    kind = tables.Column()
    schedule = tables.Column()
    issuing_body = tables.Column()
    areas = tables.Column(orderable=False)
    planned_count = tables.Column(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})
    concluded_count = tables.Column(
        verbose_name=pgettext_lazy("count", "Concluded"),
        attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}},
    )

    class Meta(BaseTable.Meta):
        model = Programme
        fields = (
            "year",
            "title",
            "kind",
            "schedule",
            "issuing_body",
            "areas",
            "planned_count",
            "concluded_count",
        )

    def render_schedule(self, value, record):
        if record.quarter:
            quarter = _("quarter %(number)s") % {"number": record.quarter}
            return f"{value} ({quarter})"
        return value

    def value_schedule(self, value, record):
        return self.render_schedule(value, record)

    def render_areas(self, value, record):
        return ", ".join(record.area_labels())

    def value_areas(self, value, record):
        return ", ".join(record.area_labels())


class InspectionTable(BaseTable):
    planned_start = DateColumn()
    title = tables.Column(linkify=True)
    form = tables.Column()
    target_unit = tables.Column(verbose_name=pgettext_lazy("oversight", "Target"), order_by=("target_unit__name",))
    inspecting_unit = tables.Column()
    period_from = DateColumn(verbose_name=_("Period covered"))
    status = BadgeColumn(colors=INSPECTION_STATUS_COLORS)
    concluded_on = DateColumn()

    class Meta(BaseTable.Meta):
        model = Inspection
        fields = (
            "planned_start",
            "title",
            "form",
            "target_unit",
            "inspecting_unit",
            "period_from",
            "status",
            "concluded_on",
        )

    def render_target_unit(self, value, record):
        return record.target_label

    def value_target_unit(self, value, record):
        return record.target_label

    def render_period_from(self, value, record):
        return f"{day_text(value)} – {day_text(record.period_to)}"

    def value_period_from(self, value, record):
        return f"{day_text(value)} – {day_text(record.period_to)}"


class TeamMemberTable(BaseTable):
    personnel = tables.Column(linkify=True)
    role = tables.Column()
    unit = tables.Column(accessor="personnel__unit", verbose_name=_("Unit"))
    inspection = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = TeamMember
        fields = ("personnel", "role", "unit", "inspection")


class FindingTable(BaseTable):
    inspection = tables.Column(linkify=True)
    title = tables.Column(linkify=True)
    area = tables.Column()
    kind = tables.Column()
    severity = BadgeColumn(colors=SEVERITY_COLORS)
    amount = MoneyColumn()

    class Meta(BaseTable.Meta):
        model = Finding
        fields = ("inspection", "title", "area", "kind", "severity", "amount")

    total_columns = ("amount",)


class FindingLinkTable(BaseTable):
    """Shows only the kind and number of each cited record: its name is shown (or not) by its own app."""

    finding = tables.Column(linkify=True)
    content_type = tables.Column(verbose_name=_("Kind of record"), orderable=False)
    object_id = tables.Column(verbose_name=_("Record"))
    note = tables.Column()

    class Meta(BaseTable.Meta):
        model = FindingLink
        fields = ("finding", "content_type", "object_id", "note")

    def render_content_type(self, value):
        model = value.model_class()
        return str(model._meta.verbose_name).capitalize() if model else value.name

    def value_content_type(self, value):
        return self.render_content_type(value)

    def render_object_id(self, value, record):
        url = record.record_url
        return format_html('<a href="{}">#{}</a>', url, value) if url else f"#{value}"

    def value_object_id(self, value):
        return value


class RecommendationTable(BaseTable):
    due_date = DateColumn()
    content = tables.Column(linkify=True)
    responsible_unit = tables.Column()
    status = BadgeColumn(colors=RECOMMENDATION_STATUS_COLORS)
    is_overdue = OverdueColumn()
    done_on = DateColumn()
    verified_on = DateColumn()
    area = tables.Column(accessor="finding__area", verbose_name=pgettext_lazy("oversight", "Area"))
    inspection = tables.Column(accessor="finding__inspection", verbose_name=_("Inspection"), orderable=False)

    class Meta(BaseTable.Meta):
        model = Recommendation
        fields = (
            "due_date",
            "content",
            "responsible_unit",
            "status",
            "is_overdue",
            "done_on",
            "verified_on",
            "area",
            "inspection",
        )
        row_attrs = {"class": lambda record: "table-danger" if getattr(record, "is_overdue", False) else ""}

    def render_content(self, value, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), Truncator(value).chars(120))

    def value_content(self, value):
        return value

    def render_area(self, value, record):
        return record.finding.get_area_display()

    def value_area(self, value, record):
        return record.finding.get_area_display()


class ProgressReportTable(BaseTable):
    reported_on = DateColumn()
    recommendation = tables.Column(linkify=True)
    status = BadgeColumn(colors=RECOMMENDATION_STATUS_COLORS)
    note = tables.Column()
    reported_by = tables.Column()
    evidence = tables.Column()

    class Meta(BaseTable.Meta):
        model = ProgressReport
        fields = ("reported_on", "recommendation", "status", "note", "reported_by", "evidence")

    def render_evidence(self, value):
        url = reverse("logistics:attachment_download", kwargs={"pk": value.pk})
        return format_html('<a href="{}"><i class="bi bi-paperclip"></i> {}</a>', url, value.original_name)

    def value_evidence(self, value):
        return value.original_name if value else ""


class DisciplineDecisionTable(BaseTable):
    decided_on = DateColumn()
    decision_number = tables.Column(linkify=True)
    target_unit = tables.Column(verbose_name=pgettext_lazy("oversight", "Target"), order_by=("target_unit__name",))
    target_kind = tables.Column()
    level = BadgeColumn(colors=DISCIPLINE_COLORS)
    issuing_body = tables.Column()
    inspection = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = DisciplineDecision
        fields = (
            "decided_on",
            "decision_number",
            "target_unit",
            "target_kind",
            "level",
            "issuing_body",
            "inspection",
        )

    def render_target_unit(self, value, record):
        return record.target_label

    def value_target_unit(self, value, record):
        return record.target_label


# --- the same lists inside a record's page, without the column that names that record ------------


class InspectionTeamTable(TeamMemberTable):
    class Meta(TeamMemberTable.Meta):
        exclude = ("inspection",)


class InspectionFindingTable(FindingTable):
    class Meta(FindingTable.Meta):
        exclude = ("inspection",)


class InspectionRecommendationTable(RecommendationTable):
    class Meta(RecommendationTable.Meta):
        exclude = ("inspection",)


class FindingRecommendationTable(RecommendationTable):
    class Meta(RecommendationTable.Meta):
        exclude = ("inspection", "area")


class RecommendationProgressTable(ProgressReportTable):
    class Meta(ProgressReportTable.Meta):
        exclude = ("recommendation",)
