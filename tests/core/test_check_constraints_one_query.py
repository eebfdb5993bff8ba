"""The CHECK constraints of a record that Python cannot read (``logistics.conditions``) are asked in
one query, and every check says what Django's one query per constraint says: the same messages
beside the same fields, the same constraints skipped."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from medical.models import Encounter, Exposure

pytestmark = pytest.mark.django_db


def messages(validate):
    try:
        validate()
    except ValidationError as error:
        return error.message_dict
    return {}


RECORDS = [
    (Encounter(date="1980-01-01", service="referral", health_grade="9"), None),
    (Encounter(date=datetime.date(1980, 1, 1), service="referral", health_grade=9), None),
    (Encounter(date=datetime.date(2024, 1, 1), service="health_check", health_grade=2), None),
    (Encounter(date=datetime.date(2024, 1, 1), service="treatment"), {"service"}),
    (Encounter(date=datetime.date(2024, 1, 1), service="examination"), None),
    (Exposure(date_identified=datetime.date(2021, 2, 1), isolation_end=datetime.date(2021, 1, 1)), None),
    (Exposure(isolation_start=datetime.date(2021, 2, 1), isolation_end=datetime.date(2021, 1, 1)), {"isolation_end"}),
]


@pytest.mark.parametrize(("record", "exclude"), RECORDS)
def test_the_same_refusals_as_django_asking_one_by_one(record, exclude):
    ours = messages(lambda: record.validate_constraints(exclude=exclude))
    djangos = messages(lambda: models.Model.validate_constraints(record, exclude=exclude))
    # Django puts every CHECK error at the top; ours sits beside its one field: compare the texts.
    assert sorted(sum(ours.values(), [])) == sorted(sum(djangos.values(), []))


def test_one_query_for_all_checks():
    # Values as a form would hand them over before cleaning: text, which only the database reads.
    record = Encounter(date="1980-01-01", service="referral", health_grade="9")
    with CaptureQueriesContext(connection) as queries, pytest.raises(ValidationError):
        record.validate_constraints()
    checks = [query for query in queries if "COALESCE" in query["sql"]]
    assert len(checks) == 1
