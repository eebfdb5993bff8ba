"""Lists cost the same number of queries whether a page holds 5 rows or 100."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from logistics.models import User
from tests.conftest import api_for, logged_in
from tests.factories import PersonnelFactory, SupplierFactory, UnitFactory

pytestmark = pytest.mark.django_db


def count_queries(callable_):
    with CaptureQueriesContext(connection) as context:
        response = callable_()
    assert response.status_code == 200
    return len(context.captured_queries)


def grow(tree, n):
    for _ in range(n):
        unit = UnitFactory(parent=tree.district_a)
        PersonnelFactory(unit=unit)
        SupplierFactory()


@pytest.mark.parametrize(
    "url",
    [
        reverse("logistics:unit_list"),
        reverse("logistics:personnel_list"),
        reverse("logistics:supplier_list"),
        "/api/units/",
        "/api/personnel/",
        "/api/suppliers/",
    ],
)
def test_list_query_count_does_not_grow_with_the_page(url, officer, tree):
    grow(tree, 5)
    is_api = url.startswith("/api/")
    page_param = "page_size" if is_api else "per_page"

    def client():
        # A fresh user object per request, as in production: nothing cached between the two.
        user = User.objects.get(pk=officer.pk)
        return api_for(user) if is_api else logged_in(user)

    small = count_queries(lambda: client().get(f"{url}?{page_param}=5"))
    grow(tree, 45)
    large = count_queries(lambda: client().get(f"{url}?{page_param}=100"))
    assert large == small
