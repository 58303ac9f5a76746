"""The request being served, for ``security.services.record`` called from code that has none at hand
(services, selectors, signal receivers). ``SecurityLogMiddleware`` sets it for each request; a thread
started with ``contextvars.copy_context().run`` (the background imports) keeps the request it began in.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest

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
