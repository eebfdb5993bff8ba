"""Change history recorded by the database (django-pghistory triggers).

``@tracked`` puts insert, update and delete triggers on a model's table, so ORM saves, bulk
``update()`` calls and raw SQL are all recorded. Event tables are append-only
(``PGHISTORY_APPEND_ONLY``). :func:`history_for` turns the events of one record into rows a
Vietnamese reader understands: who changed which field from what to what, and when.

A model lists the fields the system keeps for it in ``history_system_fields`` — running totals
and figures derived from other records (an allocation's amount spent, a holding's quantity, an
item's holder). A change of those is the system's consequence of another record, not a person's
change of this one: the history shows people's changes first and the system's updates folded away.
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from dataclasses import dataclass, field

import pghistory
import pghistory.runtime
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from logistics.formatting import display_value

#: Fields maintained by django-treebeard; a move is shown through the ``parent`` field instead.
TREE_INTERNALS = ("path", "depth", "numchild")
NOISE_FIELDS = ("updated_at",)


def _event_indexes(model: type[models.Model]) -> list[models.Index]:
    label = hashlib.sha1(model._meta.label_lower.encode()).hexdigest()[:10]
    return [
        # The change log reads every event table newest first and merges them: each table hands
        # over its newest rows from this index, without a sort, however many events it holds.
        models.Index(fields=["pgh_created_at", "pgh_id"]),
        # An event's previous snapshot (what it changed) is one step back in its record's events.
        models.Index(fields=["pgh_obj_id", "pgh_id"]),
        # Deleted records are found by their delete event (their last snapshot) — few rows.
        models.Index(fields=["pgh_obj_id"], condition=Q(pgh_label="delete"), name=f"pgh_deleted_{label}"),
    ]


def tracked(*, exclude: tuple[str, ...] = ()):
    """Class decorator: record every insert, update and delete of the model's table."""

    def decorate(model: type[models.Model]) -> type[models.Model]:
        _check_system_fields(model)
        generated = [f.name for f in model._meta.concrete_fields if isinstance(f, models.GeneratedField)]
        return pghistory.track(
            pghistory.InsertEvent(),
            pghistory.UpdateEvent(),
            pghistory.DeleteEvent(),
            exclude=[*generated, *exclude],
            model_name=f"{model.__name__}Event",
            meta={"indexes": _event_indexes(model)},
        )(model)

    return decorate


def _check_system_fields(model: type[models.Model]) -> None:
    for name in getattr(model, "history_system_fields", ()):
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist as exc:
            raise ImproperlyConfigured(f"{model.__name__}.history_system_fields names no field {name!r}") from exc


def system_attnames(model: type[models.Model]) -> frozenset[str]:
    """Columns of ``model`` that the system keeps (``history_system_fields``), as event diffs name them."""
    return frozenset(model._meta.get_field(name).attname for name in getattr(model, "history_system_fields", ()))


def hidden_attnames(model: type[models.Model]) -> frozenset[str]:
    """Columns whose changes are never shown: tree internals, update times, ``history_hidden``."""
    return frozenset((*TREE_INTERNALS, *NOISE_FIELDS, *getattr(model, "history_hidden", ())))


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
    #: insert, update or delete
    kind: str = "update"
    #: What a person changed (for an update), shown in the history.
    changes: list[FieldChange] = field(default_factory=list)
    #: What the system updated in the same event (``history_system_fields``), shown folded.
    system_changes: list[FieldChange] = field(default_factory=list)


class History(list):
    """Every event of a record, oldest first, with the people's and the system's parts apart."""

    @property
    def people(self) -> list[HistoryEntry]:
        """Creation, deletion and every event in which someone changed the record itself."""
        return [entry for entry in self if entry.kind != "update" or entry.changes]

    @property
    def system(self) -> list[HistoryEntry]:
        """Every event that updated the figures the system keeps, in order."""
        return [entry for entry in self if entry.system_changes]


ACTION_LABELS = {
    "insert": _("Created"),
    "update": _("Changed"),
    "delete": _("Deleted"),
}


def _display(model_field: models.Field | None, value, related_names: dict) -> str:
    if value is None or value == "":
        return "—"
    if model_field is None:
        return str(value)
    if model_field.is_relation and model_field.many_to_one:
        return related_names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return display_value(model_field, value)


def related_wanted(model: type[models.Model], values: dict, wanted: dict) -> None:
    """Note in ``wanted`` ({model: {pk}}) the related records that ``values`` ({attname: value or
    (old, new)}) point to, so that their names are fetched once for a whole page."""
    fields_by_attname = {f.attname: f for f in model._meta.concrete_fields}
    for attname, value in values.items():
        model_field = fields_by_attname.get(attname)
        if model_field is None or not (model_field.is_relation and model_field.many_to_one):
            continue
        pair = value if isinstance(value, (list, tuple)) else (value,)
        wanted.setdefault(model_field.related_model, set()).update(v for v in pair if v is not None)


def fetch_names(wanted: dict) -> dict:
    """{(model, pk): name} for every record in ``wanted``, one query per model."""
    names = {}
    for related_model, pks in wanted.items():
        if not pks:
            continue
        for related in related_model._base_manager.filter(pk__in=pks):
            names[(related_model, related.pk)] = str(related)
    return names


def field_changes(model: type[models.Model], diff: dict, related_names: dict) -> tuple[list, list]:
    """(people's changes, system's changes) of an event's diff ({attname: [old, new]})."""
    fields_by_attname = {f.attname: f for f in model._meta.concrete_fields}
    hidden = hidden_attnames(model)
    system = system_attnames(model)
    people_part, system_part = [], []
    for attname, (old, new) in (diff or {}).items():
        if attname in hidden:
            continue
        model_field = fields_by_attname.get(attname)
        label = str(model_field.verbose_name) if model_field else attname
        change = FieldChange(
            label=label[:1].upper() + label[1:],
            old=_display(model_field, old, related_names),
            new=_display(model_field, new, related_names),
        )
        (system_part if attname in system else people_part).append(change)
    return people_part, system_part


def history_for(obj: models.Model) -> History:
    """The change history of ``obj``, oldest first, in three queries whatever its length."""
    model = type(obj)
    events = list(
        pghistory.models.Events.objects.tracks(obj)
        .order_by("pgh_created_at", "pgh_id")
        .values("pgh_label", "pgh_created_at", "pgh_diff", "pgh_context")
    )

    # Gather every user and related object mentioned, then fetch each model's names at once.
    wanted: dict[type[models.Model], set] = {}
    user_model = apps.get_model("logistics", "User")
    for event in events:
        context = event["pgh_context"] or {}
        if context.get("user"):
            wanted.setdefault(user_model, set()).add(context["user"])
        if event["pgh_label"] == "update":
            related_wanted(model, event["pgh_diff"] or {}, wanted)
    related_names = fetch_names(wanted)

    entries = History()
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
            kind=event["pgh_label"],
        )
        if event["pgh_label"] == "update":
            entry.changes, entry.system_changes = field_changes(model, event["pgh_diff"], related_names)
            if not entry.changes and not entry.system_changes:
                continue
        entries.append(entry)
    return entries
