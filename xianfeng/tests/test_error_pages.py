"""Friendly 403, 404 and 500 pages in both languages (issue 11, item 6), and the favicon.

With ``DEBUG = False`` Django renders ``403.html``, ``404.html`` and ``500.html``
(``django.views.defaults``). The 404 of a record outside the viewer's scope is the same
page as for a missing one and names nothing of it; the 500 page needs neither the
request nor the database.
"""

import re

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.template import loader
from django.test import Client
from django.urls import reverse
from django.utils import translation

from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def _english(client: Client) -> Client:
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _interface(html: str) -> str:
    """The page without the language switch, which names each language in itself (简体中文)."""
    return re.sub(r'<button[^>]*\blang="zh-hans"[^>]*>.*?</button>', "", html, flags=re.S)


def test_missing_page_is_the_friendly_404_in_chinese_and_english(client, personas):
    client.force_login(personas.township_admin_a)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "找不到该页面" in html and f'href="{reverse("home")}"' in html and "<nav" in html
    english = _english(client).get("/no-such-page/")
    assert english.status_code == 404
    html = english.content.decode()
    assert "Page not found" in html and "Back to home" in html
    assert not CJK.search(_interface(html))


def test_anonymous_404_is_friendly_too(client, county):
    response = client.get("/v/999999999999/")
    assert response.status_code == 404
    assert "找不到该页面" in response.content.decode()


def test_out_of_scope_record_is_the_same_404_and_names_nothing(client, county, personas):
    """A village admin of B asks for village A1's page: the answer is the 404 any missing page gets."""
    client.force_login(personas.village_admin_b)
    a1 = county.village_a1
    response = client.get(reverse("organizations:detail", args=[a1.code]))
    missing = client.get(reverse("organizations:detail", args=["350725999999"]))
    assert response.status_code == missing.status_code == 404
    # Only the address the viewer typed comes back (the language switch returns to it).
    html = response.content.decode().replace(f"/org/{a1.code}/", "/org/ASKED/")
    assert "找不到该页面" in html
    for secret in (a1.name, a1.code, county.township_a.name):
        assert secret not in html
    # The same page, word for word, apart from the CSRF token.
    token = re.compile(r'value="[A-Za-z0-9]{64}"|"X-CSRFToken": "[A-Za-z0-9]{64}"')
    other = missing.content.decode().replace("/org/350725999999/", "/org/ASKED/")
    assert token.sub("", html) == token.sub("", other)


def test_refusal_to_change_is_the_friendly_403_in_both_languages(client, county):
    supervisor = f.user("supervisor_a1", "village_supervisor", organization=county.village_a1)
    client.force_login(supervisor)
    url = reverse("village_affairs:decision_create", args=[county.village_a1.code])
    response = client.post(url, {"title": "越权登记"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "无权进行此操作" in html and f'href="{reverse("home")}"' in html and "<nav" in html
    english = _english(client).post(url, {"title": "越权登记"})
    assert english.status_code == 403
    html = english.content.decode()
    assert "Not permitted" in html and not CJK.search(_interface(html))


@pytest.mark.urls("xianfeng.tests.error_urls")
def test_a_failure_is_the_friendly_500_in_both_languages(county):
    client = Client(raise_request_exception=False)
    response = client.get("/test-failure/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "系统出错了" in html and 'href="/"' in html and "a bug" not in html
    html = _english(client).get("/test-failure/").content.decode()
    assert "Something went wrong" in html and not CJK.search(_interface(html))


def test_the_500_page_needs_neither_request_nor_database(django_assert_num_queries):
    with django_assert_num_queries(0), translation.override("en"):
        html = loader.get_template("500.html").render()
    assert "Something went wrong" in html and "Back to home" in html


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith("xianfeng/favicon.ico")
    assert finders.find("xianfeng/favicon.ico")
    login = client.get(reverse("accounts:login")).content.decode()
    assert 'rel="icon"' in login and "xianfeng/favicon.ico" in login
    public = client.get(reverse("portal:village_list")).content.decode()
    assert 'rel="icon"' in public
