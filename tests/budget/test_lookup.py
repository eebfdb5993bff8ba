"""The allocation look-up offers first what an officer can still spend from: open years, newest first."""

import datetime

from django.urls import reverse
from django.utils import timezone

from budget import services
from logistics import services as core_services
from tests.conftest import logged_in


def _texts(client, **params):
    response = client.get(reverse("lookup", args=["budget", "allocation"]), {"q": "", **params})
    assert response.status_code == 200
    return [result["text"][:4] for result in response.json()["results"]]


def test_open_years_come_first_newest_first_then_the_closed_ones(officer, tree, make_allocation):
    this_year = timezone.localdate().year
    for year in (2015, 2016, this_year - 1, this_year):
        make_allocation(year=year)
    services.year_close(actor=None, fiscal_year=services.fiscal_year_for(2015), unit=tree.province)
    services.year_close(actor=None, fiscal_year=services.fiscal_year_for(2016), unit=tree.province)

    client = logged_in(officer)
    expected = [str(this_year), str(this_year - 1), "2016", "2015"]
    assert _texts(client) == expected
    assert _texts(client, status="approved") == expected


def test_a_year_closed_for_the_successor_is_closed_for_the_unit_dissolved_into_it(officer, tree, make_allocation):
    """The dissolved district's own allocation stays where it was in the tree; the year its successor
    closed is closed for it too (as ``logistics.periods`` decides), so it goes after an older open year."""
    make_allocation(year=2016, unit=tree.district_a)
    make_allocation(year=2015, unit=tree.department)
    core_services.unit_dissolve(
        actor=None, unit=tree.district_a, successor=tree.district_b, effective_date=datetime.date(2025, 3, 1)
    )
    services.year_close(actor=None, fiscal_year=services.fiscal_year_for(2016), unit=tree.district_b)

    assert _texts(logged_in(officer)) == ["2015", "2016"]
