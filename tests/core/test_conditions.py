"""A constraint's condition read in Python (``logistics.conditions``) says what the database says.

Every CHECK constraint and conditional unique constraint of the project is read against many
records — NULLs, blanks, each constant of the condition and its neighbours, every choice — and
each verdict Python reaches is compared with the database's reading of the same values.
"""

import datetime
import itertools
import random
from decimal import Decimal

import pytest
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import BooleanField, ExpressionWrapper, F, Q, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.sql import Query
from django.db.models.sql.constants import SINGLE
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assets.choices import VoucherKind
from assets.models import Item, Voucher
from logistics import conditions
from logistics.registry import registry
from medical.models import Encounter

pytestmark = pytest.mark.django_db

SAMPLES_PER_CONDITION = 100


def project_conditions():
    for app_config in registry.project_apps():
        for model in app_config.get_models():
            for constraint in model._meta.constraints:
                condition = getattr(constraint, "condition", None)
                if isinstance(constraint, models.CheckConstraint) or condition is not None:
                    yield model, constraint, condition


def _constants(condition, found):
    for child in condition.children:
        if isinstance(child, Q):
            _constants(child, found)
            continue
        path, rhs = child
        name = path.split("__")[0]
        values = rhs if isinstance(rhs, list | tuple | set | frozenset) else [rhs]
        for value in values:
            if not hasattr(value, "resolve_expression") and not isinstance(value, bool):
                found.setdefault(name, set()).add(value)
    return found


def _neighbours(value):
    if isinstance(value, int | Decimal):
        return [value - 1, value, value + 1]
    if isinstance(value, datetime.date):
        return [value - datetime.timedelta(days=1), value, value + datetime.timedelta(days=1)]
    return [value]


def candidates(model, name: str, constants: set) -> list:
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    values: list = [None] if field.null or name == "pk" else []
    if isinstance(field, ArrayField):
        choices = [choice for choice, _label in field.base_field.choices or [("a", "a"), ("b", "b")]]
        return [*values, [], choices[:1], choices[:2], [choices[0], "khong-co"]]
    if field.choices:
        return [*values, *(choice for choice, _label in field.flatchoices), "khong-co"]
    if isinstance(field, models.BooleanField):
        return [*values, True, False]
    if field.is_relation or name == "pk":
        return [*values, 1, 2, 3]
    if isinstance(field, models.DateTimeField):
        moment = timezone.make_aware(datetime.datetime(2021, 6, 1, 8, 0))
        return [*values, moment, moment + datetime.timedelta(days=1)]
    if isinstance(field, models.DateField):
        days = [datetime.date(2000, 1, 1), datetime.date(2021, 6, 1), datetime.date(2021, 6, 2)]
        for constant in constants:
            if isinstance(constant, datetime.date):
                days.extend(_neighbours(constant))
        return [*values, *days]
    if isinstance(field, models.DecimalField):
        numbers = [Decimal("-1"), Decimal("0"), Decimal("12.50"), Decimal("100"), Decimal("150")]
        return [*values, *numbers]
    if isinstance(field, models.IntegerField):
        numbers = {-1, 0, 1, 2, 50, 100, 2020}
        for constant in constants:
            if isinstance(constant, int):
                numbers.update(_neighbours(constant))
        return [*values, *sorted(numbers)]
    if isinstance(field, models.CharField | models.TextField):
        return [*values, "", "x", *(c for c in constants if isinstance(c, str))]
    raise AssertionError(f"no sample values for {model.__name__}.{name}")


def referenced(condition) -> set[str]:
    names = set()
    for child in condition.children:
        if isinstance(child, Q):
            names |= referenced(child)
            continue
        path, rhs = child
        names.add(path.split("__")[0])
        names |= _expression_names(rhs)
    return names


def _expression_names(rhs) -> set[str]:
    if isinstance(rhs, F):
        return {rhs.name}
    if isinstance(rhs, CombinedExpression):
        return _expression_names(rhs.lhs) | _expression_names(rhs.rhs)
    return set()


