"""A3's refusals, as pure checks: ``services`` (one record) and ``bulk`` (many) call the same ones.

Each check takes plain values — what the caller has already loaded — and raises a
``ValidationError`` keyed by the field, with its translated message and a stable code.
None of them queries the database: the service reads what one record needs, the bulk
path what a whole batch needs, and both hand the facts to these functions.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from common.checks import error, not_in_future, parse_amount
from common.models import VILLAGE_KIND, PublishedImmutableError

from .models import AttendanceBasis, DecisionStep, DisclosureKind, ResolvingBody, Step, period_number_error
from .periods import DisclosurePeriod
from .quorum import passing, quorum_for


def village(org: object) -> None:
    if org is None or getattr(org, "kind", None) != VILLAGE_KIND:
        raise error("village", _("请选择一个行政村。"), "not_a_village")


def not_future(day: dt.date | None, field: str = "date", today: dt.date | None = None) -> None:
    not_in_future(day, what=_("日期"), field=field, today=today)


# -- 四议两公开 ----------------------------------------------------------------------------


def meeting_basis(number: int, body: str, basis: str) -> str:
    """Which quorum rule a meeting step answers to (quorum.py)."""
    if number in (Step.PROPOSE, Step.DELIBERATE):
        return "committee"
    if number == Step.REVIEW:
        return "party_assembly"
    if body == ResolvingBody.REPRESENTATIVES:
        return "representatives"
    if basis == AttendanceBasis.HOUSEHOLDS:
        return "villagers_assembly_households"
    return "villagers_assembly"


def meeting(
    *,
    number: int,
    body: str,
    basis: str,
    due: int | None,
    present: int | None,
    votes_for: int | None,
    votes_against: int | None,
    votes_abstain: int | None,
) -> None:
    """A meeting step registers attendance and votes, has its quorum and passes."""
    errors: dict[str, ValidationError] = {}
    if number == Step.RESOLVE and body not in ResolvingBody.values:
        errors["body"] = ValidationError(_("请选择村民会议或村民代表会议。"), code="body_required")
    for field, value in (("due", due), ("present", present), ("votes_for", votes_for)):
        if value is None:
            errors[field] = ValidationError(_("会议必须登记应到、实到人数和表决结果。"), code="attendance_required")
        elif value < 0:
            errors[field] = ValidationError(_("人数不能为负数。"), code="negative_count")
    if errors:
        raise ValidationError(errors)
    assert due is not None and present is not None and votes_for is not None
    against, abstain = votes_against or 0, votes_abstain or 0
    if due == 0:
        raise error("due", _("应到人数必须大于零。"), "nobody_due")
    if present > due:
        raise error(
            "present",
            _("实到人数（%(present)s）不能多于应到人数（%(due)s）。") % {"present": present, "due": due},
            "more_present_than_due",
        )
    if against < 0 or abstain < 0:
        raise error("votes_against", _("票数不能为负数。"), "negative_votes")
    if votes_for + against + abstain > present:
        raise error(
            "votes_for",
            _("赞成、反对、弃权合计%(total)s票，多于实到人数%(present)s。")
            % {"total": votes_for + against + abstain, "present": present},
            "more_votes_than_present",
        )
    quorum = quorum_for(meeting_basis(number, body, basis))
    if not quorum.met(present, due):
        raise error(
            "present",
            _("到会人数不足：应到%(due)s，实到%(present)s，须%(rule)s。")
            % {"due": due, "present": present, "rule": quorum.describe()},
            "no_quorum",
        )
    rule = passing()
    if not rule.met(votes_for, present):
        raise error(
            "votes_for",
            _("赞成%(for)s票，未达到实到人数的%(rule)s，未通过。") % {"for": votes_for, "rule": rule.describe()},
            "not_passed",
        )


def step_order(
    *, number: int, merged: bool, date: dt.date, content: str, last: DecisionStep | None, today: dt.date
) -> None:
    """The next step, in order, not before the previous one, not in the future, with its content."""
    expected = (last.number + 1) if last else Step.PROPOSE
    if expected > Step.PUBLISH_RESULT:
        raise error(None, _("该事项六个步骤均已完成。"), "steps_complete")
    if number != expected:
        raise error(
            "number",
            _("步骤顺序不对：下一步应是“%(expected)s”，不能登记“%(given)s”。")
            % {"expected": Step(expected).label, "given": Step(number).label if number in Step.values else number},
            "step_out_of_order",
        )
    if merged and number != Step.PROPOSE:
        raise error("merged", _("只有党支部提议和两委会商议可以合并召开。"), "merge_not_allowed")
    not_future(date, today=today)
    if last is not None and date < last.date:
        raise error(
            "date",
            _("日期不能早于上一步骤（%(step)s，%(date)s）。") % {"step": last.get_number_display(), "date": last.date},
            "before_previous_step",
        )
    if not (content or "").strip():
        raise error("content", _("请填写内容。"), "content_required")


def publicity_days(days: int) -> None:
    if days < 0:
        raise error("publicity_days", _("公示期不能为负数。"), "negative_publicity")


def result_after_publicity(date: dt.date, published: DecisionStep) -> None:
    """The implementation result is published once the resolution's publicity period is over."""
    earliest = published.date + dt.timedelta(days=published.publicity_days or 0)
    if date < earliest:
        raise error(
            "date",
            _("决议公示期（%(days)s天）至%(date)s届满，届满前不能公开实施结果。")
            % {"days": published.publicity_days, "date": earliest},
            "publicity_running",
        )


