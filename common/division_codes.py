"""Statistical division codes (统计用区划代码) and the codes we derive from them.

Province 2 digits, prefecture 4, county 6, township 9, administrative village 12. A party group has no official
code; we give it its village's code plus a 3-digit sequence (15 digits), so that every
subtree, groups included, is a prefix match on ``code``. The first 2 digits of a county
name its province and the first 4 its prefecture (GB/T 2260).

Code that needs "the county of this unit" asks :func:`county_code`, never ``code[:6]``.
"""

import re
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PROVINCE_LENGTH = 2
PREFECTURE_LENGTH = 4
COUNTY_LENGTH = 6
TOWNSHIP_LENGTH = 9
VILLAGE_LENGTH = 12
PARTY_GROUP_LENGTH = 15

CODE_LENGTHS = {
    "province": PROVINCE_LENGTH,
    "prefecture": PREFECTURE_LENGTH,
    "county": COUNTY_LENGTH,
    "township": TOWNSHIP_LENGTH,
    "village": VILLAGE_LENGTH,
    "party_group": PARTY_GROUP_LENGTH,
}
PARENT_KIND = {
    "province": None,
    "prefecture": "province",
    "county": "prefecture",
    "township": "county",
    "village": "township",
    "party_group": "village",
}
# A county may stand alone (an installation of one county, as before provinces existed).
OPTIONAL_PARENT = frozenset({"county"})
CHILD_KIND = {
    "province": "prefecture",
    "prefecture": "county",
    "county": "township",
    "township": "village",
    "village": "party_group",
}
# The levels above a county, whose units hold counties (a province or prefecture admin's).
UPPER_KINDS = ("province", "prefecture")
# The levels a code's prefixes stand for, shortest first.
LEVEL_LENGTHS = (PROVINCE_LENGTH, PREFECTURE_LENGTH, COUNTY_LENGTH, TOWNSHIP_LENGTH, VILLAGE_LENGTH, PARTY_GROUP_LENGTH)
_DIGITS = re.compile(r"[0-9]+")  # used with fullmatch: "$" would accept a trailing newline
_CODE_PREFIX = re.compile(r"[0-9]{2,15}")


def expected_length(kind: str) -> int:
    return CODE_LENGTHS[kind]


def kind_for_code(code: str) -> str | None:
    for kind, length in CODE_LENGTHS.items():
        if len(code) == length:
            return kind
    return None


def province_code(code: str) -> str:
    return code[:PROVINCE_LENGTH]


def prefecture_code(code: str) -> str:
    return code[:PREFECTURE_LENGTH]


def county_code(code: str) -> str:
    """Return the code of the county that ``code`` lies in (a county's own code for a county)."""
    return code[:COUNTY_LENGTH]


def township_code(code: str) -> str:
    """Return the code of the township that ``code`` lies in (for a county code: the county code)."""
    return code[:TOWNSHIP_LENGTH]


def village_code(code: str) -> str:
    return code[:VILLAGE_LENGTH]


def ancestor_codes(code: str, *, including_self: bool = False) -> Iterator[str]:
    """Yield the codes of the units above ``code`` (province, prefecture, county, township, village), top first."""
    for length in LEVEL_LENGTHS:
        if len(code) > length:
            yield code[:length]
    if including_self:
        yield code


def is_within(code: str, unit_code: str) -> bool:
    """Return True if ``code`` is ``unit_code`` or lies under it."""
    return code.startswith(unit_code)


def clean_code_prefix(value: str | None) -> str:
    """Return ``value`` if it looks like a division code prefix, else "" (junk in a filter is ignored)."""
    value = (value or "").strip()
    return value if _CODE_PREFIX.fullmatch(value) else ""


def validate_code(code: str, kind: str, parent_code: str | None) -> None:
    """Raise ValidationError unless ``code`` is a well-formed code of ``kind`` under ``parent_code``."""
    length = CODE_LENGTHS[kind]
    if not code or not _DIGITS.fullmatch(code) or len(code) != length:
        raise ValidationError(
            _("代码“%(code)s”应为 %(length)d 位数字。"),
            code="code_format",
            params={"code": code, "length": length},
        )
    if parent_code is not None and not code.startswith(parent_code):
        raise ValidationError(
            _("代码“%(code)s”必须以上级单位代码“%(parent)s”开头。"),
            code="code_prefix",
            params={"code": code, "parent": parent_code},
        )
    if parent_code is not None and code == parent_code.ljust(length, "0"):
        raise ValidationError(_("代码“%(code)s”不能全为上级代码加零。"), code="code_zero", params={"code": code})
