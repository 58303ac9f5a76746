"""Branch life's refusals, as pure checks: the services (one record) and the importers (many) call the same ones."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from common.checks import error
from common.money import yuan

from .models import QUORUM_KINDS


def attendees_are_members(names_outside: Iterable[str], branch_name: str) -> None:
    """Only members of the meeting's branch have attendance there."""
    outside = sorted(names_outside)
    if outside:
        raise error(
            "attendance",
            _("%(names)s不是%(branch)s党支部的党员，不能登记出席情况。")
            % {"names": "、".join(outside), "branch": branch_name},
            "attendee_not_member",
        )


def member_of_branch(is_member: bool, name: str, branch_name: str) -> None:
    """Dues are recorded for a member of the branch they are paid to."""
    if not is_member:
        raise error(
            "member",
            _("%(name)s不是%(branch)s党支部的党员。") % {"name": name, "branch": branch_name},
            "not_branch_member",
        )


def quorum_reached(kind: str, decisions: str, present_full: int, full_members: int) -> None:
    """A decision of the whole branch needs more than half of its full (voting) members present."""
    if kind not in QUORUM_KINDS or not decisions.strip():
        return
    if present_full * 2 <= full_members:
        raise error(
            "decisions",
            _(
                "应到有表决权的正式党员%(full)s人，实到%(present)s人，未超过半数，不能作出决定；"
                "请补全出席情况，或不作为决策会议登记（决定事项留空）。"
            )
            % {"full": full_members, "present": present_full},
            "no_quorum",
        )


def month_not_in_future(month: dt.date, today: dt.date) -> None:
    """Dues are paid for a month that has begun, never in advance of it."""
    if (month.year, month.month) > (today.year, today.month):
        raise error(
            "month", _("不能登记尚未到来的月份（%(month)s）的党费。") % {"month": f"{month:%Y-%m}"}, "future_month"
        )


def not_paid_yet(paid: bool, name: str, month: dt.date) -> None:
    if paid:
        raise error(
            "month", _("%(name)s%(month)s的党费已登记。") % {"name": name, "month": f"{month:%Y-%m}"}, "already_paid"
        )


def dues_within_range(amount: Decimal, low: Decimal, high: Decimal) -> None:
    """A rural member's monthly dues lie within the county's range."""
    if amount < low or amount > high:
        raise error(
            "rate",
            _("每月党费%(amount)s不在本县标准%(low)s至%(high)s之间。")
            % {"amount": yuan(amount), "low": yuan(low), "high": yuan(high)},
            "dues_out_of_range",
        )


def range_in_order(low: Decimal, high: Decimal) -> None:
    if low <= 0 or high < low:
        raise error("maximum", _("党费标准的最高额不能低于最低额，且都应大于0。"), "range_out_of_order")


def notice_target_within(target_code: str, origin_code: str) -> None:
    if not target_code.startswith(origin_code):
        raise error("target", _("发送范围必须在发文单位的辖区之内。"), "target_outside_origin")


def has_recipients(count: int) -> None:
    if not count:
        raise error("target", _("所选范围内没有符合条件的接收人。"), "no_recipients")


def signs_in_as_member(is_member: bool, branch_name: str) -> None:
    """Only a member of the meeting's branch (joined by its day) signs in to it."""
    if not is_member:
        raise error(
            "member",
            _("您不是%(branch)s党支部的党员，不能在这次会议签到。") % {"branch": branch_name},
            "sign_in_not_member",
        )


def signs_in_on_the_day(meeting_day: dt.date, today: dt.date) -> None:
    """Signing in by the meeting's QR code is open on the meeting's day only."""
    if meeting_day != today:
        raise error(
            "date",
            _("只能在会议当天（%(day)s）扫码签到，今天是%(today)s。")
            % {"day": meeting_day.isoformat(), "today": today.isoformat()},
            "sign_in_not_meeting_day",
        )
