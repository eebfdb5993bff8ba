"""Scope for related data through every door, on the full demo data (issue 11).

As the demo's commune commander, and as a logistics officer and an auditor placed at the same
commune, walk every web list and its CSV export, a sample of the detail pages of every model (those
pointing at records out of scope first), every API list, its CSV export and a sample of its records,
the dashboard, the annual report and every report, the entry forms, the look-ups and the global
search, then open every link to a record's page that any of them showed. Nothing may name a unit,
an officer or an amount out of the reader's scope, no link may answer 404, and every id of another
record in an API body must be one the reader may see, a unit the record concerns, or null.
What is out of scope is computed from the data (tests/scope_walk.py).
"""

import csv
import io
import time

import pytest
from django.urls import reverse

from budget.models import YearClosure
from construction.models import Funding, Payment
from logistics.models import Unit, User
from logistics.roles import Role
from logistics.scope import restrict, scoped_unit_ids
from oversight.models import FindingLink, TeamMember
from tests.conftest import DEMO, api_for, logged_in
from tests.factories import UserFactory
from tests.scope_walk import Walk, canaries_for, summary, text_of

pytestmark = [*DEMO, pytest.mark.django_db]

COMMUNE = "Công an xã Thanh Hồng"


@pytest.fixture(autouse=True)
def _demo_files(settings):
    # The demo's attachments were written, once, where the project keeps its files; the walk opens
    # every download it is shown.
    from logistics import settings as project_settings

    settings.MEDIA_ROOT = project_settings.MEDIA_ROOT


def reader(who):
    if who == "commune_commander":
        return User.objects.get(username="commune_commander")
    commune = Unit.objects.get(name=COMMUNE)
    return UserFactory(unit=commune, roles=[who], username=f"scope-{who}", full_name="Người đọc thử phạm vi")


@pytest.mark.parametrize("who", ["commune_commander", Role.LOGISTICS_OFFICER, Role.AUDITOR])
def test_every_door_shows_nothing_out_of_scope(who):
    user = reader(who)
    canaries = canaries_for(user)
    # The walk has something to look for: units, officers and amounts the reader may not see.
    assert sum(what.startswith("unit name") for what in canaries.texts.values()) >= 20
    assert sum(what == "officer out of scope" for what in canaries.texts.values()) >= 5
    assert len(canaries.amounts) >= 10
    started = time.monotonic()
    walk = Walk(user, canaries).everything()
    print(f"{user.username}: {walk.requests} requests, {time.monotonic() - started:.1f} s")
    assert walk.requests >= 250, "the walk went through fewer doors than the system has"
    assert len(walk.opened) >= 20, "the walk opened too few of the links it met"
    assert not walk.problems, summary([walk])


def test_what_the_probe_found_on_the_demo_is_gone():
    """Each leak issue 11 reports, as the commune commander met it on the demo data."""
    user = User.objects.get(username="commune_commander")
    web, api = logged_in(user), api_for(user)
    reached = scoped_unit_ids(user)

    # Year closures of the whole force: nested in the API, named in the list and its exports.
    outside = YearClosure.objects.exclude(unit__in=reached).select_related("unit")
    assert outside.exists()
    nested = [
        c for year in api.get("/api/budget/fiscal-years/?page_size=100").json()["results"] for c in year["closures"]
    ]
    assert not {closure["id"] for closure in nested} & set(outside.values_list("pk", flat=True))
    closing_units = {closure.unit.name for closure in outside}
    for response in (
        web.get(reverse("budget:fiscalyear_list")),
        web.get(reverse("budget:fiscalyear_export") + "?format=csv"),
    ):
        rows = list(csv.reader(io.StringIO(text_of(response)))) if response.streaming else None
        if rows is not None:
            assert {row[1] for row in rows[1:]} <= {""} | {u.name for u in Unit.objects.filter(pk__in=reached)}
        else:
            page = text_of(response)
            assert not any(f"<td >{name}" in page for name in closing_units)

    # Another unit's allocations funding the commune's works: name, decision, balance, link.
    fundings = restrict(Funding.objects.all(), user).exclude(allocation__unit__in=reached).select_related("allocation")
    assert fundings.exists()
    funding_text = text_of(web.get(reverse("construction:funding_list"))) + text_of(
        web.get(reverse("construction:funding_export") + "?format=csv")
    )
    for funding in fundings:
        allocation = funding.allocation
        assert allocation.decision_number not in funding_text
        assert allocation.get_absolute_url() not in funding_text
        if allocation.available:  # a settled year's allocation has none left: a "0" names nothing
            assert f"{allocation.available:,}".replace(",", ".") not in funding_text
    assert {row["allocation"] for row in api.get("/api/construction/fundings/").json()["results"]} == {None}

    # That unit's spending entries on the payment pages, linked to pages that answer 404.
    payments = restrict(Payment.objects.all(), user).exclude(spending__allocation__unit__in=reached)
    assert payments.exists()
    for payment in payments[:3]:
        page = text_of(web.get(payment.get_absolute_url()))
        assert payment.spending.get_absolute_url() not in page
        assert str(payment.spending.allocation) not in page
        assert web.get(payment.spending.get_absolute_url()).status_code == 404

    # The inspection team's officers of other units, seen by the inspected unit.
    members = restrict(TeamMember.objects.all(), user).exclude(personnel__unit__in=reached).select_related("personnel")
    assert members.exists()
    names = {member.personnel.full_name for member in members}
    for inspection in {member.inspection for member in members}:
        page = text_of(web.get(inspection.get_absolute_url())) + text_of(
            api.get(f"/api/oversight/inspections/{inspection.pk}/")
        )
        assert not {name for name in names if name in page}

    # The kind and number of cited records out of scope, in the citations list.
    citations = restrict(FindingLink.objects.all(), user)
    hidden = [
        link for link in citations if not restrict(type(link.record).objects.filter(pk=link.object_id), user).exists()
    ]
    assert hidden
    rows = list(csv.reader(io.StringIO(text_of(web.get(reverse("oversight:findinglink_export") + "?format=csv")))))
    placeholders = [row for row in rows[1:] if row[1] == row[2] == "Hồ sơ bạn không được xem"]
    assert len(placeholders) == len(hidden)

    # The clinic's figures for any unit, echoing its name and code.
    province = Unit.objects.exclude(pk__in=reached).filter(parent__isnull=True).first()
    for path, extra in (("/api/medical/caseload/", {}), ("/api/medical/epidemic/", {"day": "2020-05-01"})):
        response = api.get(path, {"date_from": "2020-01-01", "date_to": "2020-12-31", "unit": province.pk, **extra})
        assert response.status_code == 400
        assert province.name not in response.content.decode() and province.code not in response.content.decode()
