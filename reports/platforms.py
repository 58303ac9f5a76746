"""The three platforms (三个平台) of the campaign report: learning, service, practice; and the opening."""

from django.utils.translation import gettext as _

from common.sections import REPORT_PRACTICE, section_entries_for

from .phrases import format_money, is_chinese
from .writing import Section, Writer


def opening(w: Writer) -> list[str]:
    local = _("乡（镇）村") if w.is_county else _("本地")
    return [
        _(
            "%(name)s紧紧围绕“组织创先进、党员争优秀、群众得实惠”的目标要求，立足%(local)s实际，"
            "建立三项机制，开展三项活动，搭建三个平台，推进农村创先争优活动深入开展。"
        )
        % {"name": w.name, "local": local},
    ]


def learning(w: Writer) -> Section:
    teams = _(
        "从县乡两级机关党组织中抽调党员干部组成服务队，定期开展以“送政策、送法律、送技术、送信息”为主要内容的“四送”下村到组活动"
    )
    visits = (
        _("全年下村到组%(visits)s") % {"visits": w.q("service_team_visits")}
        if w.has("service_team_visits")
        else _("本年度未录入服务队下村记录")
    )
    training = (
        _(
            "利用党员中心户、农家课堂、农村远程教育网络等对农村党员进行培训，全年举办培训%(trainings)s、党员参训%(attendances)s"
        )
        % {"trainings": w.q("trainings_held"), "attendances": w.q("training_attendances")}
        if w.has("trainings_held")
        else _("本年度未录入农村党员培训记录")
    )
    experts = _(
        "邀请农业、畜牧兽医等部门的专家深入村组现场指导，让广大农村党员更好地掌握支农惠农政策、市场信息等，"
        "提高带头致富、带领群众致富能力"
    )
    return Section(
        "learning",
        _("（一）搭建学习平台"),
        [w.sentence([teams, visits]) + w.space() + w.sentence([training, experts])],
    )


def service(w: Writer) -> Section:
    built = []
    missing = []
    for key, verb, label in (
        ("service_centres", _("建立乡镇党员服务中心%(n)s"), _("乡镇党员服务中心")),
        ("love_supermarkets", _("建立爱心超市%(n)s"), _("爱心超市")),
        ("mobile_service_stations", _("设立流动党员服务站%(n)s"), _("流动党员服务站")),
        ("entrepreneurship_bases", _("培育和建立党员创业基地%(n)s"), _("党员创业基地")),
        ("supported_projects", _("扶持发展项目%(n)s"), _("扶持发展项目")),
    ):
        if w.has(key):
            built.append(verb % {"n": w.q(key)})
        else:
            missing.append(label)
    if missing:
        built.append(_("本年度未录入%(items)s") % {"items": ("、" if is_chinese() else ", ").join(missing)})
    if int(w.f["micro_loans_approved"]):
        loans = _(
            "同时依托党员153帮扶计划，全年帮助%(loans)s名党员协调小额贷款%(amount)s元，为党员创业就业提供服务和帮助"
        ) % {"loans": w.n(int(w.f["micro_loans_approved"])), "amount": format_money(w.f["micro_loan_amount_yuan"])}
    else:
        loans = _("依托党员153帮扶计划为党员创业就业提供服务，本年度未录入经批准的小额贷款")
    return Section("service", _("（二）搭建服务平台"), [w.sentence(built) + w.space() + w.sentence([loans])])


def practice(w: Writer) -> Section:
    intro = _("开展“设岗定责”、党员承诺制、党员志愿服务等活动，为党员服务群众提供平台、创造条件。")
    groups = _("按照产业、地域及党员特长等方式，在%(whole)s%(villages)s建立%(groups)s") % {
        "whole": w.whole,
        "villages": w.q("administrative_villages"),
        "groups": w.q("party_groups"),
    }
    if w.has("rural_party_members"):
        members = _("%(whole)s共有%(members)s有能力的农村党员通过党小组组织起来") % {
            "whole": w.whole,
            "members": w.q("rural_party_members"),
        }
    else:
        members = _("本年度未录入编入党小组的农村党员")
    deeds = [
        _("认领创业岗、带富岗、服务岗、维稳岗、文明岗等创先争优岗%(posts)s") % {"posts": w.q("posts_claimed")}
        if w.has("posts_claimed")
        else _("未录入党员认领的创先争优岗"),
        _("结对帮扶困难户%(households)s") % {"households": w.q("households_paired")}
        if w.has("households_paired")
        else _("未录入党员结对帮扶的困难户"),
        _("组成产业互助组%(groups)s") % {"groups": w.q("mutual_aid_groups")}
        if w.has("mutual_aid_groups")
        else _("未录入产业互助组"),
    ]
    contributed = [ctx["text"] for _s, ctx in section_entries_for(REPORT_PRACTICE, w.f, w.whole)]
    return Section(
        "practice", _("（三）搭建实践平台"), [intro + w.space() + w.sentence([groups, members, *deeds]), *contributed]
    )
