"""Builders for oversight tests: records are made through the services, as users make them."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from logistics.roles import Role
from oversight import services
from oversight.choices import Area, InspectionForm, ProgrammeKind, Schedule, TargetKind, TeamRole
from tests.factories import PersonnelFactory

LONG_AGO = datetime.date(2020, 3, 2)


@pytest.fixture
def district_commander(make_user, tree):
    """Commands the inspected district (and the communes under it)."""
    return make_user(Role.UNIT_COMMANDER, tree.district_a)


@pytest.fixture
def other_commander(make_user, tree):
    """Commands another district: nothing of district A concerns them."""
    return make_user(Role.UNIT_COMMANDER, tree.district_b)


def evidence(name="bien-ban-khac-phuc.pdf", content=b"%PDF-1.4 bien ban"):
    return SimpleUploadedFile(name, content)


class Builder:
    """Makes a programme, an inspection with a team, findings and recommendations."""

    def __init__(self, tree, actor):
        self.tree = tree
        self.actor = actor
        self.head = PersonnelFactory(unit=tree.department, is_party_member=True, full_name="Trưởng Đoàn Thử")
        self.member = PersonnelFactory(unit=tree.department, is_party_member=True, full_name="Thành Viên Thử")

    def programme(self, **fields):
        values = {
            "year": 2020,
            "kind": ProgrammeKind.INSPECTION,
            "schedule": Schedule.ANNUAL,
            "quarter": None,
            "title": "Chương trình kiểm tra năm 2020",
            "document_number": "01-CTr/UBKT",
            "issued_on": datetime.date(2020, 1, 8),
            "issuing_unit": self.tree.province,
            "areas": [Area.BUDGET, Area.EQUIPMENT],
            "planned_count": 2,
            "planned_targets": "Công an các huyện",
        }
        values.update(fields)
        return services.programme_create(actor=self.actor, **values)

    def inspection(self, programme=None, *, target=None, start=LONG_AGO, **fields):
        values = {
            "programme": programme,
            "form": InspectionForm.INSPECTION_PERIODIC if programme else InspectionForm.INSPECTION_AD_HOC,
            "title": "Kiểm tra công tác tài chính Công an huyện Thanh Hà",
            "decision_number": "12-QĐ/UBKT",
            "inspecting_unit": self.tree.province,
            "target_kind": TargetKind.ORGANISATION,
            "target_unit": target or self.tree.district_a,
            "target_person": None,
            "period_from": datetime.date(start.year - 1, 1, 1),
            "period_to": datetime.date(start.year - 1, 12, 31),
            "planned_start": start,
            "planned_end": start + datetime.timedelta(days=20),
        }
        values.update(fields)
        return services.inspection_create(actor=self.actor, **values)

    def started(self, programme=None, **fields):
        inspection = self.inspection(programme, **fields)
        services.team_member_create(actor=self.actor, inspection=inspection, personnel=self.head, role=TeamRole.HEAD)
        services.team_member_create(
            actor=self.actor, inspection=inspection, personnel=self.member, role=TeamRole.MEMBER
        )
        return services.inspection_start(actor=self.actor, inspection=inspection, started_on=inspection.planned_start)

    def finding(self, inspection, records=None, **fields):
        values = {
            "area": Area.BUDGET,
            "kind": "violation",
            "severity": "serious",
            "title": "Chi sai mục chi",
            "description": "Chi tiếp khách từ nguồn mua sắm trang thiết bị.",
            "amount": 45_000_000,
        }
        values.update(fields)
        return services.finding_create(actor=self.actor, inspection=inspection, records=records, **values)

    def recommendation(self, finding, *, unit=None, due=None, **fields):
        values = {
            "content": "Hạch toán lại các khoản chi theo đúng mục chi",
            "responsible_unit": unit or self.tree.district_a,
            "due_date": due or finding.inspection.planned_start + datetime.timedelta(days=90),
        }
        values.update(fields)
        return services.recommendation_create(actor=self.actor, finding=finding, **values)

    def concluded(self, *, recommendations=1, due=None, concluded_on=None, records=None, unit=None, **fields):
        """An inspection of district A concluded, with one finding and its recommendations."""
        inspection = self.started(**fields)
        finding = self.finding(inspection, records=records)
        for index in range(recommendations):
            self.recommendation(
                finding, due=due, unit=unit or fields.get("target"), content=f"Kiến nghị số {index + 1}"
            )
        inspection = services.inspection_conclude(
            actor=self.actor,
            inspection=inspection,
            concluded_on=concluded_on or inspection.started_on + datetime.timedelta(days=15),
            conclusion="Đơn vị còn thiếu sót trong công tác tài chính; yêu cầu khắc phục.",
            conclusion_number="05-TB/UBKT",
        )
        return inspection


@pytest.fixture
def build(tree, inspector):
    return Builder(tree, inspector)
