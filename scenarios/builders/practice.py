"""P3: posts claimed through the party groups, members' commitments and their reports,
member ↔ household assistance with visits, and industry mutual-aid groups.

``posts_claimed`` assigned claims are spread over the villages in proportion to their
members (one post each); every member promises two or three things for the year and
nearly all report them done, a few leave one unreported past its deadline (R-COMMIT).
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext

from common import clock
from people.models import Household
from practice import bulk
from practice.models import (
    AidVisit,
    Commitment,
    CommitmentReport,
    HouseholdAid,
    MutualAidGroup,
    PostClaim,
    PostKind,
    PracticePost,
    VolunteerEntry,
)

from .. import synthetic as syn
from . import BuildContext, builder

POST_TITLES = {
    PostKind.VENTURE: ("茶叶创业岗", "食用菌创业岗", "乡村旅游创业岗"),
    PostKind.PROSPERITY: ("茶叶带富岗", "锥栗带富岗", "养殖带富岗"),
    PostKind.SERVICE: ("便民服务岗", "政策宣传岗", "关爱留守老人岗"),
    PostKind.STABILITY: ("矛盾调解岗", "治安巡逻岗", "护林防火岗"),
    PostKind.CIVILITY: ("环境卫生监督岗", "移风易俗岗", "文明劝导岗"),
}
DUTIES = {
    PostKind.VENTURE: "带头发展产业，每年试种或推广一项新品种",
    PostKind.PROSPERITY: "联系帮带3户以上群众共同增收",
    PostKind.SERVICE: "为群众代办事项，宣传惠农政策",
    PostKind.STABILITY: "排查调解矛盾纠纷，及时报告不稳定因素",
    PostKind.CIVILITY: "督促村庄环境卫生，倡导文明新风",
}
PROMISES = (
    "帮助{n}户群众解决生产难题",
    "带头参加村里义务劳动{n}次",
    "学习并推广一项实用技术",
    "调解邻里纠纷，做到小事不出组",
    "资助{n}名困难学生",
    "带头缴纳新农合并动员{n}户参加",
)
INDUSTRIES = ("茶叶", "竹木", "食用菌", "锥栗", "生猪养殖", "蔬菜", "烟叶")
UNREPORTED_SHARE = 0.004
VOLUNTEER_ACTIVITIES = ("义务清扫村道", "帮助留守老人收茶", "村部政策宣传值班", "护林防火巡查", "关爱留守儿童")


@builder("practice", order=90, figures=("posts_claimed", "households_paired", "mutual_aid_groups"))
def build_practice(ctx: BuildContext) -> str:
    rng = ctx.rng("practice")
    figures = ctx.scenario.figures
    year, start, end = ctx.scenario.period, ctx.scenario.period_start, ctx.scenario.period_end
    last_day = min(end, clock.today())
    villages = ctx.all_villages()
    members = {v.code: ctx.members.get(v.code, []) for v in villages}
    everyone = [m for v in villages for m in members[v.code]]
    at = timezone.make_aware(dt.datetime.combine(start + dt.timedelta(days=60), dt.time(10)))

    # Posts: one per claiming member, the claimants drawn across all villages.
    claimants = rng.sample(everyone, min(len(everyone), int(figures.get("posts_claimed", 0))))
    by_id = {m.pk: m for m in claimants}
    village_of = {m.pk: v for v in villages for m in members[v.code]}
    kinds = list(PostKind)
    posts = []
    for member in claimants:
        kind = rng.choice(kinds)
        posts.append(
            PracticePost(
                village=village_of[member.pk],
                kind=kind,
                title=rng.choice(POST_TITLES[kind]),
                duties=DUTIES[kind],
                year=year,
                announced_on=start + dt.timedelta(days=rng.randint(20, 50)),
                capacity=1,
            )
        )
    posts = bulk.posts_bulk_create(posts)
    claims = [
        PostClaim(
            post=post,
            member=by_id[member.pk],
            how=rng.choice(("applied", "applied", "nominated")),
            status="assigned",
            star_rating=rng.choices((3, 4, 5), weights=(3, 5, 2))[0] if end < clock.today() else None,
        )
        for post, member in zip(posts, claimants, strict=True)
    ]
    bulk.claims_bulk_create(claims, at=at)

    # Commitments: two or three per member; a done report for nearly all of them.
    commitments = []
    for member in everyone:
        for _n in range(rng.choice((2, 2, 3))):
            promised = start + dt.timedelta(days=rng.randint(10, 60))
            commitments.append(
                Commitment(
                    member=member,
                    village=village_of[member.pk],
                    year=year,
                    text=rng.choice(PROMISES).format(n=rng.randint(2, 6)),
                    deadline=syn.date_between(rng, promised + dt.timedelta(days=60), end),
                    promised_on=promised,
                )
            )
    commitments = bulk.commitments_bulk_create(commitments)
    reports = []
    for c in commitments:
        if c.deadline > last_day or rng.random() < UNREPORTED_SHARE:
            continue
        reports.append(
            CommitmentReport(
                commitment=c,
                date=syn.date_between(rng, c.promised_on, c.deadline),
                text=gettext("已按承诺完成"),
                done=True,
            )
        )
    bulk.commitment_reports_bulk_create(reports)

    # Volunteer service: a quarter of the members log an activity or two, which the branch confirms.
    entries: list[VolunteerEntry] = []
    # Up to the day before: on the campaign's today a day's service (8:00 to 18:00) may not have
    # happened yet — clock.now() is that day at the real time of day — and the service refuses it.
    served_by = max(start, last_day - dt.timedelta(days=1))
    for member in rng.sample(everyone, len(everyone) // 4):
        for day in sorted(syn.date_between(rng, start, served_by) for _n in range(rng.randint(1, 2))):
            begin = timezone.make_aware(dt.datetime.combine(day, dt.time(rng.choice((8, 9, 14)))))
            if entries and entries[-1].member is member and entries[-1].end > begin:
                continue
            entries.append(
                VolunteerEntry(
                    member=member,
                    village=village_of[member.pk],
                    start=begin,
                    end=begin + dt.timedelta(hours=rng.choice((2, 3, 4))),
                    activity=rng.choice(VOLUNTEER_ACTIVITIES),
                )
            )
    bulk.volunteer_entries_bulk_create(
        entries, confirmed_at=timezone.make_aware(dt.datetime.combine(last_day, dt.time(18)))
    )

    # Member ↔ household assistance: each paired household with a member of its own village.
    wanted = int(figures.get("households_paired", 0))
    households = list(Household.objects.filter(village__in=villages).order_by("pk"))
    aids = []
    for household in rng.sample(households, min(wanted, len(households))):
        helpers = members.get(household.village.code if hasattr(household, "village") else "", []) or everyone
        aids.append(
            HouseholdAid(
                member=rng.choice(helpers),
                household=household,
                start=syn.date_between(rng, syn.add_years(start, -1), start),
                measures=gettext("帮助发展生产、解决实际困难"),
            )
        )
    aids = bulk.household_aids_bulk_create(aids)
    bulk.aid_visits_bulk_create(
        [
            AidVisit(aid=a, date=syn.date_between(rng, start, last_day), note=gettext("上门走访，了解生产生活情况"))
            for a in aids
        ]
    )

    # Industry mutual-aid groups: a leader and a handful of members of one village.
    groups = []
    names: set[tuple[str, str]] = set()
    for n in range(int(figures.get("mutual_aid_groups", 0))):
        village = villages[n % len(villages)]
        people = members[village.code]
        if not people:
            continue
        industry = rng.choice(INDUSTRIES)
        name = f"{village.name}{industry}产业互助组"
        suffix = 2
        while (village.code, name) in names:
            name = f"{village.name}{industry}产业互助{syn.ordinal(suffix)}组"
            suffix += 1
        names.add((village.code, name))
        founded = syn.date_between(rng, syn.add_years(start, -1), last_day)
        crew = rng.sample(people, min(len(people), rng.randint(3, 8)))
        groups.append(
            (
                MutualAidGroup(village=village, industry=industry, name=name, leader=crew[0], founded_on=founded),
                [(p, founded) for p in crew[1:]],
            )
        )
    bulk.mutual_aid_groups_bulk_create(groups)
    return gettext(
        "认领岗位 %(claims)d 个；承诺 %(commitments)d 项（践诺报告 %(reports)d 份）；志愿服务 %(entries)d 次；结对帮扶困难户 %(aids)d 户；"
        "产业互助组 %(groups)d 个"
    ) % {
        "claims": len(claims),
        "commitments": len(commitments),
        "reports": len(reports),
        "aids": len(aids),
        "groups": len(groups),
        "entries": len(entries),
    }
