"""Reads that may go to a PostgreSQL read replica, and the router that sends them there.

With ``REPLICA_DATABASE_URL`` set, ``settings.DATABASES`` has a second alias, ``replica``: a
streaming replica of the primary (``default``), read-only. ``ReplicaRouter`` sends a read there
only when all of these hold, and to the primary otherwise:

- the request opted in: its view is named in ``settings.REPLICA_READ_VIEWS`` (dashboards, the
  campaign report, public pages), carries ``@reads_from_replica``, or is an export
  (``?format=xlsx``); and it is a GET or HEAD;
- the user has not written lately: a non-safe request, or any write of replicated data during
  a request, sets a signed cookie for ``REPLICA_PIN_SECONDS``, and while it holds every read of
  theirs goes to the primary, so that replica lag never shows anyone stale data of their own;
- no transaction is open on the primary (what a service reads inside its ``atomic`` block must
  be what it writes against);
- the model is not one of ``PRIMARY_APPS``: sessions, users, roles and rights, two-factor
  devices, lockouts and the security log are always read where they are written.

Writes always go to the primary. Without a replica alias (SQLite, or PostgreSQL without
``REPLICA_DATABASE_URL``) everything is on ``default``. Raw SQL through ``django.db.connection``
is the primary's connection and stays there.

Code outside a request (a management command, a task) may opt in with ``with replica_reads():``.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any, TypeVar

from django.conf import settings
from django.core import signing
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponseBase

PRIMARY = DEFAULT_DB_ALIAS
REPLICA = "replica"
PIN_COOKIE = "xf_primary"
PIN_SALT = "common.db_router.pin"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Apps whose rows decide who the user is and what they may do, or that must chain on the newest row.
PRIMARY_APPS = frozenset(
    {"auth", "sessions", "contenttypes", "admin", "django_otp", "otp_totp", "axes", "accounts", "security"}
)


@dataclass
class Routing:
    """Where this request's (or block's) reads may go."""

    replica_reads: bool = False  # the view opted in
    pinned: bool = False  # the user wrote lately, or this request writes: primary only
    wrote: bool = False  # replicated data was written during the request


_routing: ContextVar[Routing | None] = ContextVar("xianfeng_db_routing", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def pin_seconds() -> int:
    return int(getattr(settings, "REPLICA_PIN_SECONDS", 30))


def read_alias(app_label: str) -> str:
    """The alias a read of ``app_label``'s models goes to now."""
    routing = _routing.get()
    if routing is None or not routing.replica_reads or routing.pinned:
        return PRIMARY
    if app_label in PRIMARY_APPS or not replica_configured():
        return PRIMARY
    if connections[PRIMARY].in_atomic_block:
        return PRIMARY
    return REPLICA


@contextmanager
def replica_reads(pinned: bool = False) -> Iterator[Routing]:
    """Let the block's reads go to the replica (unless ``pinned``), as an opted-in view's do."""
    token = _routing.set(Routing(replica_reads=True, pinned=pinned))
    try:
        routing = _routing.get()
        assert routing is not None
        yield routing
    finally:
        _routing.reset(token)


class ReplicaRouter:
    """Django's database router (``DATABASE_ROUTERS``): see the module's docstring."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        return read_alias(model._meta.app_label)

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        routing = _routing.get()
        if routing is not None and model._meta.app_label not in PRIMARY_APPS:
            routing.wrote = True
        return PRIMARY

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # The replica is the primary's copy: a row read from one may refer to a row of the other.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA, None}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # The replica replays the primary's WAL, schema included; nothing migrates it.
        return db != REPLICA


# -- the views that opt in --------------------------------------------------------------------

V = TypeVar("V", bound=Callable[..., Any])


def reads_from_replica(view: V) -> V:
    """Mark a view whose GET reads may come from the replica (an alternative to REPLICA_READ_VIEWS)."""
    view.reads_from_replica = True  # type: ignore[attr-defined]
    return view


def opts_in(request: HttpRequest, view_func: Callable[..., Any]) -> bool:
    """Whether this request's reads may go to the replica (before pinning)."""
    if request.method not in {"GET", "HEAD"}:
        return False
    if getattr(view_func, "reads_from_replica", False) or request.GET.get("format") == "xlsx":
        return True
    match = request.resolver_match
    name = match.view_name if match is not None else ""
    return bool(name) and any(fnmatchcase(name, pattern) for pattern in settings.REPLICA_READ_VIEWS)


def pinned_by_cookie(request: HttpRequest) -> bool:
    value = request.get_signed_cookie(PIN_COOKIE, default=None, salt=PIN_SALT, max_age=pin_seconds())
    return value is not None


class ReadReplicaMiddleware:
    """Sets each request's routing; pins a user who wrote to the primary for REPLICA_PIN_SECONDS.

    Last in MIDDLEWARE, so that only the view (and what it renders) reads from the replica, never
    another middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        routing = Routing(pinned=request.method not in SAFE_METHODS or pinned_by_cookie(request))
        token = _routing.set(routing)
        try:
            response = self.get_response(request)
        finally:
            _routing.reset(token)
        if replica_configured() and (routing.wrote or request.method not in SAFE_METHODS):
            response.set_signed_cookie(
                PIN_COOKIE,
                "1",
                salt=PIN_SALT,
                max_age=pin_seconds(),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> None:
        routing = _routing.get()
        if routing is not None and opts_in(request, view_func):
            routing.replica_reads = True


def signed_pin() -> str:
    """A valid pin cookie's value (tests)."""
    return signing.get_cookie_signer(salt=PIN_COOKIE + PIN_SALT).sign("1")
