"""Who holds which post (F-PEOPLE): county leaders, township cadres, village secretaries and directors.

Rules name accountable people from these appointments (R-LEAD: the township party
secretary leads the group; R-DISCLOSE: the village principal cadre and the township
cadre in charge), so every post is held from the period's start or earlier.
"""

import datetime as dt
import math
import random

from django.utils.translation import gettext

from organizations.models import Organization
from people import services
from people.models import CadreRank, MembershipStatus, Person, Post, Sex

from .. import synthetic as syn
from . import BuildContext, builder

JOINT_POST_SHARE = 1 / 3  # villages whose secretary is also the committee director (一肩挑)
VILLAGES_PER_CADRE_IN_CHARGE = 3
CHARGE_POSITIONS = (
    "党委副书记",
    "党委委员、组织委员",
    "党委委员、宣传委员",
    "党委委员、纪委书记",
    "副{head}",
    "人大主席",
    "武装部长",
)


@builder("leaders", order=30)
def build_leaders(ctx: BuildContext) -> str:
    rng = ctx.rng("leaders")
    county = ctx.county
    assert county is not None
    start = ctx.scenario.period_start
    for post, position in ((Post.COUNTY_SECRETARY, "县委书记"), (Post.ORGANIZATION_MINISTER, "县委常委、组织部部长")):
        person = _cadre(ctx, rng, county, CadreRank.COUNTY, position, ages=(45, 56))
        services.appointment_create(person=person, organization=county, post=post, start=_since(rng, start, 4))
    cadres = 2
    in_charge = 0
    joint = 0
    for township in ctx.townships:
        head = "镇长" if township.name.endswith("镇") else "乡长"
        for post, position in ((Post.TOWNSHIP_SECRETARY, "党委书记"), (Post.TOWNSHIP_HEAD, head)):
            person = _cadre(ctx, rng, township, CadreRank.SECTION, position, ages=(34, 50))
            services.appointment_create(person=person, organization=township, post=post, start=_since(rng, start, 5))
        villages = ctx.villages[township.code]
        pool = [
            _cadre(
                ctx,
                rng,
                township,
                CadreRank.SECTION if n < len(CHARGE_POSITIONS) else CadreRank.OTHER,
                CHARGE_POSITIONS[n].format(head=head) if n < len(CHARGE_POSITIONS) else f"{township.name}干部",
                ages=(28, 55),
            )
            for n in range(math.ceil(len(villages) / VILLAGES_PER_CADRE_IN_CHARGE))
        ]
        ctx.township_cadres[township.code] = pool
        cadres += 2 + len(pool)
        for index, village in enumerate(rng.sample(villages, len(villages))):
            services.appointment_create(
                person=pool[index % len(pool)],
                organization=village,
                post=Post.TOWNSHIP_CADRE_IN_CHARGE,
                start=_since(rng, start, 3),
            )
            in_charge += 1
        for village in villages:
            joint += _village_leaders(ctx, rng, village)
    return gettext(
        "县领导 2 名、乡镇干部 %(cadres)d 名；村党支部书记与村委会主任各 %(villages)d 名（一肩挑 %(joint)d 个村）；"
        "包村干部任职 %(in_charge)d 条"
    ) % {"cadres": cadres - 2, "villages": len(ctx.all_villages()), "joint": joint, "in_charge": in_charge}


def _village_leaders(ctx: BuildContext, rng: random.Random, village: Organization) -> int:
    """Appoint the village's secretary and director; return 1 if one person holds both."""
    start = ctx.scenario.period_start
    members = ctx.members[village.code]
    # A secretary is a full member of working age; any member will do in a tiny village.
    suitable = [m for m in members if _fits(m, start)] or members
    secretary = rng.choice(suitable)
    elected = _since(rng, start, 3)  # the committee and the branch are elected together (两委换届)
    services.appointment_create(person=secretary, organization=village, post=Post.VILLAGE_SECRETARY, start=elected)
    if rng.random() < JOINT_POST_SHARE:
        director = secretary
    elif len(members) > 1 and rng.random() < 0.5:
        director = rng.choice([m for m in members if m.pk != secretary.pk])
    else:
        sex = Sex.MALE if rng.random() < 0.85 else Sex.FEMALE
        born = syn.birth_date(rng, start, 32, 60)
        director = services.person_create(
            name=syn.person_name(rng, sex),
            sex=sex,
            birth_date=born,
            id_number=ctx.ids.make(rng, born, sex),
            phone=syn.mobile_phone(rng),
            education=syn.education(rng),
            home_village=village,
        )
    services.appointment_create(person=director, organization=village, post=Post.VILLAGE_DIRECTOR, start=elected)
    return int(director.pk == secretary.pk)


def _fits(member: Person, on: dt.date) -> bool:
    age = (on - member.birth_date).days / 365.25
    return 30 <= age <= 62 and member.membership.status == MembershipStatus.FULL


def _cadre(
    ctx: BuildContext, rng: random.Random, organ: Organization, rank: str, position: str, ages: tuple[int, int]
) -> Person:
    sex = Sex.MALE if rng.random() < 0.8 else Sex.FEMALE
    born = syn.birth_date(rng, ctx.scenario.period_start, *ages)
    person = services.person_create(
        name=syn.person_name(rng, sex),
        sex=sex,
        birth_date=born,
        id_number=ctx.ids.make(rng, born, sex),
        phone=syn.mobile_phone(rng),
        education=rng.choice(("college", "bachelor", "bachelor")),
    )
    services.cadre_set(person=person, organization=organ, rank=rank, position=position)
    return person


def _since(rng: random.Random, start: dt.date, years: int) -> dt.date:
    """Return a start date up to ``years`` before the period's start (never after it)."""
    return syn.date_between(rng, syn.add_years(start, -years), start)
