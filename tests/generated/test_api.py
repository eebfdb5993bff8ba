"""Every API list endpoint and its records, as the administrator, as an officer of the branch the
record is in, and as a user of another branch (404): list, detail, ``?q=`` and ``?export=csv``.

Generated from the API's routes (``declarations.api_list_endpoints``) and the sample builders.
"""

from __future__ import annotations

import pytest

from logistics.search import search_terms
from tests.generated.conftest import api, as_csv, csv_rows, export_row
from tests.generated.declarations import api_list_endpoints, label_of, page_declarations
from tests.generated.samples import SAMPLES
from tests.scope_walk import _is_scoped

pytestmark = pytest.mark.django_db

ENDPOINTS = {label_of(route.model): route for route in api_list_endpoints()}
LABELS = sorted(ENDPOINTS)
DECLARATIONS = {label_of(declaration.model): declaration for declaration in page_declarations()}
SEARCHABLE = [
    label
    for label in LABELS
    if "q" in getattr(ENDPOINTS[label].filterset, "base_filters", {})
    and any(f.name == "search_text" for f in ENDPOINTS[label].model._meta.fields)
]


def ids(client, url: str, **params) -> set:
    """The ids of every row of every page of the list at ``url``."""
    found = set()
    while url:
        response = client.get(url, params)
        assert response.status_code == 200, response.content[:500]
        body = response.json()
        found |= {row.get("id", row.get("year")) for row in body.get("results", body)}
        url, params = body.get("next"), {}
    return found


def test_every_endpoint_has_a_sample_builder_and_a_page_declaration():
    assert not [label for label in LABELS if label not in SAMPLES], "add a builder to tests/generated/samples.py"
    # The API exports the columns of the model's web list.
    assert not [label for label in LABELS if label not in DECLARATIONS]


@pytest.mark.parametrize("label", LABELS)
def test_list_and_detail(world, label):
    route = ENDPOINTS[label]
    model = route.model
    sample = world.sample(model)
    reader = world.reader(model, "view", sample)
    outsider = world.outsider(model)
    assert sample.pk in ids(api(world.admin), route.url(), page_size=500)
    assert sample.pk in ids(api(reader), route.url(), page_size=500)
    assert (sample.pk in ids(api(outsider), route.url(), page_size=500)) is not _is_scoped(model)
    detail = f"{route.url()}{sample.pk}/"
    assert api(world.admin).get(detail).status_code == 200
    assert api(reader).get(detail).status_code == 200
    assert api(outsider).get(detail).status_code == (404 if _is_scoped(model) else 200)


@pytest.mark.parametrize("label", SEARCHABLE)
def test_search_finds_the_sample(world, label):
    route = ENDPOINTS[label]
    sample = world.sample(route.model)
    text = type(sample).objects.values_list("search_text", flat=True).get(pk=sample.pk)
    word = max(search_terms(text), key=len)
    reader = world.reader(route.model, "view", sample)
    assert sample.pk in ids(api(reader), route.url(), q=word), word
    assert sample.pk not in ids(api(reader), route.url(), q=f"{word}khongco")


@pytest.mark.parametrize("label", LABELS)
def test_csv_export_holds_the_rows_in_scope(world, label):
    route = ENDPOINTS[label]
    model = route.model
    sample = world.sample(model)
    reader = world.reader(model, "view", sample)
    row = as_csv(export_row(sample, DECLARATIONS[label], reader))
    assert row in csv_rows(api(reader).get(route.url(), {"export": "csv"}))
    if _is_scoped(model):
        assert row not in csv_rows(api(world.outsider(model)).get(route.url(), {"export": "csv"}))
