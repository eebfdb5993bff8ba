"""The clinic's figures for a unit (issue 11): the API answered any unit id and echoed the unit's
name and code; like the dashboard and the annual report, it now refuses a unit outside the reader's
scope with a 400 that names nothing."""

import pytest

from tests.conftest import api_for

pytestmark = pytest.mark.django_db

PERIOD = {"date_from": "2024-01-01", "date_to": "2024-12-31"}


@pytest.mark.parametrize(
    "path, extra", [("/api/medical/caseload/", {}), ("/api/medical/epidemic/", {"day": "2024-05-06"})]
)
def test_figures_refuse_a_unit_outside_scope_and_name_nothing(path, extra, commune_commander, tree, encounter):
    client = api_for(commune_commander)
    for outside in (tree.province, tree.commune_a2, tree.district_b):
        response = client.get(path, {**PERIOD, **extra, "unit": outside.pk})
        assert response.status_code == 400, response.content
        assert "unit" in response.json()["errors"]
        assert outside.name not in response.content.decode() and outside.code not in response.content.decode()
    own = client.get(path, {**PERIOD, **extra, "unit": tree.commune_a1.pk})
    assert own.status_code == 200 and tree.commune_a1.name in own.content.decode()


def test_the_dashboard_answers_the_same_for_the_same_unit(commune_commander, tree):
    client = api_for(commune_commander)
    assert client.get("/api/dashboard/", {**PERIOD, "unit": tree.province.pk}).status_code == 400
    assert client.get("/api/medical/caseload/", {**PERIOD, "unit": tree.province.pk}).status_code == 400
