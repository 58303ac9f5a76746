"""M1: a campaign leadership group in every township, led by its party secretary, with a work log.

The scenario states how many townships have a group led by their secretary
(``leadership_groups``); where that is fewer than the townships, the remaining groups
are led by the township head, so that R-LEAD has something to find.
"""

import datetime as dt

from django.utils.translation import gettext

from common import clock
from leadership import services
from leadership.models import GroupRole, WorkKind
from people.models import Appointment, Post

from .. import synthetic as syn
from . import BuildContext, builder

LOG_TITLES = {
    WorkKind.PLANNING: ("制定创先争优活动实施方案", "研究年度活动重点", "谋划示范点建设"),
    WorkKind.DEPLOYMENT: ("召开创先争优活动动员部署会", "部署“设岗定责”工作", "部署村务公开检查"),
    WorkKind.SUPERVISION: ("督查各村活动开展情况", "检查村务公开栏", "通报“五个好”创建进度"),
    WorkKind.MODEL_CULTIVATION: ("推荐示范点和党员标兵", "总结推广先进典型经验", "组织标兵事迹宣讲"),
}


@builder("leadership", order=50, figures=("leadership_groups",))
def build_leadership(ctx: BuildContext) -> str:
    rng = ctx.rng("leadership")
    start, end = ctx.scenario.period_start, ctx.scenario.period_end
    wanted = int(ctx.scenario.figures.get("leadership_groups", len(ctx.townships)))
    posts = {
        (a.organization_id, a.post): a.person
        for a in Appointment.objects.filter(
            organization__in=ctx.townships, post__in=[Post.TOWNSHIP_SECRETARY, Post.TOWNSHIP_HEAD]
        ).select_related("person")
    }
    entries = 0
    for index, township in enumerate(ctx.townships):
        established = start + dt.timedelta(days=rng.randint(10, 60))
        group = services.leadership_group_create(
            township=township,
            established_on=established,
            office_location=gettext("%(township)s党委办公楼") % {"township": township.name},
        )
        secretary = posts[(township.pk, Post.TOWNSHIP_SECRETARY)]
        head = posts[(township.pk, Post.TOWNSHIP_HEAD)]
        leader, deputy = (secretary, head) if index < wanted else (head, secretary)
        services.group_member_add(group=group, person=leader, role=GroupRole.LEADER, start=established)
        services.group_member_add(group=group, person=deputy, role=GroupRole.DEPUTY, start=established)
        pool = ctx.township_cadres.get(township.code, [])
        if pool:
            services.group_member_add(group=group, person=pool[0], role=GroupRole.OFFICE_DIRECTOR, start=established)
        for cadre in pool[1:]:
            services.group_member_add(group=group, person=cadre, role=GroupRole.MEMBER, start=established)
        for kind, titles in LOG_TITLES.items():
            for title in rng.sample(titles, rng.randint(1, 2)):
                day = syn.date_between(rng, established, min(end, clock.today()))
                services.work_log_add(group=group, date=day, kind=kind, title=title)
                entries += 1
    return gettext("领导小组 %(groups)d 个（书记任组长 %(led)d 个），工作记录 %(entries)d 条") % {
        "groups": len(ctx.townships),
        "led": min(wanted, len(ctx.townships)),
        "entries": entries,
    }
