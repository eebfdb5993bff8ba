"""The dashboard and the annual report read summaries, not records: their query count stays the same
when more issues, in more months, units and item types, and more clinic visits are recorded; and a
period cut in the middle of months costs the same as one of whole months."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assets.models import ItemType
from logistics.models import UnitKind, User
from logistics.registry import registry
from medical import services as medical_services
from tests.conftest import logged_in
from tests.factories import PersonnelFactory, UnitFactory

pytestmark = pytest.mark.django_db

WHOLE_YEAR = {"date_from": "01/01/2024", "date_to": "31/12/2024"}
CUT_MONTHS = {"date_from": "10/01/2024", "date_to": "20/11/2024"}


def captured(admin_user, url, params) -> list[str]:
    user = User.objects.get(pk=admin_user.pk)
    with CaptureQueriesContext(connection) as context:
        response = logged_in(user).get(url, params)
    assert response.status_code == 200
    return [query["sql"] for query in context.captured_queries]


def queries(admin_user, url, params) -> int:
    return len(captured(admin_user, url, params))


@pytest.fixture
def clinic_visit(tree, make_user):
    clinic = UnitFactory(code="P-BX", name="Bệnh xá", kind=UnitKind.CLINIC, parent=tree.province)
    patient = medical_services.patient_register(
        actor=None,
        clinic=clinic,
        kind="officer",
        personnel=PersonnelFactory(unit=tree.commune_a1),
        sex="male",
        birth_year=1990,
    )

    def visit(day, service="ecg"):
        return medical_services.encounter_record(actor=None, clinic=clinic, patient=patient, date=day, service=service)

    return visit


@pytest.mark.parametrize("page", ["home", "annual_report"])
def test_dashboard_and_annual_report_cost_the_same_queries_as_data_grows(
    page, admin_user, tree, receive, issue, catalogue, clinic_visit
):
    receive(cabinets=200, date=datetime.date(2024, 1, 2))
    issue(tree.commune_a1, cabinets=1, date=datetime.date(2024, 2, 5))
    clinic_visit(datetime.date(2024, 2, 5))
    url = reverse(page)
    before = {name: queries(admin_user, url, params) for name, params in (("whole", WHOLE_YEAR), ("cut", CUT_MONTHS))}
    for month in range(1, 12):
        day = datetime.date(2024, month, 15)
        for unit in (tree.commune_a1, tree.commune_a2, tree.commune_b1):
            issue(unit, cabinets=1, date=day)
        clinic_visit(day, service="ultrasound")
        clinic_visit(day.replace(day=10))
    ItemType.objects.create(category=catalogue["cabinet"].category, code="BAN", name="Bàn", unit_of_measure="chiếc")
    after = {name: queries(admin_user, url, params) for name, params in (("whole", WHOLE_YEAR), ("cut", CUT_MONTHS))}
    assert after == before


@pytest.mark.parametrize("page", ["home", "annual_report"])
def test_a_period_of_whole_months_reads_no_ledger_movement_and_no_encounter(
    page, admin_user, tree, receive, issue, clinic_visit
):
    receive(cabinets=20, date=datetime.date(2024, 1, 2))
    issue(tree.commune_a1, cabinets=1, date=datetime.date(2024, 2, 5))
    clinic_visit(datetime.date(2024, 2, 5))
    whole = " ".join(captured(admin_user, reverse(page), WHOLE_YEAR))
    assert '"assets_movement"' not in whole and '"medical_encounter"' not in whole
    assert '"assets_issuedsummary"' in whole and '"medical_encountersummary"' in whole
    # Cut months: the partial months come from the records.
    cut = " ".join(captured(admin_user, reverse(page), CUT_MONTHS))
    assert '"assets_movement"' in cut and '"medical_encounter"' in cut


def test_every_summary_table_keeps_room_for_its_rewrites_and_is_vacuumed_early(db):
    """A summary row is rewritten by every posting of its key: half-empty pages keep the rewrite on its
    page, and autovacuum comes after a few hundred dead rows (not a fifth of the table)."""
    summaries = registry.summaries()
    assert summaries
    with connection.cursor() as cursor:
        for summary in summaries:
            cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [summary.model._meta.db_table])
            (options,) = cursor.fetchone()
            assert {"fillfactor=50", "autovacuum_vacuum_scale_factor=0"} <= set(options or []), (summary, options)
