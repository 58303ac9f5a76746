"""The read-replica router's decisions, on both legs: no replica is needed to decide where a read goes.

The PostgreSQL leg's tests with a real replica are in test_db_router_postgres.py.
"""

import runpy
import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.test import RequestFactory
from django.urls import resolve

from common import db_router
from common.db_router import PIN_COOKIE, PRIMARY, REPLICA, ReadReplicaMiddleware, ReplicaRouter, replica_reads
from organizations.models import Organization
from security.models import SecurityEvent

router = ReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if REPLICA_DATABASE_URL were set: the decisions only ask whether the alias exists."""
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)


@pytest.fixture
def without_replica(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite, or PostgreSQL without REPLICA_DATABASE_URL."""
    monkeypatch.setattr(db_router, "replica_configured", lambda: False)


def test_without_a_replica_every_read_is_on_the_primary(without_replica: None) -> None:
    with replica_reads():
        assert router.db_for_read(Organization) == PRIMARY


def test_outside_an_opted_in_view_reads_are_on_the_primary(with_replica: None) -> None:
    assert router.db_for_read(Organization) == PRIMARY


def test_an_opted_in_read_goes_to_the_replica(with_replica: None) -> None:
    with replica_reads():
        assert router.db_for_read(Organization) == REPLICA
    assert router.db_for_read(Organization) == PRIMARY


def test_a_pinned_user_reads_the_primary(with_replica: None) -> None:
    with replica_reads(pinned=True):
        assert router.db_for_read(Organization) == PRIMARY


@pytest.mark.parametrize("model", [User, Session, SecurityEvent])
def test_identity_sessions_and_the_security_log_are_read_on_the_primary(with_replica: None, model: type) -> None:
    with replica_reads():
        assert router.db_for_read(model) == PRIMARY


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_reads_are_on_the_primary(with_replica: None) -> None:
    with replica_reads():
        assert router.db_for_read(Organization) == REPLICA
        with transaction.atomic():
            assert router.db_for_read(Organization) == PRIMARY
        assert router.db_for_read(Organization) == REPLICA


def test_writes_go_to_the_primary_and_mark_the_request(with_replica: None) -> None:
    with replica_reads() as routing:
        assert router.db_for_write(Session) == PRIMARY
        assert routing.wrote is False  # the session is saved on every request: not the user's data
        assert router.db_for_write(Organization) == PRIMARY
        assert routing.wrote is True


def test_nothing_migrates_the_replica() -> None:
    assert router.allow_migrate(REPLICA, "organizations") is False
    assert router.allow_migrate(PRIMARY, "organizations") is True


# -- the middleware ------------------------------------------------------------------------------


def _request(method: str, path: str, cookie: str | None = None) -> HttpRequest:
    request = getattr(RequestFactory(), method.lower())(path)
    if cookie is not None:
        request.COOKIES[PIN_COOKIE] = cookie
    request.resolver_match = resolve(path.split("?")[0])
    return request


def _serve(request: HttpRequest, write: type | None = None) -> tuple[HttpResponseBase, str]:
    """Run the middleware round a view that reads (and perhaps writes); return the response and the read's alias."""
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(router.db_for_read(Organization))
        if write is not None:
            router.db_for_write(write)
        return HttpResponse("ok")

    def handler(request: HttpRequest) -> HttpResponse:
        middleware.process_view(request, view, (), {})
        return view(request)

    middleware = ReadReplicaMiddleware(handler)
    response = middleware(request)
    return response, seen[0]


@pytest.mark.parametrize(
    "path",
    ["/dashboard/350725/", "/report/?org=350725", "/v/350725100201/", "/org/?format=xlsx"],
)
def test_dashboards_reports_public_pages_and_exports_read_the_replica(with_replica: None, path: str) -> None:
    response, alias = _serve(_request("GET", path))
    assert alias == REPLICA
    assert PIN_COOKIE not in response.cookies


@pytest.mark.parametrize("path", ["/org/", "/v/350725100201/feedback/", "/"])
def test_other_pages_read_the_primary(with_replica: None, path: str) -> None:
    _, alias = _serve(_request("GET", path))
    assert alias == PRIMARY


def test_a_post_reads_the_primary_and_pins_the_user(with_replica: None) -> None:
    response, alias = _serve(_request("POST", "/v/350725100201/"))
    assert alias == PRIMARY
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == 30 and cookie["httponly"] and cookie["samesite"] == "Lax"


def test_a_get_that_writes_replicated_data_pins_the_user(with_replica: None) -> None:
    response, _ = _serve(_request("GET", "/dashboard/350725/"), write=Organization)
    assert PIN_COOKIE in response.cookies
    response, _ = _serve(_request("GET", "/dashboard/350725/"), write=Session)
    assert PIN_COOKIE not in response.cookies


def test_a_pinned_user_reads_the_primary_until_the_pin_expires(
    with_replica: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    pin = db_router.signed_pin()
    _, alias = _serve(_request("GET", "/dashboard/350725/", cookie=pin))
    assert alias == PRIMARY
    later = time.time() + 31
    monkeypatch.setattr(time, "time", lambda: later)  # the signer reads time.time()
    _, alias = _serve(_request("GET", "/dashboard/350725/", cookie=pin))
    assert alias == REPLICA


def test_a_forged_pin_is_ignored(with_replica: None) -> None:
    _, alias = _serve(_request("GET", "/dashboard/350725/", cookie="1:forged:signature"))
    assert alias == REPLICA


def test_without_a_replica_no_pin_is_set(without_replica: None) -> None:
    response, alias = _serve(_request("POST", "/v/350725100201/"))
    assert alias == PRIMARY
    assert PIN_COOKIE not in response.cookies


# -- the settings --------------------------------------------------------------------------------

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "xianfeng" / "settings.py"
DATABASE_VARIABLES = ("DATABASE_URL", "MIGRATION_DATABASE_URL", "REPLICA_DATABASE_URL")


def _settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    for name in DATABASE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_replica_database_url_adds_a_read_only_alias_and_the_middleware_comes_last(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    s = _settings(
        monkeypatch,
        DATABASE_URL="postgres://app@primary:5432/xianfeng",
        REPLICA_DATABASE_URL="postgres://app@replica:5433/xianfeng",
    )
    replica = s["DATABASES"][REPLICA]
    assert (replica["HOST"], replica["PORT"], replica["NAME"]) == ("replica", 5433, "xianfeng")
    assert replica["OPTIONS"]["options"] == "-c default_transaction_read_only=on"
    assert s["DATABASE_ROUTERS"] == ["common.db_router.ReplicaRouter"]
    assert s["MIDDLEWARE"][-1] == "common.db_router.ReadReplicaMiddleware"


def test_without_replica_database_url_there_is_one_alias(monkeypatch: pytest.MonkeyPatch) -> None:
    assert list(_settings(monkeypatch, DATABASE_URL="postgres://app@primary:5432/xianfeng")["DATABASES"]) == [PRIMARY]


def test_a_replica_of_sqlite_is_refused_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(RuntimeError, match="REPLICA_DATABASE_URL is for PostgreSQL"):
        _settings(monkeypatch, REPLICA_DATABASE_URL="postgres://app@replica:5433/xianfeng")
