"""The books of a year are not closed while an advance (tạm ứng) of it is open: the State Treasury's
year-end rule has every advance cleared (thanh toán tạm ứng) or refunded (hoàn ứng) first. The refusal
counts them, totals them, names them and links to the open-advances report that lists them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from budget import services
from budget.models import YearClosure
from logistics.formatting import vnd
from logistics.roles import Role
from tests.conftest import api_for, logged_in
from tests.fixtures.budget import PAST_YEAR

pytestmark = pytest.mark.django_db

DAY = datetime.date(PAST_YEAR, 5, 10)


@pytest.fixture
def advance(make_allocation, tree):
    allocations = {}

    def make(amount=10_000_000, *, unit=None, voucher="TU-1", year=PAST_YEAR):
        unit = unit or tree.commune_a1
        if (unit.pk, year) not in allocations:
            allocations[(unit.pk, year)] = make_allocation(100_000_000, unit=unit, year=year)
        return services.spending_create(
            actor=None,
            allocation=allocations[(unit.pk, year)],
            kind="advance",
            date=DAY.replace(year=year),
            amount=amount,
            voucher_number=voucher,
            description="Tạm ứng hội nghị",
            post=True,
        )

    return make


def close(unit, year=PAST_YEAR, actor=None):
    return services.year_close(actor=actor, fiscal_year=services.fiscal_year_for(year), unit=unit)


def report_url(unit, year=PAST_YEAR):
    return reverse("budget:open_advances") + f"?as_of={year}-12-31&unit={unit.pk}"


def message(count, total, numbers, year=PAST_YEAR):
    return _(
        "%(count)s advances of %(year)s are still open for %(total)s (%(numbers)s): clear each one by a "
        "payment or a refund (hoàn ứng) before closing the books."
    ) % {"count": count, "year": year, "total": vnd(total), "numbers": numbers}


def refusal(call):
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_closing_waits_for_every_open_advance_of_the_units_it_closes(advance, tree):
    first = advance(10_000_000, voucher="TU-1")
    advance(4_000_000, unit=tree.district_a, voucher="TU-2")
    services.spending_clear(
        actor=None, spending=first, kind="clearing", amount=3_000_000, date=DAY, voucher_number="TT-1"
    )
    assert refusal(lambda: close(tree.province)) == {
        "unit": [message(2, 11_000_000, "TU-1, TU-2")],
        "open_advances": [report_url(tree.province)],
    }
    assert not YearClosure.objects.exists()
    # A unit whose books do not hold them closes: they are not its advances.
    assert close(tree.district_b).unit == tree.district_b
    # Nor does an open advance of another year hold this one back.
    advance(1_000_000, voucher="TU-CU", year=PAST_YEAR - 1)
    assert close(tree.district_b, year=PAST_YEAR - 1)


def test_cleared_refunded_or_reversed_advances_let_the_year_close(advance, tree):
    paid = advance(10_000_000, voucher="TU-1")
    refunded = advance(5_000_000, voucher="TU-2")
    wrong = advance(2_000_000, voucher="TU-3")
    services.spending_clear(
        actor=None, spending=paid, kind="clearing", amount=10_000_000, date=DAY, voucher_number="TT"
    )
    services.spending_clear(
        actor=None, spending=refunded, kind="clearing", amount=4_000_000, date=DAY, voucher_number="TT2"
    )
    assert "unit" in refusal(lambda: close(tree.province))
    services.spending_clear(
        actor=None, spending=refunded, kind="refund", amount=1_000_000, date=DAY, voucher_number="HU"
    )
    assert refusal(lambda: close(tree.province))["unit"] == [message(1, 2_000_000, "TU-3")]
    services.spending_reverse(actor=None, spending=wrong, date=DAY, reason="Ghi nhầm")
    closure = close(tree.province)
    assert closure.unit == tree.province
    # Reversing a clearing once the year is closed is refused like any entry of a closed year: the
    # advance cannot reopen behind the closing.
    clearing = paid.clearings.get()
    with pytest.raises(ValidationError):
        services.spending_reverse(actor=None, spending=clearing, date=DAY, reason="Ghi nhầm")


def test_the_refusal_names_five_advances_and_the_report_lists_them_all(advance, tree, officer):
    for number in range(7):
        advance(1_000_000, voucher=f"TU-{number}")
    refused = refusal(lambda: close(tree.province))
    assert refused["unit"] == [message(7, 7_000_000, "TU-0, TU-1, TU-2, TU-3, TU-4, …")]
    report = logged_in(officer).get(refused["open_advances"][0])
    assert report.status_code == 200
    page = report.content.decode()
    assert all(f"TU-{number}" in page for number in range(7))


def test_the_page_and_the_api_refuse_with_the_link(advance, tree, officer, make_user):
    advance(10_000_000, voucher="TU-1")
    client = logged_in(officer)
    step = reverse("budget:fiscalyear_close", args=[PAST_YEAR])
    response = client.post(step, {"unit": tree.province.pk})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["unit"] == [message(1, 10_000_000, "TU-1")]
    page = response.content.decode()
    assert f'href="{report_url(tree.province).replace("&", "&amp;")}"' in page
    api = api_for(officer).post(
        f"/api/budget/fiscal-years/{PAST_YEAR}/close/", {"unit": tree.province.pk}, format="json"
    )
    assert api.status_code == 400
    assert api.json()["errors"] == {
        "unit": [message(1, 10_000_000, "TU-1")],
        "open_advances": [report_url(tree.province)],
    }
    assert not YearClosure.objects.exists()
    # Out of scope: a unit the officer does not reach is not closed, open advances or not.
    far = make_user(Role.LOGISTICS_OFFICER, tree.district_b)
    assert api_for(far).post(
        f"/api/budget/fiscal-years/{PAST_YEAR}/close/", {"unit": tree.province.pk}, format="json"
    ).status_code in (400, 403, 404)
    assert not YearClosure.objects.exists()
