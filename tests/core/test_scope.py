"""A commune commander reaches their commune only — through every door."""

import datetime

import pytest
from django.urls import reverse

from logistics import services
from logistics.models import Personnel, Unit
from logistics.roles import Role
from logistics.scope import restrict, scoped_unit_ids
from tests.conftest import api_for, logged_in
from tests.factories import PersonnelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree):
    return {
        "own": PersonnelFactory(full_name="Trần Văn Sở Tại", unit=tree.commune_a1),
        "neighbour": PersonnelFactory(full_name="Lê Văn Hàng Xóm", unit=tree.commune_a2),
        "far": PersonnelFactory(full_name="Phạm Văn Xa Xôi", unit=tree.commune_b1),
    }


def test_scope_is_the_unit_and_everything_under_it(tree, make_user):
    district_commander = make_user(Role.UNIT_COMMANDER, tree.district_a)
    assert scoped_unit_ids(district_commander) == {tree.district_a.pk, tree.commune_a1.pk, tree.commune_a2.pk}
    assert scoped_unit_ids(make_user(Role.ADMINISTRATOR, tree.commune_a1)) is None
    assert scoped_unit_ids(make_user(Role.UNIT_COMMANDER, None)) == frozenset()


def test_successor_reaches_the_records_of_a_dissolved_unit(tree, make_user, people):
    services.unit_dissolve(
        actor=None, unit=tree.commune_a2, successor=tree.commune_a1, effective_date=datetime.date(2025, 7, 1)
    )
    commander = make_user(Role.UNIT_COMMANDER, tree.commune_a1)
    names = set(restrict(Personnel.objects.all(), commander).values_list("full_name", flat=True))
    assert names == {"Trần Văn Sở Tại", "Lê Văn Hàng Xóm"}


def test_list_page_shows_only_own_commune(commune_commander, people):
    page = logged_in(commune_commander).get(reverse("logistics:personnel_list")).content.decode()
    assert "Trần Văn Sở Tại" in page
    assert "Lê Văn Hàng Xóm" not in page and "Phạm Văn Xa Xôi" not in page


def test_detail_page_of_another_commune_is_404(commune_commander, people):
    client = logged_in(commune_commander)
    assert client.get(reverse("logistics:personnel_detail", args=[people["own"].pk])).status_code == 200
    assert client.get(reverse("logistics:personnel_detail", args=[people["far"].pk])).status_code == 404


def test_unit_pages_follow_scope(commune_commander, tree):
    client = logged_in(commune_commander)
    assert client.get(reverse("logistics:unit_detail", args=[tree.commune_a1.pk])).status_code == 200
    assert client.get(reverse("logistics:unit_detail", args=[tree.commune_b1.pk])).status_code == 404
    page = client.get(reverse("logistics:unit_list")).content.decode()
    assert "Thanh Hồng" in page and "Thái Học" not in page


def test_api_list_and_detail_follow_scope(commune_commander, people):
    client = api_for(commune_commander)
    body = client.get("/api/personnel/").json()
    assert [row["full_name"] for row in body["results"]] == ["Trần Văn Sở Tại"]
    assert client.get(f"/api/personnel/{people['far'].pk}/").status_code == 404
    assert client.get(f"/api/personnel/{people['own'].pk}/").status_code == 200


def test_exports_follow_scope(commune_commander, people):
    client = logged_in(commune_commander)
    csv_text = b"".join(client.get(reverse("logistics:personnel_export") + "?format=csv").streaming_content).decode()
    assert "Trần Văn Sở Tại" in csv_text and "Phạm Văn Xa Xôi" not in csv_text
    api_csv = b"".join(api_for(commune_commander).get("/api/personnel/?export=csv").streaming_content).decode()
    assert "Trần Văn Sở Tại" in api_csv and "Phạm Văn Xa Xôi" not in api_csv


def test_search_and_lookup_follow_scope(commune_commander, people):
    client = logged_in(commune_commander)
    found = client.get(reverse("logistics:personnel_list") + "?q=pham van").content.decode()
    assert "Phạm Văn Xa Xôi" not in found
    lookup = client.get(reverse("lookup", args=["logistics", "personnel"]) + "?q=van").json()["results"]
    assert [row["text"].split(" (")[0] for row in lookup] == ["Trần Văn Sở Tại"]
    assert api_for(commune_commander).get("/api/personnel/?q=xa xoi").json()["count"] == 0


def test_filter_choices_offer_only_units_in_scope(commune_commander, tree):
    page = logged_in(commune_commander).get(reverse("logistics:personnel_list")).content.decode()
    assert "Thái Học" not in page


def test_admin_follows_scope(tree, make_user, people):
    staff_commander = make_user(Role.UNIT_COMMANDER, tree.commune_a1, is_staff=True)
    client = logged_in(staff_commander)
    page = client.get("/admin/logistics/personnel/").content.decode()
    assert "Trần Văn Sở Tại" in page and "Phạm Văn Xa Xôi" not in page
    assert client.get(f"/admin/logistics/personnel/{people['far'].pk}/change/").status_code in (302, 404)


def test_commander_is_read_only(commune_commander, people):
    client = logged_in(commune_commander)
    assert client.get(reverse("logistics:personnel_edit", args=[people["own"].pk])).status_code == 403
    response = api_for(commune_commander).patch(f"/api/personnel/{people['own'].pk}/", {"position": "X"}, format="json")
    assert response.status_code == 403
    assert Personnel.objects.get(pk=people["own"].pk).position == "Cán bộ"


def test_officer_cannot_place_a_record_outside_scope(tree, make_user):
    commune_officer = make_user(Role.LOGISTICS_OFFICER, tree.commune_a1)
    response = api_for(commune_officer).post(
        "/api/personnel/",
        {"full_name": "Người ngoài", "service_number": "555-555", "rank": "captain", "unit": tree.commune_b1.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "unit" in response.json()["errors"]
    assert not Personnel.objects.filter(service_number="555-555").exists()


def test_anonymous_users_reach_nothing(client, people, tree):
    assert client.get(reverse("logistics:personnel_list")).status_code == 302
    assert client.get("/api/personnel/").status_code in (401, 403)
    assert client.get(reverse("lookup", args=["logistics", "unit"])).status_code == 302
    assert Unit.objects.exists()
