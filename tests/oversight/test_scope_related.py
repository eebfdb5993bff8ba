"""What an inspected unit sees of an inspection by the province (issue 11): the inspection, the
province that made it (the record concerns both), the roles of the team — but not the names of
officers of other units on the team, nor the kind and number of cited records outside its scope."""

import re

import pytest
from django.urls import reverse

from tests.conftest import api_for, logged_in
from tests.factories import PersonnelFactory
from tests.scope_walk import links_that_do_not_open, text_of

pytestmark = pytest.mark.django_db

OUTSIDER = "Lê Văn Ngoài Phạm Vi"
TEAM = ("Trưởng Đoàn Thử", "Thành Viên Thử")  # officers of the logistics department (oversight/conftest.py)


@pytest.fixture
def inspected(build, tree):
    """A concluded inspection of commune A1 by the province whose finding cites the commune itself
    (in its scope) and an officer of commune A2 (outside it)."""
    outsider = PersonnelFactory(unit=tree.commune_a2, full_name=OUTSIDER, service_number="999-001")
    inspection = build.concluded(
        target=tree.commune_a1,
        title="Kiểm tra Công an xã Thanh Hồng",
        records=[tree.commune_a1, outsider],
        unit=tree.commune_a1,
    )
    return inspection, outsider


def test_the_inspected_unit_sees_the_team_roles_but_not_officers_of_other_units(inspected, commune_commander, tree):
    inspection, _outsider = inspected
    client = logged_in(commune_commander)
    page = text_of(client.get(inspection.get_absolute_url()))
    assert inspection.title in page
    assert tree.province.name in page  # the inspecting unit: the record concerns both units
    assert "Trưởng đoàn" in page  # the role is the inspection's own
    for name in TEAM:
        assert name not in page
    assert links_that_do_not_open(client, page) == []
    for url in (reverse("oversight:teammember_list"), reverse("oversight:teammember_export") + "?format=csv"):
        text = text_of(client.get(url))
        assert not any(name in text for name in TEAM), url
        assert tree.department.name not in text, url
    member = inspection.team.get(personnel__full_name=TEAM[0])
    own_page = text_of(client.get(reverse("oversight:teammember_detail", args=[member.pk])))
    assert TEAM[0] not in own_page and tree.department.name not in own_page


def test_the_api_gives_the_team_without_officers_out_of_scope(inspected, commune_commander, inspector):
    inspection, _outsider = inspected
    team = api_for(commune_commander).get(f"/api/oversight/inspections/{inspection.pk}/").json()["team"]
    assert sorted(member["role"] for member in team) == ["head", "member"]
    assert {(member["personnel"], member["personnel_name"]) for member in team} == {(None, None)}
    listed = api_for(commune_commander).get("/api/oversight/inspections/").json()["results"]
    assert not any(name in str(listed) for name in TEAM)
    full = api_for(inspector).get(f"/api/oversight/inspections/{inspection.pk}/").json()["team"]
    assert {member["personnel_name"] for member in full} == set(TEAM)


def test_citations_give_neither_kind_nor_number_of_records_out_of_scope(inspected, commune_commander, tree):
    inspection, outsider = inspected
    client = logged_in(commune_commander)
    finding = inspection.findings.get()
    hidden_url = outsider.get_absolute_url()
    for url in (
        reverse("oversight:findinglink_list"),
        reverse("oversight:findinglink_export") + "?format=csv",
        finding.get_absolute_url(),
    ):
        text = text_of(client.get(url))
        assert str(tree.commune_a1.pk) in text, url  # the citation of the commune itself
        assert hidden_url not in text and OUTSIDER not in text, url
        assert not re.search(rf"#{outsider.pk}\b", text), url
    # The export's row of that citation: neither its kind nor its number.
    rows = text_of(client.get(reverse("oversight:findinglink_export") + "?format=csv")).splitlines()
    assert any(row.startswith(f"{finding},Hồ sơ bạn không được xem,Hồ sơ bạn không được xem") for row in rows), rows
    hidden_link = finding.links.get(object_id=outsider.pk)
    detail = text_of(client.get(reverse("oversight:findinglink_detail", args=[hidden_link.pk])))
    assert hidden_url not in detail and f">{outsider.pk}<" not in detail


def test_the_finding_api_counts_citations_out_of_scope_without_naming_them(inspected, commune_commander, inspector):
    inspection, outsider = inspected
    finding = inspection.findings.get()
    body = api_for(commune_commander).get(f"/api/oversight/findings/{finding.pk}/").json()
    assert [(link["model"], link["object_id"]) for link in body["links"]] == [
        ("logistics.unit", finding.inspection.target_unit_id)
    ]
    assert body["links_hidden"] == 1
    full = api_for(inspector).get(f"/api/oversight/findings/{finding.pk}/").json()
    assert ("logistics.personnel", outsider.pk) in {(link["model"], link["object_id"]) for link in full["links"]}
    assert full["links_hidden"] == 0
