"""A recorded discipline decision is final; a later decision amends or annuls it, linked to it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import NoReverseMatch, reverse

from logistics.roles import Role
from oversight.choices import DisciplineCorrection, DisciplineLevel, TargetKind
from oversight.models import DisciplineDecision
from tests.conftest import api_for, logged_in
from tests.factories import PersonnelFactory
from tests.oversight.test_overdue_and_discipline import decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(tree):
    return PersonnelFactory(unit=tree.commune_a1, is_party_member=True, full_name="Đảng viên Bị Kỷ Luật")


@pytest.fixture
def recorded(inspector, tree, member):
    return decide(inspector, tree, target_person=member)


def correct(inspector, tree, corrected, correction, **fields):
    values = {
        "decided_on": datetime.date(2021, 9, 1),
        "decision_number": f"{corrected.pk + 20}-QĐ/UBKT",
        "corrects": corrected,
        "correction": correction,
        "level": DisciplineLevel.WARNING,
    }
    return decide(inspector, tree, **(values | fields))


def in_force() -> set:
    return {decision.pk for decision in DisciplineDecision.objects.all() if decision.in_force}


def test_an_amendment_takes_the_place_of_the_decision_and_keeps_its_target(inspector, tree, member, recorded):
    other = PersonnelFactory(unit=tree.commune_b1, is_party_member=True)
    amended = correct(inspector, tree, recorded, DisciplineCorrection.AMEND, target_person=other)
    assert (amended.target_person, amended.target_unit, amended.level) == (member, tree.commune_a1, "warning")
    assert in_force() == {amended.pk}
    listed = api_for(inspector).get("/api/oversight/discipline/", {"in_force": "true"}).json()["results"]
    assert [row["id"] for row in listed] == [amended.pk]
    assert api_for(inspector).get(f"/api/oversight/discipline/{recorded.pk}/").json()["in_force"] is False


def test_an_annulment_carries_the_level_it_annuls_and_leaves_nothing_in_force(inspector, tree, recorded):
    amended = correct(inspector, tree, recorded, DisciplineCorrection.AMEND)
    annulled = correct(
        inspector, tree, amended, DisciplineCorrection.ANNUL, level=DisciplineLevel.REPRIMAND, decision_number="9-QĐ"
    )
    assert annulled.level == DisciplineLevel.WARNING and in_force() == set()


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("already corrected", "corrects"),
        ("an annulment", "corrects"),
        ("before the decision", "decided_on"),
        ("no kind of correction", "correction"),
    ],
)
def test_a_correction_that_cannot_be_is_refused_beside_its_field(inspector, tree, recorded, case, field):
    target, correction, fields = recorded, DisciplineCorrection.AMEND, {}
    if case == "already corrected":
        correct(inspector, tree, recorded, DisciplineCorrection.AMEND)
    elif case == "an annulment":
        target = correct(inspector, tree, recorded, DisciplineCorrection.ANNUL)
    elif case == "before the decision":
        fields["decided_on"] = datetime.date(2021, 1, 1)
    else:
        correction = ""
    before = DisciplineDecision.objects.count()
    with pytest.raises(ValidationError) as refused:
        correct(inspector, tree, target, correction, decision_number="77-QĐ", **fields)
    assert field in refused.value.message_dict
    assert DisciplineDecision.objects.count() == before


def test_a_decision_out_of_the_actors_scope_cannot_be_corrected(make_user, tree, recorded):
    district_inspector = make_user(Role.INSPECTOR, tree.district_b)
    with pytest.raises(PermissionDenied):
        correct(district_inspector, tree, recorded, DisciplineCorrection.ANNUL)


def test_no_door_changes_or_deletes_a_recorded_decision_and_the_page_offers_the_correction(
    inspector, admin_user, recorded
):
    for name in ("oversight:disciplinedecision_edit", "oversight:disciplinedecision_delete"):
        with pytest.raises(NoReverseMatch):
            reverse(name, kwargs={"pk": recorded.pk})
    api = api_for(admin_user)  # the inspector is refused sooner: the role may not change one (403)
    url = f"/api/oversight/discipline/{recorded.pk}/"
    assert api_for(inspector).patch(url, {"reason": "Sửa"}, format="json").status_code == 403
    assert api.patch(url, {"reason": "Sửa"}, format="json").status_code == 405
    assert api.delete(url).status_code == 405
    page = logged_in(inspector).get(recorded.get_absolute_url()).content.decode()
    add = reverse("oversight:disciplinedecision_add") + f"?corrects={recorded.pk}"
    assert add in page and "Sửa đổi, hủy bỏ" in page
    form = logged_in(inspector).get(add).context["form"]
    assert (form.initial["corrects"], form.initial["correction"]) == (recorded.pk, DisciplineCorrection.AMEND)
    assert form.initial["target_kind"] == TargetKind.MEMBER
