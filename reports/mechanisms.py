"""The three mechanisms (三项机制) of the campaign report: organization, evaluation, supervision."""

from django.utils.translation import gettext as _

from .phrases import times_range
from .writing import Section, Writer


def organization(w: Writer) -> Section:
    groups, townships = int(w.f["leadership_groups"]), int(w.f["townships"])
    if groups == 0:
        text = _("本年度未录入由党委书记任组长的乡（镇）创先争优活动领导小组。")
    elif not w.is_county:
        text = _(
            "%(name)s成立创先争优活动领导小组及其办公室，按照“党委管党建，书记抓党建”的要求，由党委书记担任活动领导小组组长，"
            "抓谋划、抓部署、抓督促、抓典型培育，推动创先争优活动有序有效开展。"
        ) % {"name": w.name}
    elif groups >= townships:
        text = _(
            "%(whole)s%(groups)s全面成立创先争优活动领导小组及其办公室，按照“党委管党建，书记抓党建”的要求，"
            "各乡（镇）党委书记全部担任活动领导小组组长，抓谋划、抓部署、抓督促、抓典型培育，推动创先争优活动有序有效开展。"
        ) % {"whole": w.whole, "groups": w.q("leadership_groups")}
    else:
        text = _(
            "%(whole)s%(townships)s个乡（镇）中，已有%(groups)s成立创先争优活动领导小组及其办公室并由党委书记担任组长，"
            "抓谋划、抓部署、抓督促、抓典型培育；其余%(missing)s个尚未落实，已列入附件合规检查结果。"
        ) % {
            "whole": w.whole,
            "townships": w.n(townships),
            "groups": w.q("leadership_groups"),
            "missing": w.n(townships - groups),
        }
    return Section("organization", _("（一）建立组织保障机制"), [text])


def evaluation(w: Writer) -> Section:
    county_name = w.county.display_name
    paragraphs = []
    if w.has("five_good_items") or w.has("five_lead_items"):
        good = (
            _("将“五个好”村党组织标准细化为%(items)s") % {"items": w.q("five_good_items")}
            if w.has("five_good_items")
            else _("“五个好”村党组织考评标准尚未录入")
        )
        lead = (
            _("“五带头”党员标准细化为%(items)s") % {"items": w.q("five_lead_items")}
            if w.has("five_lead_items")
            else _("“五带头”党员考评标准尚未录入")
        )
        paragraphs.append(
            _(
                "把创先争优活动纳入基层组织建设和干部实绩考核重要内容，制定出台《%(county)s创建“五个好”村党组织和争当“五带头”党员考评标准》，"
                "%(good)s，%(lead)s，使创先争优目标明确、具体、看得见。"
            )
            % {"county": county_name, "good": good, "lead": lead}
        )
    else:
        paragraphs.append(
            _(
                "把创先争优活动纳入基层组织建设和干部实绩考核重要内容；本年度未录入“五个好”村党组织和“五带头”党员考评标准。"
            )
        )
    villages, members = int(w.f["five_good_assessed"]), int(w.f["five_lead_assessed"])
    if villages or members:
        clauses = []
        if villages:
            clauses.append(
                _("%(count)s个村党组织完成“五个好”考评并经县级审定，其中%(grades)s")
                % {"count": w.n(villages), "grades": w.grades("five_good", "个")}
            )
        if members:
            clauses.append(
                _("%(count)s名党员完成“五带头”考评，其中%(grades)s")
                % {"count": w.n(members), "grades": w.grades("five_lead", "名")}
            )
        prefix = _("%(year)s年度，%(whole)s") % {"year": w.period, "whole": w.whole}
        paragraphs.append(prefix + w.join(clauses) + w.stop())
    else:
        paragraphs.append(_("本年度尚无经县级审定的考评结果。"))
    return Section("evaluation", _("（二）建立激励考评机制"), paragraphs)


def supervision(w: Writer) -> Section:
    clauses = [
        _("%(whole)s筛选%(sites)s作为创先争优示范点") % {"whole": w.whole, "sites": w.q("demonstration_sites")}
        if w.has("demonstration_sites")
        else _("本年度未录入创先争优示范点"),
        _("评选%(models)s作为创先争优标兵") % {"models": w.q("model_members")}
        if w.has("model_members")
        else _("未录入创先争优标兵"),
        _("建立县级、科级党员领导干部农村联系点%(points)s，负责指导、点评、督促创先争优活动开展")
        % {"points": w.q("contact_points")}
        if w.has("contact_points")
        else _("未录入领导干部农村联系点"),
    ]
    paragraphs = [w.sentence(clauses)]
    per_year = w.reviews_per_year
    rule = _(
        "要求县挂点领导每年至少对乡（镇）开展活动情况点评%(county)s，乡（镇）挂点领导每年至少对村开展活动情况点评%(township)s。"
    ) % {"county": times_range(per_year["county"]), "township": times_range(per_year["township"])}
    short = len(w.in_period("R-REVIEW"))
    if int(w.f["reviews_recorded"]):
        rule += _("%(year)s年挂点领导共点评%(reviews)s次") % {
            "year": w.period,
            "reviews": w.n(int(w.f["reviews_recorded"])),
        }
        rule += (
            _("，年底仍有%(short)s个联系点点评次数未达要求，已列入附件。") % {"short": w.n(short)}
            if short
            else _("，各联系点点评次数均达到要求。")
        )
    elif w.has("contact_points"):
        rule += _("本年度未录入挂点领导的点评记录。")
    paragraphs.append(rule)
    return Section("supervision", _("（三）建立督促指导机制"), paragraphs)
