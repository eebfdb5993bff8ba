"""No database constraint reaches a user as Django's raw “Constraint “…” is violated”: every CHECK
constraint of every app carries its own message, shown beside the field when it concerns one."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import CheckConstraint

from assets.choices import VoucherKind
from assets.models import FixedAssetClass, Voucher
from logistics.models.base import constraint_field
from logistics.registry import registry


def project_check_constraints():
    for app_config in registry.project_apps():
        for model in app_config.get_models():
            for constraint in model._meta.constraints:
                if isinstance(constraint, CheckConstraint):
                    yield model, constraint


def test_every_check_constraint_of_the_project_has_its_own_message():
    constraints = list(project_check_constraints())
    assert len(constraints) > 50
    default = CheckConstraint.default_violation_error_message
    missing = [
        f"{model._meta.label}.{constraint.name}"
        for model, constraint in constraints
        if constraint.violation_error_message in (None, default)
        or constraint.name in str(constraint.get_violation_error_message())
    ]
    assert missing == []


@pytest.mark.django_db
def test_a_check_on_one_field_is_reported_beside_it():
    rate = FixedAssetClass(code="X", name="Lớp thử", wear_rate=Decimal("150"), useful_life_years=5)
    assert constraint_field(FixedAssetClass._meta.constraints[0]) == "wear_rate"
    with pytest.raises(ValidationError) as raised:
        rate.validate_constraints()
    assert list(raised.value.error_dict) == ["wear_rate"]
    assert raised.value.messages == [str(FixedAssetClass._meta.constraints[0].violation_error_message)]


def test_a_check_on_several_fields_is_reported_at_the_top_with_its_message(tree):
    voucher = Voucher(
        number="NK-X", kind=VoucherKind.RECEIPT, date=datetime.date(2024, 3, 1), from_unit=tree.district_a, to_unit=None
    )
    with pytest.raises(ValidationError) as raised:
        voucher.validate_constraints(exclude={"reverses"})
    assert list(raised.value.error_dict) == [NON_FIELD_ERRORS]
    sides = next(c for c in Voucher._meta.constraints if c.name == "voucher_sides_match_kind")
    assert raised.value.messages == [str(sides.violation_error_message)]
