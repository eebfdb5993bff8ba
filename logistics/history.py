"""Change history recorded by the database (django-pghistory triggers).

``@tracked`` puts insert, update and delete triggers on a model's table, so ORM saves, bulk
``update()`` calls and raw SQL are all recorded. Event tables are append-only
(``PGHISTORY_APPEND_ONLY``). :func:`history_for` turns the events of one record into rows a
Vietnamese reader understands: who changed which field from what to what, and when.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass, field

import pghistory
import pghistory.runtime
from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

#: Fields maintained by django-treebeard; a move is shown through the ``parent`` field instead.
TREE_INTERNALS = ("path", "depth", "numchild")
NOISE_FIELDS = ("updated_at",)


def tracked(*, exclude: tuple[str, ...] = ()):
    """Class decorator: record every insert, update and delete of the model's table."""

    def decorate(model: type[models.Model]) -> type[models.Model]:
        generated = [f.name for f in model._meta.concrete_fields if isinstance(f, models.GeneratedField)]
        return pghistory.track(
            pghistory.InsertEvent(),
            pghistory.UpdateEvent(),
            pghistory.DeleteEvent(),
            exclude=[*generated, *exclude],
            model_name=f"{model.__name__}Event",
        )(model)

    return decorate


@contextlib.contextmanager
def actor_context(actor=None, **metadata):
    """Attach the acting user (and any metadata) to the history events written inside the block.

    pghistory keeps one context per block and its metadata is last-write-wins, so a service run
    for another actor inside a longer block (a command loading data for several users, say) gets
    a context of its own, carrying the outer request's url and request id; with nothing new to
    say, the outer context is reused as it is.
    """
    outer = getattr(pghistory.runtime._tracker, "value", None)
    values = dict(outer.metadata) if outer is not None else {}
    values.update({key: value for key, value in metadata.items() if value is not None})
    if actor is not None and getattr(actor, "pk", None):
        values["user"] = actor.pk
    if outer is not None and values == outer.metadata:
        yield
        return
    values.setdefault("request_id", str(uuid.uuid4()))
    if outer is not None:
        del pghistory.runtime._tracker.value
    try:
        with pghistory.context(**values):
            yield
    finally:
        if outer is not None:
            pghistory.runtime._tracker.value = outer


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    action: str
    actor: str
    request_id: str
    url: str
    changes: list[FieldChange] = field(default_factory=list)


ACTION_LABELS = {
    "insert": _("Created"),
    "update": _("Changed"),
    "delete": _("Deleted"),
}


def _display(model_field: models.Field | None, value, related_names: dict) -> str:
    from logistics.templatetags.vnformat import display_value

    if value is None or value == "":
        return "—"
    if model_field is None:
        return str(value)
    if model_field.is_relation and model_field.many_to_one:
        return related_names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return display_value(model_field, value)


def history_for(obj: models.Model) -> list[HistoryEntry]:
    """The change history of ``obj``, oldest first, in three queries whatever its length."""
    model = type(obj)
    fields_by_attname = {f.attname: f for f in model._meta.concrete_fields}
    hidden = set(TREE_INTERNALS) | set(NOISE_FIELDS) | set(getattr(model, "history_hidden", ()))
    events = list(
        pghistory.models.Events.objects.tracks(obj)
        .order_by("pgh_created_at", "pgh_id")
        .values("pgh_label", "pgh_created_at", "pgh_data", "pgh_diff", "pgh_context")
    )

    # Gather every user and related object mentioned, then fetch each model's names at once.
    wanted: dict[type[models.Model], set] = {}
    user_model = apps.get_model("logistics", "User")
    for event in events:
        context = event["pgh_context"] or {}
        if context.get("user"):
            wanted.setdefault(user_model, set()).add(context["user"])
        values = (event["pgh_diff"] or {}).items() if event["pgh_label"] == "update" else ()
        for attname, pair in values:
            model_field = fields_by_attname.get(attname)
            if model_field is not None and model_field.is_relation and model_field.many_to_one:
                wanted.setdefault(model_field.related_model, set()).update(v for v in pair if v)
    related_names = {}
    for related_model, pks in wanted.items():
        for related in related_model._base_manager.filter(pk__in=pks):
            related_names[(related_model, related.pk)] = str(related)

    entries = []
    for event in events:
        context = event["pgh_context"] or {}
        actor_pk = context.get("user")
        actor = related_names.get((user_model, actor_pk), "") if actor_pk else ""
        entry = HistoryEntry(
            when=event["pgh_created_at"],
            action=str(ACTION_LABELS.get(event["pgh_label"], event["pgh_label"])),
            actor=actor or str(_("System")),
            request_id=context.get("request_id", ""),
            url=context.get("url", ""),
        )
        if event["pgh_label"] == "update":
            for attname, (old, new) in (event["pgh_diff"] or {}).items():
                if attname in hidden:
                    continue
                model_field = fields_by_attname.get(attname)
                label = str(model_field.verbose_name) if model_field else attname
                entry.changes.append(
                    FieldChange(
                        label=label[:1].upper() + label[1:],
                        old=_display(model_field, old, related_names),
                        new=_display(model_field, new, related_names),
                    )
                )
            if not entry.changes:
                continue
        entries.append(entry)
    return entries
