"""Statistical division codes (统计用区划代码) and the codes we derive from them.

County 6 digits, township 9, administrative village 12. A party group has no official
code; we give it its village's code plus a 3-digit sequence (15 digits), so that every
subtree, groups included, is a prefix match on ``code``.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CODE_LENGTHS = {"county": 6, "township": 9, "village": 12, "party_group": 15}
PARENT_KIND = {"county": None, "township": "county", "village": "township", "party_group": "village"}
_DIGITS = re.compile(r"[0-9]+")  # used with fullmatch: "$" would accept a trailing newline


def expected_length(kind: str) -> int:
    return CODE_LENGTHS[kind]


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
        raise ValidationError(
            _("代码“%(code)s”不能全为上级代码加零。"), code="code_zero", params={"code": code}
        )


def kind_for_code(code: str) -> str | None:
    for kind, length in CODE_LENGTHS.items():
        if len(code) == length:
            return kind
    return None
