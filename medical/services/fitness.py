"""Clinic services: the health standards (tiêu chuẩn sức khỏe) and what follows from them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from logistics import validity
from logistics.formatting import day_text
from logistics.services import create_record, service, update_record
from medical.choices import HealthCheckPurpose
from medical.models import FitnessStandard

STANDARD_EDITABLE = ("purpose", "fit_up_to_grade", "valid_from", "valid_to", "basis")


#: The advisory lock under which a purpose's standards are checked for overlap: two new standards of
#: one purpose saved at the same moment have no row to lock, so each waits for the other here.
STANDARDS_LOCK = 7_300_041


def _refuse_overlap(standard: FitnessStandard) -> None:
    """Two standards of one purpose never hold on the same day (the database cannot say so without
    an extension this project does without): :func:`logistics.validity.overlapping`."""
    clash = validity.overlapping(standard, lock=STANDARDS_LOCK, key=standard.purpose, same=Q(purpose=standard.purpose))
    if clash is not None:
        raise ValidationError(
            {
                "valid_from": _("%(standard)s already holds from %(start)s; end it first.")
                % {"standard": clash, "start": day_text(clash.valid_from)}
            }
        )


@service
def fitness_standard_create(*, actor, **fields) -> FitnessStandard:
    return create_record(FitnessStandard, actor=actor, fields=fields, check=_refuse_overlap)


@service
def fitness_standard_update(*, actor, fitness_standard: FitnessStandard, **fields) -> FitnessStandard:
    return update_record(
        fitness_standard, actor=actor, fields=fields, editable=STANDARD_EDITABLE, check=_refuse_overlap
    )


def standards_in_force() -> list[FitnessStandard]:
    """Every standard (a handful of rows), read once for a batch of health checks."""
    return list(FitnessStandard.objects.all())


def fitness_problems(encounter, standards: list[FitnessStandard]) -> dict[str, list[str]]:
    """What is wrong with a health check's fitness under the standard of its purpose on its day;
    when the fitness is not given, it is set from the standard. Unfit may be chosen for a reason
    beside the grade; fit with a grade the standard does not admit is refused."""
    purpose, grade = encounter.health_check_purpose, encounter.health_grade
    if not purpose or grade is None or encounter.date is None:
        return {}
    standard = next(
        (
            candidate
            for candidate in standards
            if candidate.purpose == purpose
            and candidate.valid_from <= encounter.date
            and (candidate.valid_to is None or encounter.date <= candidate.valid_to)
        ),
        None,
    )
    if standard is None:
        return {
            "health_check_purpose": [
                _("No health standard for %(purpose)s holds on %(day)s: an administrator enters it first.")
                % {"purpose": HealthCheckPurpose(purpose).label, "day": day_text(encounter.date)}
            ]
        }
    if encounter.is_fit is None:
        encounter.is_fit = standard.admits(grade)
    elif encounter.is_fit and not standard.admits(grade):
        return {
            "is_fit": [
                _("Grade %(grade)s is not fit for %(purpose)s: %(basis)s admits grades 1 to %(worst)s.")
                % {
                    "grade": grade,
                    "purpose": HealthCheckPurpose(purpose).label.lower(),
                    "basis": standard.basis,
                    "worst": standard.fit_up_to_grade,
                }
            ]
        }
    return {}
