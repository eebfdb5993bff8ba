"""Global search takes each area's first matches from the database page by page (records holding
the typed words side by side first), with no rank computed over every match: the same results as
ranking them all, within the user's scope, at a cost that does not grow with the matches."""

import pytest
from django.db import connection
from django.db.models import Case, IntegerField, Value, When
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from logistics import global_search
from logistics.global_search import PER_KIND, RANK_AMONG, search_everything
from logistics.models import Personnel
from logistics.roles import Role
from logistics.scope import restrict
from logistics.search import filter_by_search, search_terms
from tests.factories import PersonnelFactory

pytestmark = pytest.mark.django_db


def _search(user, query):
    request = RequestFactory().get("/search/", {"q": query})
    request.user = user
    return {group.model_label: group for group in search_everything(request, query)}


def _ranked_over_every_match(user, query):
    """The rule as it was: every match ranked (the phrase first), then the first six taken."""
    phrase = " ".join(search_terms(query))
    queryset = filter_by_search(restrict(Personnel.objects.all(), user), query)
    ranked = queryset.annotate(
        _rank=Case(When(search_text__contains=phrase, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("_rank", *Personnel._meta.ordering)
    return list(ranked[: PER_KIND + 1])


@pytest.fixture
def people(tree):
    apart = [PersonnelFactory(full_name=f"Bùi Xe Thị Văn {index}", unit=tree.commune_a1) for index in range(4)]
    side_by_side = [PersonnelFactory(full_name=f"Nguyễn Văn Xe {index}", unit=tree.commune_a1) for index in range(3)]
    far = [PersonnelFactory(full_name=f"Bạch Văn Xe {index}", unit=tree.commune_b1) for index in range(3)]
    return {"apart": apart, "side_by_side": side_by_side, "far": far}


@pytest.mark.parametrize("query", ["van xe", "Văn Xe", "xe", "xe van", "thi van", "bui", "khong co"])
def test_same_results_in_the_same_order_as_ranking_every_match(people, make_user, tree, query):
    for user in (make_user(Role.UNIT_COMMANDER, tree.commune_a1), make_user(Role.ADMINISTRATOR, tree.province)):
        group = _search(user, query).get("logistics.personnel")
        expected = _ranked_over_every_match(user, query)
        assert (group.results if group else []) == expected[:PER_KIND]
        assert (group.more if group else False) == (len(expected) > PER_KIND)


def test_the_phrase_comes_first_and_the_rest_fills_the_group(people, commune_commander):
    group = _search(commune_commander, "van xe")["logistics.personnel"]
    assert group.results[:3] == people["side_by_side"]  # though "Bùi" sorts before "Nguyễn"
    assert group.results[3:] == people["apart"][:2] and group.more


def test_a_record_out_of_scope_never_appears(people, commune_commander, tree):
    for index in range(20):  # more matches out of scope than a group shows
        PersonnelFactory(full_name=f"An Văn Xe {index}", unit=tree.commune_b1)
    for query in ("van xe", "xe", "bach"):
        groups = _search(commune_commander, query)
        shown = [record for group in groups.values() for record in group.results]
        assert not any(getattr(record, "unit_id", None) == tree.commune_b1.pk for record in shown), query
        assert not any(record.pk in {person.pk for person in people["far"]} for record in shown)


def test_each_area_reads_a_page_not_every_match_and_the_queries_stay_the_same(people, commune_commander, tree):
    with CaptureQueriesContext(connection) as few:
        _search(commune_commander, "van xe")
    for index in range(40):
        PersonnelFactory(full_name=f"Nguyễn Văn Xe thêm {index}", unit=tree.commune_a1)
        PersonnelFactory(full_name=f"Xe Văn Cách {index}", unit=tree.commune_a1)
    commune_commander = type(commune_commander).objects.get(pk=commune_commander.pk)
    with CaptureQueriesContext(connection) as many:
        group = _search(commune_commander, "van xe")["logistics.personnel"]
    assert len(group.results) == PER_KIND and group.more
    assert len(many) <= len(few)
    personnel_reads = [query["sql"] for query in many if 'FROM "logistics_personnel"' in query["sql"]]
    assert len(personnel_reads) == 1 and f"LIMIT {RANK_AMONG}" in personnel_reads[0]
    with CaptureQueriesContext(connection) as one_word:
        _search(commune_commander, "xe")
    personnel_reads = [query["sql"] for query in one_word if 'FROM "logistics_personnel"' in query["sql"]]
    assert len(personnel_reads) == 1 and "CASE" not in personnel_reads[0] and "LIMIT 6" in personnel_reads[0]


def test_the_phrase_is_ranked_among_the_first_matches_only(people, commune_commander, monkeypatch):
    """Past ``RANK_AMONG`` matches in the list's order, a phrase match further down is not fetched
    to the top: the rank costs a page of matches, not all of them."""
    monkeypatch.setattr(global_search, "RANK_AMONG", 4)
    group = _search(commune_commander, "van xe")["logistics.personnel"]
    assert group.results == people["apart"]  # the first four by name hold the words apart
    monkeypatch.setattr(global_search, "RANK_AMONG", 5)
    group = _search(commune_commander, "van xe")["logistics.personnel"]
    assert group.results == [people["side_by_side"][0], *people["apart"]]
