"""A1/A2: posted cadres in numbered batches, department, civilized-unit and enterprise pairings,
their co-building log, what they delivered, and the plans, projects and funds that came of it.

Volumes come from the scenario's figures; units get plausible names. Most pairings log an
activity every month or two; a few fall silent after mid-year, so R-PAIRING-STALE finds them.
"""

import datetime as dt
import itertools
from decimal import Decimal

from django.utils.translation import gettext

from common import clock
from organizations.models import Organization, UnitKind, UnitLevel
from organizations.services import outside_unit_create
from pairing import services
from pairing.models import FiveTogether, HelpKind, OutcomeType, PairingKind
from people import services as people_services
from people.models import CadreRank, Sex

from .. import synthetic as syn
from . import BuildContext, builder

DEPARTMENTS = (
    "县委办",
    "县政府办",
    "县委组织部",
    "县委宣传部",
    "县委统战部",
    "县委政法委",
    "县纪委",
    "县人大办",
    "县政协办",
    "县发改局",
    "县财政局",
    "县教育局",
    "县科技局",
    "县公安局",
    "县民政局",
    "县司法局",
    "县人社局",
    "县国土资源局",
    "县住建局",
    "县交通运输局",
    "县水利局",
    "县农业局",
    "县林业局",
    "县畜牧兽医局",
    "县商务局",
    "县文体广电局",
    "县卫生局",
    "县计生局",
    "县审计局",
    "县环保局",
    "县统计局",
    "县安监局",
    "县质监局",
    "县工商局",
    "县国税局",
    "县地税局",
    "县供销社",
    "县茶业局",
    "县旅游局",
    "县扶贫办",
    "县农办",
    "县档案局",
    "县老干局",
    "县团委",
    "县妇联",
    "县总工会",
    "县残联",
    "县气象局",
    "县电力公司",
    "县农村信用联社",
)
CIVILIZED = (
    ("省", UnitLevel.PROVINCIAL, ("福建省农业厅驻县工作组", "福建省电力公司南平分公司", "福建省烟草公司南平分公司")),
    (
        "市",
        UnitLevel.MUNICIPAL,
        (
            "南平市国税局",
            "南平市地税局",
            "南平市中级人民法院",
            "南平市人民检察院",
            "南平市农业局",
            "南平市林业局",
            "南平市水利局",
            "南平市移动分公司",
        ),
    ),
    ("县", UnitLevel.COUNTY, ()),
)
ENTERPRISE_WORDS = (
    "白茶",
    "竹业",
    "食品",
    "电子",
    "建材",
    "茶叶",
    "林产",
    "农业",
    "旅游",
    "水电",
    "药业",
    "生态",
    "锥栗",
    "花卉",
    "物流",
    "矿业",
    "纸业",
    "食用菌",
)
PLAN_TITLES = ("村庄建设规划", "茶产业发展规划", "新农村建设规划", "乡村旅游发展规划", "林下经济发展规划")
PROJECT_TITLES = (
    "茶园改造项目",
    "村道硬化项目",
    "饮水安全工程",
    "竹木加工项目",
    "食用菌基地项目",
    "农田水利项目",
    "村部改造项目",
    "锥栗低改项目",
)
ACTIVITY_TITLES = {
    FiveTogether.NEW_PEOPLE: "共育“四有”新人：道德讲堂进村",
    FiveTogether.ECONOMY: "共促经济发展：产业技术指导",
    FiveTogether.CIVILITY: "共树文明新风：评选文明户",
    FiveTogether.SAFETY: "共创安全稳定：矛盾纠纷排查",
    FiveTogether.ENVIRONMENT: "共建优美环境：村庄环境整治",
}
STALE_SHARE = 0.08


def _spread(units: int, villages: list[Organization], count: int, rng) -> list[tuple[int, Organization]]:
    """Pair ``units`` units with ``count`` villages so each unit and each village has at least one pairing."""
    chosen = rng.sample(villages, count)
    pairs = [(i, chosen[i % count]) for i in range(max(units, count))]
    return [(u % units, v) for u, v in pairs]


