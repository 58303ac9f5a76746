"""Rural party members (F-PEOPLE), every one organized through a party group of their village."""

import datetime as dt

from django.utils.translation import gettext

from common import clock
from people.bulk import MemberRow, members_upsert
from people.models import MembershipStatus, Person, Sex

from .. import synthetic as syn
from . import BuildContext, BuildError, builder

MALE_SHARE = 0.8  # rural party members in the 2010s were about four in five men
PHONE_SHARE = 0.9
RECENT_SHARE = 0.03  # joined within the last year: still probationary (预备党员) at period end


@builder("members", order=20, figures=("rural_party_members",))
def build_members(ctx: BuildContext) -> str:
    s = ctx.scenario
    rng = ctx.rng("members")
    groups = [(v.code, g.code) for v in ctx.all_villages() for g in ctx.groups[v.code]]
    counts = syn.split(rng, s.figure("rural_party_members"), [rng.uniform(0.5, 1.5) for _g in groups])
    rows: list[MemberRow] = []
    for (village_code, group_code), count in zip(groups, counts, strict=True):
        rows.extend(_member_row(ctx, rng, village_code, group_code) for _n in range(count))
    result = members_upsert(rows)
    if not result.ok:
        first = result.errors[:5]
        raise BuildError("; ".join(f"row {e.row} {e.field}: {e.message}" for e in first))
    # Later builders pick secretaries, model members and post holders from these.
    by_branch = {v.pk: v.code for v in ctx.all_villages()}
    people = (
        Person.objects.filter(membership__branch__in=list(by_branch))
        .select_related("membership")
        .defer("id_number", "phone")  # encrypted: decrypted only where a builder reads them
        .order_by("id")
    )
    for village in ctx.all_villages():
        ctx.members[village.code] = []
    for person in people:
        ctx.members[by_branch[person.membership.branch_id]].append(person)
    probationary = len([r for r in rows if r.status == MembershipStatus.PROBATIONARY])
    return gettext("%(members)d 名党员（其中预备党员 %(probationary)d 名），全部编入党小组") % {
        "members": result.created,
        "probationary": probationary,
    }


def _member_row(ctx: BuildContext, rng, village_code: str, group_code: str) -> MemberRow:
    # Joined by the campaign's today: members are counted on a date (membership.counting), never ahead of it.
    end = min(ctx.scenario.period_end, clock.today())
    sex = Sex.MALE if rng.random() < MALE_SHARE else Sex.FEMALE
    born = syn.birth_date(rng, end, 20, 88, mode=56)
    earliest = syn.add_years(born, 18) + dt.timedelta(days=1)
    latest = end - dt.timedelta(days=30)
    if rng.random() < RECENT_SHARE:
        joined = max(earliest, end - dt.timedelta(days=rng.randint(30, 330)))
    else:
        # Most members joined young: skew towards the early end of their possible span.
        joined = earliest + dt.timedelta(days=int((latest - earliest).days * rng.betavariate(1.3, 3)))
    status = MembershipStatus.PROBATIONARY if joined > end - dt.timedelta(days=365) else MembershipStatus.FULL
    return MemberRow(
        name=syn.person_name(rng, sex),
        sex=sex,
        birth_date=born,
        id_number=ctx.ids.make(rng, born, sex),
        village_code=village_code,
        status=status,
        joined_on=joined,
        group_code=group_code,
        phone=syn.mobile_phone(rng) if rng.random() < PHONE_SHARE else "",
        education=syn.education(rng),
    )
