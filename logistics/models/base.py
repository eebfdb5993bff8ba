import functools
import re
from contextlib import nullcontext

from django.conf import settings
from django.core.exceptions import FieldError, ValidationError
from django.core.signals import setting_changed
from django.db import DatabaseError, connections, models, router, transaction
from django.db.models import BooleanField, Q, Value
from django.db.models.functions import Coalesce
from django.db.models.sql import Query
from django.db.models.sql.constants import SINGLE
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from logistics import conditions
from logistics.widgets import MoneyFormField


def record_keyword(model) -> str:
    """The keyword under which services take a record of ``model``: its class name in snake case
    (``SpendingCategory`` → ``spending_category``), as every service of the project names it."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model._meta.object_name).lower()


def constraint_field(constraint) -> str | None:
    """The one field a constraint's error belongs beside, or ``None`` when it concerns several.

    A one-field unique constraint, as Django itself decides; a CHECK whose condition reads a
    single field of the record (``amount > 0``, ``title <> ''``).
    """
    if isinstance(constraint, models.UniqueConstraint):
        fields = set(constraint.fields)
    elif isinstance(constraint, models.CheckConstraint):
        fields = Q(constraint.condition).referenced_base_fields
    else:
        return None
    return next(iter(fields)) if len(fields) == 1 and "pk" not in fields else None


#: What a record's values make of a constraint, decided in Python (``_verdict``); ``APPLIES``: a
#: conditional unique constraint whose condition the record meets.
HOLDS, BROKEN, UNDECIDED, APPLIES = "holds", "broken", "undecided", "applies"


def _verdict(constraint, values: dict, meta) -> str:
    """Whether ``constraint`` holds for a record of these ``values`` (``HOLDS`` also when Django
    would leave it aside, reading an excluded field), is ``BROKEN``, or is for the database to say.
    A conditional unique constraint holds when its condition is false for the record: the record
    is outside what it makes unique."""
    conditional_unique = isinstance(constraint, models.UniqueConstraint) and constraint.condition is not None
    if type(constraint) is not models.CheckConstraint and not conditional_unique:
        return UNDECIDED
    try:
        result = conditions.evaluate(constraint.condition, values, meta)
    except conditions.Skipped:
        return HOLDS
    except conditions.Undecided:
        return UNDECIDED
    if type(constraint) is models.CheckConstraint:
        return BROKEN if result is False else HOLDS
    return HOLDS if result is False else APPLIES


def _unique_clash(constraint, model_class, record, exclude, using) -> bool | None:
    """Whether another row holds the values a conditional unique constraint that applies to
    ``record`` makes unique, asked as Django asks an unconditional one: one query, no savepoint
    (Django asks it inside a check of the whole condition, in a savepoint of its own). ``None``
    leaves it to Django: expressions, generated fields, NULLs not distinct."""
    if constraint.expressions or not constraint.fields or constraint.nulls_distinct is False:
        return None
    lookups = {}
    for name in constraint.fields:
        if exclude and name in exclude:
            return False
        field = model_class._meta.get_field(name)
        if field.generated:
            return None
        value = getattr(record, field.attname)
        if value is None or (value == "" and connections[using].features.interprets_empty_strings_as_nulls):
            return False  # NULL is never equal to anything: no clash, as Django says
        lookups[field.name] = value
    rows = model_class._default_manager.using(using).filter(**lookups)
    if not record._state.adding and record._is_pk_set(model_class._meta):
        rows = rows.exclude(pk=record._get_pk_val(model_class._meta))
    return rows.filter(constraint.condition).exists()


class ConstraintErrorsBesideFields:
    """Django puts every CHECK constraint's error at the top of the form; one that concerns a single
    field is shown beside it instead (each constraint carries its own message: a test checks that
    every CHECK constraint of the project has one).

    A condition Python reads as the database does (``logistics.conditions``) is decided without a
    query: whether a CHECK constraint holds, and whether a conditional unique constraint applies to
    the record at all (when it does, one query asks for a clash). The others are asked of the
    database, the CHECK ones together."""

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(self.__class__, instance=self)
        errors = {}
        for model_class, model_constraints in self.get_constraints():
            values = conditions.record_values(self, model_class._meta, exclude)
            verdicts = [_verdict(constraint, values, model_class._meta) for constraint in model_constraints]
            checks = [
                constraint
                for constraint, verdict in zip(model_constraints, verdicts, strict=True)
                if type(constraint) is models.CheckConstraint and verdict is UNDECIDED
            ]
            broken = self._broken_checks(model_class, checks, exclude, using)
            for constraint, verdict in zip(model_constraints, verdicts, strict=True):
                try:
                    if verdict is BROKEN or (broken is not None and constraint in checks and constraint in broken):
                        raise ValidationError(
                            constraint.get_violation_error_message(), code=constraint.violation_error_code
                        )
                    clash = _unique_clash(constraint, model_class, self, exclude, using) if verdict is APPLIES else None
                    if clash:
                        raise ValidationError(
                            constraint.get_violation_error_message(), code=constraint.violation_error_code
                        )
                    if (verdict is UNDECIDED and (broken is None or constraint not in checks)) or (
                        verdict is APPLIES and clash is None
                    ):
                        constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    field = constraint_field(constraint)
                    if field is not None:
                        errors.setdefault(field, []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _broken_checks(self, model_class, checks, exclude, using) -> list | None:
        """The CHECK constraints among ``checks`` that this record's values break, asked in one
        query in one savepoint (Django asks one query per constraint, each in a savepoint of its
        own: most of the cost of a service's validation). ``None`` leaves them to Django one by
        one, where one query cannot ask them all: a condition reads an excluded field (Django then
        skips that constraint), or the database refuses a value (Django then lets it pass)."""
        if not checks:
            return []
        query = Query(None)
        for name, value in self._get_field_expression_map(meta=model_class._meta, exclude=exclude).items():
            query.add_annotation(value if hasattr(value, "resolve_expression") else Value(value), name, select=False)
        try:
            for index, constraint in enumerate(checks):
                holds = Coalesce(Q(constraint.condition), True, output_field=BooleanField())
                query.add_annotation(holds, f"_check_{index}_holds")
        except FieldError:
            return None
        savepoint = transaction.atomic(using=using) if connections[using].in_atomic_block else nullcontext()
        try:
            with savepoint:
                row = query.get_compiler(using=using).execute_sql(SINGLE)
        except DatabaseError:
            return None
        return [constraint for constraint, holds in zip(checks, row, strict=True) if not holds]


class DomainModel(ConstraintErrorsBesideFields, models.Model):
    """Base of every record users work with.

    Subclasses declare how they are scoped, searched and shown:

    - ``scope_units``: paths to the unit(s) a record belongs to, e.g. ``("unit",)`` or
      ``("from_unit", "to_unit")`` for a record that concerns two units; ``("pk",)`` for a unit
      itself; ``None`` for shared reference data visible to everyone allowed to view the model.
    - ``search_text``: a generated column built with :func:`logistics.search.search_field`.
    - ``is_locked``: True once approved or posted; locked records are never edited or deleted.
    - ``history_system_fields``: the fields the system keeps (running totals, figures derived from
      other records); their changes are folded away in the history (``logistics.history``).
    - ``own_parts`` / ``name_shows``: how the record shows other records to a reader who may not see
      them (``logistics.scope``): relations read as the record itself (a payment's spending entry),
      relations its name is made of (a team member's officer).
    """

    scope_units: tuple[str, ...] | None = ("unit",)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_locked(self) -> bool:
        return False

    @classmethod
    def url_name(cls, view: str) -> str:
        return f"{cls._meta.app_label}:{cls._meta.model_name}_{view}"

    def get_absolute_url(self) -> str:
        return detail_url(self.url_name("detail"), self.pk)

    def _get_FIELD_display(self, field):
        """``get_<field>_display()``: Django's label, from the field's labels translated once per
        language (Django translates every label of the field on each call, and a list names
        fifty records with a choice in their name)."""
        return choice_label(field, getattr(self, field.attname))


def choice_label(field, value):
    """The label of ``value`` among ``field``'s choices in the active language, as Django's
    ``Model._get_FIELD_display`` gives it (the value itself when it is no choice)."""
    return _choice_labels(field, get_language()).get(make_hashable(value), value)


@functools.lru_cache(maxsize=4096)
def _choice_labels(field, language) -> dict:
    return {
        value: force_str(label, strings_only=True) for value, label in dict(make_hashable(field.flatchoices)).items()
    }


#: A record id no table reaches, put in a detail page's address to find where an id goes.
_ANY_ID = 987_654_321_987


def detail_url(name: str, pk) -> str:
    """``reverse(name, kwargs={"pk": pk})``, worked out once per page name: a list links every row
    to its record, and ``reverse`` walks the URL patterns again for each."""
    if type(pk) is not int:
        return reverse(name, kwargs={"pk": pk})
    around = _around_id(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    if around is None:
        return reverse(name, kwargs={"pk": pk})
    return f"{around[0]}{pk}{around[1]}"


@functools.lru_cache(maxsize=1024)
def _around_id(name: str, prefix: str, urlconf: str) -> tuple[str, str] | None:
    """What comes before and after the id in the address of page ``name`` (None when the id does
    not show once, as it is, in the address)."""
    address = reverse(name, kwargs={"pk": _ANY_ID}, urlconf=urlconf)
    parts = address.split(str(_ANY_ID))
    return (parts[0], parts[1]) if len(parts) == 2 else None


def _forget_addresses(**kwargs) -> None:
    _around_id.cache_clear()


# A test that changes the URL settings finds the addresses of its own patterns.
setting_changed.connect(_forget_addresses, dispatch_uid="logistics.models.base.detail_url")


class MoneyField(models.BigIntegerField):
    """An amount in whole Vietnamese đồng (no minor unit), shown as ``1.234.567 ₫``."""

    is_money = True

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": MoneyFormField, **kwargs})
