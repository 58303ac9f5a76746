"""M3: demonstration sites, model members, and leaders' contact points with their reviews.

County-level leaders each take a township; section-level township cadres take villages of
their own township. About three in four contact points get every review they owe by the
period's end; the rest fall short, so R-REVIEW has overdue leaders to name.

In the first township each leader takes two villages, and its first leader has fallen
behind on both: one village not reviewed at all (overdue since 30 June), the other reviewed
once, in the first half (its second review due by 31 December). The demo's linked leader
(``scenarios.demo``) is the leader with the most reviews due, so they have work on the
demo date.
"""

import datetime as dt

from django.utils.translation import gettext

from common import clock
from people import services as people_services
from people.models import CadreRank, Person, Sex
from supervision import services
from supervision.models import ContactPoint, Rating

from .. import synthetic as syn
from . import BuildContext, builder

COUNTY_POSITIONS = (
    "县长",
    "县委副书记",
    "常务副县长",
    "县委常委、纪委书记",
    "县委常委、宣传部长",
    "县委常委、政法委书记",
    "县委常委、统战部长",
    "副县长",
    "县人大常委会副主任",
    "县政协副主席",
    "县人武部部长",
)
SITE_REASONS = (
    "班子团结、制度健全，“五个好”创建成效明显",
    "村务公开规范，群众满意度高",
    "党员设岗定责全覆盖",
    "产业带动强，党员带头致富成效突出",
)
DEEDS = (
    "带头发展茶产业，带动{n}户群众增收",
    "长期结对帮扶困难户，解决实际困难",
    "热心公益，带领党员开展志愿服务",
    "调解矛盾纠纷，维护村里和谐稳定",
    "带头学习农业技术，推广新品种",
)
FINDINGS = (
    "活动开展有序，台账齐全；建议加强党员教育",
    "设岗定责落实较好，承诺践诺需进一步公开",
    "村务公开及时；建议完善民主议事记录",
    "示范带动作用明显，需总结经验加以推广",
)
COMPLIANT_SHARE = 0.75


@builder("supervision", order=70, figures=("demonstration_sites", "model_members", "contact_points"))
def build_supervision(ctx: BuildContext) -> str:
    rng = ctx.rng("supervision")
    county = ctx.county
    assert county is not None
    figures = ctx.scenario.figures
    year, start, end = ctx.scenario.period, ctx.scenario.period_start, ctx.scenario.period_end
    last_day = min(end, clock.today())
    villages = ctx.all_villages()

    groups = [g for v in villages for g in ctx.groups.get(v.code, [])]
    sites_wanted = int(figures.get("demonstration_sites", 0))
    village_sites = min(len(villages), round(sites_wanted * 0.8))
    organizations = rng.sample(villages, village_sites) + rng.sample(groups, sites_wanted - village_sites)
    for org in organizations:
        services.demonstration_site_create(organization=org, year=year, reason=rng.choice(SITE_REASONS))

    members = [m for v in villages for m in ctx.members.get(v.code, [])]
    for person in rng.sample(members, int(figures.get("model_members", 0))):
        deeds = rng.choice(DEEDS).format(n=rng.randint(5, 40))
        services.model_member_create(person=person, year=year, deeds=deeds, citation=f"{person.name}：{deeds}")

    wanted = int(figures.get("contact_points", 0))
    county_points = min(len(ctx.townships), wanted // 4 or wanted)
    points: list[ContactPoint] = []
    for township in ctx.townships[:county_points]:
        leader = _county_leader(ctx, rng, len(points))
        points.append(services.contact_point_create(leader=leader, target=township, start=syn.add_years(start, -1)))
    township_leaders = {
        t.code: [p for p in ctx.township_cadres.get(t.code, []) if p.cadre.rank == CadreRank.SECTION]
        for t in ctx.townships
    }
    remaining = wanted - county_points
    for n in range(remaining):
        township = ctx.townships[n % len(ctx.townships)]
        leaders = township_leaders[township.code] or ctx.township_cadres[township.code]
        rank = n // len(ctx.townships)
        leader = leaders[(rank // 2 if township is ctx.townships[0] else rank) % len(leaders)]
        taken = {p.target_id for p in points if p.leader_id == leader.pk}
        village = rng.choice([v for v in ctx.villages[township.code] if v.pk not in taken])
        points.append(services.contact_point_create(leader=leader, target=village, start=syn.add_years(start, -1)))

    first = points[county_points] if len(points) > county_points else None
    behind = [p for p in points[county_points:] if first is not None and p.leader_id == first.leader_id][:2]
    reviews = short = 0
    for point in points:
        owed = 1 if point.target.kind == "township" else 2
        given = owed if rng.random() < COMPLIANT_SHARE else rng.randint(0, owed - 1)
        if point in behind:
            given = behind.index(point)  # none for the first village, one (the first half's) for the second
        short += given < owed
        halves = [(start, dt.date(year, 6, 30)), (dt.date(year, 7, 1), last_day)] if owed == 2 else [(start, last_day)]
        for half_start, half_end in halves[:given]:
            day = syn.date_between(rng, half_start, min(half_end, last_day))
            review = services.review_record(
                contact_point=point,
                date=day,
                findings=rng.choice(FINDINGS),
                rating=rng.choice([Rating.GOOD, Rating.GOOD, Rating.FAIRLY_GOOD, Rating.FAIR]),
                today=last_day,
            )
            reviews += 1
            if rng.random() < 0.4:
                services.follow_up_action_add(
                    review=review,
                    description=gettext("完善活动台账"),
                    owner=point.leader,
                    deadline=day + dt.timedelta(days=30),
                )
    return gettext(
        "示范点 %(sites)d 个、标兵 %(models)d 名、联系点 %(points)d 个（点评 %(reviews)d 次，%(short)d 个未达要求）"
    ) % {
        "sites": sites_wanted,
        "models": int(figures.get("model_members", 0)),
        "points": len(points),
        "reviews": reviews,
        "short": short,
    }


def _county_leader(ctx: BuildContext, rng, n: int) -> Person:
    sex = Sex.MALE if rng.random() < 0.85 else Sex.FEMALE
    born = syn.birth_date(rng, ctx.scenario.period_start, 42, 58)
    person = people_services.person_create(
        name=syn.person_name(rng, sex),
        sex=sex,
        birth_date=born,
        id_number=ctx.ids.make(rng, born, sex),
        phone=syn.mobile_phone(rng),
        education="bachelor",
    )
    position = COUNTY_POSITIONS[n] if n < len(COUNTY_POSITIONS) else gettext("县级领导")
    assert ctx.county is not None  # built first
    people_services.cadre_set(person=person, organization=ctx.county, rank=CadreRank.COUNTY, position=position)
    return person
