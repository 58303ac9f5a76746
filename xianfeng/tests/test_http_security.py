"""The HTTP layer of GB/T 22239-2019 level 3 (T-TRUST): the headers every response carries,
the settings the environment makes of them (and the values it refuses), and
``manage.py check --deploy`` on the documented production settings."""

import json
import os
import runpy
import secrets
import string
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]
SETTINGS_FILE = BASE_DIR / "xianfeng" / "settings.py"
HOST = "xianfeng.example.gov.cn"

CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
DENIED_FEATURES = {"camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth", "display-capture"}

# Variables of the security block, cleared before each settings load so the shell's own do not leak in.
SECURITY_VARIABLES = [
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_COOKIES",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_PROXY_SSL_HEADER",
    "TRUSTED_PROXY_COUNT",
]


def secret_key() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(50))


def production_env(**extra: str) -> dict[str, str]:
    """The variables README's "Production deployment" sets, plus ``extra``."""
    return {
        "DATABASE_URL": "postgres://xianfeng:secret@127.0.0.1:5432/xianfeng",
        "SECRET_KEY": secret_key(),
        "FIELD_ENCRYPTION_KEY": "eHlaaGVuZ2hlLXRlc3QtZmllbGQta2V5LTMyLWJ5dGU=",
        "FIELD_HASH_KEY": secret_key(),
        "DEBUG": "false",
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        **extra,
    }


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {d[0]: d[1:] for d in directives}


def assert_security_headers(response: Any) -> None:
    assert parse_csp(response["Content-Security-Policy"]) == CSP
    features = dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))
    assert set(features) >= DENIED_FEATURES
    assert set(features.values()) == {"()"}  # denied to every origin, this one included
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


# -- the headers on pages, public pages and errors -----------------------------------------


def test_headers_on_a_signed_in_page(client, personas):
    client.force_login(personas.county_admin)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert_security_headers(response)


def test_headers_on_a_public_page_and_the_login_page(client, county):
    for url in (
        reverse("portal:village_list"),
        reverse("portal:village", args=[county.village_a1.code]),
        "/accounts/login/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)


def test_headers_on_error_responses(client, county, personas):
    not_found = client.get("/v/350725999999/")
    assert not_found.status_code == 404
    assert_security_headers(not_found)
    client.force_login(personas.village_admin_b)
    refused = client.post(reverse("village_affairs:case_open"), {"village": county.village_a1.code})
    assert refused.status_code == 404  # a village outside the scope looks missing
    assert_security_headers(refused)
    csrf = Client(enforce_csrf_checks=True).post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert csrf.status_code == 403
    assert_security_headers(csrf)


def test_the_admin_allows_style_attributes_and_nothing_more(client, db):
    admin_page = client.get("/admin/login/")
    assert admin_page.status_code == 200
    assert parse_csp(admin_page["Content-Security-Policy"]) == {**CSP, "style-src-attr": ["'unsafe-inline'"]}
    assert "Permissions-Policy" in admin_page and admin_page["X-Frame-Options"] == "DENY"
    # Only under /admin/: the site's own login page has no such allowance.
    assert "style-src-attr" not in client.get("/accounts/login/")["Content-Security-Policy"]


def test_the_debug_error_pages_go_without_a_policy_when_debug_is_on(client, settings, county):
    """django-csp leaves Django's technical 404 and 500 pages (inline styles and scripts) alone under DEBUG."""
    settings.DEBUG = True
    response = client.get("/v/350725999999/")
    assert response.status_code == 404
    assert "Content-Security-Policy" not in response
    assert "Content-Security-Policy" in client.get(reverse("portal:village_list"))


def test_csrf_cookie_is_http_only_and_lax(client, county):
    response = client.get("/accounts/login/")
    cookie = response.cookies[django_settings.CSRF_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert django_settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_no_page_reads_the_csrf_cookie_from_script():
    """CSRF_COOKIE_HTTPONLY holds only while the token reaches htmx from the page, not from the cookie."""
    scripts = [p for p in BASE_DIR.glob("*/static/**/*.js") if "vendor" not in p.parts]
    assert scripts
    for path in scripts:
        assert "csrftoken" not in path.read_text(encoding="utf-8"), path
    assert "X-CSRFToken" in (BASE_DIR / "xianfeng" / "templates" / "base.html").read_text(encoding="utf-8")


# -- what the environment makes of the settings ----------------------------------------------


def load_settings(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> dict[str, Any]:
    for name in SECURITY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_production_defaults(monkeypatch):
    s = load_settings(monkeypatch, production_env())
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_HSTS_SECONDS"] == 31536000
    assert s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert "SECURE_PROXY_SSL_HEADER" not in s  # no client may claim HTTPS unless the operator says a proxy sets it
    assert s["SESSION_COOKIE_SECURE"] is True and s["CSRF_COOKIE_SECURE"] is True
    assert s["X_FRAME_OPTIONS"] == "DENY" and s["SECURE_REFERRER_POLICY"] == "same-origin"
    assert s["MIDDLEWARE"].index("csp.middleware.CSPMiddleware") == 1  # right after SecurityMiddleware


def test_debug_turns_off_the_https_redirect_and_hsts(monkeypatch):
    s = load_settings(monkeypatch, {})
    assert s["DEBUG"] is True
    assert s["SECURE_SSL_REDIRECT"] is False
    assert s["SECURE_HSTS_SECONDS"] == 0
    assert s["CONTENT_SECURITY_POLICY"]["DIRECTIVES"] == CSP  # the policy holds in development too


def test_an_intranet_on_plain_http_turns_them_off(monkeypatch):
    env = production_env(SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0", SECURE_COOKIES="false")
    s = load_settings(monkeypatch, env)
    assert s["SECURE_SSL_REDIRECT"] is False
    assert s["SECURE_HSTS_SECONDS"] == 0
    assert s["SESSION_COOKIE_SECURE"] is False


def test_behind_a_proxy_that_sets_the_header(monkeypatch):
    s = load_settings(
        monkeypatch,
        production_env(SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO", SECURE_HSTS_INCLUDE_SUBDOMAINS="no"),
    )
    assert s["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("SECURE_HSTS_SECONDS", "a year", "whole number of seconds"),
        ("SECURE_HSTS_SECONDS", "-1", "whole number of seconds"),
        ("SECURE_HSTS_SECONDS", "3.5", "whole number of seconds"),
        ("SECURE_SSL_REDIRECT", "ture", "true or false"),
        ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "maybe", "true or false"),
        ("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto", "HTTP_X_FORWARDED_PROTO"),
        ("SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO,https", "HTTP_X_FORWARDED_PROTO"),
    ],
)
def test_a_bad_value_stops_start_up_and_names_the_variable(monkeypatch, name, value, says):
    with pytest.raises(RuntimeError) as refused:
        load_settings(monkeypatch, production_env(**{name: value}))
    assert name in str(refused.value) and says in str(refused.value)


# -- the production settings, end to end in their own process -------------------------------

REQUESTS_SCRIPT = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
# The static files are not collected here (no manifest): the error pages name them unhashed.
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
client, out = Client(), []
for path, secure, headers in json.loads(sys.argv[1]):
    r = client.get(path, secure=secure, headers={"host": sys.argv[2], **headers})
    out.append({"status": r.status_code, "location": r.get("Location"), "headers": dict(r.headers)})
print(json.dumps(out))
"""


def run_django(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run Python on the real settings (not the test settings) with only ``env`` around it."""
    clean = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "xianfeng.settings", **env}
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args], cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=120
    )


