"""The clinic's lists find a record by its own words or its patient's, each asked of a word index,
with the same records as the rule read row by row (a regular expression on either column)."""

import datetime

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from logistics import search
from logistics.search import filter_by_search_any, search_terms, word_prefix_pattern
from medical import services
from medical.filtersets import EncounterFilterSet
from medical.models import Encounter
from tests.factories import PersonnelFactory
from tests.plans import query_plan

pytestmark = pytest.mark.django_db

PATIENTS = ["Nguyễn Văn Thành", "Trần Thị Hồng", "Lê Đức Anh", "Phạm Thanh Hà", "Đỗ Văn Nguyên"]
DIAGNOSES = ["Viêm họng cấp", "Tăng huyết áp", "Viêm phế quản", "Đau dạ dày", "Nguyễn phát sốt (ghi chú)"]
QUERIES = [
    "nguyen",  # a patient's name and a diagnosis both
    "Nguyễn",  # accents typed
    "NGUY",  # a prefix, upper case
    "viem",  # a common word of the diagnoses
    "viem hong",  # one word in the diagnosis, the other too
    "thanh",  # a patient's name only
    "van viem",  # one word from the patient, the other from the diagnosis
    "dd",  # nothing
    "uyen",  # inside a word: nothing
    "(ghi",  # a character that is not a letter
    "i10",  # an ICD-10 code
]


@pytest.fixture
def encounters(clinic_staff, clinic, tree):
    made = []
    for index, (name, diagnosis) in enumerate(zip(PATIENTS, DIAGNOSES, strict=True)):
        officer = PersonnelFactory(unit=tree.commune_a1)
        patient = services.patient_register(
            actor=clinic_staff,
            clinic=clinic,
            kind="relative",
            relative_of=officer,
            relationship="Vợ",
            full_name=name,
            birth_year=1980 + index,
            sex="female",
        )
        made.append(
            services.encounter_record(
                actor=clinic_staff,
                clinic=clinic,
                patient=patient,
                date=datetime.date(2024, 5, 1 + index),
                service="examination",
                diagnosis=diagnosis,
                icd10_code=f"I1{index}",
            )
        )
    return made


def _row_by_row(queryset, query):
    """The rule as it was: each word begins a word of the patient's text or the encounter's."""
    for term in search_terms(query):
        pattern = word_prefix_pattern(term)
        queryset = queryset.filter(Q(patient__search_text__regex=pattern) | Q(search_text__regex=pattern))
    return queryset


@pytest.mark.parametrize("query", QUERIES)
def test_same_encounters_as_the_row_by_row_rule(encounters, query):
    expected = set(_row_by_row(Encounter.objects.all(), query))
    found = filter_by_search_any(Encounter.objects.all(), query, ("patient__search_text", "search_text"))
    assert set(found) == expected
    assert found.count() == len(expected)


def test_the_list_filter_finds_by_patient_or_diagnosis(encounters):
    found = EncounterFilterSet({"q": "nguyen"}, queryset=Encounter.objects.all()).qs
    assert set(found) == {encounters[0], encounters[4]}
    assert set(EncounterFilterSet({"q": "van viem"}, queryset=Encounter.objects.all()).qs) == {encounters[0]}


def _plan(sql, params) -> str:
    # Neither a whole read nor a walk of a whole index filtering each row (a tiny table may prefer it
    # to any other plan): the condition itself must be one the word and patient indexes answer.
    return query_plan(sql, params, without=("seqscan", "indexscan"))


def test_both_parts_are_answered_by_indexes(encounters):
    with CaptureQueriesContext(connection) as asked:
        queryset = filter_by_search_any(Encounter.objects.all(), "nguyen", ("patient__search_text", "search_text"))
    # The patients are found once, by their word index, and named by id.
    (patients,) = asked.captured_queries
    assert "medical_patient" in patients["sql"] and "@@" in patients["sql"]
    sql, params = queryset.query.sql_with_params()
    assert "medical_patient" not in sql and sql.count("@@") == 1  # the expression only rechecks
    plan = _plan(sql, params)
    assert "medical_encounter_words" in plan and "patient_id" in plan and "Seq Scan" not in plan, plan


def test_many_patients_found_are_a_subquery(encounters, monkeypatch):
    monkeypatch.setattr(search, "RELATED_IDS_NAMED", 1)
    queryset = filter_by_search_any(Encounter.objects.all(), "nguyen", ("patient__search_text", "search_text"))
    sql, _params = queryset.query.sql_with_params()
    assert "medical_patient" in sql and sql.count("@@") == 2
    assert set(queryset) == {encounters[0], encounters[4]}
