"""The one function that decides which records a user reaches: :func:`restrict`.

A user reaches the records of their unit and of every unit under it, plus the records of units
that were dissolved into one of those (their successors' scope). Administrators and superusers
reach everything. What the user may *do* there comes from their roles' permissions. Lists, detail
pages, the API, exports, look-ups, search, dashboards and the admin all call :func:`restrict`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet

from logistics.roles import Role, has_role

UNRESTRICTED = None


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
    from logistics.models import Unit
    from logistics.selectors import rollup_unit_ids

    unit = Unit.objects.filter(pk=user.unit_id).first() if user.unit_id else None
    ids = rollup_unit_ids(unit) if unit is not None else frozenset()
    user._scoped_unit_ids = ids
    return ids


def scope_q(model: type[Model], unit_ids: frozenset[int]) -> Q | None:
    """Q selecting the records of ``model`` that belong to any of ``unit_ids``; None = all."""
    paths = getattr(model, "scope_units", ())
    if paths is None:
        return None
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{path}__in": unit_ids})
    return condition


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
