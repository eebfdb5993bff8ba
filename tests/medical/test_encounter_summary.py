"""The encounter summary (per clinic × counted unit × service × month) equals the encounters after
every visit recorded, corrected and deleted, also when clinics record in parallel on real
connections; the caseload of any period equals the encounters of the period."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count

from logistics.registry import registry
from logistics.summaries import differences
from medical import services
from medical.models import Encounter, EncounterSummary
from medical.selectors import caseload_figures, counted_encounters
from tests.assets.test_parallel_issue import run_in_parallel

from .conftest import DAY


def summary():
    return next(s for s in registry.summaries() if s.name == "medical.EncounterSummary")


def visit(actor, clinic, patient, day=DAY, service="ecg"):
    return services.encounter_record(actor=actor, clinic=clinic, patient=patient, date=day, service=service)


@pytest.mark.django_db
def test_recording_correcting_and_deleting_visits_keeps_the_summary_equal(clinic_staff, clinic, patient, tree):
    first = visit(clinic_staff, clinic, patient)
    visit(clinic_staff, clinic, patient, service="ultrasound")
    row = EncounterSummary.objects.get(service="ecg")
    assert (row.clinic_id, row.counted_unit_id, row.month, row.count) == (
        clinic.pk,
        tree.commune_a1.pk,
        DAY.replace(day=1),
        1,
    )
    assert differences(summary()) == []
    services.encounter_update(
        actor=clinic_staff,
        encounter=first,
        clinic=clinic,
        patient=patient,
        date=DAY + datetime.timedelta(days=40),
        service="examination",
    )
    assert differences(summary()) == []
    assert EncounterSummary.objects.get(service="ecg").count == 0
    Encounter.objects.filter(pk=first.pk).delete()
    assert differences(summary()) == []
    assert sum(EncounterSummary.objects.values_list("count", flat=True)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("date_from", "date_to"),
    [
        (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        (datetime.date(2024, 5, 6), datetime.date(2024, 7, 2)),
        (datetime.date(2024, 5, 7), datetime.date(2024, 5, 31)),
    ],
)
def test_caseload_of_any_period_equals_the_encounters(clinic_staff, clinic, patient, date_from, date_to):
    for day in (DAY, DAY + datetime.timedelta(days=1), datetime.date(2024, 6, 15), datetime.date(2024, 7, 2)):
        visit(clinic_staff, clinic, patient, day=day)
    figures = caseload_figures(clinic_staff, date_from=date_from, date_to=date_to)
    direct = (
        counted_encounters(clinic_staff)
        .filter(date__gte=date_from, date__lte=date_to)
        .aggregate(count=Count("id"))["count"]
    )
    assert figures.total == direct


@pytest.mark.django_db(transaction=True)
def test_parallel_visits_add_up_in_the_summary(clinic_staff, clinic, patient):
    connection.close()
    outcomes = run_in_parallel([lambda: visit(clinic_staff, clinic, patient)] * 6)
    assert outcomes == ["ok"] * 6
    assert EncounterSummary.objects.get(service="ecg").count == 6
    assert differences(summary()) == []
