"""Long lists: counts exact up to a threshold and estimated beyond, pages by position (cursor)
that walk a list completely in any ordering, totals on demand past the threshold, and a page that
costs the same queries however deep it is."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

from budget.models import Spending
from logistics.paging import RowCount
from tests.conftest import api_for, logged_in
from tests.factories import SupplierFactory
from tests.fixtures.budget import PAST_YEAR

pytestmark = pytest.mark.django_db

API = "/api/budget/spending/"
AMOUNTS = (3_000_000, 1_000_000, 2_000_000)


@pytest.fixture
def entries(make_allocation, spend):
    """19 posted entries: amounts and dates repeat, a third have no payee (sorted last going up)."""
    allocation = make_allocation(1_000_000_000)
    suppliers = [SupplierFactory(name=name) for name in ("Công ty Bình", "Công ty An")]
    made = []
    for index in range(19):
        entry = spend(allocation, AMOUNTS[index % 3], day=datetime.date(PAST_YEAR, 1 + index % 4, 10))
        payee = None if index % 3 == 0 else suppliers[index % 2]
        Spending.objects.filter(pk=entry.pk).update(payee=payee)
        made.append(entry)
    return made


def _walk(client, first_url, *, params=None, backwards_from_end=False):
    """The ids met following ``next`` links from ``first_url`` (and then ``previous`` links back)."""
    forward, pages, url, query = [], [], first_url, params
    while url:
        response = client.get(url, query)
        assert response.status_code == 200, response.content
        data = response.json()
        pages.append(data)
        forward.extend(row["id"] for row in data["results"])
        url, query = data["next"], None
    backward = []
    url = pages[-1]["previous"]
    while url:
        data = client.get(url).json()
        backward[:0] = [row["id"] for row in data["results"]]
        url = data["previous"]
    return forward, backward, pages


def _sort_value(entry, field):
    value = getattr(entry, field)
    return value.name if field == "payee" and value is not None else value


@pytest.mark.parametrize("ordering", [None, "amount", "-amount", "date", "-date", "payee", "-payee", "id"])
def test_a_cursor_walks_the_whole_list_once_in_every_ordering(officer, entries, ordering):
    client = api_for(officer)
    params = {"cursor": "", "page_size": 4, **({"ordering": ordering} if ordering else {})}
    forward, backward, pages = _walk(client, API, params=params)
    assert len(forward) == len(set(forward)) == len(entries)
    assert set(forward) == {entry.pk for entry in entries}
    # Back from the last page, the previous links give the same rows before it, in the same order.
    last_page = [row["id"] for row in pages[-1]["results"]]
    assert backward + last_page == forward
    if ordering:
        field = ordering.lstrip("-")
        by_id = {entry.pk: entry for entry in Spending.objects.select_related("payee")}
        values = [_sort_value(by_id[pk], field) for pk in forward]
        present = [value for value in values if value is not None]
        expected = sorted(present, reverse=ordering.startswith("-"))
        assert present == expected
        # PostgreSQL's place for rows without a value: last going up, first going down.
        missing = [value is None for value in values]
        if any(missing):
            assert missing == sorted(missing, reverse=ordering.startswith("-"))
    # Pages after the first link both ways; cursors, not page numbers.
    assert pages[0]["previous"] is None and "cursor=" in pages[0]["next"] and "page=" not in pages[0]["next"]
    assert all(page["count"] == len(entries) and page["count_is_estimate"] is False for page in pages)


def test_the_page_number_client_keeps_working(officer, entries):
    data = api_for(officer).get(API, {"page": 2, "page_size": 5}).json()
    assert data["count"] == 19 and data["count_is_estimate"] is False and len(data["results"]) == 5
    assert "page=3" in data["next"] and "cursor" not in data["next"]


@pytest.mark.parametrize(
    "params",
    [
        {"cursor": "garbage"},
        {"cursor": "eyJvIjpbIi1kYXRlIl19:1xYBHq:tampered"},
        {"cursor": "", "page": 1},
    ],
)
def test_a_bad_cursor_is_a_400_that_says_so(officer, entries, params):
    response = api_for(officer).get(API, params)
    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


def test_a_cursor_of_another_ordering_is_refused(officer, entries):
    client = api_for(officer)
    following = client.get(API, {"cursor": "", "page_size": 4, "ordering": "amount"}).json()["next"]
    cursor = parse_qs(urlsplit(following).query)["cursor"][0]
    response = client.get(API, {"cursor": cursor, "page_size": 4, "ordering": "-date"})
    assert response.status_code == 400
    message = "This cursor belongs to another ordering of the list: start again from its first page."
    said = set()
    for language in ("vi", "en"):
        with translation.override(language):
            said.add(translation.gettext(message))
    assert response.json()["errors"]["cursor"][0] in said


def test_counts_beyond_the_threshold_are_estimates(officer, entries, settings):
    settings.LIST_COUNT_THRESHOLD = 5
    client = api_for(officer)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE budget_spending")
    for params in ({}, {"cursor": ""}):
        data = client.get(API, params).json()
        assert data["count_is_estimate"] is True
        assert data["count"] > 5
    settings.LIST_COUNT_THRESHOLD = 19
    data = client.get(API).json()
    assert (data["count"], data["count_is_estimate"]) == (19, False)
    # The page says the count is an estimate.
    settings.LIST_COUNT_THRESHOLD = 5
    response = logged_in(officer).get(reverse("budget:spending_list"))
    text = response.content.decode()
    count = response.context["pager"].count
    assert count.estimated and count.text in text
    with translation.override("en"):
        assert count.text.startswith(("more than 5", "about "))
    assert RowCount(1_234_567, estimated=True, threshold=10_000).text in ("about 1.200.000", "khoảng 1.200.000")
    assert RowCount(10_001, estimated=True, threshold=10_000).text in ("more than 10.000", "hơn 10.000")


def test_the_schema_documents_the_cursor_and_the_estimate():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    listing = schema["paths"][API]["get"]
    assert "cursor" in {parameter["name"] for parameter in listing["parameters"]}
    page = schema["components"]["schemas"]["PaginatedSpendingList"]
    assert page["properties"]["count_is_estimate"]["type"] == "boolean"


def _records(response):
    return [row.record.pk for row in response.context["table"].paginated_rows]


def test_the_web_list_goes_on_by_position_past_the_numbered_pages_keeping_filters(officer, entries, settings):
    settings.LIST_NUMBERED_PAGES = 2
    client = logged_in(officer)
    url = reverse("budget:spending_list")
    query = {"status": "posted", "per_page": 4, "sort": "-signed_amount"}
    numbered = [_records(client.get(url, {**query, "page": page})) for page in (1, 2, 3)]
    second = client.get(url, {**query, "page": 2})
    pager = second.context["pager"]
    assert [number for number, _link in pager.pages] == [1, 2]
    following = parse_qs(urlsplit(pager.next_url).query)
    assert "cursor" in following and "page" not in following
    assert following["status"] == ["posted"] and following["sort"] == ["-signed_amount"]
    third = client.get(url, {key: values[0] for key, values in following.items()})
    assert third.status_code == 200
    assert _records(third) == numbered[2]
    # Walk on by position to the end, then back: every row once, filters kept on every link.
    seen = [*numbered[0], *numbered[1], *_records(third)]
    page = third
    while page.context["pager"].next_url:
        link = page.context["pager"].next_url
        assert "status=posted" in link and "sort=-signed_amount" in link
        page = client.get(url + link)
        seen.extend(_records(page))
    assert sorted(seen) == sorted(entry.pk for entry in entries)
    assert len(seen) == len(set(seen))
    back = page.context["pager"].previous_url
    assert "status=posted" in back and "cursor=" in back
    assert client.get(url + back).status_code == 200


def test_a_bad_cursor_on_a_web_list_shows_the_first_page_with_a_message(officer, entries):
    response = logged_in(officer).get(reverse("budget:spending_list"), {"cursor": "garbage"})
    assert response.status_code == 400
    assert response.context["pager"].number == 1
    assert "cursor" in response.content.decode().lower() or response.context["messages"]


def test_totals_are_computed_at_once_under_the_threshold_and_on_demand_beyond(officer, entries, settings):
    client = logged_in(officer)
    url = reverse("budget:spending_list")
    expected = sum(entry.amount for entry in entries)
    small = client.get(url)
    assert small.context["total_values"]["signed_amount"] == expected
    assert small.context["totals_url"] is None
    settings.LIST_COUNT_THRESHOLD = 5
    large = client.get(url, {"status": "posted"})
    assert large.context["total_values"] == {}
    assert 'data-testid="totals-link"' in large.content.decode()
    asked = client.get(url + large.context["totals_url"])
    assert "status=posted" in large.context["totals_url"]
    assert asked.context["total_values"]["signed_amount"] == expected


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("door", ["api", "web"])
def test_pages_by_position_cost_the_same_queries_however_deep(officer, entries, door, settings):
    settings.LIST_COUNT_THRESHOLD = 5  # the estimate's query counts too
    if door == "api":
        client, url, params = api_for(officer), API, {"cursor": "", "page_size": 3, "ordering": "payee"}
    else:
        client, url, params = (
            logged_in(officer),
            reverse("budget:spending_list"),
            {"cursor": "", "per_page": 3, "sort": "payee"},
        )
    _queries(client, url, params)  # caches warm
    costs, link = [], None
    for _page in range(4):
        response = client.get(url + link if link and door == "web" else (link or url), None if link else params)
        with CaptureQueriesContext(connection) as context:
            client.get(url + link if link and door == "web" else (link or url), None if link else params)
        costs.append(len(context.captured_queries))
        link = response.json()["next"] if door == "api" else response.context["pager"].next_url
    assert len(set(costs)) == 1, costs
