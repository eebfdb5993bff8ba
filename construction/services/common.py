"""What the construction services share: locks, checks and wording used by several sections."""

from __future__ import annotations

import datetime

from construction.models import Project
from logistics.formatting import day_text

#: Advisory lock that serialises the numbering of works within a year.
PROJECT_NUMBER_LOCK = 7_300_300


def _day(value: datetime.date | None) -> str:
    return day_text(value) if value else "—"


def _lock_project(project: Project) -> Project:
    return Project.objects.select_for_update().select_related("beneficiary_unit").get(pk=project.pk)
