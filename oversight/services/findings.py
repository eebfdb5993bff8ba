"""Oversight services: Findings and what they cite."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from logistics.scope import is_unrestricted, require, restrict
from logistics.services import editable_changes, service
from oversight.models import (
    Finding,
    FindingLink,
    Inspection,
)
from oversight.selectors import is_citable
from oversight.services.common import _final, _save, _validate
from oversight.services.inspections import _lock_inspection


def check_citable(actor, record: Model, field: str = "record") -> None:
    """A finding cites only records with pages, and only records the acting user may see."""
    if record is None or record.pk is None or not is_citable(type(record)):
        raise ValidationError({field: _("Records of this kind cannot be cited.")})
    if actor is None:
        return
    visible = restrict(type(record)._default_manager.filter(pk=record.pk), actor, "view")
    if not visible.exists():
        raise ValidationError({field: _("Choose a record you may see.")})


def _cite(finding: Finding, record: Model, *, actor, note: str = "", known_new: bool = False) -> FindingLink:
    """``known_new``: the caller has just read the finding's citations, under its lock, and this
    record is not among them."""
    check_citable(actor, record)
    content_type = ContentType.objects.get_for_model(type(record))
    if (
        not known_new
        and FindingLink.objects.filter(finding=finding, content_type=content_type, object_id=record.pk).exists()
    ):
        raise ValidationError({"record": _("This finding already cites that record.")})
    link = FindingLink(finding=finding, content_type=content_type, object_id=record.pk, note=(note or "").strip())
    _validate(link)
    link.save()
    return link


def _actor_sees_cited(actor, link: FindingLink) -> bool:
    model = link.content_type.model_class()
    if actor is None or is_unrestricted(actor):
        return True
    return model is not None and restrict(model._default_manager.filter(pk=link.object_id), actor, "view").exists()


def _set_citations(finding: Finding, records: list[Model], *, actor) -> None:
    """The finding cites ``records`` from now on. A citation of a record the acting user may not see
    stays: they were never shown it, so leaving it out of what they send is no decision to drop it."""
    wanted = {(ContentType.objects.get_for_model(type(record)).pk, record.pk): record for record in records}
    for link in FindingLink.objects.filter(finding=finding).select_related("content_type"):
        if (link.content_type_id, link.object_id) in wanted:
            wanted.pop((link.content_type_id, link.object_id))
        elif _actor_sees_cited(actor, link):
            link.delete()
    for record in wanted.values():
        try:
            _cite(finding, record, actor=actor, known_new=True)
        except ValidationError as error:
            raise ValidationError({"links": error.messages}) from error


def _clean_finding(finding: Finding) -> None:
    if finding.amount is not None and finding.amount < 0:
        raise ValidationError({"amount": _("The amount cannot be negative.")})


@service
def finding_create(*, actor, inspection: Inspection, records: list[Model] | None = None, **fields) -> Finding:
    inspection = _lock_inspection(inspection, actor=actor)
    if inspection.is_locked:
        raise ValidationError({"inspection": _("The inspection is concluded; no finding can be added.")})
    finding = Finding(inspection=inspection, **fields)
    require(actor, "add", finding)
    _clean_finding(finding)
    _save(finding, actor=actor, action="add")
    if records:
        _set_citations(finding, records, actor=actor)
    return finding


@service
def finding_update(
    *, actor, finding: Finding, inspection: Inspection | None = None, records: list[Model] | None = None, **fields
) -> Finding:
    finding = Finding.objects.select_for_update().select_related("inspection").get(pk=finding.pk)
    require(actor, "change", finding)
    if finding.is_locked:
        raise _final()
    if inspection is not None and inspection.pk != finding.inspection_id:
        target = _lock_inspection(inspection, actor=actor)
        if target.is_locked:
            raise ValidationError({"inspection": _("The inspection is concluded; no finding can be added.")})
        finding.inspection = target
    for name, value in editable_changes(fields, ("area", "kind", "severity", "title", "description", "amount")):
        setattr(finding, name, value)
    _clean_finding(finding)
    _save(finding, actor=actor, action="change")
    if records is not None:
        _set_citations(finding, records, actor=actor)
    return finding


@service
def finding_link_create(*, actor, finding: Finding, record: Model, note: str = "") -> FindingLink:
    finding = Finding.objects.select_for_update().select_related("inspection").get(pk=finding.pk)
    require(actor, "change", finding)
    if not actor_may(actor, "add", FindingLink):
        raise PermissionDenied
    if finding.is_locked:
        raise ValidationError({"finding": _("The inspection is concluded; its findings cite nothing more.")})
    return _cite(finding, record, actor=actor, note=note)


def actor_may(actor, action: str, model) -> bool:
    return actor is None or actor.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
