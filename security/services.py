"""Writing the security log: ``record`` appends one event to the chain; nothing else writes it.

**Transactions.** ``record`` runs in a transaction of its own when called outside one (sign-ins, failed
sign-ins, lockouts, downloads and imports are all recorded so: no request runs in a transaction), and in
a savepoint inside a caller's transaction. An event recorded inside a service's transaction is the
record of a change and goes with it: if the change is rolled back, it did not happen, and neither does
its event. A *refused* attempt is recorded after the refusal has rolled the service's transaction back
(``refusals_recorded``, which wraps the service outside its ``transaction.atomic``), so the refusal
cannot erase its own record. A failure to write the log is not swallowed: the request fails with it.

**Concurrency.** Every writer first locks the chain head (``ChainHead``, one row): ``SELECT … FOR UPDATE``
on PostgreSQL; on SQLite, which has no row locks, a write to the head row takes the database's write
lock before anything is read (what ``BEGIN IMMEDIATE`` would do). The second of two simultaneous writers
waits, then reads the head the first one left, so the chain never forks.
"""

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ParamSpec, Protocol, TypeVar
from urllib.parse import unquote

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from common.client_address import client_address
from common.services import refuse

from .apps import MINIMUM_RETENTION_DAYS
from .chain import digest, verify
from .context import current_request
from .models import GENESIS, ChainHead, Kind, Outcome, SecurityEvent

HEAD = 1
P = ParamSpec("P")
R = TypeVar("R")


def _now() -> datetime:
    return timezone.now()


def _text(value: object, length: int) -> str:
    # PostgreSQL refuses NUL in text; the field's length is enforced here so that what is hashed is what is stored.
    return str(value or "").replace("\x00", "")[:length]


