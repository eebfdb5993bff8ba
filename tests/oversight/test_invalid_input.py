"""Bad input gets a message beside the field (pages) or field errors (API), and saves nothing."""

import pytest
from django.urls import reverse

from oversight.models import Finding, Inspection, Programme, Recommendation, TeamMember
from tests.conftest import api_for, logged_in
from tests.factories import PersonnelFactory

pytestmark = pytest.mark.django_db


def programme_data(tree, **changes):
    data = {
        "year": "2020",
        "kind": "inspection",
        "schedule": "annual",
        "title": "Chương trình kiểm tra năm 2020",
        "issuing_body": "inspection_committee",
        "issuing_unit": tree.province.pk,
        "areas": ["budget", "clinic"],
        "planned_count": "3",
    }
    data.update(changes)
    return data


def inspection_data(tree, programme, **changes):
    data = {
        "programme": programme.pk if programme else "",
        "form": "inspection_periodic",
        "title": "Kiểm tra công tác xây dựng",
        "inspecting_unit": tree.province.pk,
        "target_kind": "organisation",
        "target_unit": tree.district_a.pk,
        "period_from": "01/01/2019",
        "period_to": "31/12/2019",
        "planned_start": "02/03/2020",
        "planned_end": "20/03/2020",
    }
    data.update(changes)
    return data


