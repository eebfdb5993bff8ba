import datetime
import os
from dataclasses import dataclass

import pytest
from django.test import Client
from rest_framework.test import APIClient

from logistics.models import Unit, UnitKind
from logistics.roles import Role
from tests.factories import PersonnelFactory, SupplierFactory, UnitFactory, UserFactory

pytest_plugins = ["tests.fixtures.budget", "tests.fixtures.assets"]

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run there
# unless told that this thread is not serving async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Tree:
    """A small force: a province, a department, two districts, three communes."""

    province: Unit
    department: Unit
    district_a: Unit
    district_b: Unit
    commune_a1: Unit
    commune_a2: Unit
    commune_b1: Unit

    def refresh(self):
        for name in self.__dataclass_fields__:
            getattr(self, name).refresh_from_db()
        return self


@pytest.fixture
def tree(db) -> Tree:
    province = UnitFactory(
        code="P", name="Công an tỉnh Thử", kind=UnitKind.PROVINCE, valid_from=datetime.date(1997, 1, 1)
    )
    department = UnitFactory(code="P-PH10", name="Phòng Hậu cần", kind=UnitKind.DEPARTMENT, parent=province)
    district_a = UnitFactory(code="P-TH", name="Công an huyện Thanh Hà", kind=UnitKind.DISTRICT, parent=province)
    district_b = UnitFactory(code="P-BG", name="Công an huyện Bình Giang", kind=UnitKind.DISTRICT, parent=province)
    commune_a1 = UnitFactory(code="P-TH-TH", name="Công an xã Thanh Hồng", parent=district_a)
    commune_a2 = UnitFactory(code="P-TH-CC", name="Công an xã Cẩm Chế", parent=district_a)
    commune_b1 = UnitFactory(code="P-BG-TH", name="Công an xã Thái Học", parent=district_b)
    return Tree(province, department, district_a, district_b, commune_a1, commune_a2, commune_b1).refresh()


@pytest.fixture
def make_user(db):
    def make(role: Role | None, unit: Unit | None, **kwargs):
        return UserFactory(unit=unit, roles=[role] if role else [], **kwargs)

    return make


@pytest.fixture
def admin_user(make_user, tree):
    return make_user(Role.ADMINISTRATOR, tree.province, is_staff=True)


@pytest.fixture
def officer(make_user, tree):
    return make_user(Role.LOGISTICS_OFFICER, tree.province)


@pytest.fixture
def commander(make_user, tree):
    return make_user(Role.UNIT_COMMANDER, tree.province)


@pytest.fixture
def commune_commander(make_user, tree):
    return make_user(Role.UNIT_COMMANDER, tree.commune_a1)


@pytest.fixture
def auditor(make_user, tree):
    return make_user(Role.AUDITOR, tree.province)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def personnel_factory(db):
    return PersonnelFactory


@pytest.fixture
def supplier_factory(db):
    return SupplierFactory
