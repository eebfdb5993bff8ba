"""Party oversight of logistics work (kiểm tra, giám sát của Đảng ủy).

A programme plans inspections or supervisions; an inspection of a target (a unit's Party
organisation or a Party member) is carried out by a team, records findings, each finding cites the
records it concerns in any app and leads to recommendations that the responsible unit follows up
until an inspector verifies them. Discipline decisions record the sanctions that follow.

Visibility: inspectors and administrators see every inspection in their scope from the day it is
planned; everyone else with a view permission sees an inspection only once it is concluded, and
then in the scope of the inspecting unit, the inspected unit, and (for recommendations) the
responsible unit. Logistics officers, who do the remedial work but do not read oversight, see only
the concluded recommendations addressed to their units, with the finding and inspection behind
each and their progress reports. A concluded inspection is final: the database refuses any change
to it, its team, its findings, their citations and the content of its recommendations.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.formatting import day_text
from logistics.history import tracked
from logistics.models import DomainModel
from logistics.models.base import MoneyField
from logistics.scope import UNRESTRICTED
from logistics.search import search_field
from oversight.choices import (
    FINISHED_STATUSES,
    FORMS_BY_KIND,
    LEVELS_BY_TARGET,
    UNPLANNED_FORMS,
    Area,
    DisciplineCorrection,
    DisciplineLevel,
    FindingKind,
    InspectionStatus,
    IssuingBody,
    ProgrammeKind,
    ProgressStatus,
    RecommendationStatus,
    Schedule,
    Severity,
    TargetKind,
    TeamRole,
    grouped_form_choices,
)

CONCLUDED = InspectionStatus.CONCLUDED


def works_on_inspections(user) -> bool:
    """Inspectors and administrators: they see inspections before they are concluded."""
    return user.has_perm("oversight.change_inspection")


def reads_oversight(user) -> bool:
    """Commanders, auditors and inspectors read the oversight of their units: every inspection made
    by or of them. Others with a view permission here (the logistics officer) follow up only: they
    reach the recommendations addressed to their units and what leads to them, nothing else."""
    return user.has_perm("oversight.view_programme")


def addressed_recommendations(unit_ids):
    """The issued recommendations addressed to ``unit_ids``: the ones those units act on."""
    recommendations = Recommendation.objects.issued()
    if unit_ids is not UNRESTRICTED:
        recommendations = recommendations.filter(responsible_unit__in=unit_ids)
    return recommendations


def inspection_visible(
    prefix: str,
    *,
    user,
    unit_ids,
    also_units: tuple[str, ...] = (),
    followed_up: Callable[[models.QuerySet], Q] | None = None,
) -> Q:
    """Q for records whose inspection (reached through ``prefix``) the user may see.

    Who reads oversight sees the records of inspections made by or of their units (and of the
    ``also_units`` paths); who only follows up sees the records that ``followed_up`` selects from
    the recommendations addressed to their units, and no record of a model without it. Only those
    who work on inspections see an inspection before it is concluded.
    """
    condition = Q()
    if unit_ids is not UNRESTRICTED:
        if reads_oversight(user):
            units = Q(**{f"{prefix}inspecting_unit__in": unit_ids}) | Q(**{f"{prefix}target_unit__in": unit_ids})
            for path in also_units:
                units |= Q(**{f"{path}__in": unit_ids})
        elif followed_up is not None:
            units = followed_up(addressed_recommendations(unit_ids))
        else:
            units = Q(pk__in=[])
        condition &= units
    if not works_on_inspections(user):
        condition &= Q(**{f"{prefix}status": CONCLUDED})
    return condition


def _raise_if_concluded(check_sql: str, *, allow_update_unless: str = "") -> str:
    """PL/pgSQL body: refuse the row change when ``check_sql`` finds a concluded inspection.

    ``check_sql`` is a condition over ``OLD``/``NEW`` (NULL when absent). ``allow_update_unless``,
    when given, lists the columns whose change is refused on an UPDATE; other updates pass.
    """
    skip = ""
    if allow_update_unless:
        columns = [column.strip() for column in allow_update_unless.split(",")]
        old = ", ".join(f"OLD.{column}" for column in columns)
        new = ", ".join(f"NEW.{column}" for column in columns)
        skip = f"IF TG_OP = 'UPDATE' AND ({old}) IS NOT DISTINCT FROM ({new}) THEN RETURN NEW; END IF;"
    return f"""
        {skip}
        IF {check_sql} THEN
            RAISE EXCEPTION 'oversight: % of %: the inspection is concluded and final', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    """


def _concluded(inspection_id_sql: str) -> str:
    return f"EXISTS (SELECT 1 FROM oversight_inspection WHERE id = {inspection_id_sql} AND status = 'concluded')"


def _finding_concluded(finding_id_sql: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM oversight_finding f JOIN oversight_inspection i ON i.id = f.inspection_id "
        f"WHERE f.id = {finding_id_sql} AND i.status = 'concluded')"
    )


ALL_OPERATIONS = pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete


# --- programmes ---------------------------------------------------------------------------------


@tracked()
class Programme(DomainModel):
    """A yearly, quarterly, periodic or ad hoc programme of inspections or supervisions."""

    scope_units = ("issuing_unit",)

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    schedule = models.CharField(_("schedule"), max_length=20, choices=Schedule.choices)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("Only for a quarterly programme: 1 to 4."),
    )
    title = models.CharField(_("title"), max_length=300)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issuing_body = models.CharField(
        _("issuing body"), max_length=30, choices=IssuingBody.choices, default=IssuingBody.INSPECTION_COMMITTEE
    )
    issuing_unit = models.ForeignKey(
        "logistics.Unit",
        verbose_name=_("unit of the issuing body"),
        on_delete=models.PROTECT,
        related_name="oversight_programmes",
        help_text=_("The unit whose Party Committee issued the programme."),
    )
    areas = ArrayField(
        models.CharField(max_length=20, choices=Area.choices),
        verbose_name=pgettext_lazy("oversight", "areas"),
        default=list,
        size=len(Area),
    )
    planned_count = models.PositiveSmallIntegerField(
        _("planned inspections"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("How many inspections or supervisions the programme plans."),
    )
    planned_targets = models.TextField(_("planned targets"), blank=True)
    search_text = search_field("title", "document_number", "planned_targets")

    class Meta:
        verbose_name = _("oversight programme")
        verbose_name_plural = _("oversight programmes")
        ordering = ["-year", "schedule", "quarter", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="programme_year_sensible",
                violation_error_message=_("The year must be between 1990 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(schedule=Schedule.QUARTERLY, quarter__gte=1, quarter__lte=4)
                | (~Q(schedule=Schedule.QUARTERLY) & Q(quarter__isnull=True)),
                name="programme_quarter_only_when_quarterly",
                violation_error_message=_(
                    "A quarterly programme names its quarter (1 to 4); other programmes name none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(planned_count__gte=1),
                name="programme_plans_something",
                violation_error_message=_("Plan at least one inspection or supervision."),
            ),
            models.CheckConstraint(
                condition=Q(areas__len__gte=1),
                name="programme_has_an_area",
                violation_error_message=_("Choose at least one area."),
            ),
            models.CheckConstraint(
                condition=Q(areas__contained_by=Area.values),
                name="programme_areas_known",
                violation_error_message=_("Choose a value from the list."),
            ),
            models.CheckConstraint(
                condition=~Q(title=""), name="programme_title_not_blank", violation_error_message=_("Enter the title.")
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ProgrammeKind.values),
                name="programme_kind_known",
                violation_error_message=_("Choose a value from the list."),
            ),
            models.CheckConstraint(
                condition=Q(schedule__in=Schedule.values),
                name="programme_schedule_known",
                violation_error_message=_("Choose a value from the list."),
            ),
        ]

    def __str__(self) -> str:
        return self.title if str(self.year) in self.title else f"{self.title} ({self.year})"

    def area_labels(self) -> list[str]:
        labels = dict(Area.choices)
        return [str(labels.get(area, area)) for area in self.areas or ()]


# --- inspections and supervisions ---------------------------------------------------------------


@tracked()
class Inspection(DomainModel):
    """An inspection or a supervision of a Party organisation or a Party member."""

    scope_units = ("inspecting_unit", "target_unit")

    programme = models.ForeignKey(
        Programme,
        verbose_name=pgettext_lazy("oversight", "programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        help_text=_("May be left empty only for an ad hoc inspection or one upon signs of violation."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices, editable=False)
    form = models.CharField(pgettext_lazy("oversight", "form"), max_length=30, choices=grouped_form_choices())
    title = models.CharField(_("subject"), max_length=300)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    inspecting_unit = models.ForeignKey(
        "logistics.Unit",
        verbose_name=_("inspecting unit"),
        on_delete=models.PROTECT,
        related_name="oversight_inspections_made",
        help_text=_("The unit whose Party Committee or Inspection Committee carries out the inspection."),
    )
    target_kind = models.CharField(pgettext_lazy("oversight", "target"), max_length=20, choices=TargetKind.choices)
    target_unit = models.ForeignKey(
        "logistics.Unit",
        verbose_name=_("inspected unit"),
        on_delete=models.PROTECT,
        related_name="oversight_inspections_received",
        help_text=_("For a Party member, the member's unit is taken."),
    )
    target_person = models.ForeignKey(
        "logistics.Personnel",
        verbose_name=_("Party member inspected"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="oversight_inspections",
    )
    period_from = models.DateField(_("period covered from"))
    period_to = models.DateField(_("period covered to"))
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    started_on = models.DateField(_("started on"), null=True, blank=True, editable=False)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED, editable=False
    )
    conclusion_number = models.CharField(_("conclusion number"), max_length=60, blank=True)
    conclusion = models.TextField(
        _("conclusion"), blank=True, help_text=_("May be drafted before concluding; it is final once concluded.")
    )
    search_text = search_field("title", "decision_number", "conclusion_number")

    class Meta:
        verbose_name = _("inspection or supervision")
        verbose_name_plural = _("inspections and supervisions")
        ordering = ["-planned_start", "-id"]
        indexes = [models.Index(fields=["status", "planned_start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=ProgrammeKind.INSPECTION, form__in=FORMS_BY_KIND[ProgrammeKind.INSPECTION])
                | Q(kind=ProgrammeKind.SUPERVISION, form__in=FORMS_BY_KIND[ProgrammeKind.SUPERVISION]),
                name="inspection_form_matches_kind",
                violation_error_message=_(
                    "The form does not fit the kind: inspection forms for an inspection, supervision forms for a "
                    "supervision."
                ),
            ),
            models.CheckConstraint(
                condition=Q(programme__isnull=False) | Q(form__in=UNPLANNED_FORMS),
                name="inspection_programme_unless_ad_hoc",
                violation_error_message=_(
                    "Only an ad hoc inspection or one on signs of violation stands outside a programme."
                ),
            ),
            models.CheckConstraint(
                condition=Q(target_kind=TargetKind.ORGANISATION, target_person__isnull=True)
                | Q(target_kind=TargetKind.MEMBER, target_person__isnull=False),
                name="inspection_target_matches_kind",
                violation_error_message=_(
                    "A Party member as target names the member; a Party organisation as target names none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_to__gte=F("period_from")),
                name="inspection_period_ordered",
                violation_error_message=_("The period covered cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="inspection_plan_ordered",
                violation_error_message=_("The planned end cannot come before the planned start."),
            ),
            models.CheckConstraint(
                condition=Q(status=InspectionStatus.PLANNED, started_on__isnull=True, concluded_on__isnull=True)
                | Q(status=InspectionStatus.IN_PROGRESS, started_on__isnull=False, concluded_on__isnull=True)
                | (
                    Q(status=CONCLUDED, started_on__isnull=False, concluded_on__gte=F("started_on")) & ~Q(conclusion="")
                ),
                name="inspection_status_matches_dates",
                violation_error_message=_(
                    "The dates do not fit the status: a started inspection has its start date; a concluded one has its "
                    "conclusion and its date, not before the start."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(title=""), name="inspection_title_not_blank", violation_error_message=_("Enter the title.")
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="inspection_concluded_final",
                when=pgtrigger.Before,
                operation=pgtrigger.Update | pgtrigger.Delete,
                func=_raise_if_concluded("OLD.status = 'concluded'"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        return self.status == CONCLUDED

    @property
    def is_concluded(self) -> bool:
        return self.status == CONCLUDED

    @property
    def target_label(self) -> str:
        if self.target_kind == TargetKind.MEMBER and self.target_person_id:
            return f"{self.target_person.full_name} ({self.target_unit})"
        return str(self.target_unit)

    @classmethod
    def scope_filter(cls, queryset, *, user, unit_ids, action):
        return queryset.filter(
            inspection_visible(
                "",
                user=user,
                unit_ids=unit_ids,
                followed_up=lambda recommendations: Q(pk__in=recommendations.values("finding__inspection")),
            )
        )


@tracked()
class TeamMember(DomainModel):
    """A member of the inspection team (đoàn kiểm tra) and their role in it."""

    scope_units = ("inspection__inspecting_unit", "inspection__target_unit")
    #: Named after the officer, whom a reader of the inspected unit may not see (``logistics.scope``).
    name_shows = ("personnel",)

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="team"
    )
    personnel = models.ForeignKey(
        "logistics.Personnel", verbose_name=_("officer"), on_delete=models.PROTECT, related_name="oversight_teams"
    )
    role = models.CharField(_("role in the team"), max_length=20, choices=TeamRole.choices, default=TeamRole.MEMBER)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("inspection team members")
        ordering = ["inspection", "id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "personnel"], name="team_member_once"),
            models.UniqueConstraint(
                fields=["inspection"], condition=Q(role=TeamRole.HEAD), name="team_one_head_per_inspection"
            ),
            models.CheckConstraint(
                condition=Q(role__in=TeamRole.values),
                name="team_role_known",
                violation_error_message=_("Choose a value from the list."),
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="team_member_final_when_concluded",
                when=pgtrigger.Before,
                operation=ALL_OPERATIONS,
                func=_raise_if_concluded(f"({_concluded('OLD.inspection_id')} OR {_concluded('NEW.inspection_id')})"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.personnel.full_name} — {self.get_role_display()}"

    @property
    def is_locked(self) -> bool:
        return self.inspection.is_locked

    def get_absolute_url(self) -> str:
        return self.inspection.get_absolute_url() + "#team"

    @classmethod
    def scope_filter(cls, queryset, *, user, unit_ids, action):
        return queryset.filter(inspection_visible("inspection__", user=user, unit_ids=unit_ids))


# --- findings -----------------------------------------------------------------------------------


@tracked()
class Finding(DomainModel):
    """A violation or shortcoming found by an inspection (vi phạm, thiếu sót)."""

    scope_units = ("inspection__inspecting_unit", "inspection__target_unit")

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.PROTECT, related_name="findings"
    )
    area = models.CharField(pgettext_lazy("oversight", "area"), max_length=20, choices=Area.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=FindingKind.choices, default=FindingKind.SHORTCOMING)
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices, default=Severity.MINOR)
    title = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    amount = MoneyField(_("amount involved"), default=0, help_text=_("In whole đồng; 0 when no money is involved."))
    search_text = search_field("title", "description")

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-inspection__planned_start", "inspection", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="finding_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(area__in=Area.values),
                name="finding_area_known",
                violation_error_message=_("Choose a value from the list."),
            ),
            models.CheckConstraint(
                condition=Q(severity__in=Severity.values),
                name="finding_severity_known",
                violation_error_message=_("Choose a value from the list."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=FindingKind.values),
                name="finding_kind_known",
                violation_error_message=_("Choose a value from the list."),
            ),
            models.CheckConstraint(
                condition=~Q(title=""), name="finding_title_not_blank", violation_error_message=_("Enter the title.")
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="finding_final_when_concluded",
                when=pgtrigger.Before,
                operation=ALL_OPERATIONS,
                func=_raise_if_concluded(f"({_concluded('OLD.inspection_id')} OR {_concluded('NEW.inspection_id')})"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        return self.inspection.is_locked

    @classmethod
    def scope_filter(cls, queryset, *, user, unit_ids, action):
        return queryset.filter(
            inspection_visible(
                "inspection__",
                user=user,
                unit_ids=unit_ids,
                followed_up=lambda recommendations: Q(pk__in=recommendations.values("finding")),
            )
        )


@tracked()
class FindingLink(DomainModel):
    """A record of any app that a finding concerns (a citation).

    Only the content type and id are kept, never the record's name: who may read the record is
    decided by the record's own app, each time it is shown.
    """

    scope_units = ("finding__inspection__inspecting_unit", "finding__inspection__target_unit")

    finding = models.ForeignKey(Finding, verbose_name=_("finding"), on_delete=models.CASCADE, related_name="links")
    content_type = models.ForeignKey(ContentType, verbose_name=_("kind of record"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("record number"))
    record = GenericForeignKey("content_type", "object_id")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("cited record")
        verbose_name_plural = _("cited records")
        ordering = ["finding", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(fields=["finding", "content_type", "object_id"], name="finding_link_once"),
            models.CheckConstraint(
                condition=Q(object_id__gt=0),
                name="finding_link_object_id_positive",
                violation_error_message=_("Choose the record concerned."),
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="finding_link_final_when_concluded",
                when=pgtrigger.Before,
                operation=ALL_OPERATIONS,
                func=_raise_if_concluded(
                    f"({_finding_concluded('OLD.finding_id')} OR {_finding_concluded('NEW.finding_id')})"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.finding} → {self.content_type.name} #{self.object_id}"

    @property
    def is_locked(self) -> bool:
        return self.finding.is_locked

    def get_absolute_url(self) -> str:
        return self.finding.get_absolute_url() + "#citations"

    @property
    def record_url(self) -> str | None:
        """The cited record's page (which checks the reader's scope itself)."""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()  # cached: no query
        if model is None:
            return None
        try:
            return reverse(f"{model._meta.app_label}:{model._meta.model_name}_detail", kwargs={"pk": self.object_id})
        except NoReverseMatch:
            return None

    @classmethod
    def scope_filter(cls, queryset, *, user, unit_ids, action):
        return queryset.filter(inspection_visible("finding__inspection__", user=user, unit_ids=unit_ids))


# --- recommendations ----------------------------------------------------------------------------


class RecommendationQuerySet(models.QuerySet):
    @staticmethod
    def overdue_q(today: datetime.date | None = None) -> Q:
        """Overdue: the due date has passed and the responsible unit has not reported it done."""
        today = today or timezone.localdate()
        return Q(due_date__lt=today) & ~Q(status__in=FINISHED_STATUSES)

    def with_overdue(self, today: datetime.date | None = None):
        return self.annotate(
            is_overdue=Case(
                When(self.overdue_q(today), then=Value(True)), default=Value(False), output_field=models.BooleanField()
            )
        )

    def overdue(self, today: datetime.date | None = None):
        return self.filter(self.overdue_q(today))

    def not_overdue(self, today: datetime.date | None = None):
        return self.exclude(self.overdue_q(today))

    def issued(self):
        """Recommendations of concluded inspections: the ones that are followed up."""
        return self.filter(finding__inspection__status=CONCLUDED)


@tracked()
class Recommendation(DomainModel):
    """What a unit must put right, by when (kiến nghị), followed until an inspector verifies it."""

    scope_units = (
        "responsible_unit",
        "finding__inspection__inspecting_unit",
        "finding__inspection__target_unit",
    )

    finding = models.ForeignKey(
        Finding, verbose_name=_("finding"), on_delete=models.PROTECT, related_name="recommendations"
    )
    content = models.TextField(_("recommendation"))
    responsible_unit = models.ForeignKey(
        "logistics.Unit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="oversight_recommendations",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
        editable=False,
    )
    done_on = models.DateField(_("done on"), null=True, blank=True, editable=False)
    verified_on = models.DateField(_("verified on"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    verification_note = models.TextField(_("verification note"), blank=True, editable=False)
    search_text = search_field("content")

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"])]
        permissions = [
            ("report_progress_recommendation", _("Can report progress on a recommendation")),
            ("verify_recommendation", _("Can verify a recommendation")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=FINISHED_STATUSES, done_on__isnull=False)
                | Q(status__in=(RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS), done_on__isnull=True),
                name="recommendation_done_on_when_done",
                violation_error_message=_(
                    "A done or verified recommendation has its completion date; an open one has none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(
                    status=RecommendationStatus.VERIFIED,
                    verified_on__isnull=False,
                    verified_by__isnull=False,
                    verified_on__gte=F("done_on"),
                )
                | (~Q(status=RecommendationStatus.VERIFIED) & Q(verified_on__isnull=True, verified_by__isnull=True)),
                name="recommendation_verified_fields",
                violation_error_message=_(
                    "A verified recommendation names who verified it and when, not before it was done; other "
                    "recommendations name neither."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=RecommendationStatus.values),
                name="recommendation_status_known",
                violation_error_message=_("Choose a value from the list."),
            ),
            models.CheckConstraint(
                condition=~Q(content=""),
                name="recommendation_content_not_blank",
                violation_error_message=_("Enter the content."),
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="recommendation_content_final",
                when=pgtrigger.Before,
                operation=ALL_OPERATIONS,
                func=_raise_if_concluded(
                    f"({_finding_concluded('OLD.finding_id')} OR {_finding_concluded('NEW.finding_id')})",
                    allow_update_unless="finding_id, content, responsible_unit_id, due_date",
                ),
            ),
        ]

    def __str__(self) -> str:
        return Truncator(self.content).chars(80)

    @property
    def is_locked(self) -> bool:
        """Its content is final once the inspection is concluded; its status moves by the workflow."""
        return self.finding.inspection.is_locked

    @property
    def is_issued(self) -> bool:
        return self.finding.inspection.is_concluded

    @property
    def overdue(self) -> bool:
        annotated = getattr(self, "is_overdue", None)
        if annotated is not None:
            return annotated
        return self.status not in FINISHED_STATUSES and self.due_date < timezone.localdate()

    @classmethod
    def scope_filter(cls, queryset, *, user, unit_ids, action):
        if action == "report_progress":
            # Progress is reported by the unit the recommendation is addressed to, once issued.
            return queryset.filter(pk__in=addressed_recommendations(unit_ids).values("pk"))
        return queryset.filter(
            inspection_visible(
                "finding__inspection__",
                user=user,
                unit_ids=unit_ids,
                also_units=("responsible_unit",),
                followed_up=lambda recommendations: Q(pk__in=recommendations.values("pk")),
            )
        )


@tracked()
class ProgressReport(DomainModel):
    """One step of a recommendation's follow-up: progress, done, verified or sent back. Append-only."""

    scope_units = ("recommendation__responsible_unit",)

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("recommendation"), on_delete=models.PROTECT, related_name="progress"
    )
    reported_on = models.DateField(_("date"))
    status = models.CharField(_("status after"), max_length=20, choices=RecommendationStatus.choices)
    note = models.TextField(_("note"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    evidence = models.ForeignKey(
        "logistics.Attachment",
        verbose_name=_("evidence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["recommendation", "reported_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(note=""), name="progress_note_not_blank", violation_error_message=_("Enter a note.")
            ),
            models.CheckConstraint(
                condition=Q(status__in=RecommendationStatus.values),
                name="progress_status_known",
                violation_error_message=_("Choose a value from the list."),
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="progress_report_append_only",
                when=pgtrigger.Before,
                operation=pgtrigger.Update | pgtrigger.Delete,
                func="""
                    RAISE EXCEPTION 'oversight: progress reports are kept as written'
                        USING ERRCODE = 'integrity_constraint_violation';
                """,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} — {day_text(self.reported_on)}"

    @property
    def is_locked(self) -> bool:
        return True

    def get_absolute_url(self) -> str:
        return self.recommendation.get_absolute_url() + "#progress"

    @classmethod
    def scope_filter(cls, queryset, *, user, unit_ids, action):
        return queryset.filter(
            inspection_visible(
                "recommendation__finding__inspection__",
                user=user,
                unit_ids=unit_ids,
                also_units=("recommendation__responsible_unit",),
                followed_up=lambda recommendations: Q(recommendation__in=recommendations),
            )
        )


# --- discipline ---------------------------------------------------------------------------------


@tracked()
class DisciplineDecision(DomainModel):
    """A Party discipline decision (kỷ luật) against a Party member or a Party organisation."""

    scope_units = ("target_unit", "issuing_unit")

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discipline_decisions",
        help_text=_("The inspection whose conclusion led to the decision, if any."),
    )
    target_kind = models.CharField(pgettext_lazy("oversight", "target"), max_length=20, choices=TargetKind.choices)
    target_unit = models.ForeignKey(
        "logistics.Unit",
        verbose_name=_("unit disciplined or of the member"),
        on_delete=models.PROTECT,
        related_name="oversight_discipline",
        help_text=_("For a Party member, the member's unit is taken."),
    )
    target_person = models.ForeignKey(
        "logistics.Personnel",
        verbose_name=_("Party member disciplined"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="oversight_discipline",
    )
    level = models.CharField(pgettext_lazy("discipline", "level"), max_length=20, choices=DisciplineLevel.choices)
    decided_on = models.DateField(_("decided on"))
    decision_number = models.CharField(_("decision number"), max_length=60)
    issuing_body = models.CharField(
        _("issuing body"), max_length=30, choices=IssuingBody.choices, default=IssuingBody.STANDING_COMMITTEE
    )
    issuing_unit = models.ForeignKey(
        "logistics.Unit",
        verbose_name=_("unit of the issuing body"),
        on_delete=models.PROTECT,
        related_name="oversight_discipline_issued",
    )
    reason = models.TextField(_("reason"))
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        help_text=_("The recorded decision this one amends or annuls (each is corrected at most once)."),
    )
    correction = models.CharField(
        pgettext_lazy("discipline", "correction"), max_length=10, choices=DisciplineCorrection.choices, blank=True
    )
    search_text = search_field("decision_number", "reason")

    class Meta:
        verbose_name = _("discipline decision")
        verbose_name_plural = _("discipline decisions")
        ordering = ["-decided_on", "-id"]
        triggers = [
            # Recorded is final: a correction is a new decision (``corrects``).
            pgtrigger.Protect(name="discipline_decision_final", operation=pgtrigger.Update | pgtrigger.Delete),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(corrects__isnull=True, correction="")
                | (Q(corrects__isnull=False) & Q(correction__in=DisciplineCorrection.values)),
                name="discipline_correction_names_what_it_corrects",
                violation_error_message=_("A correcting decision names the decision it amends or annuls, and how."),
            ),
            models.CheckConstraint(
                condition=Q(target_kind=TargetKind.ORGANISATION, target_person__isnull=True)
                | Q(target_kind=TargetKind.MEMBER, target_person__isnull=False),
                name="discipline_target_matches_kind",
                violation_error_message=_(
                    "A Party member as target names the member; a Party organisation as target names none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(target_kind=TargetKind.MEMBER, level__in=LEVELS_BY_TARGET[TargetKind.MEMBER])
                | Q(target_kind=TargetKind.ORGANISATION, level__in=LEVELS_BY_TARGET[TargetKind.ORGANISATION]),
                name="discipline_level_fits_target",
                violation_error_message=_(
                    "This discipline does not apply to this kind of target: dismissal and expulsion are for Party "
                    "members, dissolution for Party organisations."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(decision_number=""),
                name="discipline_number_not_blank",
                violation_error_message=_("Enter the decision number."),
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="discipline_reason_not_blank",
                violation_error_message=_("Enter the reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} — {self.get_level_display()}"

    @property
    def is_locked(self) -> bool:
        """A recorded decision is final, from the moment it is recorded."""
        return self.pk is not None

    @property
    def in_force(self) -> bool:
        """Neither corrected by a later decision nor a decision that annuls another."""
        return self.correction != DisciplineCorrection.ANNUL and not hasattr(self, "corrected_by")

    @property
    def target_label(self) -> str:
        if self.target_kind == TargetKind.MEMBER and self.target_person_id:
            return f"{self.target_person.full_name} ({self.target_unit})"
        return str(self.target_unit)


__all__ = [
    "DisciplineDecision",
    "Finding",
    "FindingLink",
    "Inspection",
    "Programme",
    "ProgressReport",
    "ProgressStatus",
    "Recommendation",
    "TeamMember",
]
