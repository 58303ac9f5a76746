"""P1 and P2: service teams with their Four-Deliveries visits, trainings with attendance, service
facilities, supported projects and 153-plan micro-loans.

The facility and project counts come from the scenario's figures; teams, visits and trainings
(which have no figure in the source) are spread over the year at a plausible rhythm.
"""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext

from common import clock
from learning import services as learning
from learning.models import Channel
from organizations.models import UnitKind
from service_platform import services as service
from service_platform.models import FacilityKind

from .. import synthetic as syn
from . import BuildContext, builder

TOPICS = {
    Channel.CENTRAL_HOUSEHOLD: ("学习支农惠农政策", "党员先进性教育", "学习村务公开制度"),
    Channel.FARM_CLASSROOM: ("茶叶种植与加工技术", "食用菌栽培技术", "锥栗低产林改造", "生猪养殖防疫"),
    Channel.DISTANCE: ("远程教育：市场信息", "远程教育：农村实用技术", "远程教育：法律知识"),
    Channel.EXPERT: ("畜牧兽医专家现场指导", "农业专家茶园病虫害防治指导", "林业专家现场指导"),
}
INDUSTRIES = ("茶叶", "竹木", "食用菌", "锥栗", "养殖", "蔬菜", "乡村旅游")
LENDERS = ("政和县农村信用合作联社", "中国农业银行政和县支行", "中国邮政储蓄银行政和县支行")
VISIT_CONTENT = {
    "policy": "宣讲支农惠农政策",
    "law": "开展法律知识咨询",
    "technology": "送农业实用技术下村",
    "information": "发布市场供求信息",
}
TRAININGS_PER_VILLAGE = 4
VISITS_PER_TEAM = 8

KIND_FIGURES = {
    FacilityKind.SERVICE_CENTRE: "service_centres",
    FacilityKind.LOVE_SUPERMARKET: "love_supermarkets",
    FacilityKind.MOBILE_STATION: "mobile_service_stations",
    FacilityKind.ENTREPRENEURSHIP_BASE: "entrepreneurship_bases",
}


