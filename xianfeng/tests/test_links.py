"""Links only where they lead (issue 11, item 6): no page a user can reach links to a refusal.

For each persona, the crawler (``link_walk.py``) walks from the home page over every internal
link: none answers 403, 404, 405 or 500. Two counties: the demo's personas on a small
county with records in every app (``worlds.world``), and conftest's ``personas`` with a
partner, a linked leader and a village supervisor (``worlds.fixture_world``). An htmx
fragment opened directly (no ``HX-Request``) answers a whole page or a redirect to one.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .link_walk import crawl, internal

pytestmark = pytest.mark.django_db
REFUSALS = {403, 404, 405, 500}


def _login(client, user) -> None:
    client.logout()
    if user is not None:
        client.force_login(user)


def _broken_links(client, users: dict[str, object]) -> tuple[list[tuple], dict[str, int]]:
    broken, pages = [], {}
    for name, user in users.items():
        _login(client, user)
        fragments: dict[str, str] = {}
        count = 0
        for visit in crawl(client):
            count += 1
            if visit.status in REFUSALS:
                broken.append((name, visit.status, visit.url, "linked from", visit.referrer))
            for fragment in visit.fragments:
                url = internal(fragment, visit.url)
                if url is not None:
                    fragments.setdefault(url, visit.url)
        for url, referrer in fragments.items():
            response = client.get(url)
            bare = response.status_code == 200 and b"<html" not in response.content
            if response.status_code not in (200, 302) or bare:
                broken.append((name, response.status_code, url, "fragment of", referrer))
        pages[name] = count
    return broken, pages


@pytest.mark.slow
def test_no_link_leads_to_a_refusal_on_the_demo_county(client, world):
    broken, pages = _broken_links(client, world)
    assert broken == []
    # The walk reached the pages of every persona's work, not just a login page.
    assert pages["county"] > 100 and pages["township"] > 100 and pages["village"] > 80
    assert min(pages[name] for name in ("leader", "partner", "member", "supervisor")) > 40


def test_no_link_leads_to_a_refusal_on_the_personas_county(client, fixture_world):
    broken, pages = _broken_links(client, fixture_world)
    assert broken == []
    assert pages["county_admin"] > 50 and pages["anonymous"] >= 3


def _pages_without_arguments(patterns, prefix: str = "") -> list[str]:
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names += _pages_without_arguments(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.regex.groups:
            names.append(prefix + pattern.name)
    return names


def test_no_page_answers_a_bare_fragment(client, fixture_world):
    """Every page without arguments, opened directly: a whole page (``<html``), a redirect or a download."""
    names = [
        n for n in dict.fromkeys(_pages_without_arguments(get_resolver().url_patterns)) if not n.startswith("admin:")
    ]
    assert "supervision:my_reviews" in names
    bare = []
    for persona, user in fixture_world.items():
        _login(client, user)
        for name in names:
            response = client.get(reverse(name))
            html = response.status_code == 200 and "text/html" in response.get("Content-Type", "")
            if html and b"<html" not in response.content:
                bare.append((persona, name))
    assert bare == []
