"""Punctuation that follows the active language: "：" in Chinese, ": " in English.

A page or a label puts a name and a recorded value side by side (``地点：村党员活动室``); the
mark between them belongs to neither, so it is translated on its own (context "punctuation"
in the catalogue), and English gets half-width punctuation without a new message per label.
Templates use the same functions as tags (``common/templatetags/punctuation.py``).
"""

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import pgettext


def colon() -> str:
    return pgettext("punctuation", "：")


def lparen() -> str:
    return pgettext("punctuation", "（")


def rparen() -> str:
    return pgettext("punctuation", "）")


def enum_comma() -> str:
    """The comma between the items of a list (顿号)."""
    return pgettext("punctuation", "、")


def semicolon() -> str:
    return pgettext("punctuation", "；")


def parens(text: object, note: object) -> str:
    """``张三（党委书记）`` in Chinese, ``张三 (党委书记)`` in English."""
    return f"{text}{lparen()}{note}{rparen()}"


def year_month(year: int, month: int) -> str:
    """A month of a year in the active language: 2010年3月, March 2010 (Django's ``YEAR_MONTH_FORMAT``)."""
    return date_format(dt.date(int(year), int(month), 1), "YEAR_MONTH_FORMAT")