def get(env: dict[str, str], *requests: tuple[str, bool, dict[str, str]]) -> list[dict[str, Any]]:
    # A path no view answers: the middleware's work shows on it and no database is needed.
    done = run_django(env, "-c", REQUESTS_SCRIPT, json.dumps(requests), HOST)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


PATH = "/no-such-page/"


def test_production_redirects_to_https_and_sends_hsts():
    plain, secure = get(production_env(), (PATH, False, {}), (PATH, True, {}))
    assert plain["status"] == 301
    assert plain["location"] == f"https://{HOST}{PATH}"
    assert secure["status"] == 404
    assert secure["headers"]["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert parse_csp(secure["headers"]["Content-Security-Policy"]) == CSP
    assert "camera=()" in secure["headers"]["Permissions-Policy"]


def test_a_forwarded_proto_header_counts_only_when_the_operator_names_it():
    forwarded = (PATH, False, {"x-forwarded-proto": "https"})
    (ignored,) = get(production_env(), forwarded)
    assert ignored["status"] == 301  # a client cannot talk its way past the redirect
    (trusted,) = get(production_env(SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO"), forwarded)
    assert trusted["status"] == 404
    assert trusted["headers"]["Strict-Transport-Security"].startswith("max-age=31536000")


def test_an_intranet_on_plain_http_is_served_without_redirect_or_hsts():
    env = production_env(SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0", SECURE_COOKIES="false")
    plain, secure = get(env, (PATH, False, {}), (PATH, True, {}))
    assert plain["status"] == 404
    assert "Strict-Transport-Security" not in secure["headers"]
    assert parse_csp(plain["headers"]["Content-Security-Policy"]) == CSP


def documented_production_variables() -> set[str]:
    """The names README's "Production deployment" exports."""
    readme = (BASE_DIR / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Production deployment", 1)[1].split("\n## ", 1)[0]
    return {line.split()[1].split("=")[0] for line in section.splitlines() if line.startswith("export ")}


def test_check_deploy_is_clean_on_the_documented_production_settings():
    env = production_env(SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO", TRUSTED_PROXY_COUNT="1")
    assert documented_production_variables() == set(env)  # the README's variables, no more, no fewer
    done = run_django(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_check_deploy_warns_on_an_intranet_without_https():
    """The silenced check is only W021: turning HTTPS off still shows in check --deploy."""
    env = production_env(SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0")
    done = run_django(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode != 0
    assert "security.W004" in done.stderr and "security.W008" in done.stderr
