"""Editing through the API: a draft changes with PATCH (some fields) and PUT (the whole record, nested
lines included); a posted record is refused with a 400 that says why; no update answers 5xx."""

import pytest
from django.utils import translation

from assets.models import Voucher
from budget.models import Spending
from tests.api_walk import api_routes
from tests.conftest import api_for

pytestmark = pytest.mark.django_db


def vietnamese(message: str) -> str:
    with translation.override("vi"):
        return translation.gettext(message)


def test_a_draft_spending_entry_changes_with_patch_and_put(officer, make_allocation, spend):
    entry = spend(make_allocation(), 1_000_000, post=False)
    client = api_for(officer)
    url = f"/api/budget/spending/{entry.pk}/"

    response = client.patch(url, {"amount": 2_000_000}, format="json")
    assert response.status_code == 200, response.content
    entry.refresh_from_db()
    assert (entry.amount, entry.status, entry.description) == (2_000_000, "draft", "Thanh toán")

    body = client.get(url).json()
    body.update(amount=3_000_000, description="Thanh toán tiền điện tháng 5")
    response = client.put(url, body, format="json")
    assert response.status_code == 200, response.content
    entry.refresh_from_db()
    assert (entry.amount, entry.description, entry.status) == (3_000_000, "Thanh toán tiền điện tháng 5", "draft")
    assert response.json()["amount"] == 3_000_000


def test_patch_with_post_true_posts_a_draft_entry(officer, make_allocation, spend):
    entry = spend(make_allocation(), 1_000_000, post=False)
    response = api_for(officer).patch(f"/api/budget/spending/{entry.pk}/", {"post": True}, format="json")
    assert response.status_code == 200, response.content
    entry.refresh_from_db()
    assert entry.status == "posted"


def test_a_posted_spending_entry_is_refused_with_the_reason(officer, make_allocation, spend):
    entry = spend(make_allocation(), 1_000_000, post=True)
    client = api_for(officer)
    url = f"/api/budget/spending/{entry.pk}/"
    reason = vietnamese("A posted entry is final; reverse it instead.")

    response = client.patch(url, {"description": "Sửa sau khi ghi sổ"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"] == [reason]

    body = client.get(url).json()
    response = client.put(url, {**body, "amount": 5}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"] == [reason]
    entry.refresh_from_db()
    assert (entry.amount, entry.description) == (1_000_000, "Thanh toán")


def test_a_draft_voucher_changes_with_patch_and_put_lines_included(officer, receive, catalogue):
    voucher = receive(cabinets=5, post=False)
    client = api_for(officer)
    url = f"/api/assets/vouchers/{voucher.pk}/"

    # PATCH without lines keeps them.
    response = client.patch(url, {"reason": "Nhận tủ sắt"}, format="json")
    assert response.status_code == 200, response.content
    voucher.refresh_from_db()
    assert voucher.reason == "Nhận tủ sắt"
    assert list(voucher.lines.values_list("quantity", "unit_value")) == [(5, 7_000_000)]

    # PUT of the record's own body with one line changed and one added replaces the lines.
    body = client.get(url).json()
    body["lines"][0]["quantity"] = 8
    body["lines"].append(
        {"item_type": catalogue["car"].pk, "quantity": 1, "unit_value": 800_000_000, "plate_number": "34A-99999"}
    )
    response = client.put(url, body, format="json")
    assert response.status_code == 200, response.content
    assert sorted(line["quantity"] for line in response.json()["lines"]) == [1, 8]
    voucher.refresh_from_db()
    assert voucher.status == "draft"
    assert sorted(voucher.lines.values_list("quantity", "unit_value")) == [(1, 800_000_000), (8, 7_000_000)]

    # PATCH of the lines alone replaces them too.
    response = client.patch(
        url, {"lines": [{"item_type": catalogue["cabinet"].pk, "quantity": 2, "unit_value": 6_000_000}]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert list(voucher.lines.values_list("quantity", "unit_value")) == [(2, 6_000_000)]


def test_a_posted_voucher_is_refused_with_the_reason(officer, receive):
    voucher = receive(cabinets=5, post=True)
    client = api_for(officer)
    url = f"/api/assets/vouchers/{voucher.pk}/"
    reason = vietnamese("A posted voucher is final; reverse it instead.")

    response = client.patch(url, {"reason": "Sửa sau khi ghi sổ"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"] == [reason]

    body = client.get(url).json()
    body["lines"][0]["quantity"] = 9
    response = client.put(url, body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"] == [reason]
    voucher.refresh_from_db()
    assert voucher.reason != "Sửa sau khi ghi sổ"
    assert list(voucher.lines.values_list("quantity", flat=True)) == [5]


def test_no_update_of_any_endpoint_answers_a_server_error(admin_user, everything):
    """PATCH {} and a PUT of the record's own GET body, for every record of every endpoint that
    takes them: the answer is the record (200) or a refusal (4xx), never 5xx."""
    client = api_for(admin_user)
    tried = set()
    for route in api_routes():
        if not route.detail or not ({"put", "patch"} & set(route.actions)):
            continue
        record = everything.records.get(route.model)
        if record is None:
            continue
        url = route.url(record.pk)
        current = client.get(url)
        assert current.status_code == 200, (url, current.status_code)
        for method, body in (("patch", {}), ("put", current.json())):
            if method not in route.actions:
                continue
            response = getattr(client, method)(url, body, format="json")
            assert response.status_code < 500, (method, url, response.content[:500])
            assert response["Content-Type"].startswith("application/json"), (method, url)
            if response.status_code == 200:
                # The answer is the whole record as a read shows it (counts and names included).
                assert set(response.json()) == set(current.json()), (method, url)
            tried.add(route.model)
    assert {Spending, Voucher} <= tried
    assert len(tried) >= 20
