"""The campaign report (R-REPORT): the source document's structure, written from the records.

``build_report`` counts every figure with the registry (``compute_figures``) and a few
selectors, and writes the opening, the three mechanisms, three activities and three
platforms as the source does, then an annex of compliance findings and rankings. The
prose is translatable text with the figures as placeholders, so the Chinese and the
English report state the same numbers; a figure that no record supports is written as
"none recorded", never as a number someone typed.

Numbers in the text come from ``figure_phrase`` (the number with its measure word or
noun, plural-aware in English), which the tests use too.
"""

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import npgettext_lazy

from common.figures import Number, compute_figures
from common.rules import RULES, Finding, Severity, evaluate
from common.scope import Scope
from evaluation.models import AssessmentPeriod, StandardCode
from evaluation.selectors import Result, distribution, ranking
from organizations.models import Organization, OrganizationKind
from service_platform.models import LoanStatus, MicroLoan
from supervision.models import LeaderLevel, Review
from supervision.selectors import review_requirements
from village_affairs.models import AccountabilityCase, Disclosure, DisclosureKind, DisclosureStatus

TOP_VILLAGES = 10
MONEY_KEYS = {"development_funds_yuan"}
# Small counts the source writes in Chinese numerals ("四批").
CHINESE_NUMERAL_KEYS = {"posting_batches"}
CHINESE_NUMERALS = "零一两三四五六七八九十"

# The number of each figure with its measure word (Chinese) or noun (English); the
# context is the figure key, so each gets its own English noun and plural.
PHRASES = {
    "leadership_groups": npgettext_lazy("leadership_groups", "%(n)s个乡（镇）", "%(n)s个乡（镇）", "count"),
    "five_good_items": npgettext_lazy("five_good_items", "%(n)s个考评小项", "%(n)s个考评小项", "count"),
    "five_lead_items": npgettext_lazy("five_lead_items", "%(n)s个考评小项", "%(n)s个考评小项", "count"),
    "demonstration_sites": npgettext_lazy(
        "demonstration_sites", "%(n)s个农村基层党组织", "%(n)s个农村基层党组织", "count"
    ),
    "model_members": npgettext_lazy("model_members", "%(n)s名农村优秀党员", "%(n)s名农村优秀党员", "count"),
    "contact_points": npgettext_lazy("contact_points", "%(n)s个", "%(n)s个", "count"),
    "posting_batches": npgettext_lazy("posting_batches", "%(n)s批", "%(n)s批", "count"),
    "cadres_posted": npgettext_lazy("cadres_posted", "%(n)s名机关党员干部", "%(n)s名机关党员干部", "count"),
    "villages_with_posted_cadres": npgettext_lazy("villages_with_posted_cadres", "%(n)s个村", "%(n)s个村", "count"),
    "departments_paired": npgettext_lazy(
        "departments_paired", "%(n)s个县直部门党组织", "%(n)s个县直部门党组织", "count"
    ),
    "villages_paired_with_departments": npgettext_lazy(
        "villages_paired_with_departments", "%(n)s个村", "%(n)s个村", "count"
    ),
    "civilized_units_paired": npgettext_lazy(
        "civilized_units_paired", "%(n)s个省、市、县级文明单位", "%(n)s个省、市、县级文明单位", "count"
    ),
    "villages_paired_with_civilized_units": npgettext_lazy(
        "villages_paired_with_civilized_units", "%(n)s个村", "%(n)s个村", "count"
    ),
    "development_plans": npgettext_lazy("development_plans", "%(n)s个", "%(n)s个", "count"),
    "development_projects": npgettext_lazy("development_projects", "%(n)s个", "%(n)s个", "count"),
    "development_funds_yuan": npgettext_lazy("development_funds_yuan", "%(n)s元", "%(n)s元", "count"),
    "enterprises_paired": npgettext_lazy(
        "enterprises_paired", "%(n)s家非公企业党组织", "%(n)s家非公企业党组织", "count"
    ),
    "villages_paired_with_enterprises": npgettext_lazy(
        "villages_paired_with_enterprises", "%(n)s个村", "%(n)s个村", "count"
    ),
    "service_centres": npgettext_lazy("service_centres", "%(n)s个", "%(n)s个", "count"),
    "love_supermarkets": npgettext_lazy("love_supermarkets", "%(n)s个", "%(n)s个", "count"),
    "mobile_service_stations": npgettext_lazy("mobile_service_stations", "%(n)s个", "%(n)s个", "count"),
    "entrepreneurship_bases": npgettext_lazy("entrepreneurship_bases", "%(n)s个", "%(n)s个", "count"),
    "supported_projects": npgettext_lazy("supported_projects", "%(n)s个", "%(n)s个", "count"),
    "administrative_villages": npgettext_lazy("administrative_villages", "%(n)s个行政村", "%(n)s个行政村", "count"),
    "party_groups": npgettext_lazy("party_groups", "%(n)s个党小组", "%(n)s个党小组", "count"),
    "rural_party_members": npgettext_lazy("rural_party_members", "%(n)s名", "%(n)s名", "count"),
    "posts_claimed": npgettext_lazy("posts_claimed", "%(n)s个", "%(n)s个", "count"),
    "households_paired": npgettext_lazy("households_paired", "%(n)s户", "%(n)s户", "count"),
    "mutual_aid_groups": npgettext_lazy("mutual_aid_groups", "%(n)s个", "%(n)s个", "count"),
    "trainings_held": npgettext_lazy("trainings_held", "%(n)s期", "%(n)s期", "count"),
    "training_attendances": npgettext_lazy("training_attendances", "%(n)s人次", "%(n)s人次", "count"),
    "service_team_visits": npgettext_lazy("service_team_visits", "%(n)s次", "%(n)s次", "count"),
}


