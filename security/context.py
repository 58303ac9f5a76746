"""The request being served, for ``security.services.record`` called from code that has none at hand
(services, selectors, signal receivers). ``SecurityLogMiddleware`` sets it for each request; a thread
started with ``contextvars.copy_context().run`` keeps the request it began in; a task in a worker process is
served as the request it was started from (``origin_of``, ``serving_origin``).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest

from common.client_address import client_address

_request: ContextVar[HttpRequest | None] = ContextVar("security_log_request", default=None)


def current_request() -> HttpRequest | None:
    return _request.get()


@contextmanager
def serving(request: HttpRequest) -> Iterator[None]:
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


# -- background work ---------------------------------------------------------------------------
# A task runs in a worker process, away from the request that asked for it. The request's origin (its
# path, the client's address, the browser) travels with the task as plain values, and the worker serves
# the task as a request from there, so the security log says where the work was started from.


def origin_of(request: HttpRequest | None) -> dict[str, str]:
    """What the security log needs of ``request`` (the one being served, when None), as JSON-ready values."""
    request = request if request is not None else current_request()
    if request is None:
        return {}
    return {
        "path": request.get_full_path()[:1000],
        "address": client_address(request) or "",
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
    }


@contextmanager
def serving_origin(origin: dict[str, str] | None) -> Iterator[None]:
    """Serve a task as the request it was started from (``origin_of``); without one, as no request."""
    if not origin:
        yield
        return
    request = HttpRequest()
    request.path = request.path_info = origin.get("path", "")
    # The client's address as found behind the proxies; the worker has no proxies in front of it.
    request.META = {"REMOTE_ADDR": origin.get("address", ""), "HTTP_USER_AGENT": origin.get("user_agent", "")}
    with serving(request):
        yield
