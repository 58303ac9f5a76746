"""Every persona × every endpoint of /api/v1/, called with the persona's own access token (the page crawl signs in).

The world is the page crawl's (``xianfeng.tests.crawl_world``: two counties, records of every kind in
village A1, township B and the other county), built once for the module and rolled back. For every role of
``accounts/rights.py`` and the anonymous caller, each API pattern is filled with one record per area
(``crawl.FILLERS``) and requested with a read-write token of the persona. Then:

- the anonymous caller gets 401 everywhere;
- a record outside the persona's scope answers 404 (a POST-only step: its POST answers 404);
- no response is a server error;
- no body shows the full ID number or phone of a person the persona may see only masked.
"""

import time

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.scope import scope_for_user
from api.tokens import token_create
from common.scope import ANONYMOUS
from xianfeng.tests.crawl import FILLERS, body_text, is_api_endpoint, leaks, load_secrets, patterns, rows_of
from xianfeng.tests.crawl_world import PERSONAS, build_world

pytestmark = [pytest.mark.slow, pytest.mark.sqlite, pytest.mark.django_db]


@pytest.fixture(scope="module")
def api_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        urls = []
        for p in patterns():
            if not is_api_endpoint(p.name):
                continue
            if not p.params:
                urls.append((p.name, reverse(p.name), None))
                continue
            targets = FILLERS[p.name](world)
            assert targets, f"the crawl world has no record to fill {p.name}"
            # One record per area: enough to tell in scope from out of it, and a run that stays short.
            urls += [(p.name, reverse(p.name, kwargs=t.kwargs), t) for t in targets]
        yield world, urls, load_secrets()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def throttle_counts_afresh():
    """Each persona's token starts its throttle count at 0: the rolled-back tests reuse the same token pk."""
    cache.clear()


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_crawl_with_tokens(api_world, persona):
    world, urls, secrets = api_world
    user = world.users.get(persona)
    if user is None:
        client, scope = Client(), ANONYMOUS
    else:
        _token, secret = token_create(user=user, name=f"crawl {persona}", writable=True)
        client, scope = Client(HTTP_AUTHORIZATION=f"Bearer {secret}"), scope_for_user(user)
    problems: list[str] = []
    started = time.perf_counter()
    assert len(urls) > 40

    def call(url: str, method: str = "get"):
        try:
            return (
                getattr(client, method)(url, content_type="application/json") if method == "post" else client.get(url)
            )
        except Exception as exc:  # noqa: BLE001 - every server error is reported, not only the first
            problems.append(f"{method.upper()} {url}: server error {type(exc).__name__}: {exc}")
            return None

    for _name, url, target in urls:
        response = call(url)
        if response is None:
            continue
        status = response.status_code
        if user is None:
            if status != 401:
                problems.append(f"{url}: anonymous got {status}, not 401")
            continue
        if target is not None and not target.in_scope(scope):
            if status == 405:
                status = getattr(call(url, "post"), "status_code", None)
            if status != 404:
                problems.append(f"{url} ({target.label}): out of scope, answered {status}")
        if status >= 500:
            problems.append(f"{url}: {status}")
        if response.status_code == 200:
            text = body_text(response)
            problems += [
                f"{url}: {leak}" for leak in leaks(text, rows_of(text, response["Content-Type"]), scope, secrets)
            ]
    summary = f"{persona}: {len(urls)} endpoints in {time.perf_counter() - started:.1f} s"
    print(summary)
    assert not problems, f"{summary}, {len(problems)} problems\n" + "\n".join(problems)