# -- numbers ---------------------------------------------------------------------------


def _is_chinese(language: str | None = None) -> bool:
    return not (language or translation.get_language() or "zh-hans").startswith("en")


def format_money(value: Number, language: str | None = None) -> str:
    """Return yuan as the text writes them: 103.6万 in Chinese where exact to the hundred, 1,036,000 in English."""
    amount = Decimal(value).quantize(Decimal("0.01"))
    if _is_chinese(language):
        if amount >= 10000 and amount % 100 == 0:
            wan = (amount / 10000).normalize()
            return f"{wan:f}万"
        return f"{amount:.0f}" if amount == amount.to_integral() else f"{amount:.2f}"
    return f"{amount:,.0f}" if amount == amount.to_integral() else f"{amount:,.2f}"


def format_number(key: str, value: Number, language: str | None = None) -> str:
    """Return the number of figure ``key`` as the report writes it in ``language`` (default: the active one)."""
    if key in MONEY_KEYS:
        return format_money(value, language)
    number = int(value)
    if _is_chinese(language):
        if key in CHINESE_NUMERAL_KEYS and 0 < number <= 10:
            return CHINESE_NUMERALS[number]
        return str(number)
    return f"{number:,}"


def figure_phrase(key: str, value: Number) -> str:
    """Return the figure's number with its measure word or noun in the active language ("164名…", "164 … cadres")."""
    count = 1 if value == 1 else 2
    return str(PHRASES[key] % {"count": count, "n": format_number(key, value)})


def _times(number: int) -> str:
    """A small count of times: 一次/两次 in Chinese, once/twice/3 times in English."""
    if _is_chinese():
        return f"{CHINESE_NUMERALS[number] if 0 < number <= 10 else number}次"
    return {1: "once", 2: "twice"}.get(number, f"{number} times")


# -- the report's shape ------------------------------------------------------------------


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[str]]
    numeric: list[int] = field(default_factory=list)  # indexes of right-aligned columns


@dataclass
class Section:
    key: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    subsections: list["Section"] = field(default_factory=list)


