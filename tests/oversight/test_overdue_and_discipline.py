"""Overdue is computed from the due date at query time; discipline levels fit their target."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, ProgrammingError, transaction
from django.urls import reverse
from django.utils import timezone

from oversight import services
from oversight.choices import DisciplineLevel, TargetKind
from oversight.models import DisciplineDecision, Recommendation
from oversight.selectors import overview
from tests.conftest import api_for, logged_in
from tests.factories import PersonnelFactory
from tests.oversight.conftest import evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def recent(build):
    """A concluded inspection (started 40 days ago) with recommendations due on various days."""
    today = timezone.localdate()
    start = today - datetime.timedelta(days=40)
    inspection = build.started(start=start, decision_number="40-QĐ")
    finding = build.finding(inspection)
    due = {
        "yesterday": today - datetime.timedelta(days=1),
        "today": today,
        "tomorrow": today + datetime.timedelta(days=1),
        "done_late": today - datetime.timedelta(days=5),
        "in_progress_late": today - datetime.timedelta(days=3),
    }
    made = {name: build.recommendation(finding, due=day, content=name) for name, day in due.items()}
    services.inspection_conclude(
        actor=build.actor, inspection=inspection, concluded_on=start + datetime.timedelta(days=10), conclusion="KL"
    )
    return made


def test_overdue_means_due_date_passed_and_not_done(recent, district_commander):
    services.recommendation_report_progress(
        actor=district_commander, recommendation=recent["done_late"], status="done", note="Xong", evidence=evidence()
    )
    services.recommendation_report_progress(
        actor=district_commander, recommendation=recent["in_progress_late"], status="in_progress", note="Đang làm"
    )
    overdue = set(Recommendation.objects.overdue().values_list("content", flat=True))
    assert overdue == {"yesterday", "in_progress_late"}
    flags = dict(Recommendation.objects.with_overdue().values_list("content", "is_overdue"))
    assert flags == {
        "yesterday": True,
        "today": False,
        "tomorrow": False,
        "done_late": False,
        "in_progress_late": True,
    }


def test_overdue_follows_the_calendar_without_any_stored_flag(recent):
    later = timezone.localdate() + datetime.timedelta(days=2)
    assert set(Recommendation.objects.overdue(later).values_list("content", flat=True)) == {
        "yesterday",
        "today",
        "tomorrow",
        "done_late",
        "in_progress_late",
    }
    assert not any(field.name == "is_overdue" for field in Recommendation._meta.concrete_fields)


def test_overdue_in_the_list_filter_api_and_overview(recent, district_commander, inspector):
    client = logged_in(district_commander)
    response = client.get(reverse("oversight:recommendation_list") + "?overdue=true")
    rows = {row.record.content for row in response.context["table"].page.object_list}
    assert rows == {"yesterday", "done_late", "in_progress_late"}
    body = api_for(district_commander).get("/api/oversight/recommendations/?overdue=true").json()
    assert {row["content"] for row in body["results"]} == rows
    assert all(row["is_overdue"] for row in body["results"])
    assert overview(district_commander)["recommendations"]["overdue"] == 3
    by_unit = overview(inspector)["overdue_by_unit"]
    assert [(row["responsible_unit__name"], row["count"]) for row in by_unit] == [("Công an huyện Thanh Hà", 3)]
    page = client.get(recent["yesterday"].get_absolute_url())
    assert 'data-testid="overdue"' in page.content.decode()


def test_drafts_are_never_counted_overdue(build):
    inspection = build.started(decision_number="41-QĐ")
    build.recommendation(build.finding(inspection), due=datetime.date(2020, 6, 1))
    assert Recommendation.objects.overdue().count() == 1  # by the date alone …
    assert Recommendation.objects.issued().overdue().count() == 0  # … but not followed up before conclusion
    assert overview(build.actor)["recommendations"]["overdue"] == 0


# --- discipline -------------------------------------------------------------------------------------


def decide(actor, tree, **fields):
    values = {
        "inspection": None,
        "target_kind": TargetKind.MEMBER,
        "target_unit": None,
        "target_person": None,
        "level": DisciplineLevel.REPRIMAND,
        "decided_on": datetime.date(2021, 5, 4),
        "decision_number": "15-QĐ/UBKT",
        "issuing_body": "inspection_committee",
        "issuing_unit": tree.province,
        "reason": "Vi phạm quy định quản lý tài sản.",
    }
    values.update(fields)
    return services.discipline_decision_create(actor=actor, **values)


@pytest.mark.parametrize(
    ("target", "level", "accepted"),
    [
        (TargetKind.MEMBER, DisciplineLevel.REPRIMAND, True),
        (TargetKind.MEMBER, DisciplineLevel.WARNING, True),
        (TargetKind.MEMBER, DisciplineLevel.DISMISSAL, True),
        (TargetKind.MEMBER, DisciplineLevel.EXPULSION, True),
        (TargetKind.MEMBER, DisciplineLevel.DISSOLUTION, False),
        (TargetKind.ORGANISATION, DisciplineLevel.REPRIMAND, True),
        (TargetKind.ORGANISATION, DisciplineLevel.WARNING, True),
        (TargetKind.ORGANISATION, DisciplineLevel.DISSOLUTION, True),
        (TargetKind.ORGANISATION, DisciplineLevel.DISMISSAL, False),
        (TargetKind.ORGANISATION, DisciplineLevel.EXPULSION, False),
    ],
)
def test_a_level_is_accepted_only_for_its_kind_of_target(inspector, tree, target, level, accepted):
    member = PersonnelFactory(unit=tree.commune_a1, is_party_member=True)
    fields = (
        {"target_kind": target, "target_person": member}
        if target == TargetKind.MEMBER
        else {"target_kind": target, "target_unit": tree.commune_a1}
    )
    if accepted:
        decision = decide(inspector, tree, level=level, **fields)
        assert decision.target_unit == tree.commune_a1
    else:
        with pytest.raises(ValidationError) as refused:
            decide(inspector, tree, level=level, **fields)
        assert set(refused.value.error_dict) == {"level"}
        assert not DisciplineDecision.objects.exists()


def test_the_database_refuses_a_level_that_does_not_fit_and_any_change_to_a_recorded_decision(inspector, tree):
    decision = decide(inspector, tree, target_kind=TargetKind.ORGANISATION, target_unit=tree.commune_a1)
    unfit = DisciplineDecision(
        **{
            field.attname: getattr(decision, field.attname)
            for field in DisciplineDecision._meta.concrete_fields
            if not field.primary_key and not field.generated
        }
    )
    unfit.level = DisciplineLevel.EXPULSION
    with pytest.raises(IntegrityError), transaction.atomic():
        DisciplineDecision.objects.bulk_create([unfit])
    # Recorded is final, in the database too: no update, no delete, however it is sent.
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        DisciplineDecision.objects.filter(pk=decision.pk).update(level=DisciplineLevel.WARNING)
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        DisciplineDecision.objects.filter(pk=decision.pk).delete()
    assert DisciplineDecision.objects.get(pk=decision.pk).level == DisciplineLevel.REPRIMAND


def test_the_page_and_the_api_explain_the_refusal(inspector, tree):
    member = PersonnelFactory(unit=tree.commune_a1, is_party_member=True)
    data = {
        "decision_number": "16-QĐ",
        "decided_on": "04/05/2021",
        "issuing_body": "inspection_committee",
        "issuing_unit": tree.province.pk,
        "target_kind": "member",
        "target_person": member.pk,
        "level": "dissolution",
        "reason": "Vi phạm",
    }
    response = logged_in(inspector).post(reverse("oversight:disciplinedecision_add"), data)
    assert response.status_code == 400 and "level" in response.context["form"].errors
    api = api_for(inspector).post(
        "/api/oversight/discipline/",
        {**data, "decided_on": "2021-05-04", "issuing_unit": tree.province.pk},
        format="json",
    )
    assert api.status_code == 400 and set(api.json()["errors"]) == {"level"}
    ok = api_for(inspector).post(
        "/api/oversight/discipline/", {**data, "decided_on": "2021-05-04", "level": "expulsion"}, format="json"
    )
    assert ok.status_code == 201, ok.json()
    assert ok.json()["target_unit"] == tree.commune_a1.pk
    assert DisciplineDecision.objects.count() == 1


def test_a_decision_follows_only_a_concluded_inspection(build, inspector, tree):
    open_inspection = build.started()
    with pytest.raises(ValidationError) as refused:
        decide(inspector, tree, inspection=open_inspection, target_kind="organisation", target_unit=tree.district_a)
    assert set(refused.value.error_dict) == {"inspection"}
