"""A user whose scope is every unit of the force gets no unit condition on their lists; a user of a
subtree is restricted exactly as before."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assets.models import Voucher
from budget.models import Spending
from logistics import services
from logistics.models import Personnel, Unit
from logistics.roles import Role
from logistics.scope import EveryUnit, restrict, scope_q, scoped_unit_ids
from tests.factories import PersonnelFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _sql(queryset) -> str:
    return str(queryset.query)


def test_province_commander_reaches_every_unit_without_a_unit_condition(tree, make_user):
    commander = make_user(Role.UNIT_COMMANDER, tree.province)
    district_commander = make_user(Role.UNIT_COMMANDER, tree.district_a)
    with CaptureQueriesContext(connection) as queries:
        reached = scoped_unit_ids(commander)
    with CaptureQueriesContext(connection) as subtree_queries:
        scoped_unit_ids(district_commander)
    assert isinstance(reached, EveryUnit) and reached == set(Unit.objects.values_list("pk", flat=True))
    assert len(queries) == len(subtree_queries)  # knowing it is the whole force costs no query
    assert " IN (" not in _sql(restrict(Personnel.objects.all(), commander))
    assert " IN (" not in _sql(restrict(Spending.objects.all(), commander))
    assert "unit_id" not in _sql(restrict(Spending.objects.all(), commander)).split("WHERE")[-1]


def test_whole_force_keeps_the_rule_on_a_unit_that_may_be_missing(tree, make_user):
    """A voucher names its units in columns that may be empty: ``unit IN (every unit)`` meant "names a
    unit there", and so does the condition that takes its place."""
    commander = make_user(Role.UNIT_COMMANDER, tree.province)
    condition = scope_q(Voucher, scoped_unit_ids(commander))
    sql = _sql(Voucher.objects.filter(condition))
    assert " IN (" not in sql
    assert '"from_unit_id" IS NOT NULL' in sql and '"to_unit_id" IS NOT NULL' in sql


def test_whole_force_sees_what_it_saw_before(tree, make_user):
    for unit in (tree.province, tree.commune_a1, tree.commune_b1):
        PersonnelFactory(unit=unit)
    commander = make_user(Role.UNIT_COMMANDER, tree.province)
    reached = scoped_unit_ids(commander)
    seen = set(restrict(Personnel.objects.all(), commander).values_list("pk", flat=True))
    assert seen == set(Personnel.objects.filter(unit__in=set(reached)).values_list("pk", flat=True))
    assert seen == set(Personnel.objects.values_list("pk", flat=True))


def test_a_unit_outside_the_tree_keeps_the_condition(tree, make_user):
    neighbour = UnitFactory(code="Q", name="Công an tỉnh Bên Cạnh", valid_from=datetime.date(1997, 1, 1))
    outsider = PersonnelFactory(unit=neighbour)
    commander = make_user(Role.UNIT_COMMANDER, tree.province)
    assert not isinstance(scoped_unit_ids(commander), EveryUnit)
    queryset = restrict(Personnel.objects.all(), commander)
    assert " IN (" in _sql(queryset)
    assert outsider not in queryset


def test_a_dissolved_province_counts_in_the_whole_force(tree, make_user):
    old = UnitFactory(code="Q", name="Công an tỉnh Cũ", valid_from=datetime.date(1997, 1, 1))
    under_old = UnitFactory(code="Q-X", name="Công an xã Cũ", parent=old)
    PersonnelFactory(unit=under_old)
    services.unit_dissolve(actor=None, unit=old, successor=tree.province, effective_date=datetime.date(2025, 7, 1))
    commander = make_user(Role.UNIT_COMMANDER, tree.province)
    assert isinstance(scoped_unit_ids(commander), EveryUnit)
    assert under_old.pk in scoped_unit_ids(commander)
    assert restrict(Personnel.objects.filter(unit=under_old), commander).exists()


def test_subtree_user_is_restricted_to_their_units(tree, make_user):
    own = PersonnelFactory(unit=tree.commune_a1)
    far = PersonnelFactory(unit=tree.commune_b1)
    commander = make_user(Role.UNIT_COMMANDER, tree.district_a)
    reached = scoped_unit_ids(commander)
    assert not isinstance(reached, EveryUnit)
    assert reached == {tree.district_a.pk, tree.commune_a1.pk, tree.commune_a2.pk}
    queryset = restrict(Personnel.objects.all(), commander)
    assert " IN (" in _sql(queryset)
    assert set(queryset) == {own} and far not in queryset
    assert " IN (" in _sql(restrict(Spending.objects.all(), commander))
