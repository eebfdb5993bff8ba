"""The world the generated tests knock on, built once per test module.

Two branches of the force: the *inside* one (district A), where the readers work and the samples
they may see are built, and the *outside* one (district B), which holds the same kind of records
and users of every role, who may not see the inside ones. Built once per module inside a
transaction rolled back at its end; each test's own writes are rolled back after it (``db``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import openpyxl
import pytest
from django.db import transaction
from django.db.models import Model
from django.test import Client
from rest_framework.test import APIClient

from logistics.exports import _csv_text, export_table
from logistics.models import User
from logistics.roles import Role, role_allows
from logistics.scope import restrict
from tests.conftest import Tree, build_tree
from tests.factories import UserFactory
from tests.generated.declarations import label_of, page_declarations, steps_of
from tests.generated.samples import DRAFTS, SAMPLES, STEP_READY, Site

#: Roles a reader may have, in the order they are tried; administrators are tested apart.
READER_ROLES = [role for role in Role if role != Role.ADMINISTRATOR]


@dataclass
class World:
    tree: Tree
    inside: Site
    outside: Site
    admin: User
    #: role → a user of that role in the inside branch, and one in the outside branch.
    insiders: dict[str, User] = field(default_factory=dict)
    outsiders: dict[str, User] = field(default_factory=dict)
    #: label → (the inside sample, the outside sample).
    samples: dict[str, tuple[Model, Model]] = field(default_factory=dict)
    #: label → a draft of the inside branch (models whose sample is final).
    drafts: dict[str, Model] = field(default_factory=dict)
    #: (label, step) → (an inside record on which the step is available, its form data).
    steps: dict[tuple[str, str], tuple[Model, dict | None]] = field(default_factory=dict)

    def sample(self, model) -> Model:
        return self.samples[label_of(model)][0]

    def outside_sample(self, model) -> Model:
        return self.samples[label_of(model)][1]

    def reader(self, model, action: str = "view", record: Model | None = None) -> User | None:
        """The first role the permission matrix gives ``action`` on ``model`` to, whose user of the
        inside branch may do it to ``record`` (and view it); None if only administrators may."""
        for role in READER_ROLES:
            if not role_allows(role, model, action):
                continue
            user = self.insiders[role.value]
            if record is None or (may(user, "view", record) and may(user, action, record)):
                return fresh(user)
        return None

    def refused(self, model, action: str, record: Model | None = None) -> User | None:
        """A user of the inside branch whose role the matrix denies ``action`` on ``model`` (one who
        may view the record, if any role may; else one who may not even view it)."""
        denied = [role for role in READER_ROLES if not role_allows(role, model, action)]
        for role in denied:
            if record is None or may(self.insiders[role.value], "view", record):
                return fresh(self.insiders[role.value])
        return fresh(self.insiders[denied[0].value]) if denied else None

    def outsider(self, model, action: str = "view") -> User:
        """A user of the outside branch whose role the matrix gives ``action`` (the administrator's
        own actions aside: an officer of the outside branch)."""
        for role in READER_ROLES:
            if role_allows(role, model, action):
                return fresh(self.outsiders[role.value])
        return fresh(self.outsiders[Role.LOGISTICS_OFFICER.value])


def may(user: User, action: str, record: Model) -> bool:
    """Whether ``user`` may ``action`` ``record``, as the pages decide it (through the model's own
    manager: the change log's scope filter needs its queryset)."""
    return restrict(type(record)._default_manager.filter(pk=record.pk), user, action).exists()


def fresh(user: User) -> User:
    """The user as a new request finds them: nothing cached on the object."""
    return User.objects.get(pk=user.pk)


def build_world() -> World:
    tree = build_tree()
    world = World(
        tree=tree,
        inside=Site(tree, tree.district_a),
        outside=Site(tree, tree.district_b),
        admin=UserFactory(unit=tree.province, roles=[Role.ADMINISTRATOR], is_staff=True, username="gen_admin"),
    )
    for role in READER_ROLES:
        world.insiders[role.value] = UserFactory(unit=tree.district_a, roles=[role], username=f"gen_in_{role.value}")
        world.outsiders[role.value] = UserFactory(unit=tree.district_b, roles=[role], username=f"gen_out_{role.value}")
    for declaration in page_declarations():
        label = label_of(declaration.model)
        if label not in SAMPLES:
            continue  # test_every_declaration_has_a_sample_builder says which
        world.samples[label] = (SAMPLES[label](world.inside), SAMPLES[label](world.outside))
        if DRAFTS.get(label) is not None:
            world.drafts[label] = DRAFTS[label](world.inside)
        for step in steps_of(declaration):
            if (label, step.name) in STEP_READY:
                world.steps[(label, step.name)] = STEP_READY[(label, step.name)](world.inside)
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body_of(response).decode("utf-8-sig"))))


def xlsx_rows(response) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(body_of(response))).active
    return list(sheet.iter_rows(values_only=True))


def export_row(record: Model, declaration, reader: User) -> list | None:
    """The typed cells the export of ``declaration``'s list writes for ``record`` for ``reader``
    (None if the reader may not see it)."""
    queryset = restrict(declaration.get_queryset(), reader, "view").filter(pk=record.pk)
    _headers, _money, rows = export_table(queryset, declaration.table, reader=reader)
    return next(iter(rows), None)


def as_csv(row: list) -> list[str]:
    return ["" if value is None else str(_csv_text(value)) for value in row]


def texts_of(row) -> list[str]:
    """The text cells of a row: what CSV and XLSX write alike."""
    return [value for value in row if isinstance(value, str) and value]