@dataclass
class CampaignReport:
    title: str
    subtitle: str
    language: str
    scope_code: str
    scope_name: str
    scope_kind: str
    period: int
    as_of: dt.date
    figures: dict[str, Number]
    opening: list[str]
    sections: list[Section]
    annex: Section

    def all_sections(self) -> list[Section]:
        """The sections in reading order, the annex last: what the table of contents lists."""
        return [*self.sections, self.annex]

    def text(self) -> str:
        """Return every paragraph and table cell as plain text (for search and tests)."""
        parts = [self.title, self.subtitle, *self.opening]

        def walk(section: Section) -> None:
            parts.append(section.heading)
            parts.extend(section.paragraphs)
            for table in section.tables:
                parts.append(table.caption)
                parts.extend(" ".join(row) for row in table.rows)
            for sub in section.subsections:
                walk(sub)

        for section in self.all_sections():
            walk(section)
        return "\n".join(parts)

    def as_json(self) -> dict:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        data["figures"] = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in self.figures.items()}
        return data


# -- the facts beyond the registry's figures -------------------------------------------------


@dataclass
class Facts:
    """Counts the prose needs besides the registered figures, each one query."""

    townships: int
    reviews: int
    reviews_per_year: dict[str, int]
    disclosures: dict[str, int]
    cases: int
    loans: int
    loan_amount: Decimal
    village_results: list[Result]
    member_results: list[Result]
    has_period: bool


def _facts(unit: Organization, period: int) -> Facts:
    first, last = dt.date(period, 1, 1), dt.date(period, 12, 31)
    county_code = unit.code[:6]
    townships = (
        Organization.objects.townships().within(unit.code).count() if unit.kind == OrganizationKind.COUNTY else 1
    )
    requirements = review_requirements([county_code])
    per_year = {
        level: requirements[(county_code, level)].reviews_required
        * 12
        // requirements[(county_code, level)].period_months
        for level in LeaderLevel
    }
    disclosures = dict(
        Disclosure.objects.filter(village__code__startswith=unit.code, year=period, status=DisclosureStatus.PUBLISHED)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("id"))
    )
    loans = MicroLoan.objects.filter(
        village__code__startswith=unit.code,
        applied_on__range=(first, last),
        status__in=[LoanStatus.APPROVED, LoanStatus.REPAID],
    ).aggregate(n=Count("id"), amount=Sum("amount"))
    evaluation_period = AssessmentPeriod.objects.filter(county__code=county_code, year=period).order_by("start").first()
    # The report is the county's own document: it reads every assessment in the scope's subtree.
    reader = Scope(user_id=0, read_codes=(unit.code,))
    village_results = ranking(reader, evaluation_period, StandardCode.FIVE_GOOD) if evaluation_period else []
    member_results = ranking(reader, evaluation_period, StandardCode.FIVE_LEAD) if evaluation_period else []
    return Facts(
        townships=townships,
        reviews=Review.objects.filter(
            contact_point__target__code__startswith=unit.code, date__range=(first, last)
        ).count(),
        reviews_per_year=per_year,
        disclosures={str(k): v for k, v in disclosures.items()},
        cases=AccountabilityCase.objects.filter(
            village__code__startswith=unit.code, finding_since__range=(first, last)
        ).count(),
        loans=loans["n"] or 0,
        loan_amount=loans["amount"] or Decimal(0),
        village_results=village_results,
        member_results=member_results,
        has_period=evaluation_period is not None,
    )


# -- the writer ---------------------------------------------------------------------------