def merged_meeting(date: dt.date, one_person_holds_both: bool) -> None:
    """Steps 1 and 2 may be one meeting only where the secretary is also the director on that day (一肩挑)."""
    if not one_person_holds_both:
        raise error(
            "merged",
            _("%(date)s村党支部书记与村委会主任不是同一人（非一肩挑），两个会议不能合并召开。") % {"date": date},
            "not_one_person",
        )


# -- disclosures ---------------------------------------------------------------------------


def disclosure_kind(kind: str) -> None:
    if kind not in DisclosureKind.values:
        raise error("kind", _("请选择公开类别。"), "kind_required")


def disclosure_period(period_kind: str, number: int | None) -> None:
    if (problem := period_number_error(period_kind, number)) is not None:
        raise ValidationError({"period_number": problem})


def not_yet_disclosed(exists: bool, period: DisclosurePeriod, kind: str) -> None:
    if exists:
        raise error(
            "period_number",
            _("%(period)s的%(kind)s已经存在。") % {"period": period.label(), "kind": DisclosureKind(kind).label},
            "already_disclosed",
        )


def publication_time(at: dt.datetime, now: dt.datetime, kind: str, period: DisclosurePeriod) -> None:
    """Not in the future; a month's finances only once the month is over."""
    if at > now:
        raise error("published_at", _("公开时间不能晚于现在。"), "published_in_future")
    if kind == DisclosureKind.FINANCE and timezone.localtime(at).date() < period.last_day:
        raise error(
            "published_at",
            _("%(period)s尚未结束，不能公开该月财务收支。") % {"period": period.label()},
            "month_not_over",
        )


# -- the ledger ----------------------------------------------------------------------------


def ledger_amount(value: object) -> Decimal:
    """A positive amount in 元; a correction of a booked one is a reversing entry, never a zero or negative one."""
    try:
        amount = parse_amount(value)
    except ValidationError as exc:
        if "amount_negative" not in {e.code for e in exc.error_dict["amount"]}:
            raise
        amount = Decimal(0)
    assert amount is not None  # required
    if amount <= 0:
        raise error("amount", _("金额必须大于零；更正已入账的金额请使用冲正分录。"), "amount_not_positive")
    return amount


def month_open(frozen: bool, day: dt.date) -> None:
    """No entry in a month whose finances are published (nor before it: the balance carries forward)."""
    if frozen:
        raise PublishedImmutableError(
            {
                "date": ValidationError(
                    _("%(month)s的财务已公开，不能再录入该月账目。") % {"month": f"{day.year}-{day.month:02d}"},
                    code="month_published",
                )
            }
        )
