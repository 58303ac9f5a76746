"""Personal access tokens: made on the account page (two-factor first for county admins), hashed, revocable."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import AccessToken, token_hash
from api.tokens import token_create, token_revoke
from security.models import Kind, SecurityEvent
from xianfeng.tests import factories as f

from .conftest import TokenClient

pytestmark = pytest.mark.django_db

ORGS = "/api/v1/organizations/"


def test_a_token_made_on_the_page_is_shown_once_and_stored_only_as_its_hash(client, personas):
    client.force_login(personas.township_admin_a)
    response = client.post(reverse("api:tokens"), {"name": "大屏", "expires_on": ""})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("xf_") and len(secret) > 40
    token = AccessToken.objects.get(user=personas.township_admin_a)
    assert token.key_hash == token_hash(secret) and secret not in token.key_hash
    assert not token.writable
    assert response["Cache-Control"] == "no-store"
    # Shown once: the list page does not show it again.
    assert secret not in client.get(reverse("api:tokens")).content.decode()
    event = SecurityEvent.objects.filter(kind=Kind.TOKEN_CREATED).get()
    assert event.username == "township_a" and event.detail["token"] == token.pk


def test_a_county_admin_makes_a_token_only_from_a_session_that_passed_two_factor(client, personas):
    f.totp_device(personas.county_admin)
    client.force_login(personas.county_admin)
    session = client.session
    session.pop("otp_device_id", None)
    session.save()
    # The gate holds an unverified county admin on the code page before any other page.
    response = client.post(reverse("api:tokens"), {"name": "x"})
    assert response.status_code == 302 and reverse("accounts:otp_verify") in response["Location"]
    assert not AccessToken.objects.exists()


def test_the_page_refuses_a_past_expiry_and_makes_nothing(client, personas):
    client.force_login(personas.township_admin_a)
    response = client.post(reverse("api:tokens"), {"name": "x", "expires_on": "2000-01-01"})
    assert response.status_code == 200
    assert "expires_on" in response.context["form"].errors
    assert not AccessToken.objects.exists()


def test_the_page_is_in_english_for_an_english_session(client, personas):
    client.force_login(personas.township_admin_a)
    client.cookies["django_language"] = "en"
    text = client.get(reverse("api:tokens")).content.decode()
    assert "Access tokens" in text and "访问令牌" not in text


def test_revoked_and_expired_tokens_are_refused_with_401(personas, county):
    token, secret = token_create(user=personas.township_admin_a, name="a")
    api = TokenClient(secret)
    assert api.get(ORGS).status_code == 200
    assert AccessToken.objects.get(pk=token.pk).last_used_at is not None
    token_revoke(token=token, by=personas.township_admin_a)
    response = api.get(ORGS)
    assert response.status_code == 401 and response.json()["code"] == "token_invalid"
    assert SecurityEvent.objects.filter(kind=Kind.TOKEN_REVOKED).count() == 1

    token, secret = token_create(
        user=personas.township_admin_a, name="b", expires_on=timezone.localdate() + dt.timedelta(days=1)
    )
    AccessToken.objects.filter(pk=token.pk).update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    assert TokenClient(secret).get(ORGS).status_code == 401
    assert TokenClient("xf_not-a-token").get(ORGS).status_code == 401


def test_revoking_on_the_page_is_only_for_ones_own_token(client, personas):
    other, _secret = token_create(user=personas.county_admin, name="theirs")
    mine, _secret = token_create(user=personas.township_admin_a, name="mine")
    client.force_login(personas.township_admin_a)
    assert client.post(reverse("api:token_revoke", args=[other.pk])).status_code == 404
    assert client.post(reverse("api:token_revoke", args=[mine.pk])).status_code == 302
    assert AccessToken.objects.get(pk=mine.pk).revoked_at is not None
    assert AccessToken.objects.get(pk=other.pk).revoked_at is None


def test_a_read_only_token_reads_but_may_not_write(api_as, county):
    api = api_as("township_admin_a", writable=False)
    assert api.get(ORGS).status_code == 200
    response = api.post_json("/api/v1/people/", {"name": "张三"})
    assert response.status_code == 403 and response.json()["code"] == "token_read_only"


def test_anonymous_callers_get_401(client, county):
    response = client.get(ORGS)
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_the_session_works_for_the_browser_and_unsafe_methods_need_csrf(personas, county):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas.township_admin_a)
    assert browser.get(ORGS).status_code == 200
    response = browser.post("/api/v1/people/", {}, content_type="application/json")
    assert response.status_code == 403 and "CSRF" in response.json()["message"]


def test_throttling_is_per_token(api_as, county, settings):
    from django.core.cache import cache
    from rest_framework.settings import api_settings

    cache.clear()
    rates = api_settings.DEFAULT_THROTTLE_RATES
    original = rates["api"]
    rates["api"] = "2/minute"
    try:
        first, second = api_as("township_admin_a"), api_as("township_admin_a")
        assert [first.get(ORGS).status_code for _ in range(3)] == [200, 200, 429]
        assert first.get(ORGS).json()["code"] == "throttled"
        assert second.get(ORGS).status_code == 200  # another token has its own allowance
    finally:
        rates["api"] = original
        cache.clear()