class _Writer:
    """Writes the sections in the active language from the figures and facts of one scope."""

    def __init__(
        self,
        unit: Organization,
        county: Organization,
        period: int,
        figures: dict[str, Number],
        facts: Facts,
        findings: list[Finding],
    ) -> None:
        self.scope, self.county, self.period = unit, county, period
        self.f, self.facts, self.findings = figures, facts, findings
        self.is_county = unit.kind == OrganizationKind.COUNTY
        self.name = unit.display_name
        if self.is_county:
            self.whole = _("全县")
        elif unit.name.endswith("镇"):
            self.whole = _("全镇")
        elif unit.name.endswith("街道"):
            self.whole = _("全街道")
        else:
            self.whole = _("全乡")

    def q(self, key: str) -> str:
        return figure_phrase(key, self.f[key])

    def in_period(self, rule: str) -> list[Finding]:
        """The rule's violations that arose in the report's year (the annex lists older ones too)."""
        return [
            f for f in self.findings if f.rule == rule and f.severity == Severity.RED and f.since.year == self.period
        ]

    @staticmethod
    def n(value: int) -> str:
        """A count that is not a registered figure, formatted like one."""
        return format_number("", value)

    def has(self, key: str) -> bool:
        return bool(self.f[key])

    @staticmethod
    def join(clauses: list[str]) -> str:
        return ("，" if _is_chinese() else "; ").join(c for c in clauses if c)

    @staticmethod
    def stop() -> str:
        return "。" if _is_chinese() else "."

    @staticmethod
    def sentence(clauses: list[str]) -> str:
        """Join clauses into one sentence: Chinese commas and a full stop, or English ones."""
        clauses = [c for c in clauses if c]
        if not clauses:
            return ""
        if _is_chinese():
            return "，".join(clauses) + "。"
        text = "; ".join(clauses)
        return text[0].upper() + text[1:] + "."

    # -- opening ---------------------------------------------------------------------------

    def opening(self) -> list[str]:
        local = _("乡（镇）村") if self.is_county else _("本地")
        return [
            _(
                "%(name)s紧紧围绕“组织创先进、党员争优秀、群众得实惠”的目标要求，立足%(local)s实际，"
                "建立三项机制，开展三项活动，搭建三个平台，推进农村创先争优活动深入开展。"
            )
            % {"name": self.name, "local": local},
        ]

    # -- three mechanisms --------------------------------------------------------------------

    def organization(self) -> Section:
        groups, townships = int(self.f["leadership_groups"]), self.facts.townships
        if groups == 0:
            text = _("本年度未录入由党委书记任组长的乡（镇）创先争优活动领导小组。")
        elif not self.is_county:
            text = _(
                "%(name)s成立创先争优活动领导小组及其办公室，按照“党委管党建，书记抓党建”的要求，由党委书记担任活动领导小组组长，"
                "抓谋划、抓部署、抓督促、抓典型培育，推动创先争优活动有序有效开展。"
            ) % {"name": self.name}
        elif groups >= townships:
            text = _(
                "%(whole)s%(groups)s全面成立创先争优活动领导小组及其办公室，按照“党委管党建，书记抓党建”的要求，"
                "各乡（镇）党委书记全部担任活动领导小组组长，抓谋划、抓部署、抓督促、抓典型培育，推动创先争优活动有序有效开展。"
            ) % {"whole": self.whole, "groups": self.q("leadership_groups")}
        else:
            text = _(
                "%(whole)s%(townships)s个乡（镇）中，已有%(groups)s成立创先争优活动领导小组及其办公室并由党委书记担任组长，"
                "抓谋划、抓部署、抓督促、抓典型培育；其余%(missing)s个尚未落实，已列入附件合规检查结果。"
            ) % {
                "whole": self.whole,
                "townships": self.n(townships),
                "groups": self.q("leadership_groups"),
                "missing": self.n(townships - groups),
            }
        return Section("organization", _("（一）建立组织保障机制"), [text])

    def evaluation(self) -> Section:
        county_name = self.county.display_name
        paragraphs = []
        if self.has("five_good_items") or self.has("five_lead_items"):
            good = (
                _("将“五个好”村党组织标准细化为%(items)s") % {"items": self.q("five_good_items")}
                if self.has("five_good_items")
                else _("“五个好”村党组织考评标准尚未录入")
            )
            lead = (
                _("“五带头”党员标准细化为%(items)s") % {"items": self.q("five_lead_items")}
                if self.has("five_lead_items")
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
        villages, members = self.facts.village_results, self.facts.member_results
        if villages or members:
            clauses = []
            if villages:
                clauses.append(
                    _("%(count)s个村党组织完成“五个好”考评并经县级审定，其中%(grades)s")
                    % {"count": self.n(len(villages)), "grades": self.grades(villages, "个")}
                )
            if members:
                clauses.append(
                    _("%(count)s名党员完成“五带头”考评，其中%(grades)s")
                    % {"count": self.n(len(members)), "grades": self.grades(members, "名")}
                )
            prefix = _("%(year)s年度，%(whole)s") % {"year": self.period, "whole": self.whole}
            paragraphs.append(prefix + self.join(clauses) + self.stop())
        else:
            paragraphs.append(_("本年度尚无经县级审定的考评结果。"))
        return Section("evaluation", _("（二）建立激励考评机制"), paragraphs)

    def grades(self, results: list[Result], unit: str) -> str:
        parts = [
            f"{label}{self.n(count)}{unit}" if _is_chinese() else f"{self.n(count)} {label.lower()}"
            for _grade, label, count in distribution(results)
        ]
        return ("、" if _is_chinese() else ", ").join(parts)

    def supervision(self) -> Section:
        clauses = [
            _("%(whole)s筛选%(sites)s作为创先争优示范点")
            % {"whole": self.whole, "sites": self.q("demonstration_sites")}
            if self.has("demonstration_sites")
            else _("本年度未录入创先争优示范点"),
            _("评选%(models)s作为创先争优标兵") % {"models": self.q("model_members")}
            if self.has("model_members")
            else _("未录入创先争优标兵"),
            _("建立县级、科级党员领导干部农村联系点%(points)s，负责指导、点评、督促创先争优活动开展")
            % {"points": self.q("contact_points")}
            if self.has("contact_points")
            else _("未录入领导干部农村联系点"),
        ]
        paragraphs = [self.sentence(clauses)]
        per_year = self.facts.reviews_per_year
        rule = _(
            "要求县挂点领导每年至少对乡（镇）开展活动情况点评%(county)s，乡（镇）挂点领导每年至少对村开展活动情况点评%(township)s。"
        ) % {"county": _times(per_year[LeaderLevel.COUNTY]), "township": _times(per_year[LeaderLevel.TOWNSHIP])}
        short = len(self.in_period("R-REVIEW"))
        if self.facts.reviews:
            rule += _("%(year)s年挂点领导共点评%(reviews)s次") % {
                "year": self.period,
                "reviews": self.n(self.facts.reviews),
            }
            rule += (
                _("，年底仍有%(short)s个联系点点评次数未达要求，已列入附件。") % {"short": self.n(short)}
                if short
                else _("，各联系点点评次数均达到要求。")
            )
        elif self.has("contact_points"):
            rule += _("本年度未录入挂点领导的点评记录。")
        paragraphs.append(rule)
        return Section("supervision", _("（三）建立督促指导机制"), paragraphs)

    # -- three activities ---------------------------------------------------------------------

    def linkage(self) -> Section:
        intro = _("开展“城乡党支部结对共建、城乡党员结对互助、机关干部与农村群众结对帮扶”活动")
        postings = (
            _("选派%(batches)s%(cadres)s到%(villages)s挂职帮扶")
            % {
                "batches": self.q("posting_batches"),
                "cadres": self.q("cadres_posted"),
                "villages": self.q("villages_with_posted_cadres"),
            }
            if self.has("cadres_posted")
            else _("本年度未录入机关党员干部挂职帮扶记录")
        )
        departments = (
            _("组织%(departments)s与%(villages)s结对子，帮助理思路、定规划、强组织、抓队伍、建制度")
            % {"departments": self.q("departments_paired"), "villages": self.q("villages_paired_with_departments")}
            if self.has("departments_paired")
            else _("未录入县直部门党组织与村结对记录")
        )
        return Section(
            "linkage", _("（一）开展“互动联动、挂村服务”活动"), [self.sentence([intro, postings, departments])]
        )

    def civility(self) -> Section:
        if self.has("civilized_units_paired"):
            units = _(
                "协调%(whole)s%(units)s与%(villages)s结成共建带创对子，经常开展以共育“四有新人”、共促经济发展、共树文明新风、"
                "共创安全稳定、共建优美环境为主要内容的“五共”活动"
            ) % {
                "whole": self.whole,
                "units": self.q("civilized_units_paired"),
                "villages": self.q("villages_paired_with_civilized_units"),
            }
        else:
            units = _("本年度未录入文明单位与村结对共建记录")
        outcomes = []
        outcomes.append(
            _("帮助村里制定发展规划%(plans)s") % {"plans": self.q("development_plans")}
            if self.has("development_plans")
            else _("未录入帮助制定的发展规划")
        )
        outcomes.append(
            _("争取发展项目%(projects)s") % {"projects": self.q("development_projects")}
            if self.has("development_projects")
            else _("未录入争取的发展项目")
        )
        outcomes.append(
            _("协调解决发展资金%(funds)s") % {"funds": self.q("development_funds_yuan")}
            if self.has("development_funds_yuan")
            else _("未录入协调解决的发展资金")
        )
        enterprises = (
            _(
                "组织%(enterprises)s与%(villages)s建立共建关系，企业通过提供项目、资金、信息、技术以及就业就学等方式，"
                "帮助结对村搞好新农村建设"
            )
            % {"enterprises": self.q("enterprises_paired"), "villages": self.q("villages_paired_with_enterprises")}
            if self.has("enterprises_paired")
            else _("本年度未录入非公企业党组织与村结对共建记录")
        )
        return Section(
            "civility",
            _("（二）开展“共建文明、共促和谐”活动"),
            [self.sentence([units, *outcomes]) + " " * (not _is_chinese()) + self.sentence([enterprises])],
        )

    def open_affairs(self) -> Section:
        paragraphs = [
            _(
                "全面推广“五要”工程和“四议两公开”做法，针对基层抓村务村财工作落实不到位、群众意见比较多的情况，"
                "实行村务公开、村财监管问责制度，明确村主干为直接责任人、乡（镇）相关干部承担连带责任，"
                "采取责任到人、按月反馈、奖惩挂钩、严格追究等措施，确保村务公开和村财监管工作规范有效开展。"
            )
        ]
        affairs = self.facts.disclosures.get(DisclosureKind.AFFAIRS, 0)
        finance = self.facts.disclosures.get(DisclosureKind.FINANCE, 0)
        late = len({f.unit for f in self.in_period("R-DISCLOSE")})
        if affairs or finance:
            text = _("%(year)s年，%(whole)s各村共公开村务%(affairs)s期、财务%(finance)s期") % {
                "year": self.period,
                "whole": self.whole,
                "affairs": self.n(affairs),
                "finance": self.n(finance),
            }
        else:
            text = _("本年度未录入村务、财务公开记录")
        if late:
            text += _("；年底检查发现%(late)s个村公开缺期或逾期，已按问责制度列入附件") % {"late": self.n(late)}
        if self.facts.cases:
            text += _("，立案问责%(cases)s起") % {"cases": self.n(self.facts.cases)}
        paragraphs.append(text + self.stop())
        return Section("open_affairs", _("（三）开展“村务公开、民主管理”活动"), paragraphs)

    # -- three platforms ----------------------------------------------------------------------

    def learning(self) -> Section:
        teams = _(
            "从县乡两级机关党组织中抽调党员干部组成服务队，定期开展以“送政策、送法律、送技术、送信息”为主要内容的“四送”下村到组活动"
        )
        visits = (
            _("全年下村到组%(visits)s") % {"visits": self.q("service_team_visits")}
            if self.has("service_team_visits")
            else _("本年度未录入服务队下村记录")
        )
        training = (
            _(
                "利用党员中心户、农家课堂、农村远程教育网络等对农村党员进行培训，全年举办培训%(trainings)s、党员参训%(attendances)s"
            )
            % {"trainings": self.q("trainings_held"), "attendances": self.q("training_attendances")}
            if self.has("trainings_held")
            else _("本年度未录入农村党员培训记录")
        )
        experts = _(
            "邀请农业、畜牧兽医等部门的专家深入村组现场指导，让广大农村党员更好地掌握支农惠农政策、市场信息等，"
            "提高带头致富、带领群众致富能力"
        )
        return Section(
            "learning",
            _("（一）搭建学习平台"),
            [self.sentence([teams, visits]) + self.space() + self.sentence([training, experts])],
        )

    def space(self) -> str:
        return "" if _is_chinese() else " "

    def service(self) -> Section:
        built = []
        missing = []
        for key, verb, label in (
            ("service_centres", _("建立乡镇党员服务中心%(n)s"), _("乡镇党员服务中心")),
            ("love_supermarkets", _("建立爱心超市%(n)s"), _("爱心超市")),
            ("mobile_service_stations", _("设立流动党员服务站%(n)s"), _("流动党员服务站")),
            ("entrepreneurship_bases", _("培育和建立党员创业基地%(n)s"), _("党员创业基地")),
            ("supported_projects", _("扶持发展项目%(n)s"), _("扶持发展项目")),
        ):
            if self.has(key):
                built.append(verb % {"n": self.q(key)})
            else:
                missing.append(label)
        if missing:
            built.append(_("本年度未录入%(items)s") % {"items": ("、" if _is_chinese() else ", ").join(missing)})
        if self.facts.loans:
            loans = _(
                "同时依托党员153帮扶计划，全年帮助%(loans)s名党员协调小额贷款%(amount)s元，为党员创业就业提供服务和帮助"
            ) % {"loans": self.n(self.facts.loans), "amount": format_money(self.facts.loan_amount)}
        else:
            loans = _("依托党员153帮扶计划为党员创业就业提供服务，本年度未录入经批准的小额贷款")
        return Section(
            "service", _("（二）搭建服务平台"), [self.sentence(built) + self.space() + self.sentence([loans])]
        )

    def practice(self) -> Section:
        intro = _("开展“设岗定责”、党员承诺制、党员志愿服务等活动，为党员服务群众提供平台、创造条件。")
        groups = _("按照产业、地域及党员特长等方式，在%(whole)s%(villages)s建立%(groups)s") % {
            "whole": self.whole,
            "villages": self.q("administrative_villages"),
            "groups": self.q("party_groups"),
        }
        if self.has("rural_party_members"):
            members = _("%(whole)s共有%(members)s有能力的农村党员通过党小组组织起来") % {
                "whole": self.whole,
                "members": self.q("rural_party_members"),
            }
        else:
            members = _("本年度未录入编入党小组的农村党员")
        deeds = [
            _("认领创业岗、带富岗、服务岗、维稳岗、文明岗等创先争优岗%(posts)s") % {"posts": self.q("posts_claimed")}
            if self.has("posts_claimed")
            else _("未录入党员认领的创先争优岗"),
            _("结对帮扶困难户%(households)s") % {"households": self.q("households_paired")}
            if self.has("households_paired")
            else _("未录入党员结对帮扶的困难户"),
            _("组成产业互助组%(groups)s") % {"groups": self.q("mutual_aid_groups")}
            if self.has("mutual_aid_groups")
            else _("未录入产业互助组"),
        ]
        return Section(
            "practice", _("（三）搭建实践平台"), [intro + self.space() + self.sentence([groups, members, *deeds])]
        )

    # -- annex -------------------------------------------------------------------------------

    def annex(self, as_of: dt.date, top: int) -> Section:
        findings = self.findings
        by_rule = Counter((f.rule, f.severity) for f in findings)
        rule_ids = sorted({f.rule for f in findings})
        red = sum(1 for f in findings if f.severity == Severity.RED)
        date = _date(as_of)
        if findings:
            summary = _("按%(date)s的记录检查，共发现问题%(total)s条，其中违规或逾期%(red)s条、提醒%(amber)s条。") % {
                "date": date,
                "total": self.n(len(findings)),
                "red": self.n(red),
                "amber": self.n(len(findings) - red),
            }
        else:
            summary = _("按%(date)s的记录检查，未发现问题。") % {"date": date}
        counts = Table(
            _("表1 各规则发现的问题"),
            [_("规则"), _("内容"), _("违规/逾期"), _("提醒"), _("合计")],
            [
                [
                    rule_id,
                    str(RULES[rule_id].title) if rule_id in RULES else rule_id,
                    str(by_rule[(rule_id, Severity.RED)]),
                    str(by_rule[(rule_id, Severity.AMBER)]),
                    str(by_rule[(rule_id, Severity.RED)] + by_rule[(rule_id, Severity.AMBER)]),
                ]
                for rule_id in rule_ids
            ],
            numeric=[2, 3, 4],
        )
        listing = Table(
            _("表2 问题清单"),
            [_("单位"), _("规则"), _("起始日期"), _("等级"), _("责任人"), _("问题")],
            [
                [
                    f.unit_name,
                    f.rule,
                    f.since.isoformat(),
                    str(Severity(f.severity).label),
                    ("、" if _is_chinese() else ", ").join(
                        f"{a.name}（{a.role}）" if _is_chinese() else f"{a.name} ({a.role})" for a in f.accountable
                    ),
                    f.message(translation.get_language()),
                ]
                for f in findings
            ],
        )
        compliance = Section("compliance", _("一、合规检查结果"), [summary], [counts, listing] if findings else [])

        villages, members = self.facts.village_results, self.facts.member_results
        if villages:
            rank_text = _("%(count)s个村党组织的“五个好”考评已经县级审定，下表列出得分前%(top)s名。") % {
                "count": self.n(len(villages)),
                "top": min(top, len(villages)),
            }
        elif self.facts.has_period:
            rank_text = _("本年度尚无经县级审定的“五个好”考评结果。")
        else:
            rank_text = _("本年度未录入考评周期。")
        tables = []
        if villages:
            tables.append(
                Table(
                    _("表3 “五个好”村党组织考评排名"),
                    [_("全县排名"), _("村"), _("乡镇"), _("总分"), _("等级")],
                    [
                        [
                            str(r.county_rank),
                            r.assessment.organization.display_name,
                            r.assessment.organization.parent.display_name if r.assessment.organization.parent else "",
                            f"{r.total:.1f}",
                            str(r.grade_label),
                        ]
                        for r in villages[:top]
                    ],
                    numeric=[0, 3],
                )
            )
        if villages or members:
            good, lead = distribution(villages), distribution(members)
            tables.append(
                Table(
                    _("表4 考评等次分布"),
                    [_("等次"), _("“五个好”村党组织"), _("“五带头”党员")],
                    [[str(label), str(a), str(b)] for (_g, label, a), (_g2, _l2, b) in zip(good, lead, strict=True)],
                    numeric=[1, 2],
                )
            )
        rankings = Section("rankings", _("二、考评排名与等次分布"), [rank_text], tables)
        return Section("annex", _("附件：合规检查结果与考评排名"), [], [], [compliance, rankings])


def _date(day: dt.date) -> str:
    if _is_chinese():
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day:%B} {day.year}"


