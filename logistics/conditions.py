"""A constraint's condition read against a record's own values in Python, as PostgreSQL reads it.

Validating a record (``full_clean``) asks the database whether its values break each CHECK
constraint, and whether a conditional unique constraint applies to it: a query each time, in a
savepoint of its own. Most conditions compare a field with a constant or with another field of the
same record (``amount > 0``, ``planned_end >= planned_start``, ``kind IN (…) AND unit IS NULL``),
which Python reads exactly as the database does, three-valued logic included: a comparison with
NULL is neither true nor false, and a CHECK constraint holds unless its condition is false.

:func:`evaluate` reads those; anything else (a lookup, transform or expression not listed below,
values of other types, a reference across a relation) raises :class:`Undecided`, and the caller
asks the database as before. :func:`record_values` is what the record offers, as Django offers it
to the database (``Model._get_field_expression_map``): its local concrete fields by name, and
``pk``, less the excluded fields.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.expressions import CombinedExpression

#: A field that ``full_clean`` was told to leave aside: Django skips a constraint that reads one.
EXCLUDED = object()


class Undecided(Exception):
    """The condition holds something that only the database reads for sure."""


class Skipped(Exception):
    """The condition reads an excluded field: Django leaves the constraint aside."""


def record_values(record: models.Model, meta, exclude) -> dict[str, object]:
    """The values ``record`` offers a condition, keyed by field name (and ``pk``)."""
    exclude = exclude or ()
    values: dict[str, object] = {}
    for field in meta.local_concrete_fields:
        if field.name in exclude:
            values[field.name] = EXCLUDED
        elif not field.generated:
            values[field.name] = getattr(record, field.attname)
    values["pk"] = EXCLUDED if "pk" in exclude else record.pk
    return values


def evaluate(condition, values: dict[str, object], meta) -> bool | None:
    """``condition`` (a ``Q``) read against ``values``: True, False, or None for SQL's NULL."""
    if not isinstance(condition, Q) or condition.connector not in (Q.AND, Q.OR) or not condition.children:
        raise Undecided
    results = [
        evaluate(child, values, meta) if isinstance(child, Q) else _lookup(child, values, meta)
        for child in condition.children
    ]
    if condition.connector == Q.AND:
        result = False if False in results else None if None in results else True
    else:
        result = True if True in results else None if None in results else False
    if condition.negated:
        return None if result is None else not result
    return result


def _kind(value) -> str:
    """The family of types PostgreSQL compares the way Python does; anything else is undecided."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | Decimal):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, datetime.datetime):
        return "datetime"
    if isinstance(value, datetime.date):
        return "date"
    if isinstance(value, list | tuple):
        return "array"
    raise Undecided


#: Lookups that order values; text is ordered by the database's collation, so it is not read here.
ORDERINGS = {
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
}
LOOKUPS = {"exact", "in", "isnull", "contained_by", *ORDERINGS}
TRANSFORMS = {"len", "year"}


def _field(meta, name: str):
    return meta.pk if name == "pk" else meta.get_field(name)


def _reference(name: str, values: dict[str, object]):
    if name not in values:
        raise Undecided
    value = values[name]
    if value is EXCLUDED:
        raise Skipped
    return value


def _lookup(child, values: dict[str, object], meta) -> bool | None:
    if not isinstance(child, tuple) or len(child) != 2:
        raise Undecided
    path, rhs = child
    name, *parts = path.split("__")
    lookup = parts.pop() if parts and parts[-1] in LOOKUPS else "exact"
    if any(part not in TRANSFORMS for part in parts):
        raise Undecided
    value = _reference(name, values)
    field = _field(meta, name)
    for transform in parts:
        value, field = _transform(transform, value, field)
    if lookup == "isnull":
        if not isinstance(rhs, bool):
            raise Undecided
        return (value is None) == rhs
    if lookup == "exact" and rhs is None:
        # Django reads ``field=None`` as ``field IS NULL``.
        return value is None
    if lookup == "in":
        return _in(value, rhs)
    if lookup == "contained_by":
        return _contained_by(value, rhs, field)
    other = _operand(rhs, values)
    if value is None or other is None:
        return None
    kind = _kind(value)
    if kind != _kind(other) or kind == "array":
        raise Undecided
    if kind == "datetime" and (value.tzinfo is None) != (other.tzinfo is None):
        raise Undecided
    if lookup == "exact":
        return value == other
    if kind not in ("number", "date", "datetime"):
        raise Undecided
    return ORDERINGS[lookup](value, other)


def _transform(name: str, value, field):
    if name == "len" and isinstance(field, ArrayField):
        if value is not None and not isinstance(value, list | tuple):
            raise Undecided
        return (None if value is None else len(value)), models.IntegerField()
    if name == "year" and isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        if value is not None and (isinstance(value, datetime.datetime) or not isinstance(value, datetime.date)):
            raise Undecided
        return (None if value is None else value.year), models.IntegerField()
    raise Undecided


def _in(value, rhs) -> bool | None:
    if not isinstance(rhs, list | tuple | set | frozenset):
        raise Undecided
    # Django leaves NULL out of the list: it never equals anything.
    choices = [choice for choice in rhs if choice is not None]
    if not choices:
        raise Undecided
    if value is None:
        return None
    kind = _kind(value)
    if kind == "array" or any(_kind(choice) != kind for choice in choices):
        raise Undecided
    return value in choices


def _contained_by(value, rhs, field) -> bool | None:
    if not isinstance(field, ArrayField) or not isinstance(rhs, list | tuple):
        raise Undecided
    if any(choice is None for choice in rhs):
        raise Undecided
    if value is None:
        return None
    if not isinstance(value, list | tuple):
        raise Undecided
    kinds = {_kind(element) for element in (*value, *rhs) if element is not None}
    if len(kinds) > 1 or kinds & {"array", "boolean"}:
        raise Undecided
    # An element that is NULL is contained in nothing.
    return all(element is not None and element in rhs for element in value)


def _operand(rhs, values: dict[str, object]):
    """The right-hand side of a comparison: a constant, another field, or their sum or difference."""
    if isinstance(rhs, F):
        if "__" in rhs.name:
            raise Undecided
        return _reference(rhs.name, values)
    if isinstance(rhs, Value):
        return rhs.value
    if isinstance(rhs, CombinedExpression):
        if rhs.connector not in (CombinedExpression.ADD, CombinedExpression.SUB):
            raise Undecided
        left, right = _operand(rhs.lhs, values), _operand(rhs.rhs, values)
        if left is None or right is None:
            return None
        if _kind(left) != "number" or _kind(right) != "number":
            raise Undecided
        return left + right if rhs.connector == CombinedExpression.ADD else left - right
    if hasattr(rhs, "resolve_expression"):
        raise Undecided
    if rhs is None:
        return None
    _kind(rhs)
    return rhs
