"""Clinic services: The access log."""

from __future__ import annotations

from medical.models import (
    AccessLog,
)


def _subject(record) -> tuple[str, int | None]:
    """The identifiable record a read shows: itself, the record a line belongs to (a medicine →
    its encounter), or the record whose history an event is."""
    # A history event copies the fields of the record it tracks, its owner's id among them.
    model = getattr(type(record), "pgh_tracked_model", None) or type(record)
    own_id = record.pgh_obj_id if model is not type(record) else record.pk
    path = getattr(model, "read_subject", None)
    if path:
        owner = model._meta.get_field(path).related_model
        return owner._meta.label_lower, getattr(record, f"{path}_id")
    return model._meta.label_lower, own_id


def access_record(
    *, user, action: str, record_type: str, record_id=None, record_ids=(), path: str = "", row_count=None
) -> None:
    """Note that ``user`` saw identifiable health records: one record, or a page of them.

    Not a ``@service``: it must be written even when the page that calls it only reads.
    """
    if user is None or not getattr(user, "pk", None):
        return
    ids = list(dict.fromkeys(int(pk) for pk in record_ids))
    if record_id is not None and not ids:
        ids = [record_id]
    AccessLog.objects.create(
        user=user,
        action=action,
        record_type=record_type,
        record_id=record_id,
        record_ids=ids,
        path=path[:300],
        row_count=len(ids) if row_count is None else row_count,
    )


def access_note(*, request, door: str, records: list, record=None) -> None:
    """The clinic's writer of :func:`logistics.reads.note_read`: one row per kind of record shown,
    naming every record by number, in the order shown."""
    main = _subject(record) if record is not None else None
    shown: dict[str, list[int]] = {}
    for item in records:
        record_type, pk = _subject(item)
        if pk is not None:
            shown.setdefault(record_type, []).append(pk)
    user, path = getattr(request, "user", None), getattr(request, "path", "")
    for record_type, ids in shown.items():
        record_id = main[1] if main is not None and main[0] == record_type else None
        access_record(user=user, action=door, record_type=record_type, record_id=record_id, record_ids=ids, path=path)