def county_of(unit: Organization) -> Organization:
    if unit.kind == OrganizationKind.COUNTY:
        return unit
    return Organization.objects.get(code=unit.code[:6])


def build_report(unit: Organization, period: int, language: str, *, top: int = TOP_VILLAGES) -> "CampaignReport":
    """Write the campaign report of ``scope`` (a county or township) for the year ``period`` in ``language``."""
    if unit.kind not in (OrganizationKind.COUNTY, OrganizationKind.TOWNSHIP):
        raise ValueError(f"a campaign report is written for a county or township, not a {unit.kind}")
    as_of = dt.date(period, 12, 31)
    figures = compute_figures(unit, period)
    facts = _facts(unit, period)
    findings = evaluate(unit, as_of)
    county = county_of(unit)
    with translation.override(language):
        w = _Writer(unit, county, period, figures, facts, findings)
        sections = [
            Section(
                "mechanisms",
                _("一、建立三项机制，增添创先争优动力"),
                subsections=[w.organization(), w.evaluation(), w.supervision()],
            ),
            Section(
                "activities",
                _("二、开展三项活动，增强创先争优活力"),
                subsections=[w.linkage(), w.civility(), w.open_affairs()],
            ),
            Section(
                "platforms",
                _("三、搭建三个平台，增加创先争优助力"),
                subsections=[w.learning(), w.service(), w.practice()],
            ),
        ]
        return CampaignReport(
            title=_("%(name)s%(year)s年农村创先争优活动情况报告") % {"name": w.name, "year": period},
            subtitle=_("数据统计截至%(date)s，均由系统记录生成") % {"date": _date(as_of)},
            language=language,
            scope_code=unit.code,
            scope_name=w.name,
            scope_kind=unit.kind,
            period=period,
            as_of=as_of,
            figures=figures,
            opening=w.opening(),
            sections=sections,
            annex=w.annex(as_of, top),
        )
