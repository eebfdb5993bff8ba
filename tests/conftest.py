import datetime
import os
import uuid
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.test import Client
from pytest_django.fixtures import _get_databases_for_setup
from pytest_django.plugin import blocking_manager_key
from rest_framework.test import APIClient

from logistics.models import Unit, UnitKind
from logistics.roles import Role
from tests.database_templates import TestDatabases
from tests.factories import PersonnelFactory, SupplierFactory, UnitFactory, UserFactory

pytest_plugins = ["tests.fixtures.budget", "tests.fixtures.assets", "tests.fixtures.everything"]

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run there
# unless told that this thread is not serving async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """Passwords are hashed with a fast hasher in tests: hundreds of users are created, and the
    production hasher's cost is there to slow attackers, not tests."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- test databases, cloned from templates --------------------------------------------------------
#
# Applying the migrations takes about ten seconds and loading the demo a minute and a half, while
# PostgreSQL copies a database in a second (CREATE DATABASE … TEMPLATE). So each is done once and
# kept on the server as a template database whose name carries a fingerprint of what it was built
# from (tests/database_templates.py): the migrations for the first, the project's code for the demo.
# Each process (xdist worker, or pytest alone) clones the migrated template into its test database;
# the demo worker clones the demo template instead, for the demo tests, then the migrated one again
# for its other tests. The first process to need a template builds it under a lock on the server
# while the others wait, and a template of another fingerprint is never used: a change of the
# migrations or of the apps' code builds the template again on the next run, and older ones are
# dropped. `--reuse-db` keeps a test database that is a clone of the current template; `--create-db`
# builds the templates again. The post_migrate handlers run on every clone of the migrated template,
# so what they build from code (the role groups) follows the code, not the template.

#: pytest alone: its own run. Under xdist the workers share the controller's ``testrunuid``.
RUN_ID = uuid.uuid4().hex
TEST_DATABASES = pytest.StashKey[TestDatabases]()


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's fixture, with the test database cloned from a template (above)."""
    if not django_db_use_migrations:
        pytest.fail("--nomigrations: the test databases are clones of the migrated template.", pytrace=False)
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    if aliases - {"default"}:
        pytest.fail(f"Only the default database is cloned from a template, not {aliases - {'default'}}.")
    with django_db_blocker.unblock():
        databases = TestDatabases(
            run=getattr(request.config, "workerinput", {}).get("testrunuid", RUN_ID),
            rebuild=django_db_createdb,
            reuse=django_db_keepdb and not django_db_createdb,
            serialize="default" in serialized_aliases,
        )
        databases.set_up()
    request.config.stash[TEST_DATABASES] = databases
    yield databases
    with django_db_blocker.unblock():
        databases.tear_down(keep=django_db_keepdb)


# --- the full demo data, loaded once and shared ---------------------------------------------------
#
# Tests marked ``demo`` run on the whole demo data set (71 units, thousands of records), the size at
# which look-ups, scope and pages must work. Loading it takes minutes, so it is loaded once into the
# demo template (above), and one test database cloned from it is shared: the demo tests live in modules
# named ``test_demo_*.py`` or under ``tests/e2e/``, so that the xdist scheduler below sends them all to
# one worker without importing anything; they run first there, together, and after the last of them
# the test database is cloned from the migrated template again. A ``demo`` test that uses
# ``db`` still has its writes rolled back; browser tests (tests/e2e) commit theirs, so they create
# records of their own and never assume counts. The source-figure tests run before any browser test.

DEMO_GROUP = "demo"
#: ``pytestmark = DEMO`` in a module whose tests run on the demo data. The session-scoped fixture is
#: named in the marks so that it is set up before the function-scoped database fixtures (pytest
#: orders fixtures by scope), outside any test's transaction.
DEMO = [pytest.mark.demo, pytest.mark.usefixtures("demo_data")]
_demo_state = {"loaded": False, "left": False}


def _is_demo(item) -> bool:
    return item.get_closest_marker("demo") is not None


def is_demo_module(path: str) -> bool:
    """Whether the test module at ``path`` (as a node id starts) holds demo tests."""
    parts = path.replace("\\", "/").split("/")
    return parts[-1].startswith("test_demo_") or "e2e" in parts[:-1]


def pytest_xdist_make_scheduler(config, log):
    """A file's tests stay together on one worker, and every demo module goes to the same worker."""
    if config.getvalue("dist") not in ("loadfile", "loadscope", "loadgroup"):
        return None
    from xdist.scheduler import LoadScopeScheduling

    class DemoTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return DEMO_GROUP if is_demo_module(path) else path

    # Units in collection order, the demo's first: its worker starts on the longest unit at once.
    config.option.loadscopereorder = False
    return DemoTogether(config, log)


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """The demo tests first (the figures before the browser tests), after pytest-django has ordered
    the others (transactional tests last)."""
    result = yield
    for item in items:
        module = item.nodeid.split("::", 1)[0]
        if _is_demo(item) != is_demo_module(module):
            raise pytest.UsageError(
                f"{item.nodeid}: demo tests (`pytestmark = DEMO`) live in test_demo_*.py modules or tests/e2e/, "
                "and only they do (tests/conftest.py)."
            )
        if _is_demo(item) and "demo_data" not in item.fixturenames:
            raise pytest.UsageError(f"{item.nodeid}: mark demo tests with `pytestmark = DEMO` (tests/conftest.py).")
    demo = [item for item in items if _is_demo(item)]
    others = [item for item in items if not _is_demo(item)]
    demo.sort(key=lambda item: item.get_closest_marker("e2e") is not None)
    items[:] = demo + others
    return result


@pytest.fixture(scope="session")
def demo_data(django_db_setup, django_db_blocker):
    """The whole demo data set, committed and shared by the ``demo`` tests (see above). When the demo
    template is built, here, ``load_demo_data`` runs: a demo that no longer loads fails these tests."""
    with django_db_blocker.unblock():
        django_db_setup.use_demo(load=lambda: call_command("load_demo_data", verbosity=0))
    _demo_state["loaded"] = True


@pytest.fixture(autouse=True)
def _demo_still_loaded(request):
    if _is_demo(request.node) and _demo_state["left"]:
        pytest.fail("The demo tests must run together: the demo data was gone before this one.")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if _is_demo(item) and _demo_state["loaded"] and nextitem is not None and not _is_demo(nextitem):
        # The last demo test before other tests: they start from the migrated database. (After the
        # very last test the test database is dropped, or, kept by --reuse-db, not reused: it is a
        # clone of the demo template.)
        with item.config.stash[blocking_manager_key].unblock():
            item.config.stash[TEST_DATABASES].use_schema()
        _demo_state.update(loaded=False, left=True)
    return result


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
    return build_tree()


def build_tree() -> Tree:
    """The small force of :class:`Tree`; fixtures of a wider scope than a test build it with this."""
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


@pytest.fixture
def inspector(make_user, tree):
    return make_user(Role.INSPECTOR, tree.province)


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
