"""Party oversight demo data, built through the services (so every rule is checked).

Yearly programmes 2015–2021 of the provincial police Party Committee and its Inspection Committee:
an annual inspection programme, an annual supervision programme, a quarterly and a periodic one
each year, an ad hoc programme in 2020 (COVID-19 purchases), plus ad hoc inspections without a
programme (some upon signs of violation by a Party member, with discipline). Findings cite the
inspected unit, an officer of it, and — when those apps have demo rows the demo inspector may
see — budget, equipment, construction and clinic records. Recommendations are in every state:
long verified, done awaiting verification, in progress, open; the 2020–2021 ones are overdue.
This year an ad hoc inspection is concluded (its recommendations not yet due), one is in
progress and one planned.

Idempotent: a year whose annual programme exists is skipped; this year's inspections are found
by their decision numbers.
"""

from __future__ import annotations

import datetime
import random

from django.apps import apps
from django.core.files.base import ContentFile
from django.utils import timezone

from logistics.models import DomainModel, Personnel, Unit, User
from logistics.scope import restrict
from logistics.selectors import rollup_unit_ids
from oversight import selectors, services
from oversight.choices import (
    Area,
    DisciplineLevel,
    InspectionForm,
    IssuingBody,
    ProgrammeKind,
    ProgressStatus,
    Schedule,
    TargetKind,
    TeamRole,
)
from oversight.demo_data import (
    AREA_APPS,
    AREA_SUBJECTS,
    EVIDENCE_TEXT,
    FINDINGS,
    PROVINCE,
    TARGETS,
    YEARS,
)
from oversight.models import Inspection, Programme, Recommendation


