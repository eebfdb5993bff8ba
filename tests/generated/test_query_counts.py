"""Every list page and every API list costs the same number of queries for one row as for many.

Each sample builder makes its record with new records around it (its own unit, category, work…),
so rows that each fetched their related records one by one would show here.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.generated.conftest import api, fresh, web
from tests.generated.declarations import api_list_endpoints, label_of, page_declarations
from tests.generated.samples import LIST_FILTERS, SAMPLES

pytestmark = pytest.mark.django_db

#: Rows added to the one of the world before counting again: two, so that a relation fetched row
#: by row shows as two more queries.
MORE = 2

PAGES = {label_of(declaration.model): declaration for declaration in page_declarations()}
ENDPOINTS = {label_of(route.model): route for route in api_list_endpoints()}


def queries(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("label", sorted(PAGES.keys() | ENDPOINTS.keys()))
def test_lists_cost_the_same_queries_for_one_row_as_for_many(world, label):
    model = (PAGES[label] if label in PAGES else ENDPOINTS[label]).model
    reader = world.reader(model, "view", world.sample(model))
    filters = LIST_FILTERS.get(label, {})
    lists = []
    if label in PAGES:
        lists.append((web, PAGES[label].url("list"), {"per_page": 50, **filters}))
    if label in ENDPOINTS:
        lists.append((api, ENDPOINTS[label].url(), {"page_size": 50, **filters}))

    def count() -> list[int]:
        # A new client and user object per request, as in production: nothing cached between them.
        return [queries(client(fresh(reader)), url, params) for client, url, params in lists]

    for client, url, params in lists:
        queries(client(reader), url, params)  # the process's caches (content types…) warm
    few = count()
    for _ in range(MORE):
        SAMPLES[label](world.inside)
    assert count() == few
