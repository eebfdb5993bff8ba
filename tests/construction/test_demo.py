"""The demo data reproduce the source document through the system's own reports: 148 works
completed in 2015–2020, among them the named ones, paid from XDSC allocations; it loads twice."""

import datetime

import pytest

from construction.choices import COMPLETED, ProjectStatus
from construction.models import Payment, Project
from logistics.history import actor_context
from logistics.models import User
from tests.conftest import api_for

pytestmark = pytest.mark.django_db


def test_demo_reproduces_148_completed_works_and_loads_twice():
    from budget import demo as budget_demo
    from construction import demo as construction_demo
    from construction import selectors
    from logistics import demo

    with actor_context(None, command="test"):
        demo.load()
        budget_demo.load()
        construction_demo.load()
        budget_demo.finish()
        construction_demo.load()  # a second run changes nothing
    commander = User.objects.get(username="commander")
    report = selectors.completed_report(
        user=commander, date_from=datetime.date(2015, 1, 1), date_to=datetime.date(2020, 12, 31)
    )
    assert report.sections[0].totals["count"] == 148
    data = (
        api_for(commander)
        .get("/api/construction/reports/completed/", {"date_from": "2015-01-01", "date_to": "2020-12-31"})
        .json()
    )
    assert data["sections"][0]["totals"]["count"] == 148
    completed = Project.objects.filter(status__in=COMPLETED, actual_end__year__range=(2015, 2020))
    assert completed.filter(phase="Giai đoạn I", beneficiary_unit__code="HD-CL").exists()
    two_storey = completed.filter(name__startswith="Xây dựng nhà làm việc 2 tầng")
    assert sorted(two_storey.values_list("beneficiary_unit__code", flat=True)) == sorted(
        ["HD-TH", "HD-BG", "HD-TM", "HD-TK", "HD-KT", "HD-NS", "HD-PC02", "HD-PA08", "HD-PK02"]
    )
    assert (
        completed.filter(
            kind="renovation", beneficiary_unit__kind="commune", name__startswith="Cải tạo, sửa chữa trụ sở"
        ).count()
        == 23
    )
    assert Project.objects.overdue().filter(status=ProjectStatus.UNDER_CONSTRUCTION).count() >= 2
    assert Project.objects.count() == Project.objects.values("code").distinct().count()
    categories = set(Payment.objects.values_list("spending__allocation__category__code", flat=True))
    assert categories == {"XDSC"}
    # Works of the dissolved district police are dated before 01/03/2025.
    for project in Project.objects.filter(beneficiary_unit__valid_to__isnull=False):
        assert project.planned_start < datetime.date(2025, 3, 1)