def databases_reading(model, condition, values: dict):
    """The database's reading of ``condition`` against ``values``: True, False or None (NULL)."""
    query = Query(None)
    for name, value in values.items():
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        query.add_annotation(Value(value, field), name, select=False)
    query.add_annotation(ExpressionWrapper(Q(condition), output_field=BooleanField()), "reading")
    reading = query.get_compiler(using="default").execute_sql(SINGLE)[0]
    # Django folds a lookup it can read itself into a constant: 0 or 1.
    return None if reading is None else bool(reading)


@pytest.mark.parametrize(
    ("model", "constraint", "condition"),
    [pytest.param(*case, id=f"{case[0]._meta.label}.{case[1].name}") for case in project_conditions()],
)
def test_python_reads_the_condition_as_the_database_does(model, constraint, condition):
    names = sorted(referenced(condition))
    constants = _constants(condition, {})
    pools = [candidates(model, name, constants.get(name, set())) for name in names]
    rng = random.Random(constraint.name)
    combinations = list(itertools.product(*pools))
    rng.shuffle(combinations)
    decided = 0
    for combination in combinations[:SAMPLES_PER_CONDITION]:
        values = dict(zip(names, combination, strict=True))
        try:
            ours = conditions.evaluate(condition, values, model._meta)
        except conditions.Undecided:
            continue
        decided += 1
        assert ours is databases_reading(model, condition, values), values
    # Every condition of the project is one Python reads: none of them costs a query.
    assert decided == min(len(combinations), SAMPLES_PER_CONDITION)


def test_a_condition_python_cannot_read_is_left_to_the_database():
    values = {"name": "x", "serial_number": "", "pk": None}
    for condition in (Q(name__startswith="x"), Q(item_type__code="x"), Q(name=F("serial_number")) ^ Q(pk=1)):
        with pytest.raises(conditions.Undecided):
            conditions.evaluate(condition, values, Item._meta)


def test_checks_python_reads_cost_no_query():
    record = Encounter(date=datetime.date(1980, 1, 1), service="referral", health_grade=9)
    with CaptureQueriesContext(connection) as queries, pytest.raises(ValidationError) as raised:
        record.validate_constraints()
    assert len(queries) == 0
    assert set(raised.value.message_dict) == {"date", "health_grade", "__all__"}


def test_a_conditional_unique_constraint_is_asked_only_when_it_applies():
    blank = Item(name="Bàn làm việc", cost=1, serial_number="", plate_number="", chassis_number="", engine_number="")
    with CaptureQueriesContext(connection) as queries:
        blank.validate_constraints(exclude={"item_type"})
    assert len(queries) == 0
    numbered = Item(name="", cost=1, serial_number="SN-1", plate_number="", chassis_number="", engine_number="")
    with CaptureQueriesContext(connection) as queries:
        numbered.validate_constraints(exclude={"item_type"})
    assert any("serial_number" in query["sql"] for query in queries)


def test_an_excluded_field_leaves_its_constraints_aside_as_django_does():
    voucher = Voucher(number="NK-X", kind=VoucherKind.RECEIPT, date=datetime.date(2024, 3, 1), to_unit=None)
    with pytest.raises(ValidationError):
        voucher.validate_constraints()
    voucher.validate_constraints(exclude={"to_unit", "from_unit"})


def test_a_conditional_unique_constraint_that_applies_refuses_a_clash_as_django_does_without_a_savepoint(catalogue):
    Item.objects.create(
        item_type=catalogue["car"],
        name="Xe 1",
        cost=1,
        acquired_on=datetime.date(2024, 1, 1),
        origin="purchase",
        plate_number="34A-001.01",
    )
    twin = Item(item_type=catalogue["car"], name="Xe 2", cost=1, plate_number="34A-001.01")
    with CaptureQueriesContext(connection) as queries, pytest.raises(ValidationError) as ours:
        twin.validate_constraints()
    assert not [query for query in queries if "SAVEPOINT" in query["sql"]]
    with pytest.raises(ValidationError) as djangos:
        models.Model.validate_constraints(twin)
    assert ours.value.messages == djangos.value.messages
    saved = Item.objects.get(plate_number="34A-001.01")
    saved.validate_constraints()  # the row itself is no clash
    other = Item(item_type=catalogue["car"], name="Xe 3", cost=1, plate_number="34A-002.02")
    other.validate_constraints()
