"""Reads that leave a trace: every sight of a record whose reads must be written down.

An app declares, from its ``AppConfig.ready()``, which of its models are read only under record
(the clinic: every identifiable health record) and the function that writes the record:
``registry.app(self).log_reads(model, writer)`` (``logistics.registry``). Each kind of door of the core — list, detail and form pages,
exports, the API, search, look-ups, the admin, attachments — calls :func:`note_read` once, with
the records it is about to show. A door therefore logs a new model as soon as its app declares
it, and a model cannot be shown through the core's doors without its reads being written.

The writer is called *before* the records leave the server (an export notes each chunk before
sending it), so that a failure after the note never hides a read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django import forms as django_forms
from django.db import models
from django.db.models.base import ModelState
from django.utils.translation import gettext_lazy as _

from logistics.registry import READS_LOGGED, registry
from logistics.widgets import LookupSelect


class Door(models.TextChoices):
    """Through which door a record was read."""

    LIST = "list", _("Read a list page")
    VIEW = "view", _("Opened the page")
    FORM = "form", _("Opened a form")
    EXPORT = "export", _("Exported the list")
    API_LIST = "api_list", _("Read a list through the API")
    API_VIEW = "api_view", _("Read through the API")
    API_EXPORT = "api_export", _("Exported the list through the API")
    SEARCH = "search", _("Found by the search")
    LOOKUP = "lookup", _("Offered by a look-up")
    ADMIN_LIST = "admin_list", _("Read a list in the admin")
    ADMIN_VIEW = "admin_view", _("Opened in the admin")
    ATTACHMENT = "attachment", _("Downloaded an attachment")


#: ``writer(*, request, door, records, record)`` — ``records`` may mix the models of one writer.
Writer = Callable[..., None]


def is_logged(model) -> bool:
    return registry.reads_writer(model) is not None


def writer_of(model) -> Writer | None:
    return registry.reads_writer(model)


def logged_models() -> list[type[models.Model]]:
    return registry.models_with(READS_LOGGED)


def note_read(request, door: str, records: Iterable, *, record=None) -> None:
    """Tell each writer which of its models' ``records`` ``request.user`` is shown through ``door``.

    ``records`` may hold records of any model (those nobody logs are skipped); ``record`` is the
    one record the page is about (a detail or form page), if any. Nothing is written when no
    logged record is shown.
    """
    by_writer: dict[Writer, list] = {}
    for item in records:
        writer = registry.reads_writer(type(item))
        if writer is not None:
            by_writer.setdefault(writer, []).append(item)
    for writer, group in by_writer.items():
        writer(request=request, door=door, records=group, record=record)


def noted_in_chunks(request, door: str, records: Iterator, chunk_size: int) -> Iterator:
    """Yield ``records``, noting each chunk as read before the first record of it is yielded."""
    batch = []
    for item in records:
        batch.append(item)
        if len(batch) >= chunk_size:
            note_read(request, door, batch)
            yield from batch
            batch = []
    if batch:
        note_read(request, door, batch)
        yield from batch


def stand_in(model, attnames, values):
    """A record of ``model`` known by the columns ``attnames`` only (its id, the ids of the records it
    belongs to), made without loading it: what a writer needs to note that an exported row was read.
    Any other field would be read from the database when asked."""
    record = model.__new__(model)
    record._state = ModelState()
    record._state.adding = False
    record.__dict__.update(zip(attnames, values, strict=True))
    return record


def stand_ins(model, attnames, rows) -> list:
    """:func:`stand_in` for many rows at once (an export's chunk): the stand-ins share one state,
    which nothing of theirs changes (they are read, never saved)."""
    state = ModelState()
    state.adding = False
    new = model.__new__
    made = []
    for values in rows:
        record = new(model)
        fields = dict(zip(attnames, values, strict=True))
        fields["_state"] = state
        record.__dict__ = fields
        made.append(record)
    return made


def shown_in_form(form) -> list:
    """Records of logged models that ``form`` shows as choices: the chosen ones of a look-up
    (the only options it renders), every option of an ordinary drop-down."""
    if form is None or not logged_models():
        return []
    shown = []
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is None or not is_logged(queryset.model):
            continue
        widget = field.widget
        if isinstance(widget, django_forms.HiddenInput | django_forms.MultipleHiddenInput):
            continue
        if isinstance(widget, LookupSelect):
            value = form[name].value()
            values = value if isinstance(value, list | tuple) else [value]
            chosen = [str(item) for item in values if item not in (None, "")]
            chosen = [item for item in chosen if item.isdigit()]
            if chosen:
                shown.extend(queryset.filter(pk__in=chosen))
        else:
            shown.extend(queryset)
    return shown
