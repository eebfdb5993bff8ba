"""Many spending entries against one allocation at once (``spending_create_many``): each row meets
the refusals of ``spending_create``, named by its row, nothing is saved unless every row passes,
and what is saved is what the one-entry service saves, history included."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from budget import services
from budget.models import Allocation, Spending
from logistics.models import Supplier
from logistics.roles import Role
from tests.fixtures.budget import PAST_YEAR

pytestmark = pytest.mark.django_db

DAY = datetime.date(PAST_YEAR, 5, 10)


@pytest.fixture(autouse=True)
def english():
    """The messages below are written as the source strings read."""
    with translation.override("en"):
        yield


def entry(**fields):
    return {
        "kind": "payment",
        "date": DAY,
        "amount": 1_000_000,
        "voucher_number": "C-1",
        "description": "Thanh toán",
        "post": True,
        **fields,
    }


def row_messages(number, refusal):
    """The single service's refusal as the many-entry service words it for row ``number``."""
    return [
        f"Row {number}, {Spending._meta.get_field(field).verbose_name}: {message}"
        for field, messages in refusal.message_dict.items()
        for message in messages
    ]


REFUSALS = [
    ({"date": timezone.localdate() + datetime.timedelta(days=3)}, "date"),
    ({"date": datetime.date(PAST_YEAR - 1, 12, 31)}, "date"),
    ({"amount": 0}, "amount"),
    ({"amount": -5}, "amount"),
    ({"amount": 50_000_000}, "amount"),
    ({"kind": "reversal"}, "kind"),
    ({"kind": "loan"}, "kind"),
    ({"voucher_number": "  "}, "voucher_number"),
    ({"description": "x" * 301}, "description"),
]


@pytest.mark.parametrize(("fields", "error_field"), REFUSALS)
def test_an_entry_is_refused_as_the_single_service_refuses_it_named_by_its_row(make_allocation, fields, error_field):
    allocation = make_allocation(10_000_000)
    with pytest.raises(ValidationError) as single:
        services.spending_create(actor=None, allocation=allocation, **entry(**fields))
    assert error_field in single.value.message_dict
    with pytest.raises(ValidationError) as raised:
        services.spending_create_many(
            actor=None,
            allocation=allocation,
            # the drafts around it leave the allocation whole, as it is for the single entry
            entries=[entry(post=False), entry(**fields), entry(voucher_number="C-3", post=False)],
        )
    assert raised.value.message_dict == {"entries": row_messages(2, single.value)}
    assert not Spending.objects.exists()
    assert Allocation.objects.get(pk=allocation.pk).spent_total == 0


def test_a_draft_allocation_and_a_missing_payee_are_refused_alike(make_allocation, tree):
    draft = make_allocation(10_000_000, approve=False)
    with pytest.raises(ValidationError) as single:
        services.spending_create(actor=None, allocation=draft, **entry())
    with pytest.raises(ValidationError) as raised:
        services.spending_create_many(actor=None, allocation=draft, entries=[entry(), entry()])
    assert raised.value.message_dict == {"entries": row_messages(1, single.value) + row_messages(2, single.value)}
    allocation = make_allocation(10_000_000, unit=tree.commune_a2)
    gone = Supplier.objects.create(name="Đã xóa", kind="supplier", tax_code="0909090909")
    Supplier.objects.filter(pk=gone.pk).delete()
    with pytest.raises(ValidationError) as single:
        services.spending_create(actor=None, allocation=allocation, **entry(payee=gone))
    with pytest.raises(ValidationError) as raised:
        services.spending_create_many(actor=None, allocation=allocation, entries=[entry(payee=gone)])
    assert raised.value.message_dict == {"entries": row_messages(1, single.value)}
    assert not Spending.objects.exists()


