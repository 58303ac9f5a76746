"""Where a recruitment file stands on a day: its next step and that step's deadline (R-RECRUIT).

One pure function of the dates of the steps done and the county's rules, shared by the rule,
the applicant list and the to-dos, so that a deadline is computed once, the same way.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import RecruitmentRules, months_after
from .steps import BY_CODE, LAST, Step, allowed_next


@dataclass(frozen=True)
class Deadline:
    rule: str  # the time rule: talk, assessment, review, assembly, submit, approval, probation
    due: dt.date  # the last day allowed
    message: str | Promise  # its finding, with %(name)s and %(due)s
    limit: dt.date | None = None  # past this day it is worse: the procedure restarts / the maximum is exceeded
    limit_message: str | Promise = ""


@dataclass(frozen=True)
class Standing:
    latest: int
    next_steps: tuple[Step, ...]
    deadline: Deadline | None

    def overdue(self, on: dt.date) -> bool:
        return self.deadline is not None and on > self.deadline.due


def _n(code: str) -> int:
    return BY_CODE[code].number


def standing(done: dict[str, dt.date], rules: RecruitmentRules, extension_months: int = 0) -> Standing:
    """``done``: each step recorded (code → the date it was last recorded)."""
    numbers = [BY_CODE[c].number for c in done]
    latest = max(numbers, default=0)
    nexts = tuple(allowed_next(numbers)) if latest < LAST else ()
    return Standing(latest, nexts, _deadline(latest, done, rules, extension_months))


def _deadline(latest: int, done: dict[str, dt.date], r: RecruitmentRules, extension: int) -> Deadline | None:
    if latest == _n("apply"):
        return Deadline(
            "talk",
            months_after(done["apply"], r.talk_months),
            _("%(name)s递交入党申请后未在期限内谈话（应于%(due)s前）。"),
        )
    if _n("activist") <= latest < _n("candidate"):
        last = max(done["activist"], done.get("assessment", done["activist"]))
        return Deadline(
            "assessment",
            months_after(last, r.assessment_months),
            _("入党积极分子%(name)s超过半年未进行培养考察（应于%(due)s前）。"),
        )
    if _n("review") <= latest < _n("pre_review"):
        return Deadline(
            "review",
            months_after(done["review"], r.review_valid_months),
            _("发展对象%(name)s的政治审查已过有效期（%(due)s到期），须重新审查。"),
        )
    if _n("pre_review") <= latest < _n("assembly"):
        review_expires = months_after(done["review"], r.review_valid_months) if "review" in done else None
        due = months_after(done["pre_review"], r.assembly_months)
        if review_expires and review_expires < due:
            return Deadline(
                "review", review_expires, _("发展对象%(name)s的政治审查已过有效期（%(due)s到期），须重新审查。")
            )
        return Deadline("assembly", due, _("%(name)s预审通过后未在期限内召开支部大会（应于%(due)s前）。"))
    if latest == _n("assembly"):
        return Deadline(
            "submit",
            months_after(done["assembly"], r.submit_months),
            _("%(name)s的支部大会决议未在期限内报上级党委审批（应于%(due)s前）。"),
            months_after(done["assembly"], r.restart_months),
            _("%(name)s的支部大会决议已超过期限未报批，须重新履行程序。"),
        )
    if latest == _n("committee_talk"):
        return Deadline(
            "approval",
            months_after(done["committee_talk"], r.approval_months),
            _("上级党委未在期限内审批%(name)s的入党（应于%(due)s前）。"),
            months_after(done["committee_talk"], r.approval_max_months),
            _("上级党委审批%(name)s的入党已超过最长期限。"),
        )
    if _n("approval") <= latest < _n("conversion_approval") and "assembly" in done:
        return Deadline(
            "probation",
            months_after(done["assembly"], r.probation_months + extension),
            _("预备党员%(name)s的预备期已满（%(due)s），须讨论转正。"),
        )
    return None
