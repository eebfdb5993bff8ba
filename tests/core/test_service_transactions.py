"""How services share a transaction: a service called by another, or inside ``in_callers_savepoint``,
runs in its caller's savepoint; what a transaction remembers (``logistics.transaction_memo``) it
forgets with the savepoint it learnt it in; a lock it holds is not asked for twice; and a record
locked in the transaction is checked for scope from its own units (``require_locked``)."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from budget import services as budget_services
from logistics import periods, services, transaction_memo
from logistics.models import Personnel, Supplier
from logistics.roles import Role
from logistics.scope import require, require_locked, scoped_unit_ids
from tests.factories import PersonnelFactory

pytestmark = pytest.mark.django_db


@services.service
def _supplier_then(*, actor, inner, swallow=False):
    services.supplier_create(actor=actor, name="Nhà cung cấp ngoài", kind="supplier", tax_code="0101010101")
    try:
        inner(actor=actor)
    except ValidationError:
        if not swallow:
            raise
    return Supplier.objects.count()


@services.service
def _refuse(*, actor):
    services.supplier_create(actor=actor, name="Nhà cung cấp trong", kind="supplier", tax_code="0202020202")
    raise ValidationError("Không được.")


def test_a_service_called_by_another_opens_no_savepoint_and_its_refusal_undoes_both():
    with CaptureQueriesContext(connection) as queries, pytest.raises(ValidationError):
        _supplier_then(actor=None, inner=_refuse)
    # (the history context may stand before the statement: "SELECT set_config(…); SAVEPOINT …")
    savepoints = [query for query in queries if re.search(r'(^|; )SAVEPOINT "', query["sql"])]
    assert len(savepoints) == 1  # the outer service's own
    assert not Supplier.objects.exists()


def test_an_outer_service_cannot_go_on_after_an_inner_one_failed():
    with pytest.raises(TransactionManagementError):
        _supplier_then(actor=None, inner=_refuse, swallow=True)
    assert not Supplier.objects.exists()


def test_services_in_the_callers_savepoint_still_undo_all_on_a_refusal_taken_in_a_block_of_its_own():
    with services.in_callers_savepoint():
        services.supplier_create(actor=None, name="Giữ lại", kind="supplier", tax_code="0303030303")
        try:
            with transaction.atomic():
                _refuse(actor=None)
        except ValidationError:
            pass
        services.supplier_create(actor=None, name="Sau đó", kind="supplier", tax_code="0404040404")
    assert set(Supplier.objects.values_list("tax_code", flat=True)) == {"0303030303", "0404040404"}


def test_a_fact_is_forgotten_with_the_savepoint_it_was_learnt_in():
    transaction_memo.remember("outer")
    with transaction.atomic():
        transaction_memo.remember("inner")
        assert transaction_memo.recall("inner")
        transaction.set_rollback(True)
    assert transaction_memo.recall("outer")
    assert transaction_memo.recall("inner") is None
    with transaction.atomic():
        transaction_memo.remember("kept")
    assert transaction_memo.recall("kept")


@pytest.mark.django_db(transaction=True)
def test_nothing_is_remembered_outside_a_transaction_nor_after_it():
    transaction_memo.remember("loose")
    assert transaction_memo.recall("loose") is None
    with transaction.atomic():
        transaction_memo.remember("ended")
        assert transaction_memo.recall("ended")
    with transaction.atomic():
        assert transaction_memo.recall("ended") is None


def test_a_lock_the_transaction_holds_is_not_asked_for_again():
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            transaction_memo.hold_advisory_lock(7_399_999, 1)
        transaction_memo.hold_advisory_lock(7_399_999, 1, shared=True)
    assert len([query for query in queries if "pg_advisory_xact_lock" in query["sql"]]) == 2


def test_a_year_closed_in_the_same_transaction_refuses_what_posted_in_it_before(tree):
    year = 2016
    periods.require_open([tree.province], datetime.date(year, 5, 1))
    with CaptureQueriesContext(connection) as queries:
        periods.require_open([tree.province], datetime.date(year, 6, 1))
    assert len(queries) == 0  # the lock is held and the year known to have no closure
    budget_services.year_close(actor=None, fiscal_year=budget_services.fiscal_year_for(year), unit=tree.province)
    with pytest.raises(ValidationError):
        periods.require_open([tree.province], datetime.date(year, 7, 1))


def test_a_closure_rolled_back_with_its_savepoint_closes_nothing(tree):
    year = 2017
    periods.require_open([tree.province], datetime.date(year, 5, 1))
    with transaction.atomic():
        budget_services.year_close(actor=None, fiscal_year=budget_services.fiscal_year_for(year), unit=tree.province)
        with pytest.raises(ValidationError):
            periods.require_open([tree.commune_a1], datetime.date(year, 6, 1))
        transaction.set_rollback(True)
    periods.require_open([tree.commune_a1], datetime.date(year, 7, 1))


@pytest.fixture
def users(tree, make_user):
    return {
        "officer here": make_user(Role.LOGISTICS_OFFICER, tree.district_a),
        "officer elsewhere": make_user(Role.LOGISTICS_OFFICER, tree.district_b),
        "commander here": make_user(Role.UNIT_COMMANDER, tree.district_a),
        "administrator": make_user(Role.ADMINISTRATOR, tree.commune_b1),
        "inactive officer": make_user(Role.LOGISTICS_OFFICER, tree.district_a, is_active=False),
        "nobody": make_user(None, tree.district_a),
    }


def _verdict(check, user, record):
    try:
        check(user, "change", record)
    except PermissionDenied:
        return "refused"
    return "allowed"


def test_a_locked_record_is_checked_as_require_checks_it_without_a_query(tree, users):
    record = PersonnelFactory(unit=tree.commune_a1)
    for name, user in users.items():
        locked = Personnel.objects.select_for_update().get(pk=record.pk)
        user.has_perm("logistics.change_personnel")  # the permissions, read once per user anyway
        scoped_unit_ids(user)  # and the units reached
        with CaptureQueriesContext(connection) as queries:
            verdict = _verdict(require_locked, user, locked)
        assert len(queries) == 0, name
        assert verdict == _verdict(require, user, locked), name
    assert _verdict(require_locked, users["officer here"], record) == "allowed"
    assert _verdict(require_locked, users["officer elsewhere"], record) == "refused"
