"""R-COMMIT: commitments past their deadline without any report, and members with too few commitments.

Red: a commitment whose deadline has passed with no progress report dated on or before
the day asked about; since = deadline + 1 day; accountable: the member and the
village's party secretary on that day.

Amber: a party member of the branch with fewer than 2 commitments in the year, once
the year's promising season is over — Django setting ``PRACTICE_COMMIT_MIN_AFTER``
(month, day), default (3, 31): from 1 April on; since = that date + 1 day. Before it,
members may still be promising, so nothing is found.

Four queries whatever the number of commitments or members; members with enough
commitments are left out in the database.
"""

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from common.rules import Accountable, Finding, Severity, finding, register
from organizations.models import Organization
from people.holders import HolderIndex
from people.models import PartyMembership, Post

from .models import MIN_COMMITMENTS_PER_YEAR, Commitment, CommitmentReport

DEFAULT_MIN_AFTER = (3, 31)


def min_after(year: int) -> dt.date:
    month, day = getattr(settings, "PRACTICE_COMMIT_MIN_AFTER", DEFAULT_MIN_AFTER)
    return dt.date(year, month, day)


@register("R-COMMIT", title=_("党员承诺逾期未报告或承诺不足"), requirement="P3")
def check_commitments(unit: Organization, on: dt.date) -> Iterator[Finding]:
    holders = HolderIndex(unit, on)
    overdue = (
        Commitment.objects.filter(village__code__startswith=unit.code, deadline__lt=on)
        .exclude(Exists(CommitmentReport.objects.filter(commitment=OuterRef("pk"), date__lte=on)))
        .select_related("member", "village")
        .order_by("village__code", "deadline", "id")
    )
    for c in overdue:
        accountable = [Accountable(name=c.member.name, role=gettext_now("承诺党员"), person_id=c.member_id)]
        accountable += holders.get(c.village_id, Post.VILLAGE_SECRETARY)
        yield finding(
            rule="R-COMMIT",
            unit=c.village,
            since=c.deadline + dt.timedelta(days=1),
            severity=Severity.RED,
            accountable=accountable,
            message=_("%(name)s的承诺“%(text)s”已过完成时限（%(deadline)s），没有任何践诺报告。"),
            name=c.member.name,
            text=c.text[:30],
            deadline=c.deadline.isoformat(),
        )

    cutoff = min_after(on.year)
    if on <= cutoff:
        return
    # Counted in the database: only the members short of commitments are read, with their count.
    promised = Commitment.objects.filter(village__code__startswith=unit.code, year=on.year, promised_on__lte=on)
    enough = (
        promised.order_by()
        .values("member_id")
        .annotate(n=Count("id"))
        .filter(n__gte=MIN_COMMITMENTS_PER_YEAR)
        .values("member_id")
    )
    count_of_member = (
        promised.filter(member=OuterRef("person_id")).order_by().values("member_id").annotate(n=Count("id")).values("n")
    )
    members = (
        PartyMembership.objects.filter(branch__code__startswith=unit.code, joined_on__lte=on)
        .exclude(person_id__in=enough)
        .annotate(have=Coalesce(Subquery(count_of_member), 0))
        .select_related("person", "branch")
        .order_by("branch__code", "person__name")
    )
    for m in members:
        have = m.have
        if have >= MIN_COMMITMENTS_PER_YEAR:
            continue
        accountable = [Accountable(name=m.person.name, role=gettext_now("党员"), person_id=m.person_id)]
        accountable += holders.get(m.branch_id, Post.VILLAGE_SECRETARY)
        yield finding(
            rule="R-COMMIT",
            unit=m.branch,
            since=cutoff + dt.timedelta(days=1),
            severity=Severity.AMBER,
            accountable=accountable,
            message=_("%(name)s在%(year)s年只作出%(have)s项承诺，每名党员每年应作出%(min)s至%(max)s项。"),
            name=m.person.name,
            year=on.year,
            have=have,
            min=MIN_COMMITMENTS_PER_YEAR,
            max=5,
        )