class Demo:
    def __init__(self):
        self.rng = random.Random(7)
        self.today = timezone.localdate()
        self.units = {unit.code: unit for unit in Unit.objects.all()}
        self.province = self.units[PROVINCE]
        self.inspector = User.objects.filter(username="inspector").first()
        self.commander = User.objects.filter(username="commander").first()
        self.commune_commander = User.objects.filter(username="commune_commander").first()
        members = Personnel.objects.filter(is_party_member=True, is_active=True).select_related("unit")
        self.leaders = list(members.filter(unit=self.province).order_by("service_number"))
        self.team_pool = list(
            members.filter(unit__code__in=("HD-PX03", "HD-PX01", "HD-PV01")).order_by("service_number")
        )
        self.candidates: dict[tuple[str, int], list] = {}
        self.officers: dict[int, Personnel | None] = {}
        self.target_index = 0
        self.number = 0

    # --- helpers ------------------------------------------------------------------------------

    def next_target(self) -> tuple[Unit, str]:
        code, area = TARGETS[self.target_index % len(TARGETS)]
        self.target_index += 1
        return self.units[code], area

    def team_for(self, inspection: Inspection) -> None:
        head = self.leaders[self.number % len(self.leaders)] if self.leaders else None
        people = [p for p in self.team_pool if p.pk != getattr(head, "pk", None)]
        chosen = self.rng.sample(people, min(2, len(people)))
        if head is not None:
            services.team_member_create(actor=None, inspection=inspection, personnel=head, role=TeamRole.HEAD)
        for index, person in enumerate(chosen):
            role = TeamRole.SECRETARY if index == len(chosen) - 1 else TeamRole.MEMBER
            services.team_member_create(actor=None, inspection=inspection, personnel=person, role=role)

    def cited_records(self, area: str, unit: Unit) -> list:
        """Records of the area's app the demo inspector may see, preferring those of ``unit``."""
        label = AREA_APPS.get(area)
        if label is None or self.inspector is None:
            return []
        key = (label, unit.pk)
        if key not in self.candidates:
            found = []
            try:
                app_models = list(apps.get_app_config(label).get_models())
            except LookupError:
                app_models = []
            citable = set(selectors.citable_models())
            for model in sorted(app_models, key=lambda m: m._meta.model_name):
                if model not in citable or not issubclass(model, DomainModel) or not model.scope_units:
                    continue
                rows = restrict(model._default_manager.all(), self.inspector, "view")
                first = model.scope_units[0]
                if "__" not in first and first != "pk":
                    own = rows.filter(**{f"{first}__in": rollup_unit_ids(unit)})
                    if own.exists():
                        rows = own
                found.extend(rows.order_by("pk")[:3])
            self.candidates[key] = found
        pool = self.candidates[key]
        return self.rng.sample(pool, min(2, len(pool)))

    def officer_of(self, unit: Unit):
        if unit.pk not in self.officers:
            self.officers[unit.pk] = (
                Personnel.objects.filter(unit__in=rollup_unit_ids(unit), is_party_member=True)
                .select_related("unit")
                .order_by("service_number")
                .first()
            )
        return self.officers[unit.pk]

    def evidence(self) -> ContentFile:
        return ContentFile(EVIDENCE_TEXT.encode("utf-8"), name="bao-cao-khac-phuc.txt")

    def reporter_for(self, recommendation: Recommendation):
        if self.commune_commander is not None and recommendation.responsible_unit_id == self.commune_commander.unit_id:
            return self.commune_commander
        return self.commander

    # --- building blocks ----------------------------------------------------------------------

    def programme(self, year, kind, schedule, title, number, areas, planned, quarter=None, body=None):
        return services.programme_create(
            actor=None,
            year=year,
            kind=kind,
            schedule=schedule,
            quarter=quarter,
            title=title,
            document_number=number,
            issued_on=datetime.date(year, 1, 8) if schedule == Schedule.ANNUAL else datetime.date(year, 1, 20),
            issuing_body=body or IssuingBody.INSPECTION_COMMITTEE,
            issuing_unit=self.province,
            areas=areas,
            planned_count=planned,
            planned_targets="Tổ chức đảng các phòng, Công an huyện, thị xã, thành phố và đảng viên có liên quan",
        )

    def inspection(self, *, programme, form, start, target, area, person=None, conclude=True, findings=True):
        self.number += 1
        year = start.year
        subject = AREA_SUBJECTS[area]
        kind = "Giám sát" if form.startswith("supervision") else "Kiểm tra"
        who = f"đảng viên {person.full_name}" if person else f"tổ chức đảng {target.name}"
        inspection = services.inspection_create(
            actor=None,
            programme=programme,
            form=form,
            title=f"{kind} {subject} đối với {who} ({year})",
            decision_number=f"{self.number:02d}-QĐ/UBKT-{year}",
            inspecting_unit=self.province,
            target_kind=TargetKind.MEMBER if person else TargetKind.ORGANISATION,
            target_unit=None if person else target,
            target_person=person,
            period_from=datetime.date(year - 1, 1, 1),
            period_to=datetime.date(year - 1, 12, 31),
            planned_start=start,
            planned_end=start + datetime.timedelta(days=20),
        )
        self.team_for(inspection)
        if start > self.today:
            return inspection
        inspection = services.inspection_start(actor=None, inspection=inspection, started_on=start)
        created = []
        if findings:
            created = self.findings_for(inspection, area)
        if not conclude:
            return inspection
        concluded_on = min(start + datetime.timedelta(days=self.rng.randint(18, 35)), self.today)
        conclusion = (
            f"Qua {kind.lower()}, {who} đã lãnh đạo, chỉ đạo thực hiện cơ bản tốt {subject} trong năm {year - 1}; "
            "chấp hành đúng nguyên tắc, quy chế làm việc. "
            + (
                f"Tuy nhiên còn {len(created)} vi phạm, thiếu sót cần khắc phục (chi tiết tại phần phát hiện); "
                "yêu cầu đơn vị thực hiện đầy đủ các kiến nghị đúng hạn và báo cáo kết quả."
                if created
                else "Chưa phát hiện vi phạm, thiếu sót."
            )
        )
        inspection = services.inspection_conclude(
            actor=None,
            inspection=inspection,
            concluded_on=concluded_on,
            conclusion=conclusion,
            conclusion_number=f"{self.number:02d}-TB/UBKT-{year}",
        )
        for recommendation in Recommendation.objects.filter(finding__inspection=inspection).order_by("id"):
            self.follow_up(recommendation, concluded_on)
        return inspection

    def findings_for(self, inspection: Inspection, area: str) -> list:
        created = []
        bank = FINDINGS.get(area) or FINDINGS[Area.BUDGET]
        count = self.rng.choice((1, 1, 2, 2, 3))
        for title, kind, severity, amount_range, recommendations in self.rng.sample(bank, min(count, len(bank))):
            amount = 0
            if amount_range:
                amount = self.rng.randint(*amount_range) // 100_000 * 100_000
            records = [inspection.target_unit]
            officer = inspection.target_person or self.officer_of(inspection.target_unit)
            if officer is not None:
                records.append(officer)
            records += self.cited_records(area, inspection.target_unit)
            finding = services.finding_create(
                actor=None,
                inspection=inspection,
                area=area,
                kind=kind,
                severity=severity,
                title=title,
                description=f"{title} tại {inspection.target_unit.name} trong năm {inspection.period_to.year}.",
                amount=amount,
                records=records,
            )
            responsible = self.responsible_unit(inspection)
            for content in recommendations:
                due = inspection.planned_start + datetime.timedelta(days=self.rng.choice((60, 90, 120, 180)))
                services.recommendation_create(
                    actor=None, finding=finding, content=content, responsible_unit=responsible, due_date=due
                )
            created.append(finding)
        return created

    def responsible_unit(self, inspection: Inspection) -> Unit:
        """The inspected unit, or the unit that took it over when it has since been dissolved."""
        unit = inspection.target_unit
        start = inspection.planned_start
        return unit if unit.is_active_on(start) else self.province

    def follow_up(self, recommendation: Recommendation, concluded_on: datetime.date) -> None:
        """Bring the recommendation to a state that fits its age (old ones verified, recent ones open)."""
        reporter = self.reporter_for(recommendation)
        if reporter is None or self.inspector is None:
            return
        due = recommendation.due_date
        age = (self.today - concluded_on).days
        roll = self.rng.random()
        if age < 120:
            target = "in_progress" if roll < 0.5 else "open"
        elif concluded_on.year >= 2021:
            target = ("open", "in_progress", "in_progress", "done")[int(roll * 4)]
        elif concluded_on.year == 2020:
            target = ("in_progress", "done", "verified", "verified")[int(roll * 4)]
        else:
            target = "verified" if roll < 0.92 else "done"
        if target == "open":
            return
        progress_on = min(concluded_on + datetime.timedelta(days=self.rng.randint(10, 40)), self.today)
        services.recommendation_report_progress(
            actor=reporter,
            recommendation=recommendation,
            status=ProgressStatus.IN_PROGRESS,
            note="Đơn vị đã xây dựng kế hoạch khắc phục, phân công cán bộ thực hiện.",
            reported_on=progress_on,
        )
        if target == "in_progress":
            return
        late = self.rng.random() < 0.15
        done_on = due + datetime.timedelta(days=self.rng.randint(3, 40)) if late else due - datetime.timedelta(days=5)
        done_on = min(max(done_on, progress_on), self.today)
        services.recommendation_report_progress(
            actor=reporter,
            recommendation=recommendation,
            status=ProgressStatus.DONE,
            note="Đã khắc phục xong; gửi kèm báo cáo kết quả và tài liệu chứng minh.",
            reported_on=done_on,
            evidence=self.evidence(),
        )
        if target == "done":
            return
        services.recommendation_verify(
            actor=self.inspector,
            recommendation=recommendation,
            verified_on=min(done_on + datetime.timedelta(days=self.rng.randint(5, 30)), self.today),
            note="Đã kiểm tra hồ sơ, tài liệu; đơn vị đã thực hiện đầy đủ kiến nghị.",
        )

    # --- the years ----------------------------------------------------------------------------

    def year(self, year: int) -> None:
        quarter = (year % 4) + 1
        annual = self.programme(
            year,
            ProgrammeKind.INSPECTION,
            Schedule.ANNUAL,
            f"Chương trình kiểm tra năm {year} của Ủy ban Kiểm tra Đảng ủy Công an tỉnh",
            f"01-CTr/UBKT-{year}",
            [Area.BUDGET, Area.EQUIPMENT, Area.CONSTRUCTION, Area.CLINIC],
            planned=4,
        )
        supervision = self.programme(
            year,
            ProgrammeKind.SUPERVISION,
            Schedule.ANNUAL,
            f"Chương trình giám sát năm {year} của Đảng ủy Công an tỉnh",
            f"02-CTr/ĐU-{year}",
            [Area.BUDGET, Area.EQUIPMENT, Area.CONSTRUCTION],
            planned=2,
            body=IssuingBody.PARTY_COMMITTEE,
        )
        quarterly = self.programme(
            year,
            ProgrammeKind.INSPECTION,
            Schedule.QUARTERLY,
            f"Kế hoạch kiểm tra quý {quarter}/{year} công tác hậu cần",
            f"03-KH/UBKT-{year}",
            [Area.EQUIPMENT, Area.CLINIC],
            planned=1,
            quarter=quarter,
        )
        periodic = self.programme(
            year,
            ProgrammeKind.INSPECTION,
            Schedule.PERIODIC,
            f"Kế hoạch kiểm tra định kỳ 6 tháng công tác tài chính năm {year}",
            f"04-KH/UBKT-{year}",
            [Area.BUDGET],
            planned=2,
        )
        for month in (3, 5, 8, 10)[: 3 + (year % 2)]:
            target, area = self.next_target()
            self.inspection(
                programme=annual,
                form=InspectionForm.INSPECTION_PERIODIC,
                start=datetime.date(year, month, 10),
                target=target,
                area=area,
            )
        for month, form in ((4, InspectionForm.SUPERVISION_REGULAR), (9, InspectionForm.SUPERVISION_THEMATIC)):
            target, area = self.next_target()
            self.inspection(
                programme=supervision, form=form, start=datetime.date(year, month, 15), target=target, area=area
            )
        target, area = self.next_target()
        self.inspection(
            programme=quarterly,
            form=InspectionForm.INSPECTION_REGULAR,
            start=datetime.date(year, quarter * 3 - 1, 5),
            target=target,
            area=area,
        )
        for month in (6, 12)[: 1 + (year % 3 == 0)]:
            target, _area = self.next_target()
            self.inspection(
                programme=periodic,
                form=InspectionForm.INSPECTION_PERIODIC,
                start=datetime.date(year, month, 2),
                target=target,
                area=Area.BUDGET,
            )
        if year == 2020:
            covid = self.programme(
                year,
                ProgrammeKind.INSPECTION,
                Schedule.AD_HOC,
                "Kiểm tra đột xuất việc mua sắm vật tư phòng, chống dịch COVID-19",
                "05-KH/UBKT-2020",
                [Area.CLINIC, Area.BUDGET],
                planned=1,
            )
            self.inspection(
                programme=covid,
                form=InspectionForm.INSPECTION_AD_HOC,
                start=datetime.date(2020, 7, 6),
                target=self.units["HD-BX"],
                area=Area.CLINIC,
            )
        if year % 2 == 1:
            self.member_case(year)

    def member_case(self, year: int) -> None:
        """An inspection upon signs of violation by a Party member, and the discipline that followed."""
        code = ("HD-PH10-KHO", "HD-PC08", "HD-KT", "HD-PK02")[(year // 2) % 4]
        person = self.officer_of(self.units[code])
        if person is None:
            return
        inspection = self.inspection(
            programme=None,
            form=InspectionForm.INSPECTION_SIGNS,
            start=datetime.date(year, 11, 3),
            target=person.unit,
            area=Area.EQUIPMENT if code != "HD-KT" else Area.BUDGET,
            person=person,
        )
        level = (DisciplineLevel.REPRIMAND, DisciplineLevel.WARNING)[year % 4 == 3]
        services.discipline_decision_create(
            actor=None,
            inspection=inspection,
            target_kind=TargetKind.MEMBER,
            target_unit=None,
            target_person=person,
            level=level,
            decided_on=inspection.concluded_on + datetime.timedelta(days=10),
            decision_number=f"{self.number:02d}-QĐ/UBKTĐU-{year}",
            issuing_body=IssuingBody.INSPECTION_COMMITTEE,
            issuing_unit=self.province,
            reason="Thiếu trách nhiệm trong quản lý, để xảy ra vi phạm đã nêu trong kết luận kiểm tra.",
        )
        if year == 2019:
            services.discipline_decision_create(
                actor=None,
                inspection=inspection,
                target_kind=TargetKind.ORGANISATION,
                target_unit=person.unit,
                target_person=None,
                level=DisciplineLevel.REPRIMAND,
                decided_on=inspection.concluded_on + datetime.timedelta(days=15),
                decision_number=f"{self.number:02d}-QĐ/ĐU-{year}",
                issuing_body=IssuingBody.STANDING_COMMITTEE,
                issuing_unit=self.province,
                reason="Buông lỏng lãnh đạo, kiểm tra, để đảng viên vi phạm trong quản lý tài sản.",
            )

    def this_year(self) -> None:
        """Recent work in the force as it is today: one concluded, one in progress, one planned."""
        city = Unit.objects.filter(valid_to__isnull=True, parent__isnull=True).order_by("valid_from").last()
        if city is None:
            return
        year = self.today.year
        plans = [
            ("HD-PH10", Area.BUDGET, 75, True),
            ("HD-TH-THANHHONG", Area.EQUIPMENT, 20, False),
            ("HD-PC08", Area.EQUIPMENT, -15, False),
        ]
        for code, area, days_ago, conclude in plans:
            number = f"{code}-QĐ/UBKT-{year}"
            if Inspection.objects.filter(decision_number=number).exists():
                continue
            target = self.units[code]
            start = self.today - datetime.timedelta(days=days_ago)
            self.number += 1
            inspection = services.inspection_create(
                actor=None,
                programme=None,
                form=InspectionForm.INSPECTION_AD_HOC,
                title=f"Kiểm tra đột xuất {AREA_SUBJECTS[area]} đối với tổ chức đảng {target.name}",
                decision_number=number,
                inspecting_unit=city,
                target_kind=TargetKind.ORGANISATION,
                target_unit=target,
                target_person=None,
                period_from=datetime.date(year - 1, 1, 1),
                period_to=datetime.date(year - 1, 12, 31),
                planned_start=start,
                planned_end=start + datetime.timedelta(days=20),
            )
            self.team_for(inspection)
            if days_ago < 0:
                continue
            services.inspection_start(actor=None, inspection=inspection, started_on=start)
            self.findings_for(inspection, area)
            if not conclude:
                continue
            concluded_on = start + datetime.timedelta(days=15)
            services.inspection_conclude(
                actor=None,
                inspection=inspection,
                concluded_on=concluded_on,
                conclusion=f"Tổ chức đảng {target.name} cơ bản thực hiện tốt {AREA_SUBJECTS[area]}; "
                "còn một số thiếu sót cần khắc phục theo các kiến nghị dưới đây.",
                conclusion_number=f"{code}-TB/UBKT-{year}",
            )
            for recommendation in Recommendation.objects.filter(finding__inspection=inspection).order_by("id"):
                self.follow_up(recommendation, concluded_on)


def load() -> None:
    if PROVINCE not in set(Unit.objects.values_list("code", flat=True)):
        return
    demo = Demo()
    done_years = set(
        Programme.objects.filter(document_number__startswith="01-CTr/UBKT-").values_list("year", flat=True)
    )
    demo.number = Inspection.objects.count()
    for year in YEARS:
        if year not in done_years:
            demo.year(year)
    demo.this_year()
