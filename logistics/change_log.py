"""What the change log shows of each event, its filters and its table.

Rows of the log (:class:`logistics.models.Change`) are read a page — or an export chunk — at a
time and described together: who acted, which record (named and linked only when it still exists
and is in the reader's scope), and which fields changed. A page costs the same few queries whatever
the number of events: one for the snapshots of the page's events, one for the people, one per kind
of record shown for the records' names.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict

import django_filters
import django_tables2 as tables
from django import forms
from django.apps import apps
from django.core.paginator import Paginator
from django.db import connection
from django.db.models.query import ModelIterable
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from logistics import reads
from logistics.filtersets import BaseFilterSet, IdFilter, UnitSubtreeFilter
from logistics.history import (
    ACTION_LABELS,
    FieldChange,
    _display,
    field_changes,
    hidden_attnames,
    related_wanted,
)
from logistics.models import User
from logistics.models.changes import Action, Change, EventSource, event_sources, source_for
from logistics.registry import PAGES, registry
from logistics.scope import permission_name, record_name, restrict
from logistics.selectors import rollup_unit_ids
from logistics.tables import BaseTable, DateTimeColumn

#: Columns of a snapshot that say nothing a reader needs (the record's own id is in the row).
SNAPSHOT_SKIPPED = ("id", "search_text", "created_at", "updated_at")


# --- describing a page of events ------------------------------------------------------------------


def _json(value):
    if value is None or isinstance(value, dict):
        return value
    return json.loads(value)


def _snapshots(rows: list[Change]) -> dict:
    """{(model, event_id): (snapshot, previous snapshot)} of ``rows``, in one query."""
    by_source: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        by_source[row.model].append(row.event_id)
    parts, params = [], []
    for label, event_ids in by_source.items():
        source = source_for(label)
        if source is None:
            continue
        table = '"' + source.table.replace('"', '""') + '"'
        parts.append(
            f"SELECT %s::text, e.pgh_id, to_jsonb(e), "
            f"CASE WHEN e.pgh_label = 'update' THEN (SELECT to_jsonb(p) FROM {table} p "
            f"WHERE p.pgh_obj_id = e.pgh_obj_id AND p.pgh_id < e.pgh_id ORDER BY p.pgh_id DESC LIMIT 1) END "
            f"FROM {table} e WHERE e.pgh_id = ANY(%s)"
        )
        params.extend([label, event_ids])
    if not parts:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return {(label, event_id): (_json(data), _json(previous)) for label, event_id, data, previous in cursor}


def _by_attname(model, snapshot: dict | None) -> dict:
    """A snapshot's values by attribute name, without pghistory's own columns."""
    if not snapshot:
        return {}
    attname = {f.column: f.attname for f in model._meta.concrete_fields}
    return {attname.get(key, key): value for key, value in snapshot.items() if not key.startswith("pgh_")}


def _diff(model, snapshot: dict, previous: dict | None) -> dict:
    if previous is None:
        return {}
    current, before = _by_attname(model, snapshot), _by_attname(model, previous)
    return {key: [before.get(key), value] for key, value in current.items() if before.get(key) != value}


def _fk_paths(model, depth: int = 2, prefix: str = "") -> list[str]:
    paths = []
    for model_field in model._meta.concrete_fields:
        if model_field.many_to_one or model_field.one_to_one:
            path = f"{prefix}{model_field.name}"
            paths.append(path)
            if depth > 1:
                paths.extend(_fk_paths(model_field.related_model, depth - 1, f"{path}__"))
    return paths


def _named_queryset(model):
    """The records of ``model`` with what their names and links read joined in (no query per row)."""
    if registry.has_feature(model, PAGES):
        queryset = registry.page(model).get_queryset()
    else:
        queryset = model._base_manager.all()
    return queryset.select_related(*_fk_paths(model))


def _scoped(queryset, viewer):
    return queryset if viewer is None else restrict(queryset, viewer, "view")


def _record_url(record) -> str:
    try:
        return record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
    except NoReverseMatch:
        return ""


def _records_shown(viewer, by_model: dict[str, set]) -> dict:
    """{(model, id): (name, url)} of the records that still exist and are in ``viewer``'s scope.
    Records whose reads are logged (health data) are never named here, only numbered."""
    shown = {}
    for label, ids in by_model.items():
        source = source_for(label)
        if source is None or (viewer is not None and not viewer.has_perm(permission_name(source.tracked, "view"))):
            continue
        model = source.tracked
        if reads.is_logged(model):
            for pk in _scoped(model._base_manager.all(), viewer).filter(pk__in=ids).values_list("pk", flat=True):
                shown[(label, pk)] = ("", "")
            continue
        for record in _scoped(_named_queryset(model), viewer).filter(pk__in=ids):
            # Named as its page names it: a team member after an officer the viewer may not see is not.
            shown[(label, record.pk)] = (record_name(record, user=viewer), _record_url(record))
    return shown


def _names_in_scope(viewer, wanted: dict) -> dict:
    """{(model, pk): name} of the related records in ``wanted`` that ``viewer`` may see."""
    names = {}
    for related_model, pks in wanted.items():
        if not pks:
            continue
        queryset = related_model._base_manager.all()
        if viewer is not None and getattr(related_model, "scope_units", None) is not None:
            queryset = restrict(queryset, viewer, "view")
        elif viewer is not None and not viewer.has_perm(permission_name(related_model, "view")):
            continue
        if reads.is_logged(related_model):
            continue
        for related in queryset.filter(pk__in=pks):
            names[(related_model, related.pk)] = str(related)
    return names


def _values(model, snapshot: dict, related_names: dict) -> list[FieldChange]:
    """Every field of a snapshot a reader needs (a creation's or a deletion's record)."""
    fields_by_attname = {f.attname: f for f in model._meta.concrete_fields}
    hidden = hidden_attnames(model) | set(SNAPSHOT_SKIPPED)
    values = []
    for attname, value in _by_attname(model, snapshot).items():
        model_field = fields_by_attname.get(attname)
        if attname in hidden or model_field is None:
            continue
        label = str(model_field.verbose_name)
        shown = _display(model_field, value, related_names)
        values.append(FieldChange(label=label[:1].upper() + label[1:], old=shown, new=shown))
    return values


def describe(rows: list[Change], viewer, *, full: bool = False) -> None:
    """Give each row ``actor_name``, ``record_name``/``record_url``, ``changed``/``system_changed``
    (field labels) and, with ``full``, ``changes``/``system_changes``/``values`` (old and new values)."""
    if not rows:
        return
    snapshots = _snapshots(rows)
    user_model = apps.get_model("logistics", "User")
    actors = {row.actor_id for row in rows if row.actor_id}
    actor_names = {user.pk: str(user) for user in user_model._base_manager.filter(pk__in=actors)} if actors else {}
    records = defaultdict(set)
    for row in rows:
        records[row.model].add(row.object_id)
    shown = _records_shown(viewer, records)

    wanted: dict = {}
    for row in rows:
        source = row.source
        row.snapshot, row.previous = snapshots.get((row.model, row.event_id), (None, None))
        row.diff = _diff(source.tracked, row.snapshot, row.previous) if source and row.action == "update" else {}
        if full and source is not None:
            related_wanted(source.tracked, row.diff or _by_attname(source.tracked, row.snapshot), wanted)
    related_names = _names_in_scope(viewer, wanted) if full else {}

    for row in rows:
        source = row.source
        row.actor_name = actor_names.get(row.actor_id, "") or _("System")
        row.record_name, row.record_url = shown.get((row.model, row.object_id), ("", ""))
        row.in_scope = (row.model, row.object_id) in shown
        row.changes, row.system_changes, row.values = [], [], []
        if source is None:
            row.changed = row.system_changed = []
            continue
        people, system = field_changes(source.tracked, row.diff, related_names)
        row.changed = [change.label for change in people]
        row.system_changed = [change.label for change in system]
        if full:
            row.changes, row.system_changes = people, system
            if row.action != "update" and row.snapshot:
                row.values = _values(source.tracked, row.snapshot, related_names)


class DescribedChanges(ModelIterable):
    """Rows of the log, described a page (or an export chunk) at a time for whoever reads them."""

    def __iter__(self):
        viewer, full = self.queryset.query.viewer, self.queryset.query.describe_fully
        batch = []
        # A page is read whole (one description for all its rows); an export, chunk by chunk.
        limit = self.chunk_size if self.chunked_fetch else None
        for row in super().__iter__():
            batch.append(row)
            if limit and len(batch) >= limit:
                describe(batch, viewer, full=full)
                yield from batch
                batch = []
        describe(batch, viewer, full=full)
        yield from batch


def as_event(row: Change):
    """The event (of the tracked model's event table) that ``row`` shows, with the snapshot's
    foreign keys: what the writers of logged reads need to name the record read."""
    source = row.source
    event_model = source.event_model
    values = {"pgh_id": row.event_id, "pgh_obj_id": row.object_id, "pgh_label": row.action}
    snapshot = getattr(row, "snapshot", None) or {}
    for model_field in event_model._meta.concrete_fields:
        if model_field.many_to_one and model_field.column in snapshot:
            values[model_field.attname] = snapshot[model_field.column]
    return event_model(**values)


def note_change_reads(*, request, door, records, record=None) -> None:
    """Writer of :mod:`logistics.reads` for the log: a row of a logged model (health data) is a
    read of that record's history, noted by the writer of its own app."""
    events = [as_event(row) for row in records if row.source is not None and reads.is_logged(row.source.event_model)]
    main = as_event(record) if record is not None and record.source is not None else None
    if events:
        reads.note_read(request, door, events, record=main)


# --- filters ---------------------------------------------------------------------------------------


def kind_choices(user) -> list[tuple[str, str]]:
    """The kinds of record whose events ``user`` may read, by name."""
    sources: list[EventSource] = [
        source for source in event_sources() if user is None or user.has_perm(permission_name(source.tracked, "view"))
    ]
    choices = [(source.label, f"{str(source.tracked._meta.verbose_name_plural).capitalize()}") for source in sources]
    return sorted(choices, key=lambda choice: choice[1])


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class PersonChoiceField(forms.ModelChoiceField):
    """Offers the people of the reader's units, and takes anyone by number: whoever changed a
    record in scope is named in its row, and the row's link filters by them."""

    def __init__(self, queryset, *, anyone, **kwargs):
        super().__init__(queryset, **kwargs)
        self.anyone = anyone

    def to_python(self, value):
        offered = self.queryset
        self.queryset = self.anyone
        try:
            return super().to_python(value)
        finally:
            self.queryset = offered


@extend_schema_field(OpenApiTypes.INT)
class PersonFilter(django_filters.ModelChoiceFilter):
    """A user, by id: the events recorded in that person's requests."""

    field_class = PersonChoiceField


class ChangeFilterSet(BaseFilterSet):
    """Who, what kind of record, which unit, when, which request — the NetBox change-log filters."""

    q = None
    user = PersonFilter(
        label=gettext_lazy("Changed by"),
        queryset=User.objects.all(),
        anyone=User.objects.all(),
        method="filter_user",
    )
    model = django_filters.ChoiceFilter(label=gettext_lazy("Kind of record"), choices=lambda: kind_choices(None))
    unit = UnitSubtreeFilter(method="filter_unit")
    action = django_filters.ChoiceFilter(label=gettext_lazy("Action"), choices=Action.choices)
    date_from = django_filters.DateFilter(label=gettext_lazy("From"), method="filter_from")
    date_to = django_filters.DateFilter(label=gettext_lazy("To"), method="filter_to")
    request_id = django_filters.UUIDFilter(label=gettext_lazy("Request id"), method="filter_request")
    record = IdFilter(field_name="object_id")

    class Meta:
        model = Change
        fields = ["user", "model", "unit", "action", "date_from", "date_to", "request_id", "record"]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.filters["model"].extra["choices"] = kind_choices(getattr(request, "user", None))

    def filter_user(self, queryset, name, value):
        return queryset.by_person(value.pk)

    def filter_unit(self, queryset, name, value):
        return queryset.concerning(rollup_unit_ids(value))

    def filter_from(self, queryset, name, value):
        return queryset.filter(created_at__gte=_local_midnight(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(created_at__lt=_local_midnight(value + datetime.timedelta(days=1)))

    def filter_request(self, queryset, name, value):
        return queryset.of_request(value)


# --- pagination --------------------------------------------------------------------------------------

#: A page counts the events it could show up to this many: past it, the list says "more than".
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts the rows only up to ``COUNT_CAP`` + 1: counting every event of a large log would read
    them all for a figure nobody pages through (a filter narrows the list instead)."""

    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        table_data = getattr(rows, "data", None)  # a table's rows, or a queryset (the API)
        if table_data is None:
            return rows[: self.cap + 1].count()
        # A table is paginated when made and again when configured from the request: count once.
        if getattr(table_data, "capped_count", None) is None:
            table_data.capped_count = table_data.data[: self.cap + 1].count()
        return table_data.capped_count

    @property
    def capped(self) -> bool:
        return self.count > self.cap


# --- the table -------------------------------------------------------------------------------------

ACTION_COLORS = {"insert": "success", "update": "primary", "delete": "danger"}


class ChangeTable(BaseTable):
    created_at = DateTimeColumn(verbose_name=gettext_lazy("Time"), linkify=True)
    actor = tables.Column(verbose_name=gettext_lazy("Changed by"), accessor="actor_name", orderable=False)
    model = tables.Column(verbose_name=gettext_lazy("Kind of record"), orderable=False)
    record = tables.Column(verbose_name=gettext_lazy("Record"), empty_values=(), orderable=False)
    action = tables.Column(verbose_name=gettext_lazy("Action"), orderable=False)
    fields = tables.Column(verbose_name=gettext_lazy("Fields changed"), empty_values=(), orderable=False)
    request = tables.Column(verbose_name=gettext_lazy("Request id"), empty_values=(), orderable=False)

    class Meta(BaseTable.Meta):
        model = Change
        fields = ("created_at", "actor", "model", "record", "action", "fields", "request")
        empty_text = gettext_lazy("No change matches. Change the filters.")
        template_name = "logistics/change_table.html"

    def paginate(self, paginator_class=CappedPaginator, *args, **kwargs):
        return super().paginate(CappedPaginator, *args, **kwargs)

    def render_actor(self, value, record):
        if not record.actor_id:
            return value
        url = reverse("logistics:change_list") + f"?user={record.actor_id}"
        return format_html('<a href="{}">{}</a>', url, value)

    def value_actor(self, value, record):
        return value

    def render_model(self, value, record):
        return record.kind_label

    def value_model(self, value, record):
        return record.kind_label

    def _record_text(self, record) -> str:
        if record.record_name:
            return record.record_name
        if record.in_scope:
            return f"{record.kind_label} #{record.object_id}"
        return _("%(kind)s #%(id)s (deleted or outside your units)") % {
            "kind": record.kind_label,
            "id": record.object_id,
        }

    def render_record(self, record):
        text = self._record_text(record)
        if record.record_url:
            return format_html('<a href="{}">{}</a>', record.record_url, text)
        return format_html('<span class="text-muted">{}</span>', text)

    def value_record(self, record):
        return self._record_text(record)

    def render_action(self, value, record):
        label = ACTION_LABELS.get(record.action, record.action)
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', ACTION_COLORS.get(record.action, "secondary"), label
        )

    def value_action(self, value, record):
        return str(ACTION_LABELS.get(record.action, record.action))

    def _fields_text(self, record) -> tuple[str, str]:
        return ", ".join(record.changed), ", ".join(record.system_changed)

    def render_fields(self, record):
        people, system = self._fields_text(record)
        if not people and not system:
            return "—"
        if not system:
            return people
        return format_html(
            '{}{}<span class="text-muted" title="{}">{}</span>',
            people,
            "; " if people else "",
            _("Figures the system keeps"),
            _("system: %(fields)s") % {"fields": system},
        )

    def value_fields(self, record):
        people, system = self._fields_text(record)
        if system:
            return "; ".join(part for part in (people, _("system: %(fields)s") % {"fields": system}) if part)
        return people

    def render_request(self, record):
        request_id = record.request_id
        if not request_id:
            return "—"
        url = reverse("logistics:change_request", kwargs={"request_id": request_id})
        return format_html('<a href="{}" title="{}"><code>{}</code></a>', url, request_id, request_id[:8])

    def value_request(self, record):
        return record.request_id
