"""Reminder kinds: what each area says is due, and when (the registry's ``reminders`` store).

An area declares a :class:`ReminderKind` in its ``reminders.py`` and registers it from its
``AppConfig.ready()`` (``app.register_reminder(kind)``). ``due(first, last, today)`` yields a
:class:`Due` for every record whose due date lies between ``first`` and ``last``; the service
``logistics.services.send_reminders`` decides, with the kind's :class:`~logistics.models.ReminderRule`,
which offsets from the due date have been reached, who is told (scope and permission), and makes each
reminder once.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Due:
    """One record that is due: its id, its due date, what the reminder says and where it points."""

    record_id: int
    due_date: datetime.date
    title: str
    body: str = ""
    link: str = ""
    #: The title for a reader who may not see the names in it (a clinic's patient); "" = same title.
    anonymous_title: str = ""
    #: Only people of this unit are told (the year close of one unit); None = everyone in scope.
    unit_id: int | None = None


@dataclass(frozen=True)
class ReminderKind:
    key: str
    label: object
    #: The model of the records the kind reminds of: its scope and view permission decide who is told.
    model: type
    due: Callable[[datetime.date, datetime.date, datetime.date], Iterable[Due]]
    days_before: tuple[int, ...] = ()
    days_after: tuple[int, ...] = ()
    #: A further permission the recipient needs (``budget.close_fiscalyear``), beside viewing the model.
    permission: str = ""
    #: The permission that lets a reader see the names a title gives (``medical.view_patient``).
    names_permission: str = ""
    extra: dict = field(default_factory=dict)

    def default_offsets(self) -> list[int]:
        return sorted({-day for day in self.days_before} | set(self.days_after))
