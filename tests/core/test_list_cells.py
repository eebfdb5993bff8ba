"""What a list's cells show, drawn by the one-pass renderer (``logistics.tables.CellPlan``): values
escaped, records of other branches withheld by the scope rule, the header's sorting links."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import Model
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, set_script_prefix
from django.utils import translation

from budget.models import Spending, SpendingCategory
from budget.tables import SpendingTable
from logistics.roles import Role
from tests.conftest import logged_in
from tests.fixtures.budget import PAST_YEAR

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


def body(html: str) -> str:
    return re.search(r"<tbody.*?</tbody>", html, re.S).group(0)


def same_markup(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html))


def test_cell_values_are_escaped(tree, make_user, make_allocation, spend):
    entry = spend(make_allocation(unit=tree.commune_a1), 1_000)
    Spending.objects.filter(pk=entry.pk).update(description=SCRIPT, voucher_number='C-1"><b>x</b>')
    page = logged_in(make_user(Role.LOGISTICS_OFFICER, tree.commune_a1)).get(reverse("budget:spending_list"))
    cells = body(page.content.decode())
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in cells
    assert "C-1&quot;&gt;&lt;b&gt;x&lt;/b&gt;" in cells
    assert "<script>" not in cells and "<b>x</b>" not in cells


def test_a_related_record_out_of_scope_shows_a_hidden_label_without_name_or_link(
    tree, make_user, make_allocation, spend
):
    own = spend(make_allocation(unit=tree.commune_a1), 1_000)
    other = spend(make_allocation(unit=tree.commune_a2), 2_000, day=datetime.date(PAST_YEAR, 6, 1))
    request = RequestFactory().get("/")
    request.user = make_user(Role.UNIT_COMMANDER, tree.commune_a1)
    # The table applies the rule to whatever rows it is given (a list gives it those in scope).
    rows = Spending.objects.filter(pk__in=[own.pk, other.pk]).order_by("id")
    drawn = {
        template: body(render_to_string(template, {"table": SpendingTable(rows, request=request), "request": request}))
        for template in ("generic/table.html", "django_tables2/bootstrap5-responsive.html")
    }
    ours = drawn["generic/table.html"]
    own_row, other_row = re.findall(r"<tr.*?</tr>", ours, re.S)
    assert tree.commune_a1.name in own_row and 'data-scope="hidden"' not in own_row
    assert tree.commune_a2.name not in other_row and tree.commune_a2.get_absolute_url() not in other_row
    assert other_row.count('data-scope="hidden"') == 2  # its unit and its spending category
    assert same_markup(ours) == same_markup(drawn["django_tables2/bootstrap5-responsive.html"])


def test_the_header_links_sort_the_list_and_keep_the_filters(tree, make_user, make_allocation, spend):
    allocation = make_allocation(unit=tree.commune_a1)
    for amount in (3_000, 1_000, 2_000):
        spend(allocation, amount, voucher=f"C-{amount}")
    client = logged_in(make_user(Role.LOGISTICS_OFFICER, tree.commune_a1))
    url = reverse("budget:spending_list")
    page = client.get(url, {"status": "posted"}).content.decode()
    header = re.search(r"<thead.*?</thead>", page, re.S).group(0)
    assert 'href="?status=posted&amp;sort=signed_amount"' in header
    assert 'href="?status=posted&amp;sort=voucher_number"' in header
    ascending = client.get(url, {"status": "posted", "sort": "signed_amount"})
    assert [row.record.signed_amount for row in ascending.context["table"].paginated_rows] == [1_000, 2_000, 3_000]
    descending = client.get(url, {"status": "posted", "sort": "signed_amount"}).content.decode()
    assert "sort=-signed_amount" in re.search(r"<thead.*?</thead>", descending, re.S).group(0)


def test_a_records_address_is_the_one_reverse_gives_under_any_prefix(tree, make_allocation, spend):
    allocation = make_allocation(unit=tree.commune_a1)
    entries = [spend(allocation, amount) for amount in (1_000, 2_000)]
    for entry in entries:
        assert entry.get_absolute_url() == reverse("budget:spending_detail", kwargs={"pk": entry.pk})
    set_script_prefix("/hau-can/")
    try:
        assert entries[0].get_absolute_url() == f"/hau-can/budget/spending/{entries[0].pk}/"
    finally:
        set_script_prefix("/")
    assert entries[0].get_absolute_url() == f"/budget/spending/{entries[0].pk}/"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_choices_label_is_djangos_in_each_language(tree, make_allocation, spend, language):
    entry = spend(make_allocation(unit=tree.commune_a1), 1_000)
    field = Spending._meta.get_field("status")
    with translation.override(language):
        for value, _label in field.flatchoices:
            entry.status = value
            assert entry.get_status_display() == Model._get_FIELD_display(entry, field)
        entry.status = "no-such-status"
        assert entry.get_status_display() == "no-such-status"
    with translation.override("en"):
        entry.status = "posted"
        english = entry.get_status_display()
    with translation.override("vi"):
        assert entry.get_status_display() != english


def test_a_filters_choices_are_read_in_one_plain_query(tree, make_user, make_allocation, spend):
    spend(make_allocation(unit=tree.commune_a1), 1_000)
    client = logged_in(make_user(Role.LOGISTICS_OFFICER, tree.commune_a1))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("budget:spending_list")).content.decode()
    assert not [query for query in queries.captured_queries if "CURSOR" in query["sql"]]
    categories = re.search(r'<select name="category".*?</select>', page, re.S).group(0)
    named = SpendingCategory.objects.count()
    # "All", "None" (django-filter's null choice) and every category.
    assert named and categories.count("<option") == named + 2 and 'value="null"' in categories