@builder(
    "pairing",
    order=60,
    figures=(
        "posting_batches",
        "cadres_posted",
        "villages_with_posted_cadres",
        "departments_paired",
        "villages_paired_with_departments",
        "civilized_units_paired",
        "villages_paired_with_civilized_units",
        "enterprises_paired",
        "villages_paired_with_enterprises",
        "development_plans",
        "development_projects",
        "development_funds_yuan",
    ),
)
def build_pairing(ctx: BuildContext) -> str:
    rng = ctx.rng("pairing")
    figures = ctx.scenario.figures
    county = ctx.county
    assert county is not None
    start, end = ctx.scenario.period_start, ctx.scenario.period_end
    last_day = min(end, clock.today())
    villages = ctx.all_villages()

    n_departments = int(figures.get("departments_paired", 0))
    names = list(DEPARTMENTS) + [f"县直单位{n}" for n in range(1, max(0, n_departments - len(DEPARTMENTS)) + 1)]
    departments = [
        outside_unit_create(home=county, kind=UnitKind.DEPARTMENT, name=name, party_organization=f"{name}党组")
        for name in names[: max(n_departments, 8)]
    ]

    # Postings: each batch's cadres are distinct people from the departments.
    batches_wanted = int(figures.get("posting_batches", 0))
    cadres_wanted = int(figures.get("cadres_posted", 0))
    villages_wanted = int(figures.get("villages_with_posted_cadres", 0))
    postings = []
    if batches_wanted and cadres_wanted:
        per_batch = syn.split(rng, cadres_wanted, [1.0] * batches_wanted)
        receiving = rng.sample(villages, min(villages_wanted, len(villages)))
        targets = receiving + [rng.choice(receiving) for _n in range(cadres_wanted - len(receiving))]
        rng.shuffle(targets)
        target = iter(targets)
        for number, count in enumerate(per_batch, start=1):
            batch_start = syn.add_years(start, -1) + dt.timedelta(days=91 * number)
            batch = services.posting_batch_create(
                county=county,
                number=number,
                start=batch_start,
                end=syn.add_years(batch_start, 1) - dt.timedelta(days=1),
            )
            for _n in range(count):
                sex = Sex.MALE if rng.random() < 0.75 else Sex.FEMALE
                born = syn.birth_date(rng, start, 26, 50)
                person = people_services.person_create(
                    name=syn.person_name(rng, sex),
                    sex=sex,
                    birth_date=born,
                    id_number=ctx.ids.make(rng, born, sex),
                    phone=syn.mobile_phone(rng),
                    education=rng.choice(("college", "bachelor")),
                )
                cadre = people_services.cadre_set(
                    person=person,
                    organization=county,
                    rank=rng.choice((CadreRank.SECTION, CadreRank.OTHER)),
                    position=gettext("挂职干部"),
                    unit=rng.choice(departments),
                )
                postings.append(services.posting_create(batch=batch, cadre=cadre, village=next(target)))
        for posting in postings:
            day = syn.date_between(rng, max(posting.start, start), min(posting.end, last_day))
            services.contribution_add(
                posting=posting,
                date=day,
                description=gettext("帮助村两委理清发展思路、完善村规民约"),
                kinds=rng.sample([k.value for k in HelpKind], 2),
            )

    pairings = []
    for pair_index, (unit_index, village) in enumerate(
        _spread(n_departments, villages, int(figures.get("villages_paired_with_departments", 0)), rng)
        if n_departments
        else []
    ):
        pairings.append(
            services.pairing_create(
                kind=PairingKind.DEPARTMENT,
                village=village,
                unit=departments[unit_index],
                start=syn.add_years(start, -1) + dt.timedelta(days=pair_index),
            )
        )

    n_civilized = int(figures.get("civilized_units_paired", 0))
    county_named = [f"{d}（县级文明单位）" for d in DEPARTMENTS[::-1]]
    civ_names = [(lvl, n) for _p, lvl, ns in CIVILIZED for n in ns] + [(UnitLevel.COUNTY, n) for n in county_named]
    civilized = [
        outside_unit_create(
            home=county,
            kind=UnitKind.CIVILIZED_UNIT,
            level=lvl,
            name=name,
            party_organization=f"{name.split('（')[0]}党支部",
        )
        for lvl, name in civ_names[:n_civilized]
    ]
    civ_pairings = [
        services.pairing_create(
            kind=PairingKind.CIVILIZED_UNIT,
            village=v,
            unit=civilized[u],
            start=start - dt.timedelta(days=rng.randint(30, 400)),
        )
        for u, v in (
            _spread(n_civilized, villages, int(figures.get("villages_paired_with_civilized_units", 0)), rng)
            if n_civilized
            else []
        )
    ]
    n_enterprises = int(figures.get("enterprises_paired", 0))
    enterprises = [
        outside_unit_create(
            home=county,
            kind=UnitKind.ENTERPRISE,
            level=UnitLevel.COUNTY,
            name=f"{county.name[:2]}{word}有限公司",
            party_organization=f"{county.name[:2]}{word}有限公司党支部",
        )
        for word in ENTERPRISE_WORDS[:n_enterprises]
    ]
    ent_pairings = [
        services.pairing_create(
            kind=PairingKind.ENTERPRISE,
            village=v,
            unit=enterprises[u],
            start=start - dt.timedelta(days=rng.randint(30, 400)),
        )
        for u, v in (
            _spread(n_enterprises, villages, int(figures.get("villages_paired_with_enterprises", 0)), rng)
            if n_enterprises
            else []
        )
    ]
    pairings += civ_pairings + ent_pairings

    # Outcomes: plans, projects and funds, mostly from the civilized units (as the source says).
    producers = civ_pairings + ent_pairings or pairings
    funds_total = Decimal(str(figures.get("development_funds_yuan", 0)))
    plans = int(figures.get("development_plans", 0))
    projects = int(figures.get("development_projects", 0))
    cycle = itertools.cycle(rng.sample(producers, len(producers)))  # sampling none draws nothing
    for n in range(plans if producers else 0):
        services.outcome_add(
            pairing=next(cycle),
            date=syn.date_between(rng, start, last_day),
            type=OutcomeType.PLAN,
            title=f"{rng.choice(PLAN_TITLES)}（{n + 1}）",
        )
    for n in range(projects if producers else 0):
        services.outcome_add(
            pairing=next(cycle),
            date=syn.date_between(rng, start, last_day),
            type=OutcomeType.PROJECT,
            title=f"{rng.choice(PROJECT_TITLES)}（{n + 1}）",
        )
    if producers and funds_total > 0:
        thousands = int(funds_total // 1000)
        parts = syn.split(rng, thousands, [rng.uniform(0.5, 2) for _n in range(min(26, thousands))])
        amounts = [Decimal(p * 1000) for p in parts]
        amounts[-1] += funds_total - sum(amounts)  # the odd yuan, if any
        for amount in amounts:
            services.outcome_add(
                pairing=next(cycle),
                date=syn.date_between(rng, start, last_day),
                type=OutcomeType.FUNDS,
                title=gettext("协调发展资金"),
                amount=amount,
            )

    # The co-building log: every month or two; a few pairings fall silent after mid-year.
    activities = 0
    for pairing in pairings:
        silent_from = dt.date(start.year, 6, 30) if rng.random() < STALE_SHARE else last_day
        day = start + dt.timedelta(days=rng.randint(5, 40))
        while day <= silent_from:
            kind = rng.choice(list(FiveTogether))
            services.activity_add(pairing=pairing, date=day, title=ACTIVITY_TITLES[kind], kinds=[kind.value])
            activities += 1
            day += dt.timedelta(days=rng.randint(30, 70))
    return gettext(
        "挂职干部 %(postings)d 名；县直部门 %(departments)d 个、文明单位 %(civilized)d 个、非公企业 %(enterprises)d 个结对；"
        "共建活动 %(activities)d 次"
    ) % {
        "postings": len(postings),
        "departments": n_departments,
        "civilized": len(civilized),
        "enterprises": len(enterprises),
        "activities": activities,
    }
