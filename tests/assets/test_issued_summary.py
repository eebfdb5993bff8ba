"""The issued summary (per unit × item type × programme × month) equals the ledger after every
posting and reversal, also when officers post in parallel on real connections; the issuance figures
of any period, whole months or not, equal the issued movements of the period."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Sum

from assets import services
from assets.models import IssuedSummary
from assets.selectors import issuance_report, issued_movements, issued_totals
from logistics.registry import registry
from logistics.summaries import differences, split_period
from tests.assets.test_parallel_issue import run_in_parallel
from tests.fixtures.assets import DAY

ISSUED = "assets.IssuedSummary"


def summary():
    return next(s for s in registry.summaries() if s.name == ISSUED)


def kept(unit):
    return IssuedSummary.objects.filter(unit=unit).aggregate(q=Sum("quantity"), v=Sum("value"))


@pytest.mark.django_db
def test_posting_and_reversing_an_issue_keeps_the_summary_equal_to_the_ledger(receive, issue, tree):
    receive(cabinets=10)
    voucher = issue(tree.commune_a1, cabinets=4)
    assert kept(tree.commune_a1) == {"q": 4, "v": 28_000_000}
    assert differences(summary()) == []
    services.voucher_reverse(actor=None, voucher=voucher, date=DAY + datetime.timedelta(days=40))
    # The reversal takes the goods back in its own month: March +4, April −4.
    rows = dict(IssuedSummary.objects.filter(unit=tree.commune_a1).values_list("month", "quantity"))
    assert rows == {datetime.date(2024, 3, 1): 4, datetime.date(2024, 4, 1): -4}
    assert differences(summary()) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("date_from", "date_to"),
    [
        (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),  # whole months only
        (datetime.date(2024, 3, 2), datetime.date(2024, 5, 20)),  # partial edges
        (datetime.date(2024, 3, 1), datetime.date(2024, 3, 15)),  # inside one month
        (datetime.date(2024, 2, 10), datetime.date(2024, 4, 30)),
    ],
)
def test_issued_figures_of_any_period_equal_the_issued_movements(receive, issue, tree, admin_user, date_from, date_to):
    receive(cabinets=30, date=datetime.date(2024, 1, 5))
    for day in (datetime.date(2024, 3, 1), datetime.date(2024, 3, 20), datetime.date(2024, 4, 10)):
        issue(tree.commune_a1, cabinets=2, date=day)
    issue(tree.commune_a2, cabinets=3, date=datetime.date(2024, 5, 31))
    direct = issued_movements(user=admin_user, date_from=date_from, date_to=date_to).aggregate(
        quantity=Sum("quantity"), value=Sum("value")
    )
    figures = issued_totals(user=admin_user, date_from=date_from, date_to=date_to).get((), {"quantity": 0, "value": 0})
    assert figures == {"quantity": direct["quantity"] or 0, "value": direct["value"] or 0}
    report = issuance_report(user=admin_user, date_from=date_from, date_to=date_to)
    assert report.sections[0].totals["quantity"] == (direct["quantity"] or 0)


def test_split_period_reads_whole_months_from_the_summary_and_the_edges_from_the_records():
    split = split_period(datetime.date(2015, 1, 10), datetime.date(2026, 6, 3))
    assert (split.first_month, split.last_month) == (datetime.date(2015, 2, 1), datetime.date(2026, 5, 1))
    assert split.edges == (
        (datetime.date(2015, 1, 10), datetime.date(2015, 1, 31)),
        (datetime.date(2026, 6, 1), datetime.date(2026, 6, 3)),
    )
    whole = split_period(datetime.date(2024, 1, 1), datetime.date(2024, 2, 29))
    assert (whole.first_month, whole.last_month, whole.edges) == (
        datetime.date(2024, 1, 1),
        datetime.date(2024, 2, 1),
        (),
    )
    inside = split_period(datetime.date(2024, 3, 5), datetime.date(2024, 3, 30))
    assert (inside.first_month, inside.edges) == (None, ((datetime.date(2024, 3, 5), datetime.date(2024, 3, 30)),))


@pytest.mark.django_db
def test_check_summaries_finds_a_tampered_row_and_rebuild_repairs_it(receive, issue, tree):
    receive(cabinets=10)
    issue(tree.commune_a1, cabinets=4)
    call_command("check_summaries")
    IssuedSummary.objects.filter(unit=tree.commune_a1).update(quantity=99)
    with pytest.raises(CommandError, match="1 summary row"):
        call_command("check_summaries")
    call_command("check_summaries", "--rebuild")
    assert kept(tree.commune_a1)["q"] == 4
    call_command("check_summaries")


@pytest.mark.django_db(transaction=True)
def test_parallel_issues_add_up_in_the_summary(receive, issue, tree):
    receive(cabinets=40)
    drafts = [issue(unit, cabinets=2, post=False) for unit in (tree.commune_a1, tree.commune_a2) * 4]
    connection.close()
    outcomes = run_in_parallel([lambda d=d: services.voucher_post(actor=None, voucher=d) for d in drafts])
    assert outcomes == ["ok"] * len(drafts)
    assert kept(tree.commune_a1)["q"] == kept(tree.commune_a2)["q"] == 8
    assert differences(summary()) == []
