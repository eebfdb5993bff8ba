"""The one function that decides which records a user reaches: :func:`restrict`.

A user reaches the records of their unit and of every unit under it, plus the records of units
that were dissolved into one of those (their successors' scope). Administrators and superusers
reach everything. What the user may *do* there comes from their roles' permissions. Lists, detail
pages, the API, exports, look-ups, search, dashboards and the admin all call :func:`restrict`.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext

from logistics.models.units import Unit
from logistics.roles import Role, has_role
from logistics.selectors import rollup_reach

UNRESTRICTED = None


class EveryUnit(frozenset):
    """The ids a user reaches when they are every unit of the force (dissolved ones included): the
    user still has a scope (a unit made later in the request is not theirs), but a list needs no
    unit condition to hold it, so :func:`scope_q` adds none that would slow counts and sorts."""


def permission_name(model: type[Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def is_unrestricted(user) -> bool:
    return bool(user.is_superuser or has_role(user, Role.ADMINISTRATOR))


def scoped_unit_ids(user) -> frozenset[int] | None:
    """Ids of the units whose records ``user`` reaches, or ``None`` for every unit."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if is_unrestricted(user):
        return UNRESTRICTED
    cached = getattr(user, "_scoped_unit_ids", None)
    if cached is not None:
        return cached

    unit = Unit.objects.filter(pk=user.unit_id).first() if user.unit_id else None
    ids = frozenset()
    if unit is not None:
        ids, every = rollup_reach(unit)
        if every:
            ids = EveryUnit(ids)
    user._scoped_unit_ids = ids
    return ids


def scope_q(model: type[Model], unit_ids: frozenset[int]) -> Q | None:
    """Q selecting the records of ``model`` that belong to any of ``unit_ids``; None = all."""
    paths = getattr(model, "scope_units", ())
    if paths is None:
        return None
    if isinstance(unit_ids, EveryUnit):
        return _any_unit_q(model, paths)
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{path}__in": unit_ids})
    return condition


def _any_unit_q(model: type[Model], paths) -> Q | None:
    """What ``path IN (every unit)`` says for each of ``paths``: the record names a unit there. None
    when one of them always names one (every hop a required foreign key): no condition at all."""
    if any(_always_set(model, path) for path in paths):
        return None
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{path}__isnull": False})
    return condition


def _always_set(model: type[Model], path: str) -> bool:
    if path == "pk":
        return True
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if getattr(field, "null", True) or not field.is_relation or field.auto_created:
            return False
        model = field.related_model
    return True


def restrict(queryset: QuerySet, user, action: str = "view") -> QuerySet:
    """``queryset`` narrowed to what ``user`` may ``action`` (view, add, change, delete, approve…)."""
    model = queryset.model
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if not user.has_perm(permission_name(model, action)):
        return queryset.none()
    unit_ids = scoped_unit_ids(user)
    custom = getattr(model, "scope_filter", None)
    if custom is not None:
        return custom(queryset, user=user, unit_ids=unit_ids, action=action)
    if unit_ids is UNRESTRICTED:
        return queryset
    condition = scope_q(model, unit_ids)
    return queryset if condition is None else queryset.filter(condition)


def can(user, action: str, obj: Model) -> bool:
    """Whether ``user`` may ``action`` the saved record ``obj``."""
    model = type(obj)
    return restrict(model._base_manager.filter(pk=obj.pk), user, action).exists()


def concerns_scope(user, unit_ids) -> bool:
    """Whether a record naming ``unit_ids`` concerns at least one unit ``user`` reaches."""
    reached = scoped_unit_ids(user)
    return reached is UNRESTRICTED or bool(set(unit_ids) & reached)


def require(user, action: str, obj: Model) -> None:
    """Raise PermissionDenied unless ``user`` may ``action`` ``obj``.

    A new record (no pk yet) is checked by permission and by the units it names.
    ``user=None`` stands for the system itself (management commands, migrations).
    """
    if user is None:
        return
    model = type(obj)
    if obj.pk is not None and not obj._state.adding:
        if not can(user, action, obj):
            raise PermissionDenied
        return
    if not user.has_perm(permission_name(model, action)):
        raise PermissionDenied
    paths = getattr(model, "scope_units", None) or ()
    unit_ids = [unit_id_along(obj, path) for path in paths]
    unit_ids = [pk for pk in unit_ids if pk is not None]
    if unit_ids and not concerns_scope(user, unit_ids):
        raise PermissionDenied


