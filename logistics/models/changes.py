"""The change log (Nhật ký thay đổi): every history event of every tracked table, as one list.

Each tracked model writes its events to a table of its own (django-pghistory). :class:`Change` reads
them all as one relation — a ``WITH logistics_change AS (… UNION ALL …)`` written in front of each
query — so that lists, filters, pagination, exports and the API treat the log as any other model.
PostgreSQL inlines that common table expression and flattens the union: a filter on the time, the
kind of record or the action reaches every event table, and newest-first pages are read from each
table's (pgh_created_at, pgh_id) index and merged, whatever the number of events.

What a user may see is decided per event table, through :func:`logistics.scope.restrict` like any
read (``Change.scope_filter``): the tables of the models the user may not view are left out, and an
event counts as in scope when its record is in scope today (the model's own scope rule) or, for a
deleted record, when its last snapshot (the delete event) names a unit in scope.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import EmptyResultSet, ObjectDoesNotExist
from django.db import models
from django.db.models.expressions import RawSQL
from django.db.models.sql import Query
from django.db.models.sql.compiler import SQLCompiler
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from pghistory.models import Event

from logistics.scope import permission_name, restrict, scope_q

UNRESTRICTED = None


@dataclass(frozen=True)
class EventSource:
    """The event table of one tracked model."""

    tracked: type[models.Model]
    event_model: type[models.Model]

    @property
    def label(self) -> str:
        return self.tracked._meta.label_lower

    @property
    def table(self) -> str:
        return self.event_model._meta.db_table


@functools.cache
def event_sources() -> tuple[EventSource, ...]:
    """Every tracked model with its event table, in a fixed order."""
    sources = []
    for model in apps.get_models():
        tracked = getattr(model, "pgh_tracked_model", None)
        if not issubclass(model, Event) or tracked is None or model._meta.abstract:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        sources.append(EventSource(tracked=tracked, event_model=model))
    return tuple(sorted(sources, key=lambda source: source.label))


def source_for(label: str) -> EventSource | None:
    return _sources_by_label().get(label)


@functools.cache
def _sources_by_label() -> dict[str, EventSource]:
    return {source.label: source for source in event_sources()}


# --- the SQL of one event table ------------------------------------------------------------------


def _compiled(queryset) -> tuple[str, list]:
    try:
        # Only the ids are wanted: no ordering (a model's default one may join other tables).
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        # A filter that can match nothing (``pk__in=[]``): Django refuses to write it out.
        return "SELECT NULL::bigint WHERE FALSE", []
    return sql, list(params)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _snapshot_condition(alias: str, event_model, tracked, path: str, unit_ids: list) -> tuple[str, list]:
    """SQL true when the snapshot row ``alias`` of ``event_model`` reaches one of ``unit_ids`` along
    the scope path ``path`` (``unit``, ``voucher__from_unit``…). A hop to a tracked model follows
    any of its snapshots (so a deleted parent still counts); to an untracked one, its current row."""
    if path == "pk":
        return f"{alias}.pgh_obj_id = ANY(%s)", [unit_ids]
    first, _sep, rest = path.partition("__")
    column = _quote(event_model._meta.get_field(first).column)
    if not rest:
        return f"{alias}.{column} = ANY(%s)", [unit_ids]
    related = tracked._meta.get_field(first).related_model
    parent = next((source for source in event_sources() if source.tracked is related), None)
    if parent is None:
        sql, params = _compiled(related._base_manager.filter(**{f"{rest}__in": unit_ids}))
        return f"{alias}.{column} IN ({sql})", params
    inner_alias = f"{alias}_p"
    inner, params = _snapshot_condition(inner_alias, parent.event_model, related, rest, unit_ids)
    return (
        f"EXISTS (SELECT 1 FROM {_quote(parent.table)} {inner_alias} "
        f"WHERE {inner_alias}.pgh_obj_id = {alias}.{column} AND {inner})",
        params,
    )


def _deleted_within(source: EventSource, unit_ids) -> tuple[str, list] | None:
    """SQL of the ids of deleted records whose last snapshot names one of ``unit_ids``."""
    paths = getattr(source.tracked, "scope_units", ())
    if not paths:
        return None
    conditions, params = [], []
    for path in paths:
        sql, path_params = _snapshot_condition("d", source.event_model, source.tracked, path, sorted(unit_ids))
        conditions.append(sql)
        params.extend(path_params)
    return (
        f"SELECT d.pgh_obj_id FROM {_quote(source.table)} d "
        f"WHERE d.pgh_label = 'delete' AND ({' OR '.join(conditions)})",
        params,
    )


ROW = '"logistics_change"'


def _literal(label: str) -> str:
    # Kinds of record are written as constants, not bound: PostgreSQL then reduces a condition on
    # the kind to true or false in each event table at planning, and drops the tables ruled out.
    if not LABEL.fullmatch(label):
        raise ValueError(f"unexpected model label {label!r}")
    return f"'{label}'"


def _records_condition(live: tuple[str, list], deleted: tuple[str, list] | None) -> tuple[str, list]:
    deleted_sql, deleted_params = (f"{ROW}.object_id IN ({deleted[0]})", deleted[1]) if deleted else ("FALSE", [])
    return f"({ROW}.object_id IN ({live[0]}) OR {deleted_sql})", [*live[1], *deleted_params]


def _in_scope(source: EventSource, user, unit_ids) -> tuple[str, list] | None:
    """The events of ``source`` that ``user`` may see, or None when they may see them all."""
    model = source.tracked
    custom = getattr(model, "scope_filter", None) is not None
    if unit_ids is UNRESTRICTED or (getattr(model, "scope_units", ()) is None and not custom):
        return None
    live = _compiled(restrict(model._base_manager.all(), user, "view"))
    # A model with a rule of its own (oversight: unconcluded inspections only for inspectors) keeps
    # its deleted records to those who see everything: the rule cannot be read from a snapshot.
    deleted = None if custom else _deleted_within(source, unit_ids)
    return _records_condition(live, deleted)


def _within_units(source: EventSource, unit_ids) -> tuple[str, list] | None:
    """The events of records of ``unit_ids``; None when the kind belongs to no unit (reference data)."""
    model = source.tracked
    if not getattr(model, "scope_units", ()):
        return None
    condition = scope_q(model, unit_ids)
    records = model._base_manager.all() if condition is None else model._base_manager.filter(condition)
    return _records_condition(_compiled(records), _deleted_within(source, unit_ids))


def per_kind_condition(conditions: dict[str, tuple[str, list] | None], everything: list[str]) -> tuple[str, list]:
    """One condition over the log: the kinds in ``everything`` wholly, each kind of ``conditions``
    where its own condition holds, no other kind.

    Written outside the union, as ``kind = 'x' AND …`` branches: PostgreSQL pushes it into every
    event table and reduces it there to that table's own branch, so the tables keep no condition of
    their own (a union member with one can no longer be read in time order from its index).
    """
    branches, params = [], []
    if everything:
        branches.append(f"{ROW}.model IN ({', '.join(_literal(label) for label in everything)})")
    for label, condition in conditions.items():
        if condition is None:
            continue
        branches.append(f"({ROW}.model = {_literal(label)} AND {condition[0]})")
        params.extend(condition[1])
    return ("(" + " OR ".join(branches) + ")" if branches else "FALSE"), params


def scope_condition(sources, user, unit_ids) -> tuple[str, list]:
    everything, conditions = [], {}
    for source in sources:
        condition = _in_scope(source, user, unit_ids)
        if condition is None:
            everything.append(source.label)
        else:
            conditions[source.label] = condition
    return per_kind_condition(conditions, everything)


def units_condition(sources, unit_ids) -> tuple[str, list]:
    return per_kind_condition({source.label: _within_units(source, unit_ids) for source in sources}, [])


LABEL = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")
COLUMNS = (
    "{label_text} || e.pgh_id::text AS id",
    "{label}::text AS model",
    "e.pgh_id AS event_id",
    "e.pgh_created_at AS created_at",
    "e.pgh_label AS action",
    "e.pgh_obj_id::bigint AS object_id",
    "e.pgh_context_id AS context_id",
)

EMPTY_SELECT = (
    "SELECT NULL::text AS id, NULL::text AS model, NULL::integer AS event_id, "
    "NULL::timestamptz AS created_at, NULL::text AS action, NULL::bigint AS object_id, "
    "NULL::uuid AS context_id WHERE FALSE"
)


def readable_sources(user) -> list[EventSource]:
    """The event tables of the models ``user`` may view (every one for ``None``)."""
    return [
        source for source in event_sources() if user is None or user.has_perm(permission_name(source.tracked, "view"))
    ]


def changes_cte(query: ChangeQuery) -> tuple[str, list]:
    """``WITH logistics_change AS (…)``: every event table the reader may read, as they are (each
    member a bare table, so that PostgreSQL merges them in time order from their indexes)."""
    parts = []
    for source in readable_sources(query.viewer):
        label = _literal(source.label)
        columns = ", ".join(COLUMNS).format(label=label, label_text=label[:-1] + ":'")
        parts.append(f"SELECT {columns} FROM {_quote(source.table)} e")
    body = "\nUNION ALL\n".join(parts) if parts else EMPTY_SELECT
    return f"WITH {_quote(Change._meta.db_table)} AS (\n{body}\n)\n", []


class ChangeCompilerMixin:
    def as_sql(self, *args, **kwargs):
        sql, params = super().as_sql(*args, **kwargs)
        cte, cte_params = changes_cte(self.query)
        return cte + sql, (*cte_params, *params)


@functools.cache
def _change_compiler(base: type) -> type:
    return type(f"Change{base.__name__}", (ChangeCompilerMixin, base), {})


class ChangeQuery(Query):
    """A query of the change log; remembers whose log it is (which event tables it reads, for whom
    its rows are described), copied along with the query by ``Query.clone``."""

    viewer = None
    describe_fully = False

    def get_compiler(self, *args, **kwargs):
        compiler = super().get_compiler(*args, **kwargs)
        if isinstance(compiler, SQLCompiler) and type(compiler).__name__ == "SQLCompiler":
            compiler.__class__ = _change_compiler(type(compiler))
        return compiler


def _condition(sql_and_params: tuple[str, list]) -> RawSQL:
    sql, params = sql_and_params
    return RawSQL(sql, params, output_field=models.BooleanField())


class ChangeQuerySet(models.QuerySet):
    def __init__(self, model=None, query=None, using=None, hints=None):
        super().__init__(model, query if query is not None else ChangeQuery(model), using, hints)

    def visible_to(self, user, unit_ids) -> ChangeQuerySet:
        """Only the events ``user`` may see (``unit_ids``: the units they reach; None = all).
        The rows also describe themselves for that user (record names, fields changed)."""
        # An import cycle otherwise: logistics.change_log describes the rows of this model and
        # imports it (Change, its event sources) to do so.
        from logistics.change_log import DescribedChanges

        clone = self._chain()
        clone.query.viewer = user
        clone._iterable_class = DescribedChanges
        if unit_ids is UNRESTRICTED:
            return clone
        return clone.filter(_condition(scope_condition(readable_sources(user), user, unit_ids)))

    def concerning(self, unit_ids) -> ChangeQuerySet:
        """Only the events of records of ``unit_ids`` (a record concerning two units counts for both)."""
        return self.filter(_condition(units_condition(readable_sources(self.query.viewer), frozenset(unit_ids))))

    def described_fully(self) -> ChangeQuerySet:
        """Rows that also carry every value before and after (the page of one event or request)."""
        clone = self._chain()
        clone.query.describe_fully = True
        return clone

    def by_person(self, user_id) -> ChangeQuerySet:
        return self.filter(_condition(_contexts_matching({"user": user_id})))

    def of_request(self, request_id) -> ChangeQuerySet:
        return self.filter(_condition(_contexts_matching({"request_id": str(request_id)})))


def _contexts_matching(metadata: dict) -> tuple[str, list]:
    # The contexts (one per request) are found by their metadata's index; PostgreSQL then reads the
    # events of those few contexts from each event table's pgh_context_id index.
    return (
        f"{ROW}.context_id IN (SELECT id FROM pghistory_context WHERE metadata @> %s::jsonb)",
        [json.dumps(metadata)],
    )


class Action(models.TextChoices):
    INSERT = "insert", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")


class Change(models.Model):
    """One history event: a record created, changed or deleted, by whom, in which request."""

    id = models.TextField(primary_key=True)
    model = models.TextField(_("kind of record"))
    event_id = models.IntegerField(_("event number"))
    created_at = models.DateTimeField(_("time"))
    action = models.TextField(_("action"), choices=Action.choices)
    object_id = models.BigIntegerField(_("record number"))
    context = models.ForeignKey(
        "pghistory.Context",
        verbose_name=_("request"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )

    objects = ChangeQuerySet.as_manager()

    class Meta:
        managed = False
        db_table = "logistics_change"
        verbose_name = _("change")
        verbose_name_plural = _("change log")
        ordering = ["-created_at", "-event_id"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.kind_label} #{self.object_id} · {self.get_action_display()}"

    @classmethod
    def scope_filter(cls, queryset, *, user, unit_ids, action):
        return queryset.visible_to(user, unit_ids)

    @property
    def source(self) -> EventSource | None:
        return source_for(self.model)

    @property
    def kind_label(self) -> str:
        source = self.source
        return str(source.tracked._meta.verbose_name).capitalize() if source else self.model

    @property
    def metadata(self) -> dict:
        """What the request (or command) that made the change said of itself: user, url, request id."""
        if self.context_id is None:
            return {}
        try:
            return self.context.metadata or {}
        except ObjectDoesNotExist:  # pghistory keeps no foreign key on the context
            return {}

    @property
    def request_id(self) -> str:
        return str(self.metadata.get("request_id") or "")

    @property
    def actor_id(self):
        return self.metadata.get("user")

    def get_absolute_url(self) -> str:
        return reverse("logistics:change_detail", kwargs={"model": self.model, "event_id": self.event_id})