def _clean(value: Any) -> Any:
    """Detail values as JSON keeps them: strings without NUL, whole numbers, lists and dicts of those."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_clean(v) for v in value]
    return str(value)


def _lock_head() -> ChainHead:
    for _attempt in range(3):
        if connection.vendor == "sqlite":
            ChainHead.objects.filter(pk=HEAD).update(seq=F("seq"))
        head = ChainHead.objects.select_for_update().filter(pk=HEAD).first()
        if head is not None:
            return head
        # No head row (a database emptied by a test flush): rebuild it from the last event.
        last = SecurityEvent.objects.order_by("-seq").only("seq", "hash").first()
        try:
            with transaction.atomic():
                ChainHead.objects.create(pk=HEAD, seq=last.seq if last else 0, hash=last.hash if last else GENESIS)
        except IntegrityError:
            continue  # another writer created it first: lock theirs
    raise RuntimeError("security log: cannot lock the chain head")


def _who(
    request: HttpRequest | None, user: AbstractBaseUser | AnonymousUser | None, username: str | None
) -> tuple[int | None, str]:
    if user is None and username is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return int(user.pk), user.get_username()
    return None, username or ""


def record(
    kind: Kind,
    *,
    outcome: Outcome = Outcome.SUCCESS,
    target: object = "",
    detail: Mapping[str, Any] | None = None,
    request: HttpRequest | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
    username: str | None = None,
) -> SecurityEvent:
    """Append one event: who (``user``, else ``username``, else the request's user), what, from where, outcome.

    ``request`` defaults to the request being served (``security.context``); the address is the client's
    behind the trusted proxies (``common.client_address``), the path includes the query string.
    """
    request = request if request is not None else current_request()
    user_id, name = _who(request, user, username)
    fields: dict[str, Any] = {
        "user_id": user_id,
        "username": _text(name, 150),
        "kind": str(Kind(kind)),
        "outcome": str(Outcome(outcome)),
        "target": _text(target, 200),
        "path": _text(request.get_full_path(), 1000) if request is not None else "",
        "address": _text(client_address(request), 45) if request is not None else "",
        "user_agent": _text(request.META.get("HTTP_USER_AGENT", ""), 300) if request is not None else "",
        "detail": _clean(dict(detail or {})),
    }
    with transaction.atomic():
        head = _lock_head()
        fields.update(seq=head.seq + 1, at=_now(), prev_hash=head.hash)
        fields["hash"] = digest(fields)
        event = SecurityEvent.objects.create(**fields)
        ChainHead.objects.filter(pk=HEAD).update(seq=event.seq, hash=event.hash)
    return event


def record_unmasked(
    person_ids: Iterable[int], *, own: Iterable[int] = (), request: HttpRequest | None = None
) -> SecurityEvent | None:
    """Record that the people ``person_ids`` were shown with ID number and phone in full (people's pages).

    ``own`` are the viewer's own persons: seeing one's own record is not logged. Nothing shown, nothing logged.
    """
    ids = sorted(set(person_ids) - set(own))
    if not ids:
        return None
    return record(
        Kind.UNMASKED_VIEWED, target=f"people.Person ×{len(ids)}", detail={"person_ids": ids}, request=request
    )


# -- refusals ------------------------------------------------------------------------------------


def refusal_codes(exc: ValidationError) -> list[str]:
    errors = [e for errors in exc.error_dict.values() for e in errors] if hasattr(exc, "error_dict") else exc.error_list
    return sorted({str(e.code or "invalid") for e in errors})


def refusals_recorded(
    kind: Kind | Callable[[Mapping[str, Any]], Kind],
    *,
    target: Callable[[Mapping[str, Any]], object] | None = None,
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Wrap a keyword-only service so that its refusals (``ValidationError``) are recorded, then re-raised.

    Put it above ``@transaction.atomic``: the refusal is recorded after the service's transaction rolled back.
    ``kind`` and ``target`` may be functions of the service's keyword arguments; a ``by`` argument is who
    attempted it (else the request's user).
    """

    def decorator(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return func(*args, **kwargs)
            except ValidationError as exc:
                record(
                    kind(kwargs) if callable(kind) else kind,
                    outcome=Outcome.REFUSED,
                    target=target(kwargs) if target is not None else "",
                    detail={"codes": refusal_codes(exc)},
                    user=kwargs.get("by"),  # type: ignore[arg-type]
                )
                raise

        return wrapper

    return decorator


@contextmanager
def refusal_recorded(kind: Kind, *, target: object = "") -> Iterator[None]:
    """The same for a block: a ``ValidationError`` leaving it is recorded as refused, then re-raised."""
    try:
        yield
    except ValidationError as exc:
        record(kind, outcome=Outcome.REFUSED, target=target, detail={"codes": refusal_codes(exc)})
        raise


# -- downloads and imports -----------------------------------------------------------------------

_FILENAME_STAR = re.compile(r"filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)")
_FILENAME = re.compile(r'filename\s*=\s*"?([^";]+)"?')


def attachment_name(content_disposition: str) -> str | None:
    """The file name of an ``attachment`` Content-Disposition, "" without one; None when not an attachment."""
    if not content_disposition.strip().lower().startswith("attachment"):
        return None
    if match := _FILENAME_STAR.search(content_disposition):
        return unquote(match.group(1).strip())
    if match := _FILENAME.search(content_disposition):
        return match.group(1).strip()
    return ""


class ImportJobLike(Protocol):
    pk: int
    user: Any
    kind: str
    original_name: str
    status: str
    error_count: int
    created_count: int
    updated_count: int


IMPORT_KINDS = {"previewed": Kind.IMPORT_PREVIEWED, "done": Kind.IMPORT_COMMITTED, "failed": Kind.IMPORT_FAILED}


def record_import(job: ImportJobLike, *, commit: bool) -> SecurityEvent | None:
    """Record how an import job's preview or commit ended (``exchange.jobs``), as its user, from where they started it."""
    kind = IMPORT_KINDS.get(str(job.status))
    if kind is None:
        return None
    detail = {"job": job.pk, "import_kind": str(job.kind), "stage": "commit" if commit else "preview"}
    detail["errors"] = job.error_count
    if commit:
        detail.update(created=job.created_count, updated=job.updated_count)
    return record(
        kind,
        outcome=Outcome.FAILURE if kind == Kind.IMPORT_FAILED else Outcome.SUCCESS,
        target=f"{job.kind}: {job.original_name}",
        detail=detail,
        user=job.user,
    )


def user_named(username: str) -> AbstractBaseUser | None:
    """The account a failed sign-in named, if there is one (so its id is logged too)."""
    if not username:
        return None
    return get_user_model().objects.filter(username=username[:150]).first()


# -- retention -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Purge:
    before: datetime
    deleted: int = 0
    through_seq: int | None = None
    last_hash: str = ""


def purge_before(*, days: int) -> Purge:
    """Delete the events older than ``days`` (at least the minimum retention) from the start of the chain.

    The chain must verify first: a broken chain is evidence, not something to tidy away. The events go as
    one run from the first, so the rest is still one chain; a checkpoint event (``Kind.LOG_PURGED``) then
    names the last deleted event's number and hash, which is where ``verify`` finds the new start. The
    triggers refuse, and so roll everything back, if any event to delete is younger than 180 days.
    """
    if days < MINIMUM_RETENTION_DAYS:
        refuse(
            _("安全日志至少保留 %(minimum)s 天，不能删除更近的事件。") % {"minimum": MINIMUM_RETENTION_DAYS},
            code="retention_too_short",
        )
    before = _now() - timedelta(days=days)
    with transaction.atomic():
        _lock_head()  # no one appends while the chain is checked and cut
        result = verify()
        if not result.ok:
            refuse(
                _("安全日志校验未通过（第 %(seq)s 条事件处断裂），不清理：请先查明原因。") % {"seq": result.broken_seq},
                code="log_broken",
            )
        first_kept = SecurityEvent.objects.filter(at__gte=before).order_by("seq").values_list("seq", flat=True).first()
        old = (
            SecurityEvent.objects.filter(seq__lt=first_kept) if first_kept is not None else SecurityEvent.objects.all()
        )
        last = old.order_by("-seq").only("seq", "hash").first()
        if last is None:
            return Purge(before)
        deleted, _counts = old.delete()
        record(
            Kind.LOG_PURGED,
            target=f"#{last.seq}",
            detail={"through_seq": last.seq, "last_hash": last.hash, "deleted": deleted, "before": before.isoformat()},
        )
    return Purge(before, deleted, last.seq, last.hash)
