"""Refusals every app makes the same way: dates in the future, an end before its start, amounts of money, names.

Each check raises a ``ValidationError`` keyed by the field, with its translated message
and a stable ``code`` (the API returns it; tests and importers name it). An app's own
refusals live in its ``checks.py``, called by its services and its bulk path alike, so
that no refusal message is written twice (``xianfeng/tests/test_refusals_once.py``).
"""

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Literal, overload

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import clock

# Messages models and forms use as they are (a form's error_messages, a model's clean()).
END_BEFORE_START = gettext_lazy("结束日期不能早于开始日期。")
AMOUNT_NOT_A_NUMBER = gettext_lazy("金额必须是数字，例如 30000.00。")
AMOUNT_TWO_DECIMALS = gettext_lazy("金额最多保留两位小数（到分）。")
AMOUNT_TOO_LARGE = gettext_lazy("金额过大：一笔不能超过1亿元。")
AMOUNT_NEGATIVE = gettext_lazy("金额不能为负数。")
AMOUNT_EXPONENT = gettext_lazy("金额请直接写数字，不能使用科学计数法（如 1e9）。")
# The largest amount one record may carry (元): above it a typing slip is far likelier than a real sum.
MAX_AMOUNT = Decimal("100000000")  # 1亿元


def error(field: str | None, message: str, code: str) -> ValidationError:
    """A refusal keyed by ``field`` (or the whole record when None)."""
    one = ValidationError(message, code=code)
    return ValidationError({field: one}) if field else one


def not_in_future(day: dt.date | None, *, what: str, field: str | None = "date", today: dt.date | None = None) -> None:
    """Refuse ``day`` after today (``what`` names the date: 点评日期, 培训日期…)."""
    if day is not None and day > (today or clock.today()):
        raise error(field, _("%(what)s不能晚于今天。") % {"what": what}, "in_future")


def end_not_before_start(start: dt.date | None, end: dt.date | None, *, field: str = "end") -> None:
    if start and end and end < start:
        raise error(field, str(END_BEFORE_START), "end_before_start")


# Money is typed as digits: an optional minus, digits (grouped by thousands with commas or not), decimals.
_AMOUNT_TEXT = re.compile(r"-?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d*)?|-?\.\d+")
_EXPONENT = re.compile(r"\d[eE][+-]?\d")


@overload
def parse_amount(
    value: object, *, field: str = ..., positive: bool = ..., required: Literal[True] = ...
) -> Decimal: ...
@overload
def parse_amount(value: object, *, field: str = ..., positive: bool = ..., required: bool) -> Decimal | None: ...
def parse_amount(
    value: object, *, field: str = "amount", positive: bool = False, required: bool = True
) -> Decimal | None:
    """Return an exact amount in 元 with at most two decimals, or refuse.

    Text is read as typed, in half- or full-width characters: ``30000``, ``30,000.50``,
    ``３００００``. Refused: floats (0.1 + 0.2 is not money), exponents (``1e9``, also as a
    Decimal a form made of it), ``Infinity`` and ``NaN``, any other text, more than two
    decimals, amounts above ``MAX_AMOUNT``, negatives and — with ``positive`` — zero.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise error(field, _("请填写金额。"), "amount_required")
        return None
    if isinstance(value, float):
        raise error(field, _("金额请使用精确的十进制数，不能使用浮点数。"), "amount_float")
    if isinstance(value, Decimal):
        if value.is_finite() and value.as_tuple().exponent > 0:  # type: ignore[operator]
            raise error(field, str(AMOUNT_EXPONENT), "amount_exponent")
        text = format(value, "f") if value.is_finite() else "NaN"
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
    if _EXPONENT.search(text):
        raise error(field, str(AMOUNT_EXPONENT), "amount_exponent")
    if isinstance(value, bool) or not _AMOUNT_TEXT.fullmatch(text):
        raise error(field, str(AMOUNT_NOT_A_NUMBER), "amount_not_a_number")
    try:
        amount = Decimal(text.replace(",", ""))
    except (InvalidOperation, ValueError):
        raise error(field, str(AMOUNT_NOT_A_NUMBER), "amount_not_a_number") from None
    if amount < 0:
        raise error(field, str(AMOUNT_NEGATIVE), "amount_negative")
    if positive and amount == 0:
        raise error(field, _("金额必须大于零。"), "amount_not_positive")
    if amount != amount.quantize(Decimal("0.01")):
        raise error(field, str(AMOUNT_TWO_DECIMALS), "amount_decimals")
    if amount > MAX_AMOUNT:
        raise error(field, str(AMOUNT_TOO_LARGE), "amount_too_large")
    return amount


# A name never starts so; a spreadsheet would read it as a formula (docs/security.md "Files and forms").
NAME_FORBIDDEN_LEADS = ("=", "+", "@")


def plain_name(value: str | None, *, what: str, field: str | None = "name") -> None:
    """Refuse a name (``what``: 名称, 姓名…) that starts with ``=``, ``+``, ``@`` or a control character.

    Leading spaces are looked through: `` =1+1`` is refused like ``=1+1``.
    """
    text = (value or "").lstrip(" \u3000")
    if text and (text.startswith(NAME_FORBIDDEN_LEADS) or unicodedata.category(text[0]) == "Cc"):
        raise error(
            field,
            _("%(what)s不能以“=”“+”“@”或控制字符开头（这样的内容会被电子表格当作公式）。") % {"what": what},
            "name_formula_lead",
        )


def decision_outcome(outcome: str, choices: list[str], decision: str) -> None:
    """A decision (on a case, an appeal) names its outcome and says why."""
    if outcome not in choices:
        raise error("outcome", _("请选择处理结果。"), "outcome_required")
    if not (decision or "").strip():
        raise error("decision", _("请填写处理意见。"), "decision_required")


def messages_of(check, *args, **kwargs) -> list[str]:  # type: ignore[no-untyped-def]
    """Run ``check`` and return its refusal messages (none when it passes): for bulk paths collecting rows."""
    try:
        check(*args, **kwargs)
    except ValidationError as exc:
        return exc.messages
    return []
