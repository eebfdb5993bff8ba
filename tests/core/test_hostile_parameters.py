"""Every list, page and API list refuses hostile query parameters cleanly: no 5xx anywhere; the API
answers 400 naming each parameter it refuses, a web list shows the message beside the filter.

The values are what a careless user or an attacker sends: numbers too large for any column, a
fraction where a year goes, impossible dates, text for an id, a NUL byte, a very long string. Each
request sends one value in every parameter of the page at once (the page's filters, or the names its
form declares), so that the whole walk stays quick.
"""

import html
import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_filters import CharFilter, DateFilter, ModelChoiceFilter, NumberFilter
from rest_framework.test import APIClient

from assets.models import Movement
from budget.models import Allocation
from logistics.registry import LOOKUP, registry
from logistics.report_centre import all_reports
from logistics.roles import Role
from tests.api_walk import api_lists
from tests.factories import UserFactory
from tests.fixtures.everything import build_everything

# A hostile ``sort`` makes django-tables2 warn about the accessor before it ignores it.
pytestmark = pytest.mark.filterwarnings("ignore:Use '__' to separate path components:DeprecationWarning")

NUL = "a\x00b"
LONG = "x" * 5000
#: value → the filter classes that must refuse it (the API names them in its 400, a web list shows
#: the message beside them).
HOSTILE = {
    "1e30": (NumberFilter,),
    "99999999999999999999": (NumberFilter,),  # 20 digits
    "9223372036854775808": (NumberFilter,),  # one beyond bigint
    "0.99999": (NumberFilter, ModelChoiceFilter),
    "-1": (),
    "31/02/2024": (NumberFilter, ModelChoiceFilter, DateFilter),
    "99999-01-01": (NumberFilter, ModelChoiceFilter, DateFilter),
    "01/01/0001": (NumberFilter, ModelChoiceFilter, DateFilter),
    "abc": (NumberFilter, ModelChoiceFilter),
    NUL: (NumberFilter, ModelChoiceFilter, DateFilter, CharFilter),
    LONG: (NumberFilter, ModelChoiceFilter, DateFilter, CharFilter),
}
#: The heavier web pages take one value of each kind (the API, quick to ask, takes them all).
ON_PAGES = [value for value in HOSTILE if value not in ("9223372036854775808", "01/01/0001")]
#: Values also tried on each web list's export (a file must not hold more than was asked for).
EXPORTED = ("1e30", NUL)


def refused(filterset_class, value, *, api: bool) -> set[str]:
    names = {name for name, filter_ in filterset_class.base_filters.items() if isinstance(filter_, HOSTILE[value])}
    if api and value == NUL:
        names |= set(filterset_class.base_filters)  # no API parameter takes a NUL byte
    return names


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One record of every kind and an administrator, built once for the module inside a
    transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_everything()
        admin = UserFactory(unit=built.tree.province, roles=[Role.ADMINISTRATOR], is_staff=True)
        officer = UserFactory(unit=built.tree.province, roles=[Role.LOGISTICS_OFFICER])
        yield built, admin, officer
        transaction.set_rollback(True)


@pytest.fixture
def admin(world, db):
    return world[1]


def test_api_lists_refuse_hostile_filters_naming_each(admin):
    client = APIClient()
    client.force_authenticate(admin)
    lists = [route for route in api_lists() if route.filterset is not None]
    assert len(lists) > 30
    for value in HOSTILE:
        for route in lists:
            params = dict.fromkeys(route.filterset.base_filters, value) | {"page": value, "ordering": value}
            response = client.get(route.url(), params)
            assert response.status_code < 500, (route.pattern, value, response.content[:300])
            assert response["Content-Type"].startswith("application/json"), route.pattern
            expected = refused(route.filterset, value, api=True)
            if response.status_code == 400:
                errors = response.json()["errors"]
                assert set(errors) <= set(params), (route.pattern, errors)
                assert expected <= set(errors), (route.pattern, repr(value[:20]), errors)
            else:
                assert not expected, (route.pattern, repr(value[:20]), response.status_code)


def test_web_lists_show_hostile_filters_refused_beside_the_field(admin):
    client = Client()
    client.force_login(admin)
    for value in ON_PAGES:
        for declaration in registry.pages():
            url = declaration.url("list")
            filters = declaration.filterset.base_filters
            response = client.get(url, dict.fromkeys([*filters, "page", "per_page", "sort"], value))
            assert response.status_code == 200, (url, repr(value[:20]), response.status_code)
            form = response.context["filterset"].form
            expected = refused(declaration.filterset, value, api=False)
            assert expected <= set(form.errors), (url, repr(value[:20]), form.errors)
            page = response.content.decode()
            for messages in form.errors.values():
                for message in messages:
                    assert html.escape(message) in page, (url, message)
            if value in EXPORTED:
                export = client.get(declaration.url("export"), dict.fromkeys(filters, value) | {"format": "csv"})
                assert export.status_code < 500, (url, repr(value[:20]))
                if form.errors:  # back to the list and its messages, not a file of every row
                    assert export.status_code in (302, 400), (url, export.status_code)
                    assert export.status_code == 400 or export["Location"].startswith(url)


