"""The words of Party oversight (kiểm tra, giám sát của Đảng ủy), shared by models, forms and the API."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgrammeKind(models.TextChoices):
    INSPECTION = "inspection", pgettext_lazy("oversight kind", "Inspection")
    SUPERVISION = "supervision", pgettext_lazy("oversight kind", "Supervision")


class Schedule(models.TextChoices):
    ANNUAL = "annual", _("Annual")
    QUARTERLY = "quarterly", _("Quarterly")
    PERIODIC = "periodic", _("Periodic")
    AD_HOC = "ad_hoc", _("Ad hoc")


class IssuingBody(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Party Committee")
    STANDING_COMMITTEE = "standing_committee", _("Standing Board of the Party Committee")
    INSPECTION_COMMITTEE = "inspection_committee", _("Inspection Committee of the Party Committee")


class Area(models.TextChoices):
    BUDGET = "budget", _("Finance and budget")
    EQUIPMENT = "equipment", _("Equipment")
    CONSTRUCTION = "construction", _("Construction")
    CLINIC = "clinic", _("Clinic")
    OTHER = "other", _("Other")


class InspectionForm(models.TextChoices):
    """How an inspection or supervision is carried out; the prefix says which of the two it is."""

    INSPECTION_REGULAR = "inspection_regular", _("Regular inspection")
    INSPECTION_PERIODIC = "inspection_periodic", _("Periodic inspection")
    INSPECTION_AD_HOC = "inspection_ad_hoc", _("Ad hoc inspection")
    INSPECTION_SIGNS = "inspection_signs", _("Inspection upon signs of violation")
    SUPERVISION_REGULAR = "supervision_regular", _("Regular supervision")
    SUPERVISION_THEMATIC = "supervision_thematic", _("Thematic supervision")


FORMS_BY_KIND = {
    ProgrammeKind.INSPECTION: (
        InspectionForm.INSPECTION_REGULAR,
        InspectionForm.INSPECTION_PERIODIC,
        InspectionForm.INSPECTION_AD_HOC,
        InspectionForm.INSPECTION_SIGNS,
    ),
    ProgrammeKind.SUPERVISION: (InspectionForm.SUPERVISION_REGULAR, InspectionForm.SUPERVISION_THEMATIC),
}

#: Forms that need no programme: they answer something that was not planned.
UNPLANNED_FORMS = (InspectionForm.INSPECTION_AD_HOC, InspectionForm.INSPECTION_SIGNS)


def kind_of_form(form: str) -> str:
    return ProgrammeKind.SUPERVISION if str(form).startswith("supervision_") else ProgrammeKind.INSPECTION


def grouped_form_choices():
    labels = dict(InspectionForm.choices)
    return [
        (ProgrammeKind.INSPECTION.label, [(value, labels[value]) for value in FORMS_BY_KIND[ProgrammeKind.INSPECTION]]),
        (
            ProgrammeKind.SUPERVISION.label,
            [(value, labels[value]) for value in FORMS_BY_KIND[ProgrammeKind.SUPERVISION]],
        ),
    ]


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("inspection status", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("inspection status", "In progress")
    CONCLUDED = "concluded", pgettext_lazy("inspection status", "Concluded")


INSPECTION_STATUS_COLORS = {
    InspectionStatus.PLANNED: "secondary",
    InspectionStatus.IN_PROGRESS: "warning",
    InspectionStatus.CONCLUDED: "success",
}


class TargetKind(models.TextChoices):
    ORGANISATION = "organisation", _("Party organisation")
    MEMBER = "member", _("Party member")


class TeamRole(models.TextChoices):
    HEAD = "head", _("Head of the team")
    DEPUTY = "deputy", _("Deputy head")
    MEMBER = "member", _("Team member")
    SECRETARY = "secretary", _("Secretary")


class FindingKind(models.TextChoices):
    VIOLATION = "violation", _("Violation")
    SHORTCOMING = "shortcoming", _("Shortcoming")


class Severity(models.TextChoices):
    MINOR = "minor", _("Less serious")
    SERIOUS = "serious", _("Serious")
    VERY_SERIOUS = "very_serious", _("Very serious")
    EXTREMELY_SERIOUS = "extremely_serious", _("Extremely serious")


SEVERITY_COLORS = {
    Severity.MINOR: "info",
    Severity.SERIOUS: "warning",
    Severity.VERY_SERIOUS: "danger",
    Severity.EXTREMELY_SERIOUS: "dark",
}


class RecommendationStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("recommendation status", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("recommendation status", "In progress")
    DONE = "done", pgettext_lazy("recommendation status", "Done")
    VERIFIED = "verified", pgettext_lazy("recommendation status", "Verified")


RECOMMENDATION_STATUS_COLORS = {
    RecommendationStatus.OPEN: "secondary",
    RecommendationStatus.IN_PROGRESS: "warning",
    RecommendationStatus.DONE: "info",
    RecommendationStatus.VERIFIED: "success",
}

#: A recommendation in one of these is no longer waiting on the responsible unit.
FINISHED_STATUSES = (RecommendationStatus.DONE, RecommendationStatus.VERIFIED)


class ProgressStatus(models.TextChoices):
    """What a progress report says (the status the recommendation moves to)."""

    IN_PROGRESS = "in_progress", pgettext_lazy("recommendation status", "In progress")
    DONE = "done", pgettext_lazy("recommendation status", "Done")


class DisciplineLevel(models.TextChoices):
    REPRIMAND = "reprimand", pgettext_lazy("discipline", "Reprimand")
    WARNING = "warning", pgettext_lazy("discipline", "Warning")
    DISMISSAL = "dismissal", pgettext_lazy("discipline", "Dismissal from post")
    EXPULSION = "expulsion", pgettext_lazy("discipline", "Expulsion from the Party")
    DISSOLUTION = "dissolution", pgettext_lazy("discipline", "Dissolution")


class DisciplineCorrection(models.TextChoices):
    """What a later decision does to a recorded one: a recorded decision is final, and is corrected
    only by another decision that amends or annuls it."""

    AMEND = "amend", pgettext_lazy("discipline", "Amends")
    ANNUL = "annul", pgettext_lazy("discipline", "Annuls")


LEVELS_BY_TARGET = {
    TargetKind.MEMBER: (
        DisciplineLevel.REPRIMAND,
        DisciplineLevel.WARNING,
        DisciplineLevel.DISMISSAL,
        DisciplineLevel.EXPULSION,
    ),
    TargetKind.ORGANISATION: (DisciplineLevel.REPRIMAND, DisciplineLevel.WARNING, DisciplineLevel.DISSOLUTION),
}

DISCIPLINE_COLORS = {
    DisciplineLevel.REPRIMAND: "info",
    DisciplineLevel.WARNING: "warning",
    DisciplineLevel.DISMISSAL: "danger",
    DisciplineLevel.EXPULSION: "dark",
    DisciplineLevel.DISSOLUTION: "dark",
}