def require_locked(user, action: str, obj: Model) -> None:
    """:func:`require` for a record the caller has just read with ``select_for_update``, or written,
    in this transaction: the units it carries are the row's, and nobody else can change them
    before the transaction ends, so they are checked without asking the database again (a model
    with a scope of its own, or units not loaded with the record, are still asked)."""
    if user is None:
        return
    model = type(obj)
    if obj.pk is None or obj._state.adding or getattr(model, "scope_filter", None) is not None:
        require(user, action, obj)
        return
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied
    if not user.has_perm(permission_name(model, action)):
        raise PermissionDenied
    unit_ids = scoped_unit_ids(user)
    paths = getattr(model, "scope_units", None)
    if unit_ids is UNRESTRICTED or paths is None:
        return
    carried = [obj.pk if path == "pk" else _loaded_unit_id(obj, path) for path in paths]
    if any(unit_id is _NOT_LOADED for unit_id in carried):
        require(user, action, obj)
        return
    if not any(unit_id in unit_ids for unit_id in carried):
        raise PermissionDenied


def unit_id_along(obj: Model, path: str):
    """The id of the unit reached from ``obj`` along a scope path (``unit``, ``allocation__unit``);
    for a unit itself (``pk``) the unit it is placed under."""
    if path == "pk":
        return getattr(obj, "parent_id", None)
    *hops, last = path.split("__")
    target = obj
    for hop in hops:
        target = getattr(target, hop, None)
        if target is None:
            return None
    return getattr(target, f"{last}_id", None)


# --- what a record shows of other records -------------------------------------------------------
#
# A page, an export or an API body shows beside each record the records it points to: the unit of
# an allocation, the allocation a payment was made from, the officers of an inspection team. Each
# of those goes through :class:`Disclosure`, the one rule for it, applied by the table machinery
# (``logistics.tables.BaseTable``), the serializers (``logistics.api.scoped``) and the detail page
# (the ``field_value`` tag):
#
# - a record the reader may see (:func:`restrict`) is shown whole, with a link to its page;
# - a unit that the showing record itself concerns (one of its ``scope_units``: the province that
#   inspected the commune, the warehouse a transfer came from, a unit's parent) is named, unlinked;
# - shared reference data (``scope_units = None``) is named, and linked for those who may open it;
#   who did something (a user: approved by, posted by) is named, as the record's history names them;
# - anything else is hidden: "another unit" / "a record you may not see", no name, amount or link.
#
# Whether a record is visible is decided without a query when the record carries its units (a
# record scoped by its own ``unit_id``); otherwise the records a page shows are checked together,
# one query per kind (:meth:`Disclosure.prime`), and remembered for the rest of the request.


class Verdict(enum.IntEnum):
    HIDDEN = 0
    NAMED = 1
    SHOWN = 2


@dataclass(frozen=True)
class RelationPath:
    """The records crossed from a record to a value it shows: ``("allocation",)`` for an allocation's
    available balance shown on a funding, ``("record",)`` for the record a citation points to."""

    hops: tuple[str, ...]
    #: For each hop, whether the record reached is checked: a record's ``own_parts`` (a payment's
    #: spending entry) are read as the record itself, though a link to them is still checked.
    checked: tuple[bool, ...]
    #: True when the value is the last record itself (its name, a link), not one of its fields.
    to_record: bool


@functools.cache
def _forward_field(model, name: str):
    """The forward relation (foreign key, one-to-one, generic foreign key) of ``model`` called
    ``name`` or whose column is ``name`` (``inspection_id``); a generic relation is also found by
    its two columns (``content_type``, ``object_id``). None for anything else."""
    for private in model._meta.private_fields:
        if isinstance(private, GenericForeignKey) and name in (private.name, private.ct_field, private.fk_field):
            return private
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        found = next((f for f in model._meta.concrete_fields if f.is_relation and f.attname == name), None)
    if found is not None and found.is_relation and found.concrete and (found.many_to_one or found.one_to_one):
        return found
    return None


def relation_path(model, attrs) -> RelationPath | None:
    """The records crossed when the value ``attrs`` (``["allocation", "available"]``, ``["unit"]``)
    is read from a record of ``model``; None when the value is the record's own."""
    hops: list[str] = []
    checked: list[bool] = []
    to_record = False
    for position, attr in enumerate(attrs):
        found = _forward_field(model, attr) if model is not None else None
        if found is None:
            break
        last = position == len(attrs) - 1
        hops.append(found.name)
        checked.append(last or found.name not in getattr(model, "own_parts", ()))
        if isinstance(found, GenericForeignKey) or attr == getattr(found, "attname", None):
            # A generic relation's target, or a column holding the id: nothing is read past it.
            checked[-1] = True
            to_record = True
            break
        if last:
            to_record = True
            break
        model = found.related_model
    if not any(checked):
        return None
    return RelationPath(tuple(hops), tuple(checked), to_record)


def _is_scoped(model) -> bool:
    return bool(getattr(model, "scope_units", None) or getattr(model, "scope_filter", None))


