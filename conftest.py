"""Shared fixtures: a small two-township county and the personas of every scope test.

Personas (as in requirements.md "Who uses it"): a county admin, a township admin of
township A, a village admin of a village in township B, a member (of village A1), and
the anonymous public.
"""

import os
from dataclasses import dataclass
from typing import Any, cast

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from hypothesis import HealthCheck, settings

from accounts.gate import SESSION_DEVICE
from accounts.scope import scope_for_user
from accounts.two_factor import requires_two_factor, usable_devices
from organizations.models import Organization
from xianfeng.tests import factories as f

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # sync Playwright and the ORM in one test

# Hypothesis: CI machines are shared and slow, so one example may take a second without a bug;
# the examples are fixed (derandomized) there so that a red run can be rerun and read.
settings.register_profile("dev", deadline=500)
settings.register_profile(
    "ci", deadline=2000, derandomize=True, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") in {"true", "1"} else "dev")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session", autouse=True)
def security_log_flushable():
    """Let Django empty the security log after a transactional test, as it empties every table.

    The log's triggers rightly refuse DELETE (SQLite's flush) and TRUNCATE of a log with events
    (PostgreSQL's); in tests only, the flush runs with them briefly removed.
    """
    from django.db.backends.base.operations import BaseDatabaseOperations

    from points import triggers as points_triggers
    from security import triggers

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with triggers.suspended(self.connection), points_triggers.suspended(self.connection):
            original(self, sql_list)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseDatabaseOperations, "execute_sql_flush", execute_sql_flush)
        yield


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language: a request in English (``LocaleMiddleware`` activates
    the language in the test's own thread and leaves it active) must not turn the next test's
    messages English."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def force_login_passes_two_factor(monkeypatch):
    """``client.force_login(user)`` signs in as a user who also entered their code, as after a real login.

    A user who must use two-factor (county admins, the administrators, superusers) and has no device
    gets one. Tests of the code step itself sign in through the login page instead.
    """
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        device = usable_devices(user).first()
        if device is None and requires_two_factor(scope_for_user(user)):
            device = f.totp_device(user)
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session[SESSION_DEVICE] = True
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


# -- the two database legs ----------------------------------------------------------------------


def database_vendor() -> str:
    engine = django_settings.DATABASES["default"]["ENGINE"]
    return {"django.db.backends.sqlite3": "sqlite", "django.db.backends.postgresql": "postgresql"}.get(engine, engine)


LEGS = {"sqlite": "make test-sqlite", "postgresql": "make test-postgres"}


def pytest_runtest_setup(item: pytest.Item) -> None:
    """``@pytest.mark.sqlite`` / ``@pytest.mark.postgresql``: a test of one database's guards runs on its leg only."""
    vendor = database_vendor()
    for leg, target in LEGS.items():
        if item.get_closest_marker(leg) and vendor != leg:
            pytest.skip(f"tests what only {leg} has; this run is on {vendor} ({target} runs it)")


# PostgreSQL with two roles (scripts/with-postgres.sh exports DATABASE_URL as xianfeng_app and
# MIGRATION_DATABASE_URL as xianfeng_owner): the owner, who may CREATEDB, creates, migrates and
# finally drops each test database; the tests run as the application role, which owns nothing.
_APP_CREDENTIALS: dict[str, object] = {}


def _connect_as(which: str) -> None:
    owner = getattr(django_settings, "DATABASE_OWNER", None)
    if not owner:
        return
    # A plain dict at runtime; the stubs' TypedDict cannot take the credential keys chosen by a setting.
    current = cast(dict[str, Any], django_settings.DATABASES["default"])
    if not _APP_CREDENTIALS:
        _APP_CREDENTIALS.update({key: current.get(key, "") for key in django_settings.DATABASE_CREDENTIAL_KEYS})
    connections["default"].close()
    current.update(owner if which == "owner" else _APP_CREDENTIALS)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    _connect_as("owner")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker):  # noqa: ANN001, ANN201 - pytest-django's own, extended
    with django_db_blocker.unblock():
        _connect_as("app")
    yield
    with django_db_blocker.unblock():
        connections.close_all()  # the replica mirror's connection too, or the test database cannot be dropped
        _connect_as("owner")


# The read replica (REPLICA_DATABASE_URL, on the PostgreSQL leg): a TEST MIRROR of default
# (xianfeng/test_settings.py). Outside a transaction a dashboard, a report, an export or a public page
# reads from it (common/db_router.py), as a live server's thread does; Django refuses a test's query
# to an alias the test does not name, so every database test names the mirror too.
DB_FIXTURES = frozenset(
    {"db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if "replica" not in django_settings.DATABASES:
        return
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None and not DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            continue
        kwargs = dict(marker.kwargs) if marker is not None else {}
        databases = kwargs.get("databases")
        if databases == "__all__" or (databases is not None and "replica" in databases):
            continue
        kwargs["databases"] = [*(databases or ["default"]), "replica"]
        item.add_marker(pytest.mark.django_db(*(marker.args if marker is not None else ()), **kwargs), append=False)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium: a tool's own browser download fails on these machines."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    """A county official's browser asks for Chinese (Django would otherwise follow Chromium's English)."""
    return {**browser_context_args, "locale": "zh-CN"}


@dataclass
class County:
    county: Organization
    township_a: Organization
    township_b: Organization
    village_a1: Organization
    village_a2: Organization
    village_b1: Organization
    group_a1: Organization
    group_b1: Organization


@pytest.fixture
def county(db) -> County:
    c = f.county()
    ta = f.township(c, "100", "熊山镇", "Xiongshan Town")
    tb = f.township(c, "101", "东平镇", "Dongping Town")
    a1 = f.village(ta, "201", "念山村")
    a2 = f.village(ta, "202", "石门村")
    b1 = f.village(tb, "201", "东平村")
    ga1 = f.party_group(a1, "念山第一党小组")
    gb1 = f.party_group(b1, "东平第一党小组")
    return County(c, ta, tb, a1, a2, b1, ga1, gb1)


@dataclass
class Personas:
    county_admin: object
    township_admin_a: object
    village_admin_b: object
    member: object
    member_person: object


@pytest.fixture
def personas(county: County) -> Personas:
    member_person = f.member(county.village_a1, county.group_a1, name="李党员", phone="13800001234")
    return Personas(
        county_admin=f.user("county_admin", "county_admin", organization=county.county),
        township_admin_a=f.user("township_a", "township_admin", organization=county.township_a),
        village_admin_b=f.user("village_b1", "village_admin", organization=county.village_b1),
        member=f.user("member", "member", person=member_person),
        member_person=member_person,
    )


PERSONA_NAMES = ["county_admin", "township_admin_a", "village_admin_b", "member", "anonymous"]


@pytest.fixture(params=PERSONA_NAMES)
def persona_client(request, client, personas):
    """A test client logged in as each persona in turn (``client.persona`` names it)."""
    name = request.param
    if name != "anonymous":
        client.force_login(getattr(personas, name))
    client.persona = name
    return client


@pytest.fixture
def province_world(db):
    """Two provinces above four counties (``xianfeng.tests.provinces``), with a province and a prefecture admin."""
    from xianfeng.tests.provinces import province_world as build

    world = build()
    world.province_admin = f.user("province_admin", "province_admin", organization=world.province)
    world.prefecture_admin = f.user("prefecture_admin", "prefecture_admin", organization=world.nanping)
    return world
