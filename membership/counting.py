"""Members counted on a date: where each membership was on the day, from its transfers and its ending.

A membership is counted in a unit on a day when it had joined by then, had not ended (died)
by then, and lay in the unit's subtree on that day: its branch before its first transfer,
after each transfer the branch it went to (none: out of the county). The rows of
``Transfer`` are the history; ``PartyMembership.branch`` is only where it is now.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q

from common.figures import shared
from people.models import MembershipStatus, PartyMembership

from .models import Away, EndReason, MembershipEnd, StepEvent, Transfer
from .steps import APPROVED, BY_CODE


@dataclass(frozen=True)
class Moves:
    """The memberships that were ever in a unit, with their transfers and endings (three queries)."""

    code: str
    joined: dict[int, dt.date]
    current: dict[int, str | None]
    grouped: dict[int, bool]  # in a party group now
    status: dict[int, str]
    transfers: dict[int, list[tuple[dt.date, str | None, str | None, bool]]]  # (on, from, to, left a group)
    ended: dict[int, dt.date]
    died: frozenset[int] = frozenset()  # the endings that were deaths (the others: left the party)

    def where(self, pk: int, day: dt.date) -> str | None:
        moves = self.transfers.get(pk)
        if not moves:
            return self.current[pk]
        before = [m for m in moves if m[0] <= day]
        return before[-1][2] if before else moves[0][1]

    def organized(self, pk: int, day: dt.date) -> bool:
        """In a party group on ``day``: the group left by the first transfer after it, else now."""
        later = [m for m in self.transfers.get(pk, ()) if m[0] > day]
        return later[0][3] if later else self.grouped[pk]

    def present(self, pk: int, day: dt.date) -> bool:
        if self.joined[pk] > day or (pk in self.ended and self.ended[pk] <= day):
            return False
        where = self.where(pk, day)
        return where is not None and where.startswith(self.code)

    def on(self, day: dt.date) -> set[int]:
        return {pk for pk in self.joined if self.present(pk, day)}


def moves(code: str) -> Moves:
    return shared(("membership.moves", code), lambda: _load(code))


def _load(code: str) -> Moves:
    touching = Transfer.objects.filter(
        Q(from_branch__code__startswith=code) | Q(to_branch__code__startswith=code)
    ).values("membership_id")
    members = PartyMembership.objects.filter(Q(branch__code__startswith=code) | Q(pk__in=touching))
    rows = members.values_list("pk", "joined_on", "branch__code", "party_group_id", "status")
    joined: dict[int, dt.date] = {}
    current: dict[int, str | None] = {}
    grouped: dict[int, bool] = {}
    status: dict[int, str] = {}
    for pk, joined_on, branch_code, group_id, state in rows:
        joined[pk], current[pk], grouped[pk], status[pk] = joined_on, branch_code, group_id is not None, state
    transfers: dict[int, list[tuple[dt.date, str | None, str | None, bool]]] = {}
    for pk, on, from_code, to_code, group_id in (
        Transfer.objects.filter(membership__in=members)
        .order_by("on", "id")
        .values_list("membership_id", "on", "from_branch__code", "to_branch__code", "from_group_id")
    ):
        transfers.setdefault(pk, []).append((on, from_code, to_code, group_id is not None))
    # A membership that left the county is not where its branch says any more.
    for pk, moved in transfers.items():
        if moved[-1][2] is None:
            current[pk] = None
    endings = MembershipEnd.objects.filter(membership__in=members).values_list("membership_id", "on", "reason")
    ended = {pk: on for pk, on, _reason in endings}
    died = frozenset(pk for pk, _on, reason in endings if reason == EndReason.DIED)
    return Moves(code, joined, current, grouped, status, transfers, ended, died)


@dataclass(frozen=True)
class Flow:
    """A unit's membership over a period: start + joins + transfers in − transfers out − deaths − left = end."""

    start: int
    joins: int
    transferred_in: int
    transferred_out: int
    deaths: int
    end: int
    left: int = 0  # memberships ended otherwise than by death (出党, 停止党籍)


def flow(code: str, first: dt.date, last: dt.date) -> Flow:
    """The flow from the day before ``first`` to ``last``."""

    def compute() -> Flow:
        m = moves(code)
        came_from_outside = {pk for pk, ts in m.transfers.items() if ts[0][1] is None}
        joins = sum(
            1
            for pk, joined_on in m.joined.items()
            if first <= joined_on <= last and pk not in came_from_outside and m.present(pk, joined_on)
        )
        inside = lambda where: where is not None and where.startswith(code)  # noqa: E731
        moved_in = moved_out = 0
        for pk, ts in m.transfers.items():
            for on, from_code, to_code, _group in ts:
                if first <= on <= last and m.joined[pk] <= on and not (pk in m.ended and m.ended[pk] <= on):
                    moved_in += inside(to_code) and not inside(from_code)
                    moved_out += inside(from_code) and not inside(to_code)
        ending = [pk for pk, on in m.ended.items() if first <= on <= last and inside(m.where(pk, on))]
        deaths = sum(1 for pk in ending if pk in m.died)
        return Flow(
            start=len(m.on(first - dt.timedelta(days=1))),
            joins=joins,
            transferred_in=moved_in,
            transferred_out=moved_out,
            deaths=deaths,
            end=len(m.on(last)),
            left=len(ending) - deaths,
        )

    return shared(("membership.flow", code, first, last), compute)


def members_on(code: str, day: dt.date, *, organized: bool = False) -> int:
    """The members in the unit ``code`` on ``day`` (``organized``: only those in a party group now)."""
    m = moves(code)
    return sum(1 for pk in m.on(day) if not organized or m.organized(pk, day))


def probationary_on(code: str, day: dt.date) -> int:
    """The members on ``day`` still on probation then: probationary now, or converted after ``day``."""
    m = moves(code)
    converted_after = set(
        StepEvent.objects.filter(step="conversion_approval", on__gt=day).values_list(
            "recruit__person__membership", flat=True
        )
    )
    return sum(1 for pk in m.on(day) if m.status[pk] == MembershipStatus.PROBATIONARY or pk in converted_after)


def stages_on(code: str, day: dt.date) -> dict[str, int]:
    """Recruits by stage on ``day`` (the latest step done by then): applicants, activists, candidates."""

    def compute() -> dict[str, int]:
        latest = (
            StepEvent.objects.filter(on__lte=day, recruit__branch__code__startswith=code)
            .values("recruit")
            .annotate(n=Max("number"))
            .values_list("n", flat=True)
        )
        activist, candidate = BY_CODE["activist"].number, BY_CODE["candidate"].number
        found = {"applicants": 0, "activists": 0, "candidates": 0}
        for n in latest:
            if n < activist:
                found["applicants"] += 1
            elif n < candidate:
                found["activists"] += 1
            elif n < APPROVED:
                found["candidates"] += 1
        return found

    return shared(("membership.stages", code, day), compute)


def away_on(code: str, day: dt.date) -> int:
    """Members away from home (流动党员) on ``day``: counted from the records of who left and when."""
    rows = Away.objects.filter(since__lte=day).filter(Q(returned_on__isnull=True) | Q(returned_on__gt=day))
    return len(set(rows.values_list("membership_id", flat=True)) & moves(code).on(day))
