"""P3's refusals, as pure checks: ``services`` (one record) and ``bulk`` (many) call the same ones.

Each takes what the caller has loaded (one record's facts, or a batch's) and raises a
``ValidationError`` keyed by the field, with its translated message and a stable code.
"""

import datetime as dt

from django.utils.translation import gettext as _

from common.checks import error

from .models import MAX_COMMITMENTS_PER_YEAR


def not_claimed_yet(claimed: bool, member_name: str) -> None:
    if claimed:
        raise error("member", _("%(name)s已认领过该岗位。") % {"name": member_name}, "already_claimed")


def post_not_full(taken: int, capacity: int, title: str) -> None:
    """One more assignment must fit the post's capacity."""
    if taken >= capacity:
        raise error(
            None, _("岗位“%(post)s”定岗%(capacity)s人，已满。") % {"post": title, "capacity": capacity}, "post_full"
        )


def commitments_left(made: int, member_name: str, year: int) -> None:
    """A member makes at most five commitments a year (承诺制: 2–5)."""
    if made >= MAX_COMMITMENTS_PER_YEAR:
        raise error(
            None,
            _("每名党员每年最多%(max)s项承诺，%(name)s在%(year)s年已有%(max)s项。")
            % {"max": MAX_COMMITMENTS_PER_YEAR, "name": member_name, "year": year},
            "too_many_commitments",
        )


def service_has_happened(end: dt.datetime, now: dt.datetime) -> None:
    if end > now:
        raise error("end", _("不能登记尚未发生的志愿服务。"), "service_in_future")


def not_aided_yet(overlaps: bool, member_name: str, household: object) -> None:
    if overlaps:
        raise error(
            "household",
            _("%(name)s已在帮扶%(household)s。") % {"name": member_name, "household": household},
            "already_aided",
        )


def group_name_free(taken: bool, name: str) -> None:
    if taken:
        raise error("name", _("本村已有名为“%(name)s”的互助组。") % {"name": name}, "group_name_taken")


def stars_note(stars: int) -> str:
    """The note a year-end rating's event carries: 4星."""
    return _("%(stars)s星") % {"stars": stars}
