"""Lockout (T-TRUST, GB/T 22239-2019 8.1.4.1 b): five failures lock the account, and the client address,
for thirty minutes; the security administrator or the cool-off unlocks."""

import datetime as dt
import io

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.urls import reverse

from common.client_address import client_address
from xianfeng.tests import factories as f

LOGIN = "accounts:login"
LOCKED = "已被锁定 30 分钟"


def attempt(client, username: str, password: str, address: str = "127.0.0.1", **headers: str):
    return client.post(
        reverse(LOGIN), {"username": username, "password": password}, REMOTE_ADDR=address, headers=headers
    )


def fail(client, username: str, times: int = 5, address: str = "127.0.0.1", **headers: str) -> None:
    for _ in range(times):
        response = attempt(client, username, "wrong-Password-1", address, **headers)
        assert "_auth_user_id" not in client.session
    assert response.status_code == 429


@pytest.fixture
def member(county, personas):
    return personas.member


def test_five_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused(client, member):
    for _ in range(4):
        assert attempt(client, "member", "wrong-Password-1").status_code == 200
    fifth = attempt(client, "member", "wrong-Password-1")
    assert fifth.status_code == 429 and LOCKED in fifth.content.decode()

    response = attempt(client, "member", f.PASSWORD)

    page = response.content.decode()
    assert response.status_code == 429
    assert LOCKED in page and "请稍后再试，或联系安全管理员解锁。" in page
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, member):
    for _ in range(4):
        attempt(client, "member", "wrong-Password-1")
    response = attempt(client, "member", f.PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_the_lock_message_is_translated(client, member):
    client.cookies["django_language"] = "en"
    fail(client, "member")
    page = attempt(client, "member", f.PASSWORD).content.decode()
    assert "locked for 30 minutes" in page
    assert "security administrator" in page


def test_one_address_trying_many_usernames_is_locked_for_every_account(client, member):
    for name in ("a1", "a2", "a3", "a4", "a5"):
        attempt(client, name, "wrong-Password-1", address="10.0.0.7")

    from_there = attempt(client, "member", f.PASSWORD, address="10.0.0.7")
    assert from_there.status_code == 429 and LOCKED in from_there.content.decode()

    elsewhere = attempt(client, "member", f.PASSWORD, address="10.0.0.8")
    assert elsewhere.status_code == 302


def test_an_account_attacked_from_many_addresses_is_locked_from_every_address(client, member):
    for i in range(5):
        attempt(client, "member", "wrong-Password-1", address=f"10.0.1.{i}")
    response = attempt(client, "member", f.PASSWORD, address="10.0.2.1")
    assert response.status_code == 429


def test_the_lock_ends_after_the_cool_off(client, member):
    fail(client, "member")
    assert attempt(client, "member", f.PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31))

    response = attempt(client, "member", f.PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_the_lock_still_holds_just_before_the_cool_off_ends(client, member):
    fail(client, "member")
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=29))
    assert attempt(client, "member", f.PASSWORD).status_code == 429


def test_the_documented_reset_command_unlocks(client, member):
    fail(client, "member")
    call_command("axes_reset_username", "member", stdout=io.StringIO())
    assert attempt(client, "member", f.PASSWORD).status_code == 302


# -- behind the reverse proxy ----------------------------------------------------------------


def test_forwarded_for_is_ignored_without_trusted_proxies(client, member):
    """A client cannot dodge the address lock by sending a different X-Forwarded-For each time."""
    for i in range(5):
        attempt(client, f"x{i}", "wrong-Password-1", **{"X-Forwarded-For": f"192.0.2.{i}"})
    response = attempt(client, "member", f.PASSWORD, **{"X-Forwarded-For": "192.0.2.99"})
    assert response.status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_client_is_the_address_the_proxy_appended(client, member):
    # Every request comes from the proxy (127.0.0.1); the clients differ.
    for i in range(5):
        attempt(client, f"x{i}", "wrong-Password-1", **{"X-Forwarded-For": "203.0.113.5"})
    assert attempt(client, "member", f.PASSWORD, **{"X-Forwarded-For": "203.0.113.5"}).status_code == 429
    # Another client behind the same proxy is not locked; a forged left part does not help the first.
    assert attempt(client, "member", f.PASSWORD, **{"X-Forwarded-For": "198.51.100.9"}).status_code == 302
    client.post(reverse("accounts:logout"))
    assert attempt(client, "member", f.PASSWORD, **{"X-Forwarded-For": "1.2.3.4, 203.0.113.5"}).status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "10.1.1.1"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "203.0.113.5", "203.0.113.5"),
        (1, "", "10.1.1.1"),
        (1, "not-an-address", "10.1.1.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(settings, proxies: int, forwarded: str, expected: str) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