def test_each_posted_entry_counts_against_what_the_entries_before_it_left(make_allocation):
    allocation = make_allocation(10_000_000)
    rows = [
        entry(amount=6_000_000),
        entry(amount=5_000_000, post=False, voucher_number="C-2"),
        entry(amount=3_000_000, voucher_number="C-3"),
        entry(amount=2_000_000, voucher_number="C-4"),
    ]
    with pytest.raises(ValidationError) as raised:
        services.spending_create_many(actor=None, allocation=allocation, entries=rows)
    assert raised.value.message_dict == {
        "entries": ["Row 4, amount: Exceeds the allocation left: 1.000.000\xa0₫ left, 2.000.000\xa0₫ requested."]
    }
    assert not Spending.objects.exists()
    saved = services.spending_create_many(actor=None, allocation=allocation, entries=rows[:3])
    assert [entry.status for entry in saved] == ["posted", "draft", "posted"]
    assert Allocation.objects.get(pk=allocation.pk).available == 1_000_000


def test_entries_are_saved_as_the_single_service_saves_them(make_allocation, tree):
    payee = Supplier.objects.create(name="Công ty Thử", kind="supplier", tax_code="0101234567")
    rows = [entry(payee=payee, voucher_number=" C-1 "), entry(amount=2_000_000, post=False, voucher_number="C-2")]
    first = make_allocation(10_000_000)
    second = make_allocation(10_000_000, unit=tree.commune_a2)
    singles = [services.spending_create(actor=None, allocation=first, **row) for row in rows]
    many = services.spending_create_many(actor=None, allocation=second, entries=rows)
    fields = ("kind", "date", "amount", "payee", "voucher_number", "description", "status")
    assert [Spending.objects.values(*fields).get(pk=e.pk) for e in many] == [
        Spending.objects.values(*fields).get(pk=e.pk) for e in singles
    ]
    assert Allocation.objects.get(pk=first.pk).spent_total == Allocation.objects.get(pk=second.pk).spent_total
    spending_events = apps.get_model("budget", "SpendingEvent").objects
    allocation_events = apps.get_model("budget", "AllocationEvent").objects

    def labels(events, **where):
        return list(events.filter(**where).order_by("pgh_id").values_list("pgh_obj_id", "pgh_label"))

    assert [label for _pk, label in labels(spending_events, allocation_id=second.pk)] == [
        label for _pk, label in labels(spending_events, allocation_id=first.pk)
    ]
    assert len(labels(allocation_events, pgh_obj_id=second.pk)) == len(labels(allocation_events, pgh_obj_id=first.pk))


def test_the_allocation_is_locked_and_the_payees_read_once_for_all_entries(make_allocation):
    payee = Supplier.objects.create(name="Công ty Thử", kind="supplier", tax_code="0101234567")
    allocation = make_allocation(100_000_000)
    rows = [entry(payee=payee, voucher_number=f"C-{n}") for n in range(6)]
    with CaptureQueriesContext(connection) as queries:
        services.spending_create_many(actor=None, allocation=allocation, entries=rows)
    sql = [query["sql"] for query in queries]
    assert len([s for s in sql if "FOR UPDATE" in s]) == 1
    assert len([s for s in sql if 'FROM "logistics_supplier"' in s]) == 1


def test_permissions_are_those_of_the_single_service(make_allocation, make_user, tree):
    allocation = make_allocation(10_000_000)
    outsider = make_user(Role.LOGISTICS_OFFICER, tree.commune_b1)
    commander = make_user(Role.UNIT_COMMANDER, tree.province)
    for actor in (outsider, commander):
        with pytest.raises(PermissionDenied):
            services.spending_create(actor=actor, allocation=allocation, **entry())
        with pytest.raises(PermissionDenied):
            services.spending_create_many(actor=actor, allocation=allocation, entries=[entry()])
    officer = make_user(Role.LOGISTICS_OFFICER, tree.commune_a1)
    services.spending_create_many(actor=officer, allocation=allocation, entries=[entry()])
    assert Spending.objects.get().posted_by == officer