def test_a_good_programme_is_saved_from_the_page(inspector, tree):
    response = logged_in(inspector).post(reverse("oversight:programme_add"), programme_data(tree))
    assert response.status_code == 302
    assert Programme.objects.get().areas == ["budget", "clinic"]


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"schedule": "quarterly"}, {"quarter"}),
        ({"quarter": "2"}, {"quarter"}),
        ({"schedule": "quarterly", "quarter": "5"}, {"quarter"}),
        ({"areas": []}, {"areas"}),
        ({"areas": ["weapons"]}, {"areas"}),
        ({"year": "20x0", "planned_count": "-1"}, {"year", "planned_count"}),
        ({"issued_on": "15/06/2017"}, {"issued_on"}),
        ({"title": ""}, {"title"}),
    ],
)
def test_bad_programmes_are_refused_beside_the_field(inspector, tree, changes, fields):
    response = logged_in(inspector).post(reverse("oversight:programme_add"), programme_data(tree, **changes))
    assert response.status_code == 400
    assert set(response.context["form"].errors) == fields
    assert "Chương trình kiểm tra năm 2020" in response.content.decode() or not changes.get("title", True)
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"period_to": "31/12/2018"}, {"period_to"}),
        ({"planned_end": "01/03/2020"}, {"planned_end"}),
        ({"planned_start": "31/02/2020"}, {"planned_start"}),
        ({"form": "supervision_thematic"}, {"form"}),
        ({"without_programme": True, "form": "inspection_periodic"}, {"programme"}),
        ({"target_kind": "member", "target_unit": ""}, {"target_person"}),
        ({"target_unit": ""}, {"target_unit"}),
    ],
)
def test_bad_inspections_are_refused_beside_the_field(build, inspector, tree, changes, fields):
    programme = None if changes.pop("without_programme", False) else build.programme()
    response = logged_in(inspector).post(
        reverse("oversight:inspection_add"), inspection_data(tree, programme, **changes)
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == fields
    assert not Inspection.objects.exists()


def test_a_good_inspection_is_saved_and_a_member_target_takes_the_members_unit(build, inspector, tree):
    programme = build.programme()
    member = PersonnelFactory(unit=tree.commune_b1, is_party_member=True)
    data = inspection_data(tree, programme, target_kind="member", target_unit="", target_person=member.pk)
    response = logged_in(inspector).post(reverse("oversight:inspection_add"), data)
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert inspection.target_unit == tree.commune_b1 and inspection.status == "planned"


def test_bad_findings_and_recommendations_are_refused(build, inspector, tree):
    inspection = build.started()
    client = logged_in(inspector)
    finding_data = {
        "inspection": inspection.pk,
        "area": "budget",
        "kind": "violation",
        "severity": "serious",
        "title": "Chi sai",
        "amount": "-5.000",
    }
    response = client.post(reverse("oversight:finding_add"), finding_data)
    assert response.status_code == 400 and set(response.context["form"].errors) == {"amount"}
    response = client.post(reverse("oversight:finding_add"), {**finding_data, "amount": "12.500.000"})
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert finding.amount == 12_500_000
    response = client.post(
        reverse("oversight:recommendation_add"),
        {"finding": finding.pk, "content": "", "responsible_unit": tree.district_a.pk, "due_date": "01/01/2019"},
    )
    assert response.status_code == 400 and {"content"} <= set(response.context["form"].errors)
    response = client.post(
        reverse("oversight:recommendation_add"),
        {
            "finding": finding.pk,
            "content": "Khắc phục",
            "responsible_unit": tree.district_a.pk,
            "due_date": "01/01/2019",
        },
    )
    assert response.status_code == 400 and set(response.context["form"].errors) == {"due_date"}
    assert not Recommendation.objects.exists()


def test_a_second_team_head_is_refused_on_the_page(build, inspector, tree):
    inspection = build.started()
    other = PersonnelFactory(unit=tree.department, is_party_member=True)
    response = logged_in(inspector).post(
        reverse("oversight:teammember_add"), {"inspection": inspection.pk, "personnel": other.pk, "role": "head"}
    )
    assert response.status_code == 400 and set(response.context["form"].errors) == {"role"}
    assert TeamMember.objects.filter(inspection=inspection).count() == 2


def test_a_concluded_inspection_is_not_offered_for_new_findings(build, inspector):
    concluded = build.concluded()
    response = logged_in(inspector).post(
        reverse("oversight:finding_add"),
        {
            "inspection": concluded.pk,
            "area": "budget",
            "kind": "violation",
            "severity": "minor",
            "title": "x",
            "amount": "0",
        },
    )
    assert response.status_code == 400 and "inspection" in response.context["form"].errors
    assert Finding.objects.filter(inspection=concluded).count() == 1


def test_conclude_form_errors_stay_beside_the_fields(build, inspector):
    inspection = build.started()
    response = logged_in(inspector).post(
        inspection.get_absolute_url() + "conclude/", {"concluded_on": "01/01/2019", "conclusion": "Kết luận"}
    )
    assert response.status_code == 400 and "concluded_on" in response.context["form"].errors
    assert "Kết luận" in response.content.decode()
    assert Inspection.objects.get(pk=inspection.pk).status == "in_progress"


def test_api_answers_400_with_field_errors_and_saves_nothing(build, inspector, tree):
    client = api_for(inspector)
    response = client.post(
        "/api/oversight/programmes/",
        {**programme_data(tree), "schedule": "quarterly", "year": 2020, "planned_count": 3},
        format="json",
    )
    assert response.status_code == 400 and set(response.json()["errors"]) == {"quarter"}
    response = client.post(
        "/api/oversight/inspections/",
        {
            "form": "inspection_ad_hoc",
            "title": "Kiểm tra đột xuất",
            "inspecting_unit": tree.province.pk,
            "target_kind": "organisation",
            "target_unit": tree.district_a.pk,
            "period_from": "2020-01-01",
            "period_to": "2019-01-01",
            "planned_start": "2020-03-02",
            "planned_end": "2020-03-20",
        },
        format="json",
    )
    assert response.status_code == 400 and set(response.json()["errors"]) == {"period_to"}
    response = client.post(
        "/api/oversight/findings/",
        {"inspection": 999999, "area": "weapons", "kind": "violation", "severity": "serious", "title": "x"},
        format="json",
    )
    assert response.status_code == 400 and set(response.json()["errors"]) == {"inspection", "area"}
    assert not Programme.objects.exists() and not Inspection.objects.exists() and not Finding.objects.exists()


def test_api_workflow_refusals_are_400(build, inspector):
    planned = build.inspection()
    client = api_for(inspector)
    response = client.post(f"/api/oversight/inspections/{planned.pk}/conclude/", {"conclusion": "x"}, format="json")
    assert response.status_code == 400
    response = client.post(f"/api/oversight/inspections/{planned.pk}/start/", {}, format="json")
    assert response.status_code == 400  # no team head yet
    assert Inspection.objects.get(pk=planned.pk).status == "planned"
