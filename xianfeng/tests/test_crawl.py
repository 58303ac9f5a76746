"""Every persona × every URL of the URLconf: out of scope is 404, nothing fails, no personal data beyond the role (T-TRUST).

The county (``crawl_world.py``) is built once for the module, in a transaction rolled back
at its end. For each role of ``accounts/rights.py`` and the anonymous public, every pattern
of ``get_resolver()`` (Django's admin aside) is requested with each of its fillings
(``crawl.FILLERS``): a record of village A1, of township B and of another county. Then:

- no response is a server error (the test client re-raises the exception);
- a record outside the persona's scope answers 404 (or 405 to a GET of a POST-only view,
  whose POST then answers 404); the anonymous public is sent to the login page except on
  the public pages;
- no response — the page, the Excel export of every list (``?format=xlsx`` and every
  ``format=`` link on the page), the person's own-data workbook, the report's Word and PDF —
  shows the full ID number or the full phone of a person the persona may not see unmasked
  (``Scope.sees_unmasked``), nor the birth date of such a person beside their name.

A pattern with parameters and no filler, or a filler that finds no record, fails the test.
"""

import html
import re
import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from accounts.scope import scope_for_user
from common.scope import ANONYMOUS
from xianfeng.tests import factories as f

from .crawl import (
    FILLERS,
    LIST_QUERIES,
    PERSON_PAGES,
    PUBLIC,
    body_text,
    is_api_endpoint,
    leaks,
    load_secrets,
    patterns,
    rows_of,
)
from .crawl_world import PERSONAS, build_world

# On the SQLite leg only: it asks what each view shows, not how a database keeps it, and it takes minutes.
pytestmark = [pytest.mark.slow, pytest.mark.sqlite, pytest.mark.django_db]

LINK_RE = re.compile(r'href="([^"]*[?&](?:amp;)?format=[a-z]+[^"]*)"')


@pytest.fixture(scope="module")
def crawl(django_db_setup, django_db_blocker):
    """The world, its concrete URLs and every person's secrets, built once for the module and rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        started = time.perf_counter()
        world = build_world()
        for admin in ("province_admin", "prefecture_admin", "county_admin"):
            f.totp_device(world.users[admin])
        urls = concrete_urls(world)
        secrets = load_secrets()
        print(f"crawl world built in {time.perf_counter() - started:.1f} s, {len(urls)} URLs")
        yield world, urls, secrets
        transaction.set_rollback(True)


def concrete_urls(world) -> list[tuple[str, str, object]]:
    """(pattern name, URL, target or None) for every pattern; fails on a pattern it cannot fill."""
    found = patterns()
    names = {p.name for p in found}
    unfilled = sorted(p.name for p in found if p.params and p.name not in FILLERS)
    assert not unfilled, f"URL patterns the crawl cannot fill (add them to crawl.FILLERS): {unfilled}"
    stale = sorted(set(FILLERS) - names)
    assert not stale, f"crawl.FILLERS names patterns that no longer exist: {stale}"
    urls: list[tuple[str, str, object]] = []
    for p in found:
        if not p.params:
            urls.append((p.name, reverse(p.name), None))
            continue
        targets = FILLERS[p.name](world)
        assert targets, f"the crawl world has no record to fill {p.name}"
        for target in targets:
            urls.append((p.name, reverse(p.name, kwargs=target.kwargs), target))
    return urls


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and urlsplit(response["Location"]).path == reverse(settings.LOGIN_URL)


@pytest.mark.parametrize("persona", PERSONAS)
def test_crawl(client, crawl, persona):
    world, urls, secrets = crawl
    user = world.users.get(persona)
    if user is not None:
        client.force_login(user)
    scope = scope_for_user(user) if user is not None else ANONYMOUS
    problems: list[str] = []
    requests = 0
    started = time.perf_counter()

    def get(url: str, method: str = "get"):
        nonlocal requests
        requests += 1
        try:
            return getattr(client, method)(url)
        except Exception as exc:  # noqa: BLE001 - every server error is reported, not only the first
            problems.append(f"{method.upper()} {url}: server error {type(exc).__name__}: {exc}")
            return None

    def read(url: str, response, name: str = "") -> None:
        if response is None or response.status_code != 200:
            return
        text = body_text(response)
        content_type = response.get("Content-Type", "")
        rows = rows_of(text, content_type) + ([text] if name in PERSON_PAGES else [])
        problems.extend(f"{url}: {leak}" for leak in leaks(text, rows, scope, secrets))
        if "text/html" not in content_type:
            return
        for link in sorted(set(LINK_RE.findall(text))):
            link = html.unescape(link)
            if link.startswith("/") and link not in seen:
                seen.add(link)
                read(link, get(link), name)

    seen: set[str] = set()
    for name, url, target in urls:
        response = get(url)
        if response is None:
            continue
        status = response.status_code
        if user is None:
            if is_api_endpoint(name):
                if status != 401:
                    problems.append(f"{url}: anonymous got {status} from the API, not 401")
            elif name not in PUBLIC and not _is_login_redirect(response):
                problems.append(f"{url}: anonymous got {status}, not the login page")
        elif target is not None and name not in PUBLIC and not target.in_scope(scope):
            if status == 405:
                status = getattr(get(url, "post"), "status_code", None)
            if status != 404:
                problems.append(f"{url} ({target.label}): out of scope, answered {status}")
        if status == 500:
            problems.append(f"{url}: 500")
        read(url, response, name)
        if target is None and response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            xlsx = f"{url}?format=xlsx"
            if xlsx not in seen:
                seen.add(xlsx)
                read(xlsx, get(xlsx))
        if name in LIST_QUERIES:
            for code in world.areas.values():
                filtered = f"{url}?{LIST_QUERIES[name]}={code}"
                read(filtered, get(filtered))
                read(filtered + "&format=xlsx", get(filtered + "&format=xlsx"))
    elapsed = time.perf_counter() - started
    summary = f"{persona}: {requests} requests in {elapsed:.1f} s"
    print(summary)
    assert not problems, f"{summary}, {len(problems)} problems\n" + "\n".join(problems)