def hidden_label(model) -> str:
    return gettext("Another unit") if model is Unit else gettext("A record you may not see")


class Disclosure:
    """What one reader may see of the records shown beside the ones they opened (see above).

    Get it with :func:`disclosure_for`, which keeps one per request, so that what it learned is
    asked once per request whatever the number of rows. A record may be given whole or by its kind
    and id only (a foreign key not loaded, a generic relation): then it is not fetched.
    """

    def __init__(self, user):
        self.user = user
        self._seen: dict[tuple[type, object], bool] = {}

    # --- may the reader see this record? --------------------------------------------------------

    def _reader_may_view(self, model) -> bool:
        user = self.user
        return bool(
            getattr(user, "is_authenticated", False)
            and user.is_active
            and user.has_perm(permission_name(model, "view"))
        )

    def _decided_in_memory(self, model, pk, record) -> bool | None:
        """Visibility from the units the record carries (for a unit, its own id), or None when that
        needs the database."""
        if not self._reader_may_view(model):
            return False
        if getattr(model, "scope_filter", None) is not None:
            return None
        unit_ids = scoped_unit_ids(self.user)
        if unit_ids is UNRESTRICTED:
            return True
        for path in model.scope_units:
            if path == "pk":
                unit_id = pk
            elif record is None:
                return None
            else:
                unit_id = _loaded_unit_id(record, path)
                if unit_id is _NOT_LOADED:
                    return None
            if unit_id in unit_ids:
                return True
        return False

    def may_see(self, record=None, *, model=None, pk=None) -> bool:
        """Whether the reader may see ``record`` (or the record of kind ``model`` and id ``pk``)."""
        if record is not None:
            model, pk = type(record), record.pk
        if self.user is None:
            return True
        if not _is_scoped(model):
            # Shared reference data needs the permission; what has no scope goes with its record.
            return self._reader_may_view(model) if getattr(model, "scope_units", ()) is None else True
        if (model, pk) not in self._seen:
            decided = self._decided_in_memory(model, pk, record)
            self._seen[(model, pk)] = decided if decided is not None else self._ask(model, [pk])[pk]
        return self._seen[(model, pk)]

    def _ask(self, model, pks) -> dict:
        found = set(restrict(model._base_manager.filter(pk__in=pks), self.user, "view").values_list("pk", flat=True))
        answers = {pk: pk in found for pk in pks}
        self._seen.update({(model, pk): answer for pk, answer in answers.items()})
        return answers

    def prime(self, records, paths=None) -> None:
        """Check together, one query per kind, the records reached from ``records`` along ``paths``
        (``RelationPath``s; without paths, the records themselves), where that needs the database."""
        if self.user is None:
            return
        wanted: dict[type, set] = {}

        def consider(model, pk, target):
            if (model, pk) in self._seen or not _is_scoped(model) or not self._reader_may_view(model):
                return
            decided = self._decided_in_memory(model, pk, target)
            if decided is None:
                wanted.setdefault(model, set()).add(pk)
            else:
                self._seen[(model, pk)] = decided

        for record in records:
            if paths is None:
                consider(type(record), record.pk, record)
                continue
            for path in paths:
                for (model, pk, target), checked in zip(_reached(record, path.hops), path.checked, strict=False):
                    if checked:
                        consider(model, pk, target)
        for model, pks in wanted.items():
            self._ask(model, list(pks))

    def prime_keys(self, model, pks) -> None:
        """Check together, in one query, the records of kind ``model`` with ids ``pks`` (an export
        reads ids, not records)."""
        if self.user is None or not _is_scoped(model) or not self._reader_may_view(model):
            return
        wanted = []
        for pk in pks:
            if (model, pk) in self._seen:
                continue
            decided = self._decided_in_memory(model, pk, None)
            if decided is None:
                wanted.append(pk)
            else:
                self._seen[(model, pk)] = decided
        if wanted:
            self._ask(model, wanted)

    def visible(self, records) -> list:
        """The records of ``records`` the reader may see (a nested list, the closures of a year)."""
        records = list(records)
        self.prime(records)
        return [record for record in records if self.may_see(record)]

    # --- how much of it is shown --------------------------------------------------------------------

    def verdict(self, target=None, *, model=None, pk=None, shown_by=None) -> Verdict:
        """How much of ``target`` (or of the record of kind ``model`` and id ``pk``) may be shown
        beside ``shown_by``, a record the reader opened."""
        if target is not None:
            model, pk = type(target), target.pk
        if self.user is None:
            return Verdict.SHOWN
        if model is get_user_model():
            return Verdict.NAMED
        if not hasattr(model, "scope_units"):
            return Verdict.SHOWN
        if model.scope_units is None:
            return Verdict.SHOWN if self._reader_may_view(model) else Verdict.NAMED
        if not _is_scoped(model):
            # Reached only through the record that shows it (an attachment): it goes with that record.
            return Verdict.SHOWN
        if self.may_see(target, model=model, pk=pk):
            return Verdict.SHOWN
        if model is Unit and shown_by is not None and pk in units_named_by(shown_by):
            return Verdict.NAMED
        return Verdict.HIDDEN

    def along(self, record, path: RelationPath) -> tuple[Verdict, object]:
        """How much may be shown of the value read from ``record`` along ``path``, and the record
        reached (None when the way ends early or the record was not loaded) — or, when hidden, the
        kind of the record that hides it (for :func:`hidden_label`)."""
        verdict, reached, steps = Verdict.SHOWN, None, 0
        for (model, pk, target), checked in zip(_reached(record, path.hops), path.checked, strict=False):
            steps += 1
            reached = target
            if not checked:
                continue
            shown = self.verdict(target, model=model, pk=pk, shown_by=record)
            if shown is Verdict.HIDDEN:
                return Verdict.HIDDEN, model
            verdict = min(verdict, shown)
        return verdict, (reached if steps == len(path.hops) else None)


