"""Progress reports (never lower without a reason), overdue works, and buildings entering the asset
register at handover, their cost adjusted at settlement."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from assets.models import AssetCategory, Item, ItemType
from construction import services
from construction.choices import ProjectStatus, Step
from construction.models import Milestone, ProgressReport, Project
from logistics.models import Attachment
from tests.construction.conftest import HANDED_OVER, SETTLED, YEAR, registered_as
from tests.refusals import refusal

pytestmark = pytest.mark.django_db


def test_progress_goes_up_and_the_work_shows_the_last_figure(works):
    project = works.started()
    works.report(project, 30, day=datetime.date(YEAR, 3, 1))
    works.report(project, 65, day=datetime.date(YEAR, 5, 1))
    project.refresh_from_db()
    assert project.progress == 65
    assert ProgressReport.objects.get(percent=65).previous_percent == 30


def test_a_lower_figure_needs_a_reason(works):
    project = works.started()
    works.report(project, 60, day=datetime.date(YEAR, 4, 1))
    with pytest.raises(ValidationError) as refused:
        works.report(project, 50, day=datetime.date(YEAR, 5, 1))
    assert "60" in refused.value.message_dict["reason"][0]
    assert ProgressReport.objects.count() == 1
    lowered = works.report(project, 50, day=datetime.date(YEAR, 5, 1), reason="Phá dỡ phần móng không đạt")
    assert (lowered.previous_percent, lowered.percent) == (60, 50)
    project.refresh_from_db()
    assert project.progress == 50


def test_the_database_refuses_a_lower_figure_without_a_reason(works):
    project = works.started()
    report = works.report(project, 40)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReport.objects.filter(pk=report.pk).update(previous_percent=70)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReport.objects.filter(pk=report.pk).update(percent=101)


@pytest.mark.parametrize(
    ("day", "percent", "field"),
    [
        (datetime.date(YEAR, 1, 20), 10, "date"),  # before construction started
        (datetime.date(YEAR, 3, 1), 20, "date"),  # before the last report
        (timezone.localdate() + datetime.timedelta(days=2), 20, "date"),
        (datetime.date(YEAR, 6, 1), 120, "percent"),
    ],
)
def test_bad_reports_are_refused_beside_the_field(works, day, percent, field):
    project = works.started()
    works.report(project, 10, day=datetime.date(YEAR, 4, 1))
    with pytest.raises(ValidationError) as refused:
        works.report(project, percent, day=day)
    assert field in refused.value.message_dict
    assert ProgressReport.objects.count() == 1


def test_progress_is_reported_only_under_construction(works):
    for status in (ProjectStatus.APPROVED, ProjectStatus.ACCEPTED):
        project = works.at(status)
        with pytest.raises(ValidationError) as refused:
            works.report(project, 100, day=datetime.date(YEAR, 10, 1))
        assert "project" in refused.value.message_dict


def test_a_photo_is_attached_with_the_report_or_nothing_is_saved(works, officer_construction):
    works.actor = officer_construction
    project = works.started()
    photo = SimpleUploadedFile("mong-nha.jpg", b"\xff\xd8\xff\xe0 anh chup", content_type="image/jpeg")
    report = services.progress_report_create(
        actor=officer_construction, project=project, date=datetime.date(YEAR, 3, 3), percent=20, attachment=photo
    )
    assert Attachment.objects.get().object_id == report.pk
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError) as refused:
        services.progress_report_create(
            actor=officer_construction, project=project, date=datetime.date(YEAR, 4, 4), percent=30, attachment=bad
        )
    assert "attachment" in refused.value.message_dict
    assert ProgressReport.objects.count() == 1
    project.refresh_from_db()
    assert project.progress == 20


def test_overdue_means_approved_planned_end_passed_and_not_accepted(works):
    late = works.started(planned_end=datetime.date(YEAR, 6, 30))
    approved_late = works.approved(planned_end=datetime.date(YEAR, 6, 30))
    on_time = works.started(planned_end=timezone.localdate() + datetime.timedelta(days=30))
    done_late = works.accepted(planned_end=datetime.date(YEAR, 6, 30))
    proposed_late = works.proposed(planned_end=datetime.date(YEAR, 6, 30))  # a proposal is not overdue
    assert set(Project.objects.overdue()) == {late, approved_late}
    flags = dict(Project.objects.with_figures().values_list("pk", "overdue"))
    assert flags == {
        late.pk: True,
        approved_late.pk: True,
        on_time.pk: False,
        done_late.pk: False,
        proposed_late.pk: False,
    }
    assert late.is_overdue and approved_late.is_overdue and not done_late.is_overdue and not proposed_late.is_overdue


def test_a_building_enters_the_asset_register_at_handover_and_takes_the_settlement_value(works, building_type):
    project = works.accepted()
    services.project_hand_over(
        actor=None,
        project=project,
        date=HANDED_OVER,
        document_number="BBBG-01",
        register_asset=True,
        item_type=building_type,
        asset_cost=1_500_000_000,
    )
    project.refresh_from_db()
    item = Item.objects.get()
    assert project.asset_item == item
    assert (item.cost, item.holder_unit, item.origin, item.serial_number, item.acquired_on) == (
        1_500_000_000,
        project.beneficiary_unit,
        "construction",
        project.code,
        HANDED_OVER,
    )
    assert Milestone.objects.filter(project=project, step=Step.REGISTER_ASSET).exists()
    services.project_settle(
        actor=None,
        project=project,
        date=SETTLED,
        document_number="QĐQT",
        settlement_value=1_450_000_000,
        item_type=registered_as(project),
    )
    item.refresh_from_db()
    assert item.cost == 1_450_000_000


def test_a_building_can_be_registered_later_and_only_once(works, building_type):
    project = works.handed_over()
    services.project_register_asset(actor=None, project=project, item_type=building_type, cost=1_300_000_000)
    assert Item.objects.get().cost == 1_300_000_000
    assert refusal(lambda: services.project_register_asset(actor=None, project=project, item_type=building_type)) == [
        f"Công trình này đã có trong sổ tài sản ({Item.objects.get()})."
    ]
    assert Item.objects.count() == 1


def test_only_buildings_after_handover_enter_the_register(works, building_type):
    cars = ItemType.objects.create(
        category=AssetCategory.objects.create(code="XE", name="Xe"),
        code="OTO",
        name="Ô tô",
        unit_of_measure="chiếc",
        tracking="serial",
    )
    accepted = works.accepted()
    assert refusal(
        lambda: services.project_register_asset(actor=None, project=accepted, item_type=building_type, cost=1_000_000)
    ) == ["Chỉ ghi vào sổ tài sản sau khi công trình đã bàn giao: công trình đang ở trạng thái “Đã nghiệm thu”."]
    handed = works.handed_over()
    with pytest.raises(ValidationError) as refused:
        services.project_register_asset(actor=None, project=handed, item_type=cars, cost=1_000_000)
    assert "item_type" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.project_hand_over(
            actor=None,
            project=accepted,
            date=HANDED_OVER,
            document_number="BBBG",
            register_asset=True,
            item_type=building_type,
        )
    assert "asset_cost" in refused.value.message_dict
    accepted.refresh_from_db()
    assert accepted.status == ProjectStatus.ACCEPTED  # the handover waited for a complete registration
    assert not Item.objects.exists()
