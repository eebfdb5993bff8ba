"""Oversight services: The team."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from logistics.scope import require
from logistics.services import editable_changes, service
from oversight.choices import (
    TeamRole,
)
from oversight.models import (
    Inspection,
    TeamMember,
)
from oversight.services.common import _final, _save
from oversight.services.inspections import _lock_inspection


def _clean_member(member: TeamMember) -> None:
    others = TeamMember.objects.filter(inspection=member.inspection).exclude(pk=member.pk)
    if others.filter(personnel=member.personnel).exists():
        raise ValidationError({"personnel": _("This officer is already in the team.")})
    if member.role == TeamRole.HEAD:
        head = others.filter(role=TeamRole.HEAD).select_related("personnel").first()
        if head is not None:
            raise ValidationError(
                {"role": _("The team already has a head: %(name)s.") % {"name": head.personnel.full_name}}
            )


@service
def team_member_create(*, actor, inspection: Inspection, **fields) -> TeamMember:
    inspection = _lock_inspection(inspection, actor=actor)
    if inspection.is_locked:
        raise _final()
    member = TeamMember(inspection=inspection, **fields)
    _clean_member(member)
    return _save(member, actor=actor, action="add")


@service
def team_member_update(*, actor, team_member: TeamMember, inspection: Inspection, **fields) -> TeamMember:
    member = TeamMember.objects.select_for_update().get(pk=team_member.pk)
    require(actor, "change", member)
    current = _lock_inspection(member.inspection, actor=actor)
    target = _lock_inspection(inspection, actor=actor)
    if current.is_locked or target.is_locked:
        raise _final()
    member.inspection = target
    for name, value in editable_changes(fields, ("personnel", "role")):
        setattr(member, name, value)
    _clean_member(member)
    return _save(member, actor=actor, action="change")