_NOT_LOADED = object()


def _loaded_unit_id(record, path: str):
    """The unit id along ``path`` if every record on the way is already loaded, else _NOT_LOADED."""
    *hops, last = path.split("__")
    target = record
    for hop in hops:
        model_field = type(target)._meta.get_field(hop)
        if not model_field.is_cached(target):
            return _NOT_LOADED
        target = getattr(target, hop)
        if target is None:
            return None
    return getattr(target, f"{last}_id", None)


def _reached(record, hops):
    """(model, pk, record or None) of each record crossed along ``hops``; stops where the way ends.
    The last record is not fetched when it is not loaded yet (nor ever through a generic relation):
    its kind and id say enough to check it."""
    target = record
    for position, hop in enumerate(hops):
        relation = _forward_field(type(target), hop)
        if isinstance(relation, GenericForeignKey):
            content_type_id = getattr(target, type(target)._meta.get_field(relation.ct_field).attname)
            object_id = getattr(target, relation.fk_field)
            model = ContentType.objects.get_for_id(content_type_id).model_class() if content_type_id else None
            if model is not None and object_id is not None:
                yield model, object_id, None
            return
        if position == len(hops) - 1 and not relation.is_cached(target):
            pk = getattr(target, relation.attname)
            if pk is not None:
                yield relation.related_model, pk, None
            return
        target = getattr(target, hop, None)
        if target is None:
            return
        yield type(target), target.pk, target


def units_named_by(record) -> set:
    """The units ``record`` itself concerns (its ``scope_units``; for a unit, its parent)."""
    paths = getattr(type(record), "scope_units", None) or ()
    return {unit_id for unit_id in (unit_id_along(record, path) for path in paths) if unit_id is not None}


def disclosure_for(user, request=None) -> Disclosure:
    """The reader's :class:`Disclosure`, one per request (``request`` may be Django's or DRF's);
    without a request, a new one. ``user=None`` is the system itself, which sees everything."""
    holder = getattr(request, "_request", request)
    if holder is None:
        return Disclosure(user)
    cached = getattr(holder, "_scope_disclosure", None)
    if cached is None or getattr(cached.user, "pk", None) != getattr(user, "pk", None):
        cached = Disclosure(user)
        holder._scope_disclosure = cached
    return cached


def shown_beside(record, attrs, value, *, request=None, user=None):
    """``value`` — read from ``record`` along ``attrs`` — as it may be shown to the reader (the
    request's user, or ``user``): the value itself, its name only (a plain string, no link), or the
    place of a hidden record (marked-up text)."""
    path = relation_path(type(record), attrs)
    if path is None or value is None:
        return value
    reader = getattr(request, "user", None) if request is not None else user
    verdict, reached = disclosure_for(reader, request).along(record, path)
    if verdict is Verdict.HIDDEN:
        return format_html('<span class="text-muted fst-italic" data-scope="hidden">{}</span>', hidden_label(reached))
    if verdict is Verdict.NAMED and path.to_record:
        return str(value)
    return value


def record_name(record, *, request=None, user=None) -> str:
    """The name of a record the reader opened, as a page title shows it. A model whose name is made
    of other records declares them (``name_shows = ("personnel",)``: an inspection team member is
    named after the officer); when one of those is hidden from the reader, the record is named by its
    kind and number instead."""
    reader = getattr(request, "user", None) if request is not None else user
    disclosure = disclosure_for(reader, request)
    for name in getattr(type(record), "name_shows", ()):
        path = relation_path(type(record), [name])
        if path is not None and disclosure.along(record, path)[0] is Verdict.HIDDEN:
            return f"{capfirst(record._meta.verbose_name)} #{record.pk}"
    return str(record)
