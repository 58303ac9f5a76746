"""Cached public pages, invalidated by a data version (R-PORTAL; issue 12, a public page at a hello-world's rate).

A public village page is the same for every anonymous visitor until something it shows changes. It is
rendered once per village, language, host and campaign day and kept in Django's cache (``settings.CACHES``:
per process by default, a shared cache in production — docs/deployment.md), under a key that holds the
village's and its county's **version tokens** (``PublicPageVersion``, one row per code). Every write of what
the page shows replaces the token (``bump``), so the next view renders afresh: no stale page, no expiry to
wait for. The token is read from the database on every view (one query), so a publish on one web worker is
seen by all of them, whichever cache backend holds the pages.

What the page shows is owned by many apps, so each app says which of its models feed a public page, next
to the section it contributes (``<app>/sections.py``): ``watch(Model, "village__code")`` bumps the code at
that path after every save and before every delete of that model — from a service, the admin, an import
or a test factory alike. A write that bypasses ``save()`` (``QuerySet.update``, ``bulk_create``) of a
watched model calls ``bump`` itself, in its service.

Per-visitor parts of a cached page are placeholders, filled per response (``fill``): the CSRF token
(``CSRF_PLACEHOLDER``, passed as ``csrf_token`` in the context so ``{% csrf_token %}`` renders it) and
any signed value given to ``fill``. A page is served from the cache only to an anonymous GET without
query string or pending messages (``cacheable``); anything else renders as before and is not stored.
"""

import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.db.models import Model
from django.db.models.signals import post_save, pre_delete
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from . import clock
from .models import PublicPageVersion

CSRF_PLACEHOLDER = "xf-csrf-placeholder-6f1d"
KEY_PREFIX = "public-page"
TIMEOUT = 24 * 3600  # an unchanged page is still re-rendered daily (the key holds the day anyway)
COUNTY_DIGITS = 6


def _scopes(code: str) -> list[str]:
    """The version rows a page of ``code`` depends on: its own and its county's."""
    return list(dict.fromkeys([code, code[:COUNTY_DIGITS]]))


def bump(*codes: str | None) -> None:
    """What a public page of these codes shows has changed: give them new tokens. A code of a county (or a
    township, or any code of fewer than 12 digits) bumps its county, so every village page of it renders
    afresh; a village's code bumps that village only."""
    rows = {}
    for code in codes:
        if not code:
            continue
        key = code if len(code) == 12 else code[:COUNTY_DIGITS]
        rows[key] = PublicPageVersion(code=key, token=secrets.token_hex(16))
    if rows:
        PublicPageVersion.objects.bulk_create(
            rows.values(), update_conflicts=True, unique_fields=["code"], update_fields=["token"]
        )


WATCHED: dict[type[Model], tuple[str, ...]] = {}
# Inside ``held(codes)``: the watchers do nothing; leaving, the codes are bumped once.
_held: ContextVar[bool] = ContextVar("public_pages_held", default=False)


@contextmanager
def held(*codes: str) -> Iterator[None]:
    """Build many rows (a scenario load) without a bump per row: the watchers are off inside, and ``codes``
    (the county being built) are bumped once on leaving."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)
        bump(*codes)


def codes_of(model: type[Model], pks: Iterable[Any]) -> list[str]:
    """The codes the rows ``pks`` of a watched ``model`` show on, one query per path."""
    wanted = [pk for pk in pks if pk is not None]
    if not wanted:
        return []
    found: set[str] = set()
    for path in WATCHED.get(model, ()):
        found.update(c for c in model._default_manager.filter(pk__in=wanted).values_list(path, flat=True) if c)
    return sorted(found)


def written(model: type[Model], objs: Iterable[Model]) -> None:
    """Rows of ``model`` were written without ``save()`` (a bulk insert): bump what they show, if watched.
    Set-wise: one query per path of the model, whatever the number of rows."""
    if model in WATCHED and not _held.get():
        bump(*codes_of(model, (obj.pk for obj in objs)))


def watch(model: type[Model], *paths: str) -> None:
    """Bump the codes at ``paths`` (ORM paths from ``model`` to an organization's code, such as
    ``"village__code"``) after every save of a ``model`` row, and before its deletion (while the path can still
    be followed)."""
    WATCHED[model] = paths

    def saved(sender: type[Model], instance: Model, **kwargs: Any) -> None:
        if not kwargs.get("raw") and not _held.get():  # raw: loading fixtures
            bump(*codes_of(model, [instance.pk]))

    def deleting(sender: type[Model], instance: Model, **kwargs: Any) -> None:
        if not _held.get():
            bump(*codes_of(model, [instance.pk]))

    uid = f"common.public_pages.watch:{model._meta.label}"
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=uid)
    pre_delete.connect(deleting, sender=model, weak=False, dispatch_uid=uid)


def cacheable(request: HttpRequest) -> bool:
    """Is this request one every anonymous visitor would get the same answer to?"""
    user = getattr(request, "user", None)
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and not (user is not None and user.is_authenticated)
        and len(messages.get_messages(request)) == 0  # counts without marking them read
    )


def cache_key(page: str, code: str, request: HttpRequest) -> str:
    """The key of ``page`` for ``code`` in this request's language and host, on today's campaign date, at the
    current versions of the code and its county."""
    scopes = _scopes(code)
    tokens = dict(PublicPageVersion.objects.filter(code__in=scopes).values_list("code", "token"))
    versions = ".".join(tokens.get(scope, "0") for scope in scopes)
    host = request.get_host()
    return f"{KEY_PREFIX}:{page}:{code}:{get_language()}:{request.scheme}://{host}:{clock.today():%Y%m%d}:{versions}"


def placeholder(name: str) -> str:
    """What a cached render holds in place of the per-response value ``name``."""
    return f"xf-placeholder-{name}-6f1d"


def fill(request: HttpRequest, body: str, fresh: dict[str, str]) -> HttpResponse:
    """The cached body with this visitor's CSRF token and fresh values in place of the placeholders."""
    body = body.replace(CSRF_PLACEHOLDER, get_token(request))
    for name, value in fresh.items():
        body = body.replace(placeholder(name), value)
    return HttpResponse(body)


def cached_page(
    request: HttpRequest,
    page: str,
    code: str,
    render: Callable[[dict[str, Any]], HttpResponse],
    fresh: Callable[[], dict[str, str]],
) -> HttpResponse:
    """Serve ``page`` for ``code`` from the cache, or render it with ``render(extra_context)`` and keep it.

    ``fresh()`` gives this response's per-visitor context values (a signed form token); a cached render is
    given placeholders in their stead, and ``csrf_token``, which ``fill`` replaces per response. Responses
    carry ``X-Public-Cache: hit|miss`` (none when not cacheable)."""
    values = fresh()
    if not cacheable(request):
        return render(values)
    key = cache_key(page, code, request)
    body = cache.get(key)
    hit = body is not None
    if body is None:
        response = render({**{name: placeholder(name) for name in values}, "csrf_token": CSRF_PLACEHOLDER})
        if response.status_code != 200:
            return response
        body = response.content.decode(response.charset)
        cache.set(key, body, TIMEOUT)
    response = fill(request, body, values)
    response["X-Public-Cache"] = "hit" if hit else "miss"
    return response
