"""Each big list's orderings, with the filters users combine with them, are served by an index walked
in order (its first page reads a page of rows, not the whole list), and the indexes are the ones
the migrations make."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from assets.choices import ItemStatus
from assets.models import Item, Movement, Voucher
from budget.models import Spending
from logistics.models import Personnel
from logistics.paging import stable_order
from logistics.roles import Role
from logistics.scope import restrict
from medical.choices import Service
from medical.models import Encounter
from tests.plans import query_plan

pytestmark = pytest.mark.django_db

# (model, ordering asked for, filter combined with it, the index that must serve it, its columns)
CASES = [
    (Spending, ["-date"], {}, "spending_date_order", ["date", "id"]),
    (Spending, ["-amount"], {}, "spending_amount_order", ["amount", "id"]),
    (Spending, ["amount"], {}, "spending_amount_order", ["amount", "id"]),
    (Spending, ["-signed_amount"], {}, "spending_signed_order", ["signed_amount", "id"]),
    (Spending, ["-date"], {"status": "posted"}, "spending_status_date", ["status", "date", "id"]),
    (Spending, ["-date"], {"allocation_id": 1}, "spending_alloc_date", ["allocation_id", "date", "id"]),
    (Item, ["-cost"], {}, "item_cost_order", ["cost", "id"]),
    (Item, ["-cost"], {"status": ItemStatus.ISSUED}, "item_status_cost", ["status", "cost", "id"]),
    (Item, ["acquired_on"], {}, "item_acquired_order", ["acquired_on", "id"]),
    (Voucher, ["-date"], {}, "voucher_date_order", ["date", "id"]),
    (Voucher, ["-date"], {"status": "posted"}, "voucher_status_date", ["status", "date", "id"]),
    (Movement, ["-date"], {}, "movement_date_order", ["date", "id"]),
    (Movement, ["-value"], {}, "movement_value_order", ["value", "id"]),
    (Movement, ["-date"], {"unit_id": 1}, "movement_unit_date", ["unit_id", "date", "id"]),
    (Encounter, ["-date"], {}, "encounter_date_order", ["date", "id"]),
    (Encounter, ["service"], {}, "encounter_service_order", ["service", "id"]),
    (Encounter, ["-date"], {"service": Service.EXAMINATION}, "encounter_service_date", ["service", "date", "id"]),
    (Personnel, ["full_name"], {}, "personnel_name_order", ["full_name", "id"]),
    (Personnel, ["full_name"], {"unit_id": 1}, "personnel_unit_name", ["unit_id", "full_name", "id"]),
]


def _plan(queryset) -> str:
    # Nothing may be read whole or sorted whole: only an index giving the order is left.
    return query_plan(queryset, without=("seqscan", "sort", "bitmapscan"))


def _index_columns(table: str, name: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT a.attname FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) ON true
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
            WHERE c.relname = %s AND t.relname = %s ORDER BY k.position
            """,
            [name, table],
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.parametrize(
    ("model", "ordering", "filters", "index", "columns"),
    CASES,
    ids=[f"{case[0].__name__}-{','.join(case[1])}-{'+'.join(case[2]) or 'all'}" for case in CASES],
)
def test_the_first_page_of_each_ordering_is_read_from_an_index(
    model, ordering, filters, index, columns, make_user, tree
):
    admin = make_user(Role.ADMINISTRATOR, tree.province)
    queryset = stable_order(restrict(model.objects.all(), admin).filter(**filters).order_by(*ordering))
    assert _index_columns(model._meta.db_table, index) == columns
    plan = _plan(queryset[:50])
    assert index in plan and "Sort" not in plan, plan


def test_a_whole_force_commanders_list_is_read_from_the_same_index(make_user, tree):
    commander = make_user(Role.UNIT_COMMANDER, tree.province)
    queryset = stable_order(restrict(Spending.objects.all(), commander).order_by("-amount"))
    plan = _plan(queryset[:50])
    assert "spending_amount_order" in plan and "allocation" not in plan, plan


def test_the_indexes_are_made_by_the_migrations_concurrently():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    made = {}
    for (app, _name), migration in loader.disk_migrations.items():
        for operation in migration.operations:
            index = getattr(operation, "index", None)
            if index is not None and type(operation).__name__ == "AddIndexConcurrently":
                assert migration.atomic is False
                made[index.name] = (app, list(index.fields))
    for model, _ordering, _filters, name, columns in CASES:
        if name == "movement_date_order":  # made earlier, with the ledger's summaries
            continue
        assert name in made, name
        assert [field if field == "id" else model._meta.get_field(field).column for field in made[name][1]] == columns


def test_the_items_list_sorts_only_the_first_types_items(make_user, tree, catalogue):
    """Items are listed by their type's name (another table): the types are read in name order from
    their index and the items of the first types sorted, never every item."""
    admin = make_user(Role.ADMINISTRATOR, tree.province)
    assert _index_columns("assets_itemtype", "itemtype_name_order") == ["name"]
    queryset = stable_order(restrict(Item.objects.select_related("item_type"), admin))
    plan = query_plan(queryset[:50], without=("seqscan", "hashjoin", "mergejoin"))
    assert "itemtype_name_order" in plan and "Incremental Sort" in plan, plan