@builder("platforms", order=80, figures=(*KIND_FIGURES.values(), "supported_projects"))
def build_platforms(ctx: BuildContext) -> str:
    rng = ctx.rng("platforms")
    county = ctx.county
    assert county is not None
    figures = ctx.scenario.figures
    start, end = ctx.scenario.period_start, ctx.scenario.period_end
    last_day = min(end, clock.today())
    villages = ctx.all_villages()

    # P2 facilities: centres at townships (one each), the rest at villages.
    facilities = 0
    for kind, key in KIND_FIGURES.items():
        wanted = int(figures.get(key, 0))
        if kind == FacilityKind.SERVICE_CENTRE:
            places = ctx.townships[:wanted]
        else:
            places = [villages[i % len(villages)] for i in rng.sample(range(len(villages) * 3), wanted)]
        for n, place in enumerate(places, start=1):
            label = FacilityKind(kind).label
            name = (
                f"{place.name}{label}"
                if kind != FacilityKind.ENTREPRENEURSHIP_BASE
                else (f"{place.name}{rng.choice(INDUSTRIES)}{label}（{n}）")
            )
            service.facility_create(
                kind=kind,
                name=name,
                organization=place,
                opened_on=syn.date_between(rng, syn.add_years(start, -2), last_day),
                location=gettext("%(place)s村部") % {"place": place.name},
            )
            facilities += 1
    members = [m for v in villages for m in ctx.members.get(v.code, [])]
    for _n in range(int(figures.get("supported_projects", 0))):
        village = rng.choice(villages)
        industry = rng.choice(INDUSTRIES)
        service.supported_project_create(
            name=f"{village.name}{industry}发展项目",
            organization=village,
            industry=industry,
            start=syn.date_between(rng, syn.add_years(start, -1), last_day),
            amount=Decimal(rng.randint(2, 30) * 10000),
            responsible=rng.choice(ctx.members.get(village.code) or members),
        )
    loans = 0
    for person in rng.sample(members, min(len(members), max(10, len(villages) // 2))):
        applied = syn.date_between(rng, start, last_day - dt.timedelta(days=60))
        loan = service.loan_apply(
            applicant=person,
            purpose=rng.choice(("business", "employment")),
            amount=Decimal(rng.randint(1, 10) * 10000),
            lender=rng.choice(LENDERS),
            applied_on=applied,
        )
        if rng.random() < 0.85:
            service.loan_approve(loan=loan, date=applied + dt.timedelta(days=rng.randint(5, 20)))
        else:
            service.loan_refuse(
                loan=loan,
                date=applied + dt.timedelta(days=rng.randint(5, 20)),
                reason=gettext("经营计划不完整，请补充后重新申请"),
            )
        loans += 1

    # P1 service teams: one per township of its cadres, visiting its villages with the Four Deliveries.
    learning.delivery_kinds_ensure_defaults()
    visits = 0
    for township in ctx.townships:
        cadres = ctx.township_cadres.get(township.code, [])
        if not cadres:
            continue
        team = learning.service_team_create(
            name=gettext("%(township)s“四送”服务队") % {"township": township.name},
            organization=township,
            members=cadres,
            leader=cadres[0],
        )
        for _n in range(VISITS_PER_TEAM):
            kinds = rng.sample(list(VISIT_CONTENT), rng.randint(1, 3))
            learning.visit_record(
                team=team,
                date=syn.date_between(rng, start, last_day),
                target=rng.choice(ctx.villages[township.code]),
                content="；".join(VISIT_CONTENT[k] for k in kinds),
                kinds=kinds,
                people_reached=rng.randint(15, 80),
            )
            visits += 1
    organs = list(county.outside_units.filter(kind=UnitKind.DEPARTMENT)[:1])
    if organs:
        county_team = (
            learning.service_team_create(
                name=gettext("县直机关“四送”服务队"),
                organization=county,
                unit=organs[0],
                members=[c.person for c in organs[0].cadres.select_related("person")[:8]] or [],
                leader=None,
            )
            if organs[0].cadres.exists()
            else None
        )
        for _n in range(VISITS_PER_TEAM if county_team else 0):
            assert county_team is not None
            kinds = rng.sample(list(VISIT_CONTENT), 2)
            learning.visit_record(
                team=county_team,
                date=syn.date_between(rng, start, last_day),
                target=rng.choice(villages),
                content="；".join(VISIT_CONTENT[k] for k in kinds),
                kinds=kinds,
                people_reached=rng.randint(20, 100),
            )
            visits += 1

    # Trainings: each village a few a year through the four channels, most of its members attending.
    trainings = attendances = 0
    for village in villages:
        village_members = ctx.members.get(village.code, [])
        if not village_members:
            continue
        for _n in range(TRAININGS_PER_VILLAGE):
            channel = rng.choice(list(Channel))
            training = learning.training_create(
                channel=channel,
                topic=rng.choice(TOPICS[channel]),
                trainer_name=syn.person_name(rng, "M"),
                organization=village,
                date=syn.date_between(rng, start, last_day),
                hours=rng.choice(("2", "3", "4")),
                location=gettext("村党员活动室"),
            )
            present = rng.sample(village_members, max(1, int(len(village_members) * rng.uniform(0.5, 0.85))))
            learning.attendance_add(training=training, people=present)
            trainings += 1
            attendances += len(present)
    return gettext(
        "服务设施 %(facilities)d 个、扶持项目 %(projects)d 个、小额贷款 %(loans)d 笔；服务队走访 %(visits)d 次；"
        "培训 %(trainings)d 期、%(attendances)d 人次"
    ) % {
        "facilities": facilities,
        "projects": int(figures.get("supported_projects", 0)),
        "loans": loans,
        "visits": visits,
        "trainings": trainings,
        "attendances": attendances,
    }
