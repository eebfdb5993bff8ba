"""A workflow step (approve, post, reverse, conclude…) declared once.

Each app declares its steps in ``<app>/steps.py``; the page declaration lists them (``steps``) and
gets a button and a page for each, and the API viewset lists them (``steps``) and gets a POST
action for each. Both ask the same two questions before calling the service: may this user do it
to this record (``permission``, through :func:`logistics.scope.can`), and does the step apply to
the record as it stands (the service's blockers).

A workflow service names its blockers with :func:`guarded_by` and calls them itself, inside its
transaction, once it holds the record's lock (:func:`refuse`). So a page, an API call, the admin
and a command meet the same refusal in the same words, and a button shows only when that refusal
would not come. Checks that need the step's input (dates, amounts, stock) stay in the service
after the guard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model

from logistics.models.base import record_keyword
from logistics.scope import can

Blockers = Callable[[Model], list[str]]


def guarded_by(blockers: Blockers):
    """Name the function that says why a workflow service cannot be taken on a record now.

    Put it above ``@service``. The service still calls ``blockers`` itself (through
    :func:`refuse`), where it has locked the record; this only lets pages and tests ask first.
    """

    def attach(service: Callable[..., Any]) -> Callable[..., Any]:
        service.blockers = blockers
        return service

    return attach


def refuse(reasons: list[str]) -> None:
    """Refuse a step with every reason its blockers gave, or let it go on when there is none."""
    if reasons:
        raise ValidationError(reasons)


@dataclass(frozen=True)
class Step:
    """One workflow step on one record, as the page and the API both offer it."""

    #: The step's name in web URLs (``<model>/<pk>/<name>/``, URL name ``<model>_<name>``).
    name: str
    label: str
    #: A workflow service guarded by :func:`guarded_by` (or, when the step's refusals all depend
    #: on its input, an unguarded one: then it is always offered).
    service: Callable[..., Any]
    #: The model permission it needs (``approve`` → ``app.approve_model``), checked on the record.
    permission: str = "change"
    #: What will happen, said on the step's page before the officer confirms.
    confirm: str = ""
    style: str = "primary"
    icon: str = "check2-circle"
    #: The step's input on the page (a form taking ``user`` and ``record``) and in the API (a
    #: serializer); neither when the step takes none.
    form: type | None = None
    serializer: type | None = None
    #: The API's answer; by default the viewset's serializer.
    response: type | None = None
    #: The API action's attribute on the viewset (default: ``name``), where ``name`` would shadow a
    #: viewset method (``post``), and its URL segment (default: the attribute with dashes).
    api_name: str = ""
    api_path: str = ""
    #: One line for the OpenAPI schema.
    summary: str = ""

    @property
    def blockers(self) -> Blockers | None:
        return getattr(self.service, "blockers", None)

    def reasons_against(self, record: Model) -> list[str]:
        """Why the step does not apply to ``record`` now: the words its service refuses with."""
        return self.blockers(record) if self.blockers is not None else []

    def permits(self, user, record: Model) -> bool:
        return can(user, self.permission, record)

    def offered(self, user, record: Model) -> bool:
        """Whether a button for this step shows on the record's page."""
        return self.permits(user, record) and not self.reasons_against(record)

    def run(self, *, actor, record: Model, **data):
        return self.service(actor=actor, **{record_keyword(type(record)): record}, **data)

    @property
    def action_name(self) -> str:
        return self.api_name or self.name

    @property
    def action_path(self) -> str:
        return self.api_path or self.action_name.replace("_", "-")
