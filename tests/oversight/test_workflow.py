"""The life of an inspection: planned → in progress → concluded (final), and of a recommendation:
open → in progress → done → verified, each step guarded by its service."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from logistics.models import Attachment
from logistics.services import record_delete
from oversight import services
from oversight.choices import InspectionForm, InspectionStatus, ProgrammeKind, RecommendationStatus, TeamRole
from oversight.models import Finding, FindingLink, Inspection, ProgressReport, Recommendation, TeamMember
from tests.factories import PersonnelFactory
from tests.oversight.conftest import evidence
from tests.refusals import refusal

pytestmark = pytest.mark.django_db


def error_fields(excinfo) -> set:
    return set(getattr(excinfo.value, "error_dict", {}) or {"__all__": None})


#: What every change to a concluded inspection, its findings, recommendations or team meets.
FINAL = "Cuộc kiểm tra đã kết luận; hồ sơ này đã chốt, không thể sửa."


def test_an_inspection_goes_from_planned_to_concluded(build, inspector, tree):
    programme = build.programme()
    inspection = build.inspection(programme)
    assert inspection.status == InspectionStatus.PLANNED
    assert inspection.kind == ProgrammeKind.INSPECTION

    with pytest.raises(ValidationError) as refused:
        services.inspection_start(actor=inspector, inspection=inspection)
    assert refused.value.messages == ["Cần chỉ định trưởng đoàn trước khi bắt đầu."]
    assert Inspection.objects.get(pk=inspection.pk).status == InspectionStatus.PLANNED

    services.team_member_create(actor=inspector, inspection=inspection, personnel=build.head, role=TeamRole.HEAD)
    inspection = services.inspection_start(actor=inspector, inspection=inspection, started_on=datetime.date(2020, 3, 2))
    assert inspection.status == InspectionStatus.IN_PROGRESS

    finding = build.finding(inspection, records=[tree.district_a])
    build.recommendation(finding)
    with pytest.raises(ValidationError) as no_conclusion:
        services.inspection_conclude(actor=inspector, inspection=inspection, concluded_on=datetime.date(2020, 3, 20))
    assert error_fields(no_conclusion) == {"conclusion"}

    inspection = services.inspection_conclude(
        actor=inspector,
        inspection=inspection,
        concluded_on=datetime.date(2020, 3, 20),
        conclusion="Kết luận kiểm tra.",
        conclusion_number="05-TB/UBKT",
    )
    assert inspection.status == InspectionStatus.CONCLUDED
    assert inspection.is_locked and finding.inspection_id == inspection.pk


def test_steps_out_of_order_are_refused_with_a_reason(build, inspector):
    planned = build.inspection()
    with pytest.raises(ValidationError, match="bắt đầu"):
        services.inspection_conclude(actor=inspector, inspection=planned, conclusion="x")
    started = build.started(decision_number="13-QĐ")
    assert refusal(lambda: services.inspection_start(actor=inspector, inspection=started)) == [
        "Chỉ cuộc kiểm tra theo kế hoạch mới có thể bắt đầu; cuộc này đang ở trạng thái “Đang tiến hành”."
    ]
    concluded = build.concluded(decision_number="14-QĐ")
    assert refusal(lambda: services.inspection_conclude(actor=inspector, inspection=concluded, conclusion="again")) == [
        "Cuộc kiểm tra này đã kết luận."
    ]


def test_dates_must_make_sense(build, inspector):
    inspection = build.started()
    with pytest.raises(ValidationError) as before_start:
        services.inspection_conclude(
            actor=inspector, inspection=inspection, concluded_on=datetime.date(2020, 3, 1), conclusion="x"
        )
    assert error_fields(before_start) == {"concluded_on"}
    with pytest.raises(ValidationError) as future:
        services.inspection_conclude(
            actor=inspector,
            inspection=inspection,
            concluded_on=timezone.localdate() + datetime.timedelta(days=3),
            conclusion="x",
        )
    assert error_fields(future) == {"concluded_on"}


def test_a_recommendation_due_before_the_conclusion_blocks_it(build, inspector):
    inspection = build.started()
    finding = build.finding(inspection)
    build.recommendation(finding, due=datetime.date(2020, 3, 10))
    with pytest.raises(ValidationError) as refused:
        services.inspection_conclude(
            actor=inspector, inspection=inspection, concluded_on=datetime.date(2020, 3, 20), conclusion="x"
        )
    assert error_fields(refused) == {"concluded_on"}
    assert Inspection.objects.get(pk=inspection.pk).status == InspectionStatus.IN_PROGRESS


def test_a_concluded_inspection_is_final(build, inspector, tree):
    inspection = build.concluded()
    finding = Finding.objects.get(inspection=inspection)
    recommendation = Recommendation.objects.get(finding=finding)
    assert refusal(lambda: services.inspection_update(actor=inspector, inspection=inspection, title="Đổi")) == [FINAL]
    assert refusal(lambda: build.finding(inspection)) == [
        "Cuộc kiểm tra đã kết luận; không thể thêm vi phạm, thiếu sót."
    ]
    assert refusal(lambda: services.finding_update(actor=inspector, finding=finding, title="Đổi")) == [FINAL]
    assert refusal(lambda: build.recommendation(finding)) == ["Cuộc kiểm tra đã kết luận; không thể thêm kiến nghị."]
    assert refusal(
        lambda: services.recommendation_update(actor=inspector, recommendation=recommendation, content="Đổi")
    ) == [FINAL]
    newcomer = PersonnelFactory(unit=tree.department)
    assert refusal(lambda: services.team_member_create(actor=inspector, inspection=inspection, personnel=newcomer)) == [
        FINAL
    ]
    assert refusal(lambda: services.finding_link_create(actor=inspector, finding=finding, record=tree.district_b)) == [
        "Cuộc kiểm tra đã kết luận; không thể trích dẫn thêm hồ sơ."
    ]
    assert refusal(lambda: record_delete(actor=inspector, record=inspection)) == [
        "Bản ghi này đã được chốt, không thể xóa; vui lòng lập bản ghi điều chỉnh."
    ]
    assert Inspection.objects.get(pk=inspection.pk).title == inspection.title


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE oversight_inspection SET title = 'x' WHERE id = %(inspection)s",
        "DELETE FROM oversight_inspection WHERE id = %(inspection)s",
        "UPDATE oversight_finding SET amount = 1 WHERE id = %(finding)s",
        "DELETE FROM oversight_findinglink WHERE finding_id = %(finding)s",
        "UPDATE oversight_recommendation SET due_date = '2030-01-01' WHERE id = %(recommendation)s",
        "UPDATE oversight_teammember SET role = 'member' WHERE inspection_id = %(inspection)s",
        "UPDATE oversight_progressreport SET note = 'x'",
    ],
)
def test_the_database_itself_refuses_changes_to_what_is_final(build, inspector, tree, sql):
    inspection = build.concluded(records=[tree.district_a])
    recommendation = Recommendation.objects.get(finding__inspection=inspection)
    services.recommendation_report_progress(
        actor=inspector, recommendation=recommendation, status="in_progress", note="Đang làm", reported_on=None
    )
    ids = {"inspection": inspection.pk, "finding": recommendation.finding_id, "recommendation": recommendation.pk}
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql % ids)


def test_the_database_still_lets_the_follow_up_move(build, inspector):
    inspection = build.concluded()
    recommendation = Recommendation.objects.get(finding__inspection=inspection)
    # Status and dates of the follow-up change after the conclusion; the content does not.
    Recommendation.objects.filter(pk=recommendation.pk).update(status=RecommendationStatus.IN_PROGRESS)
    assert Recommendation.objects.get(pk=recommendation.pk).status == RecommendationStatus.IN_PROGRESS


def test_team_rules(build, inspector, tree):
    inspection = build.inspection()
    services.team_member_create(actor=inspector, inspection=inspection, personnel=build.head, role=TeamRole.HEAD)
    with pytest.raises(ValidationError) as second_head:
        services.team_member_create(actor=inspector, inspection=inspection, personnel=build.member, role=TeamRole.HEAD)
    assert error_fields(second_head) == {"role"}
    with pytest.raises(ValidationError) as twice:
        services.team_member_create(actor=inspector, inspection=inspection, personnel=build.head)
    assert error_fields(twice) == {"personnel"}
    assert TeamMember.objects.filter(inspection=inspection).count() == 1


def test_form_must_match_the_programme_and_ad_hoc_needs_no_programme(build, inspector):
    supervision = build.programme(kind=ProgrammeKind.SUPERVISION, document_number="02-CTr")
    with pytest.raises(ValidationError) as wrong_form:
        build.inspection(supervision, form=InspectionForm.INSPECTION_PERIODIC)
    assert error_fields(wrong_form) == {"form"}
    with pytest.raises(ValidationError) as needs_programme:
        build.inspection(None, form=InspectionForm.INSPECTION_PERIODIC)
    assert error_fields(needs_programme) == {"programme"}
    ad_hoc = build.inspection(None, form=InspectionForm.INSPECTION_SIGNS)
    assert ad_hoc.programme is None
    thematic = build.inspection(supervision, form=InspectionForm.SUPERVISION_THEMATIC, decision_number="x")
    assert thematic.kind == ProgrammeKind.SUPERVISION


def test_a_party_member_target_takes_the_members_unit(build, tree):
    member = PersonnelFactory(unit=tree.commune_a2, is_party_member=True)
    inspection = build.inspection(target_kind="member", target_unit=None, target_person=member)
    assert inspection.target_unit == tree.commune_a2
    not_member = PersonnelFactory(unit=tree.commune_a2, is_party_member=False)
    with pytest.raises(ValidationError) as refused:
        build.inspection(target_kind="member", target_unit=None, target_person=not_member)
    assert error_fields(refused) == {"target_person"}


def test_recommendation_follow_up_to_verification(build, inspector, district_commander, commune_commander):
    inspection = build.concluded()
    recommendation = Recommendation.objects.get(finding__inspection=inspection)
    services.recommendation_report_progress(
        actor=district_commander, recommendation=recommendation, status="in_progress", note="Đã lập kế hoạch"
    )
    with pytest.raises(ValidationError) as no_evidence:
        services.recommendation_report_progress(
            actor=district_commander, recommendation=recommendation, status="done", note="Xong"
        )
    assert error_fields(no_evidence) == {"evidence"}
    with pytest.raises(ValidationError) as too_early:
        services.recommendation_verify(actor=inspector, recommendation=recommendation)
    assert too_early.value.messages == [
        "Chỉ xác minh kiến nghị đã báo cáo hoàn thành; kiến nghị này đang “Đang thực hiện”."
    ]

    done = services.recommendation_report_progress(
        actor=district_commander, recommendation=recommendation, status="done", note="Xong", evidence=evidence()
    )
    assert done.status == RecommendationStatus.DONE and done.done_on == timezone.localdate()
    assert Attachment.objects.filter(object_id=recommendation.pk, original_name="bien-ban-khac-phuc.pdf").exists()

    with pytest.raises(PermissionDenied):
        services.recommendation_verify(actor=district_commander, recommendation=recommendation)

    sent_back = services.recommendation_send_back(actor=inspector, recommendation=recommendation, note="Thiếu hóa đơn")
    assert sent_back.status == RecommendationStatus.IN_PROGRESS and sent_back.done_on is None

    services.recommendation_report_progress(
        actor=district_commander, recommendation=recommendation, status="done", note="Đã bổ sung hóa đơn"
    )  # the evidence already attached counts
    verified = services.recommendation_verify(actor=inspector, recommendation=recommendation, note="Đạt")
    assert verified.status == RecommendationStatus.VERIFIED and verified.verified_by == inspector
    steps = list(ProgressReport.objects.filter(recommendation=recommendation).values_list("status", flat=True))
    assert steps == ["in_progress", "done", "in_progress", "done", "verified"]
    assert refusal(
        lambda: services.recommendation_report_progress(
            actor=district_commander, recommendation=recommendation, status="in_progress", note="Lại"
        )
    ) == ["Kiến nghị này đã “Đã xác minh”; không báo cáo thêm."]


def test_progress_is_reported_only_on_issued_recommendations_and_by_the_unit_responsible(
    build, inspector, district_commander, other_commander, commune_commander
):
    inspection = build.started()
    draft = build.recommendation(build.finding(inspection))
    assert refusal(
        lambda: services.recommendation_report_progress(
            actor=district_commander, recommendation=draft, status="in_progress", note="x"
        )
    ) == ["Chỉ báo cáo tiến độ sau khi cuộc kiểm tra đã kết luận."]
    concluded = build.concluded(decision_number="99-QĐ")
    issued = Recommendation.objects.get(finding__inspection=concluded)
    for outsider in (other_commander, commune_commander):  # commune A1 is not responsible: district A is
        with pytest.raises(PermissionDenied):
            services.recommendation_report_progress(
                actor=outsider, recommendation=issued, status="in_progress", note="x"
            )
    assert not ProgressReport.objects.exists()


def test_citations_are_replaced_when_a_list_is_given(build, tree, inspector):
    inspection = build.started()
    finding = build.finding(inspection, records=[tree.district_a, tree.commune_a1])
    assert FindingLink.objects.filter(finding=finding).count() == 2
    services.finding_update(actor=inspector, finding=finding, records=[tree.commune_a1, tree.department])
    linked = set(FindingLink.objects.filter(finding=finding).values_list("object_id", flat=True))
    assert linked == {tree.commune_a1.pk, tree.department.pk}
