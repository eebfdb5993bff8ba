"""A work of a commune funded by another unit's allocation (issue 11): the commune sees its work,
what was paid to it and when, but not the other unit's allocation — neither its name, its decision,
its balance nor a link to it — nor the spending entries of that unit."""

import csv
import io

import pytest
from django.urls import reverse

from tests.conftest import api_for, logged_in
from tests.scope_walk import links_that_do_not_open, text_of

pytestmark = pytest.mark.django_db

PAID = 123_456_000
HIDDEN = "Hồ sơ bạn không được xem"


@pytest.fixture
def commune_work(works, tree):
    """A work for commune A1, funded from the logistics department's allocation, paid once."""
    project = works.started(unit=tree.commune_a1, name="Sửa chữa trụ sở Công an xã Thanh Hồng")
    payment = works.pay(project, PAID, voucher="PC-TH-01")
    return project, payment


def what_must_not_show(allocation) -> list[str]:
    allocation.refresh_from_db()
    return [
        str(allocation),
        allocation.unit.name,
        allocation.decision_number,
        f"{allocation.available:,}".replace(",", "."),
        str(allocation.available),
        allocation.get_absolute_url(),
    ]


def test_the_funding_list_and_its_exports_hide_another_units_allocation(commune_work, allocation, commune_commander):
    project, _payment = commune_work
    client = logged_in(commune_commander)
    for response in (
        client.get(reverse("construction:funding_list")),
        client.get(reverse("construction:funding_export") + "?format=csv"),
        api_for(commune_commander).get("/api/construction/fundings/?export=csv"),
    ):
        text = text_of(response)
        assert project.code in text
        assert HIDDEN in text
        for secret in what_must_not_show(allocation):
            assert secret not in text
    page = text_of(client.get(reverse("construction:funding_list")))
    assert "123.456.000" in page  # what was paid to the commune's own work
    assert links_that_do_not_open(client, page) == []
    rows = list(csv.reader(io.StringIO(text_of(client.get(reverse("construction:funding_export") + "?format=csv")))))
    assert rows[1][0] == HIDDEN and rows[1][4] == str(PAID)


def test_the_funding_api_gives_no_id_of_another_units_allocation(commune_work, allocation, commune_commander, officer):
    body = api_for(commune_commander).get("/api/construction/fundings/").json()["results"]
    assert [(row["allocation"], row["paid"]) for row in body] == [(None, PAID)]
    assert api_for(commune_commander).get(f"/api/construction/fundings/{body[0]['id']}/").json()["allocation"] is None
    # Who may see the allocation still reads it.
    assert api_for(officer).get("/api/construction/fundings/").json()["results"][0]["allocation"] == allocation.pk


def test_payment_pages_show_the_payment_but_not_another_units_spending_entry(
    commune_work, allocation, commune_commander
):
    project, payment = commune_work
    client = logged_in(commune_commander)
    spending_page = payment.spending.get_absolute_url()
    for url in (reverse("construction:payment_list"), payment.get_absolute_url(), project.get_absolute_url()):
        page = text_of(client.get(url))
        assert "PC-TH-01" in page and "123.456.000" in page, url
        assert spending_page not in page, url
        for secret in what_must_not_show(allocation):
            assert secret not in page, (url, secret)
        assert links_that_do_not_open(client, page) == [], url
    assert client.get(spending_page).status_code == 404
    exported = text_of(client.get(reverse("construction:payment_export") + "?format=csv"))
    assert str(PAID) in exported and str(allocation) not in exported


def test_the_payment_api_gives_no_id_of_another_units_records(commune_work, allocation, commune_commander, officer):
    _project, payment = commune_work
    row = api_for(commune_commander).get(f"/api/construction/payments/{payment.pk}/").json()
    assert (row["allocation"], row["spending"]) == (None, None)
    assert (row["amount"], row["date"], row["voucher_number"]) == (PAID, "2024-03-01", "PC-TH-01")
    full = api_for(officer).get(f"/api/construction/payments/{payment.pk}/").json()
    assert (full["allocation"], full["spending"]) == (allocation.pk, payment.spending_id)


def test_the_province_officer_still_sees_and_opens_the_allocation(commune_work, allocation, officer):
    client = logged_in(officer)
    page = text_of(client.get(reverse("construction:funding_list")))
    assert allocation.get_absolute_url() in page and allocation.decision_number in page
    detail = text_of(client.get(commune_work[1].get_absolute_url()))
    assert allocation.get_absolute_url() in detail or str(allocation) in detail
