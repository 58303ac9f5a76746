"""The three activities (三项活动) of the campaign report: linkage, civility co-building, open village affairs."""

from django.utils.translation import gettext as _

from .phrases import is_chinese
from .writing import Section, Writer


def linkage(w: Writer) -> Section:
    intro = _("开展“城乡党支部结对共建、城乡党员结对互助、机关干部与农村群众结对帮扶”活动")
    postings = (
        _("选派%(batches)s%(cadres)s到%(villages)s挂职帮扶")
        % {
            "batches": w.q("posting_batches"),
            "cadres": w.q("cadres_posted"),
            "villages": w.q("villages_with_posted_cadres"),
        }
        if w.has("cadres_posted")
        else _("本年度未录入机关党员干部挂职帮扶记录")
    )
    departments = (
        _("组织%(departments)s与%(villages)s结对子，帮助理思路、定规划、强组织、抓队伍、建制度")
        % {"departments": w.q("departments_paired"), "villages": w.q("villages_paired_with_departments")}
        if w.has("departments_paired")
        else _("未录入县直部门党组织与村结对记录")
    )
    return Section("linkage", _("（一）开展“互动联动、挂村服务”活动"), [w.sentence([intro, postings, departments])])


def civility(w: Writer) -> Section:
    if w.has("civilized_units_paired"):
        units = _(
            "协调%(whole)s%(units)s与%(villages)s结成共建带创对子，经常开展以共育“四有新人”、共促经济发展、共树文明新风、"
            "共创安全稳定、共建优美环境为主要内容的“五共”活动"
        ) % {
            "whole": w.whole,
            "units": w.q("civilized_units_paired"),
            "villages": w.q("villages_paired_with_civilized_units"),
        }
    else:
        units = _("本年度未录入文明单位与村结对共建记录")
    outcomes = []
    outcomes.append(
        _("帮助村里制定发展规划%(plans)s") % {"plans": w.q("development_plans")}
        if w.has("development_plans")
        else _("未录入帮助制定的发展规划")
    )
    outcomes.append(
        _("争取发展项目%(projects)s") % {"projects": w.q("development_projects")}
        if w.has("development_projects")
        else _("未录入争取的发展项目")
    )
    outcomes.append(
        _("协调解决发展资金%(funds)s") % {"funds": w.q("development_funds_yuan")}
        if w.has("development_funds_yuan")
        else _("未录入协调解决的发展资金")
    )
    enterprises = (
        _(
            "组织%(enterprises)s与%(villages)s建立共建关系，企业通过提供项目、资金、信息、技术以及就业就学等方式，"
            "帮助结对村搞好新农村建设"
        )
        % {"enterprises": w.q("enterprises_paired"), "villages": w.q("villages_paired_with_enterprises")}
        if w.has("enterprises_paired")
        else _("本年度未录入非公企业党组织与村结对共建记录")
    )
    return Section(
        "civility",
        _("（二）开展“共建文明、共促和谐”活动"),
        [w.sentence([units, *outcomes]) + " " * (not is_chinese()) + w.sentence([enterprises])],
    )


def open_affairs(w: Writer) -> Section:
    paragraphs = [
        _(
            "全面推广“五要”工程和“四议两公开”做法，针对基层抓村务村财工作落实不到位、群众意见比较多的情况，"
            "实行村务公开、村财监管问责制度，明确村主干为直接责任人、乡（镇）相关干部承担连带责任，"
            "采取责任到人、按月反馈、奖惩挂钩、严格追究等措施，确保村务公开和村财监管工作规范有效开展。"
        )
    ]
    affairs = int(w.f["affairs_disclosures_published"])
    finance = int(w.f["finance_disclosures_published"])
    late = len({f.unit for f in w.in_period("R-DISCLOSE")})
    if affairs or finance:
        text = _("%(year)s年，%(whole)s各村共公开村务%(affairs)s期、财务%(finance)s期") % {
            "year": w.period,
            "whole": w.whole,
            "affairs": w.n(affairs),
            "finance": w.n(finance),
        }
    else:
        text = _("本年度未录入村务、财务公开记录")
    if late:
        text += _("；年底检查发现%(late)s个村公开缺期或逾期，已按问责制度列入附件") % {"late": w.n(late)}
    if int(w.f["accountability_cases_opened"]):
        text += _("，立案问责%(cases)s起") % {"cases": w.n(int(w.f["accountability_cases_opened"]))}
    paragraphs.append(text + w.stop())
    return Section("open_affairs", _("（三）开展“村务公开、民主管理”活动"), paragraphs)