def test_pages_and_lookups_never_answer_a_server_error(admin):
    client = Client()
    client.force_login(admin)
    pages = [reverse("home"), *(reverse(entry.url_name) for entry in all_reports())]
    parameters = {url: _form_parameters(client, url) for url in pages}
    lookups = [
        reverse("lookup", kwargs={"app_label": model._meta.app_label, "model": model._meta.model_name})
        for model in registry.models_with(LOOKUP)
    ]
    for value in ON_PAGES:
        for url in pages:
            for fmt in ("", "csv"):  # the page, and the report as a file
                response = client.get(url, dict.fromkeys(parameters[url], value) | {"format": fmt})
                assert response.status_code < 500, (url, fmt, repr(value[:20]))
        response = client.get(reverse("search"), {"q": value})
        assert response.status_code in (200, 400), repr(value[:20])
        for url in lookups:
            response = client.get(url, {"q": value, "status": value})
            assert response.status_code in (200, 400), (url, repr(value[:20]))
            assert response["Content-Type"] == "application/json"


def _form_parameters(client, url) -> list[str]:
    """The names a page's own form sends (its period or filter form), read from the page."""
    page = client.get(url).content.decode()
    forms = re.findall(r'<form[^>]*method="get".*?</form>', page, re.S)
    names = {name for form in forms for name in re.findall(r'name="([a-z_]+)"', form)}
    return sorted(names | {"unit", "date_from", "date_to", "year_from", "year_to"})


def test_unknown_api_parameters_answer_400_naming_them(world, db):
    built, _admin, officer = world
    client = APIClient()
    client.force_authenticate(officer)
    response = client.get("/api/assets/movements/", {"voucher": 1})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and set(body["errors"]) == {"voucher"}
    assert "item_type" in body["errors"]["voucher"][0]  # the message lists what the list takes
    # Known ones pass: filters, pagination, ordering, export.
    movement = built[Movement]
    known = {"item_type": movement.item_type_id, "page": 1, "page_size": 5, "ordering": "-date"}
    response = client.get("/api/assets/movements/", known)
    assert response.status_code == 200, response.json()
    assert [row["id"] for row in response.json()["results"]] == [movement.pk]
    assert client.get("/api/assets/movements/", {"date_from": "2024-01-01", "export": "csv"}).status_code == 200


def test_a_web_list_says_why_a_filter_is_refused_and_still_answers(world, db):
    built, _admin, officer = world
    client = Client()
    client.force_login(officer)
    response = client.get(reverse("budget:allocation_list"), {"year": "0.99999", "q": NUL})
    assert response.status_code == 200
    assert set(response.context["filterset"].form.errors) == {"year", "q"}
    assert response.context["row_count"] == Allocation.objects.count() == 2  # as if unfiltered
    page = response.content.decode()
    with translation.override("vi"):
        for message in ("Enter a whole number.", "Null characters are not allowed."):
            assert f'<div class="invalid-feedback d-block">{translation.gettext(message)}</div>' in page


def test_a_nul_byte_in_the_search_is_said_beside_the_box(world, db):
    _built, _admin, officer = world
    client = Client()
    client.force_login(officer)
    response = client.get(reverse("search"), {"q": NUL})
    assert response.status_code == 400
    assert response.context["error"] and response.context["groups"] == []
    assert 'id="search-error"' in response.content.decode()
    assert client.get(reverse("search"), {"q": "Thanh Hà"}).status_code == 200


def test_the_dashboard_and_annual_report_say_a_wrong_unit_or_date_and_fall_back(world, db):
    built, _admin, officer = world
    client = Client()
    client.force_login(officer)
    for url in (reverse("home"), reverse("annual_report")):
        response = client.get(url, {"unit": "abc", "date_from": "01/01/0001"})
        assert response.status_code == 200, url
        form = response.context["form"]
        assert set(form.errors) == {"unit", "date_from"}, url
        page = response.content.decode()
        for messages in form.errors.values():
            assert html.escape(messages[0]) in page, (url, messages)
    assert client.get(reverse("home"), {"unit": "abc"}).context["unit"] == officer.unit  # the default stands in
