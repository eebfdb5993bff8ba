"""Every step of a work, legal and illegal: a legal step moves the status and is recorded with its
date, document and actor; an illegal one is refused with a message that says why, and changes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from construction import services
from construction.choices import STATUS_ORDER, TRANSITIONS, ProjectStatus, Step
from construction.models import Milestone, Project
from logistics.roles import Role
from tests.construction.conftest import DECIDED, FINISHED, HANDED_OVER, SETTLED, STARTED, YEAR, registered_as
from tests.refusals import refusal

pytestmark = pytest.mark.django_db

STEP_CALLS = {
    Step.APPROVE: lambda p, actor=None: services.project_approve(
        actor=actor, project=p, decision_number="99/QĐ", decision_date=DECIDED
    ),
    Step.START: lambda p, actor=None: services.project_start(
        actor=actor, project=p, date=STARTED, document_number="LKC-99"
    ),
    Step.ACCEPT: lambda p, actor=None: services.project_accept(
        actor=actor, project=p, date=FINISHED, document_number="BBNT-99"
    ),
    Step.HAND_OVER: lambda p, actor=None: services.project_hand_over(
        actor=actor, project=p, date=HANDED_OVER, document_number="BBBG-99"
    ),
    Step.SETTLE: lambda p, actor=None: services.project_settle(
        actor=actor,
        project=p,
        date=SETTLED,
        document_number="QĐQT-99",
        settlement_value=1_000_000_000,
        item_type=registered_as(p),
    ),
}

#: The date a step already taken was taken on: a refusal to take it again names it.
STEP_DATE = {
    Step.APPROVE: "decision_date",
    Step.START: "actual_start",
    Step.ACCEPT: "actual_end",
    Step.HAND_OVER: "handed_over_on",
    Step.SETTLE: "settled_on",
}

CASES = [(status, step) for status in STATUS_ORDER for step in TRANSITIONS]


@pytest.mark.parametrize(("status", "step"), CASES, ids=[f"{status}-{step}" for status, step in CASES])
def test_each_step_from_each_status(works, status, step):
    project = works.at(status)
    if status == ProjectStatus.APPROVED and step == Step.START:
        works.contract(project)
    if status == ProjectStatus.UNDER_CONSTRUCTION and step == Step.ACCEPT:
        works.report(project, 100, day=datetime.date(YEAR, 9, 1))
    needed, leads_to = TRANSITIONS[step]
    before = Milestone.objects.filter(project=project).count()
    if status == needed:
        moved = STEP_CALLS[step](project)
        assert moved.status == leads_to
        # (a new build settled also enters the register, a milestone of its own)
        milestone = Milestone.objects.filter(project=project).exclude(step=Step.REGISTER_ASSET).order_by("-id").first()
        assert (milestone.step, milestone.from_status, milestone.to_status) == (step, needed, leads_to)
        assert milestone.document_number.endswith("99") or milestone.document_number == "99/QĐ"
        return
    with pytest.raises(ValidationError) as refused:
        STEP_CALLS[step](project)
    text = " ".join(refused.value.messages)
    project.refresh_from_db()
    # The refusal says why: the work is not there yet (its status), or the step was taken (its date).
    if STATUS_ORDER.index(status) < STATUS_ORDER.index(needed):
        assert project.get_status_display() in text, text
    else:
        assert getattr(project, STEP_DATE[step]).strftime("%d/%m/%Y") in text, text
    assert refused.value.messages == services.blockers(project, step)
    assert project.status == status
    assert Milestone.objects.filter(project=project).count() == before


def test_a_work_goes_all_the_way_with_dates_actor_and_documents(works, officer_construction):
    works.actor = officer_construction
    project = works.settled()
    assert project.status == ProjectStatus.SETTLED
    assert (project.decision_date, project.actual_start, project.actual_end) == (DECIDED, STARTED, FINISHED)
    assert (project.handed_over_on, project.settled_on, project.settlement_value) == (
        HANDED_OVER,
        SETTLED,
        1_400_000_000,
    )
    # A new build enters the fixed-asset register when settled (dated on its handover).
    assert Milestone.objects.get(project=project, step=Step.REGISTER_ASSET).date == HANDED_OVER
    steps = list(Milestone.objects.filter(project=project).exclude(step=Step.REGISTER_ASSET).order_by("date", "id"))
    assert [m.step for m in steps] == ["approve", "start", "accept", "hand_over", "settle"]
    assert {m.recorded_by for m in steps} == {officer_construction}
    assert [m.document_number for m in steps] == ["1/QĐ-CAT", "LKC-01", "BBNT-01", "BBBG-01", "QĐQT-01"]


def test_start_needs_a_contract(works):
    project = works.approved()
    with pytest.raises(ValidationError) as refused:
        services.project_start(actor=None, project=project, date=STARTED, document_number="LKC")
    assert services.blockers(project, Step.START) == refused.value.messages


def test_acceptance_needs_full_progress_and_says_what_the_last_report_said(works):
    project = works.started()
    works.report(project, 80)
    with pytest.raises(ValidationError) as refused:
        services.project_accept(actor=None, project=project, date=FINISHED, document_number="BBNT")
    assert "80 %" in refused.value.messages[0] and "100 %" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("step", "status", "day", "field"),
    [
        (Step.START, ProjectStatus.APPROVED, DECIDED - datetime.timedelta(days=1), "date"),
        (Step.ACCEPT, ProjectStatus.UNDER_CONSTRUCTION, datetime.date(YEAR, 8, 31), "date"),
        (Step.HAND_OVER, ProjectStatus.ACCEPTED, FINISHED - datetime.timedelta(days=1), "date"),
        (Step.SETTLE, ProjectStatus.HANDED_OVER, HANDED_OVER - datetime.timedelta(days=1), "date"),
        (Step.START, ProjectStatus.APPROVED, timezone.localdate() + datetime.timedelta(days=2), "date"),
    ],
)
def test_steps_are_dated_in_order_and_never_in_the_future(works, step, status, day, field):
    project = works.at(status)
    if step == Step.START:
        works.contract(project)
    if step == Step.ACCEPT:
        works.report(project, 100, day=datetime.date(YEAR, 9, 1))
    kwargs = {"actor": None, "project": project, "date": day, "document_number": "X-1"}
    if step == Step.SETTLE:
        kwargs["settlement_value"] = 1_000_000_000
    call = {
        Step.START: services.project_start,
        Step.ACCEPT: services.project_accept,
        Step.HAND_OVER: services.project_hand_over,
        Step.SETTLE: services.project_settle,
    }[step]
    with pytest.raises(ValidationError) as refused:
        call(**kwargs)
    assert field in refused.value.message_dict
    project.refresh_from_db()
    assert project.status == status


def test_settlement_value_within_total_investment_and_not_below_paid(works):
    project = works.handed_over()
    works.pay(project, 600_000_000)
    for value, words in ((2_500_000_000, "2.000.000.000"), (500_000_000, "600.000.000")):
        with pytest.raises(ValidationError) as refused:
            services.project_settle(
                actor=None, project=project, date=SETTLED, document_number="QT", settlement_value=value
            )
        assert words in refused.value.message_dict["settlement_value"][0]
    settled = services.project_settle(
        actor=None,
        project=project,
        date=SETTLED,
        document_number="QT",
        settlement_value=600_000_000,
        item_type=registered_as(project),
    )
    assert settled.payment_limit == 600_000_000


def test_only_officers_with_the_step_permission_in_scope_take_steps(works, make_user, tree):
    project = works.proposed(unit=tree.commune_b1)
    for user in (
        make_user(Role.UNIT_COMMANDER, tree.province),
        make_user(Role.AUDITOR, tree.province),
        make_user(Role.LOGISTICS_OFFICER, tree.district_a),  # another district: out of scope
    ):
        with pytest.raises(PermissionDenied):
            STEP_CALLS[Step.APPROVE](project, actor=user)
    approved = STEP_CALLS[Step.APPROVE](project, actor=make_user(Role.LOGISTICS_OFFICER, tree.district_b))
    assert approved.status == ProjectStatus.APPROVED


def test_approved_works_are_changed_by_adjustment_decisions_only(works):
    project = works.started()
    assert refusal(lambda: services.project_update(actor=None, project=project, name="Đổi tên")) == [
        "Không sửa công trình đã phê duyệt: hãy ghi quyết định điều chỉnh hoặc bước tiếp theo."
    ]
    adjusted = services.project_adjust(
        actor=None,
        project=project,
        date=datetime.date(YEAR, 5, 1),
        document_number="QĐĐC-01",
        reason="Bổ sung hạng mục nhà xe",
        total_investment=2_300_000_000,
        planned_start=project.planned_start,
        planned_end=datetime.date(YEAR, 12, 31),
    )
    assert (adjusted.total_investment, adjusted.planned_end) == (2_300_000_000, datetime.date(YEAR, 12, 31))
    milestone = Milestone.objects.get(project=project, step=Step.ADJUST)
    assert "2.000.000.000" in milestone.note and "2.300.000.000" in milestone.note
    assert milestone.to_status == "" and adjusted.status == ProjectStatus.UNDER_CONSTRUCTION
    with pytest.raises(ValidationError) as refused:
        services.project_adjust(
            actor=None,
            project=project,
            date=datetime.date(YEAR, 5, 2),
            document_number="QĐĐC-02",
            reason="Giảm",
            total_investment=1_000_000_000,  # below the contract of 1,5 tỷ
            planned_start=project.planned_start,
            planned_end=datetime.date(YEAR, 12, 31),
        )
    assert "total_investment" in refused.value.message_dict


def test_database_refuses_a_status_without_the_dates_of_its_steps(works):
    project = works.proposed()
    for status in (ProjectStatus.APPROVED, ProjectStatus.UNDER_CONSTRUCTION, ProjectStatus.SETTLED):
        with pytest.raises(IntegrityError), transaction.atomic():
            Project.objects.filter(pk=project.pk).update(status=status)
    started = works.started()
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=started.pk).update(status=ProjectStatus.ACCEPTED, actual_end=FINISHED)  # progress 0
