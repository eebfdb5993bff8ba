"""Works that fall due, made through the construction services, for the reminder tests."""

import datetime

import pytest

from construction import services
from construction.choices import WorkKind
from logistics.models import ReminderRule
from logistics.roles import Role

#: The day the clock starts at; works fall due 30 days later.
TODAY = datetime.date(2026, 3, 2)
DUE = TODAY + datetime.timedelta(days=30)


@pytest.fixture
def make_work(tree):
    count = {"n": 0}

    def make(unit, planned_end=DUE):
        count["n"] += 1
        project = services.project_create(
            actor=None,
            name=f"Nhà làm việc số {count['n']}",
            kind=WorkKind.NEW_BUILD,
            beneficiary_unit=unit,
            location="Thị trấn",
            total_investment=2_000_000_000,
            planned_start=datetime.date(2026, 1, 5),
            planned_end=planned_end,
        )
        return services.project_approve(
            actor=None, project=project, decision_number=f"{count['n']}/QĐ-CAT", decision_date=datetime.date(2026, 1, 2)
        )

    return make


@pytest.fixture
def commune_officer(make_user, tree):
    return make_user(Role.LOGISTICS_OFFICER, tree.commune_a1, email="a1@example.vn")


@pytest.fixture
def other_commune_officer(make_user, tree):
    return make_user(Role.LOGISTICS_OFFICER, tree.commune_b1, email="b1@example.vn")


@pytest.fixture(autouse=True)
def _works_rule(db):
    """Works are reminded of 30, 7 and 1 days before their planned end and 1, 7, 30 days after."""
    ReminderRule.objects.update_or_create(
        kind="construction.work_overdue",
        defaults={"enabled": True, "days_before": [30, 7, 1], "days_after": [1, 7, 30]},
    )
