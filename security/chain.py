"""The hash chain of the security log: each event's hash, and walking the chain to find the first broken link.

An event's hash is the SHA-256 of a canonical serialization of its fields and ``prev_hash``: JSON with
sorted keys, no spaces, UTF-8, the time in UTC with microseconds. Changing any stored field, removing or
inserting an event, or reordering events breaks a link that ``verify`` reports.

The chain starts at event 1 with ``GENESIS`` as its previous hash; after a purge it starts at the first
event kept, whose ``prev_hash`` a checkpoint event (``Kind.LOG_PURGED``, appended by the purge) names.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .models import GENESIS, ChainHead, Kind, SecurityEvent

# The fields the hash covers, in the order of the model (the JSON sorts them anyway).
HASHED = (
    "seq",
    "at",
    "user_id",
    "username",
    "kind",
    "outcome",
    "target",
    "path",
    "address",
    "user_agent",
    "detail",
    "prev_hash",
)


def canonical(fields: Mapping[str, Any]) -> bytes:
    """The bytes an event's hash is computed over."""
    values = {name: fields[name] for name in HASHED}
    at = values["at"]
    if not isinstance(at, dt.datetime) or at.tzinfo is None:
        raise ValueError("an event's time must be an aware datetime")
    values["at"] = at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def digest(fields: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(fields)).hexdigest()


# -- verification --------------------------------------------------------------------------------

# Why a link is broken; the page and the command show the message in the reader's language.
PROBLEMS = {
    "content": lambda: _("内容被修改：该事件的哈希与其内容不符。"),
    "link": lambda: _("链接断裂：该事件记录的前一条哈希与前一条事件不符（前一条被修改、删除或插入了事件）。"),
    "gap": lambda: _("序号不连续：在此之前有事件被删除。"),
    "start": lambda: _("链的起点无法确认：第一条事件之前的事件被删除，且没有清理检查点说明。"),
    "head": lambda: _("链尾与链头记录不符：最后的事件被删除或链头被修改。"),
}


def problem_text(code: str) -> str:
    return str(PROBLEMS[code]()) if code in PROBLEMS else code


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    first_seq: int | None = None
    last_seq: int | None = None
    head_hash: str = GENESIS
    broken_seq: int | None = None
    problem: str = ""  # a key of PROBLEMS

    @property
    def problem_text(self) -> str:
        return problem_text(self.problem) if self.problem else ""

    def as_detail(self) -> dict[str, Any]:
        detail: dict[str, Any] = {"checked": self.checked}
        if not self.ok:
            detail.update(broken_seq=self.broken_seq, problem=self.problem)
        return detail


def _rows(through: int | None) -> Iterable[dict[str, Any]]:
    events = SecurityEvent.objects.order_by("seq")
    if through is not None:
        events = events.filter(seq__lte=through)
    return events.values(*HASHED, "hash").iterator(chunk_size=2000)


def verify(rows: Iterable[Mapping[str, Any]] | None = None, head: ChainHead | None = None) -> Verification:
    """Walk the chain from its first event and report the first broken link.

    Each event must hash to its stored hash, name the previous event's hash, and follow it by one;
    the first event must start from ``GENESIS`` or from a hash a purge checkpoint names; the last
    must be the one the chain head records.
    """
    if rows is None:
        # The head first, then the events up to it: events appended meanwhile are for the next walk.
        head = ChainHead.objects.filter(pk=1).first()
        rows = _rows(head.seq if head is not None else None)
    checked = 0
    first: Mapping[str, Any] | None = None
    previous: Mapping[str, Any] | None = None
    checkpoints: set[tuple[int | None, str | None]] = set()
    for row in rows:
        checked += 1
        seq = row["seq"]
        if first is None:
            first = row
        if digest(row) != row["hash"]:
            return Verification(False, checked, first["seq"], seq, broken_seq=seq, problem="content")
        if previous is not None:
            if seq != previous["seq"] + 1:
                return Verification(False, checked, first["seq"], seq, broken_seq=seq, problem="gap")
            if row["prev_hash"] != previous["hash"]:
                return Verification(False, checked, first["seq"], seq, broken_seq=seq, problem="link")
        if row["kind"] == Kind.LOG_PURGED and isinstance(row["detail"], dict):
            checkpoints.add((row["detail"].get("through_seq"), row["detail"].get("last_hash")))
        previous = row
    if first is None or previous is None:
        # No event at all: intact only if none was ever written (a purge always leaves its checkpoint).
        intact = head is None or (head.seq == 0 and head.hash == GENESIS)
        return Verification(intact, 0, problem="" if intact else "head")
    starts_at_genesis = first["seq"] == 1 and first["prev_hash"] == GENESIS
    if not starts_at_genesis and (first["seq"] - 1, first["prev_hash"]) not in checkpoints:
        return Verification(False, checked, first["seq"], previous["seq"], broken_seq=first["seq"], problem="start")
    if head is not None and (head.seq != previous["seq"] or head.hash != previous["hash"]):
        return Verification(False, checked, first["seq"], previous["seq"], broken_seq=previous["seq"], problem="head")
    return Verification(True, checked, first["seq"], previous["seq"], head_hash=previous["hash"])
