"""How the campaign report writes numbers: measure words and nouns, money, Chinese numerals, dates.

The number of each figure comes with its measure word (Chinese) or noun (English), plural-
aware in English, from one translatable phrase per figure key (``figure_phrase``); the
tests use the same functions, so a figure in the text is checked as the reader sees it.
"""

import datetime as dt
from decimal import Decimal

from django.utils import translation
from django.utils.translation import npgettext_lazy

from common.figures import Number

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


def is_chinese(language: str | None = None) -> bool:
    return not (language or translation.get_language() or "zh-hans").startswith("en")


def format_money(value: Number, language: str | None = None) -> str:
    """Return yuan as the text writes them: 103.6万 in Chinese where exact to the hundred, 1,036,000 in English."""
    amount = Decimal(value).quantize(Decimal("0.01"))
    if is_chinese(language):
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
    if is_chinese(language):
        if key in CHINESE_NUMERAL_KEYS and 0 < number <= 10:
            return CHINESE_NUMERALS[number]
        return str(number)
    return f"{number:,}"


def figure_phrase(key: str, value: Number) -> str:
    """Return the figure's number with its measure word or noun in the active language ("164名…", "164 … cadres")."""
    count = 1 if value == 1 else 2
    return str(PHRASES[key] % {"count": count, "n": format_number(key, value)})


def times(number: int) -> str:
    """A small count of times: 一次/两次 in Chinese, once/twice/3 times in English."""
    if is_chinese():
        return f"{_numeral(number)}次"
    return {1: "once", 2: "twice"}.get(number, f"{number} times")


def _numeral(number: int) -> str:
    return CHINESE_NUMERALS[number] if 0 < number <= 10 else str(number)


def times_range(least_most: tuple[int, int]) -> str:
    """A requirement that differs between counties: 二至四次, 2 to 4 times (one number when they agree)."""
    least, most = least_most
    if least == most:
        return times(least)
    if is_chinese():
        return f"{_numeral(least)}至{_numeral(most)}次"
    return f"{least} to {most} times"


def date_text(day: dt.date) -> str:
    """A date as the report writes it: 2010年12月31日, or 31 December 2010."""
    if is_chinese():
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day:%B} {day.year}"
