"""R-RECRUIT (recruitment's time rules) and R-TRANSFER (letters past validity without a receipt; members away
six months without a transfer; members away out of contact), computed from the records as on the day asked about."""

import datetime as dt
from collections.abc import Iterator

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.rules import Accountable, Finding, Severity, finding, register
from organizations.models import Organization
from people.holders import HolderIndex
from people.models import Post

from .config import rules_for
from .counting import moves
from .deadlines import standing
from .models import Away, LostContact, Recruit, StepEvent, Transfer, months_after

AWAY_MONTHS = 6


def _secretary(index: HolderIndex, village: Organization) -> list[Accountable]:
    return [
        Accountable(name=a.name, role=gettext("直接责任人（村党支部书记）"), person_id=a.person_id)
        for a in index.get(village.pk, Post.VILLAGE_SECRETARY)
    ]


def files_on(unit: Organization, on: dt.date) -> list[tuple[Recruit, dict[str, dt.date]]]:
    """Every recruitment file under ``unit`` begun by ``on``, with the steps done by then (two queries)."""
    recruits = {
        r.pk: r
        for r in Recruit.objects.filter(branch__code__startswith=unit.code, applied_on__lte=on).select_related(
            "person", "branch"
        )
    }
    done: dict[int, dict[str, dt.date]] = {pk: {} for pk in recruits}
    events = StepEvent.objects.filter(recruit__in=list(recruits), on__lte=on).order_by("on", "id")
    for recruit_id, step, day in events.values_list("recruit_id", "step", "on"):
        done[recruit_id][step] = day
    return [(recruits[pk], done[pk]) for pk in recruits]


@register("R-RECRUIT", title=_("发展党员各环节按时限进行"), requirement="F-PEOPLE")
def check_recruitment(unit: Organization, on: dt.date) -> Iterator[Finding]:
    files = files_on(unit, on)
    if not files:
        return
    rules = rules_for(unit)
    index = HolderIndex(unit, on)
    for recruit, done in files:
        deadline = standing(done, rules, recruit.extension_months).deadline
        if deadline is None or on <= deadline.due:
            continue
        worse = deadline.limit is not None and on > deadline.limit
        f = finding(
            rule="R-RECRUIT",
            unit=recruit.branch,
            since=(deadline.limit if worse and deadline.limit else deadline.due) + dt.timedelta(days=1),
            severity=Severity.RED if worse or deadline.limit is None else Severity.AMBER,
            accountable=_secretary(index, recruit.branch),
            message=deadline.limit_message if worse else deadline.message,
            name=recruit.person.name,
            due=deadline.due.isoformat(),
        )
        f.extra.update({"recruit": recruit.pk, "time_rule": deadline.rule})
        yield f


@register("R-TRANSFER", title=_("组织关系转接及时办结"), requirement="F-PEOPLE")
def check_transfers(unit: Organization, on: dt.date) -> Iterator[Finding]:
    late = (
        Transfer.objects.filter(Q(from_branch__code__startswith=unit.code) | Q(to_branch__code__startswith=unit.code))
        .filter(on__lte=on, valid_until__lt=on)
        .filter(Q(received_on__isnull=True) | Q(received_on__gt=on))
        .select_related("membership__person", "from_branch", "to_branch")
    )
    index = HolderIndex(unit, on)
    for t in late:
        branch = t.from_branch if t.from_branch and t.from_branch.code.startswith(unit.code) else t.to_branch
        if branch is None:
            continue
        f = finding(
            rule="R-TRANSFER",
            unit=branch,
            since=t.valid_until + dt.timedelta(days=1),
            severity=Severity.RED,
            accountable=_secretary(index, branch),
            message=_("%(name)s的组织关系介绍信（%(number)s）已过有效期（%(due)s），仍未收到回执。"),
            name=t.membership.person.name,
            number=t.letter_number,
            due=t.valid_until.isoformat(),
        )
        f.extra.update({"transfer": t.pk})
        yield f
    yield from _away_findings(unit, on, index)


def _away_findings(unit: Organization, on: dt.date, index: HolderIndex) -> Iterator[Finding]:
    """Members away six months untransferred, and out of contact, each in the branch that held them on ``on``.

    A membership's branch is where it is now; on a day before a later transfer it lay elsewhere
    (``counting.moves``), so the records are found through every membership that was ever in the
    unit, and each is kept, and placed, where it was on the day (three queries, and the three of ``moves``, shared)."""
    moved = moves(unit.code)
    ever_here = Q(
        membership_id__in=Transfer.objects.filter(
            Q(from_branch__code__startswith=unit.code) | Q(to_branch__code__startswith=unit.code)
        ).values("membership_id")
    ) | Q(membership__branch__code__startswith=unit.code)
    cutoff = months_after(on, -AWAY_MONTHS)  # found from the day after six full months, as its ``since`` says
    away = list(
        Away.objects.filter(ever_here, since__lt=cutoff)
        .filter(Q(returned_on__isnull=True) | Q(returned_on__gt=on))
        .exclude(
            Exists(Transfer.objects.filter(membership=OuterRef("membership"), on__gte=OuterRef("since"), on__lte=on))
        )
        .select_related("membership__person")
    )
    lost = list(
        LostContact.objects.filter(since__lte=on)
        .filter(away__in=Away.objects.filter(ever_here))
        .filter(Q(regained_on__isnull=True) | Q(regained_on__gt=on))
        .filter(Q(away__returned_on__isnull=True) | Q(away__returned_on__gt=on))
        .select_related("away__membership__person")
    )
    ids = {a.membership_id for a in away} | {loss.away.membership_id for loss in lost}
    where: dict[int, str] = {}
    for pk in ids:
        code = moved.where(pk, on)
        if code is not None and moved.present(pk, on):
            where[pk] = code
    branches = {o.code: o for o in Organization.objects.filter(code__in=set(where.values()))}
    for a in away:
        if a.membership_id not in where:
            continue
        branch = branches[where[a.membership_id]]
        yield finding(
            rule="R-TRANSFER",
            unit=branch,
            since=months_after(a.since, AWAY_MONTHS) + dt.timedelta(days=1),
            severity=Severity.AMBER,
            accountable=_secretary(index, branch),
            message=_("党员%(name)s外出已满六个月，未转接组织关系。"),
            name=a.membership.person.name,
        )
    for loss in lost:
        if loss.away.membership_id not in where:
            continue
        branch = branches[where[loss.away.membership_id]]
        f = finding(
            rule="R-TRANSFER",
            unit=branch,
            since=loss.since,
            severity=Severity.RED,
            accountable=_secretary(index, branch),
            message=_("流动党员%(name)s自%(day)s起失去联系。"),
            name=loss.away.membership.person.name,
            day=loss.since.isoformat(),
        )
        f.extra.update({"away": loss.away_id})
        yield f
