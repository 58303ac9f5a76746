"""The shared refusals of ``common.checks``: names that would be formulas, amounts of money."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from common.checks import parse_amount, plain_name


@pytest.mark.parametrize(
    "name",
    ['=HYPERLINK("http://evil","click")', "=1+1", "+1", "@SUM(1)", "\t=1+1", "\r=1+1", "\x01张三", " =1+1", "\u3000@x"],
)
def test_a_name_starting_like_a_formula_or_with_a_control_character_is_refused(name: str) -> None:
    with pytest.raises(ValidationError) as exc:
        plain_name(name, what="姓名")
    assert [e.code for e in exc.value.error_dict["name"]] == ["name_formula_lead"]
    assert "姓名不能以“=”“+”“@”或控制字符开头" in exc.value.messages[0]


@pytest.mark.parametrize("name", ["张三", "李-四", "王+", "A&B公司", "", None, "-", "1号楼"])
def test_ordinary_names_pass(name: str | None) -> None:
    plain_name(name, what="姓名")


def test_the_refusal_speaks_english_too() -> None:
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        plain_name("=1+1", what="Name", field=None)
    assert exc.value.messages == [
        "Name cannot begin with “=”, “+”, “@” or a control character (a spreadsheet would read it as a formula)."
    ]


# -- amounts ---------------------------------------------------------------------------

AMOUNTS = [
    # (typed, the amount or the refusal's code)
    ("1e9", "amount_exponent"),
    ("1E9", "amount_exponent"),
    ("1e2", "amount_exponent"),
    ("1.5E+3", "amount_exponent"),
    (Decimal("1E+2"), "amount_exponent"),  # what a DecimalField form makes of "1e2"
    ("Infinity", "amount_not_a_number"),
    ("-Infinity", "amount_not_a_number"),
    ("NaN", "amount_not_a_number"),
    (Decimal("NaN"), "amount_not_a_number"),
    ("1,000,000,000", "amount_too_large"),
    ("100000000.01", "amount_too_large"),
    ("1,00", "amount_not_a_number"),  # not a thousands grouping: a slip, not 100
    ("1 000", "amount_not_a_number"),
    ("+5", "amount_not_a_number"),
    ("0x10", "amount_not_a_number"),
    (True, "amount_not_a_number"),
    (0.5, "amount_float"),
    ("-5", "amount_negative"),
    ("1.005", "amount_decimals"),
    ("100,000,000", Decimal("100000000")),  # 1亿元 itself is allowed
    ("1,000.50", Decimal("1000.50")),
    ("30000", Decimal("30000")),
    (" 12.5 ", Decimal("12.5")),
    ("３００００．５０", Decimal("30000.50")),  # typed with a full-width input method
    ("１，０００", Decimal("1000")),
    (Decimal("2500.00"), Decimal("2500.00")),
    (1200, Decimal("1200")),
    ("0", Decimal("0")),
]


@pytest.mark.parametrize(("typed", "expected"), AMOUNTS)
def test_amounts_are_read_as_typed_digits_or_refused(typed: object, expected: object) -> None:
    if isinstance(expected, Decimal):
        assert parse_amount(typed) == expected
        return
    with pytest.raises(ValidationError) as exc:
        parse_amount(typed)
    assert [e.code for e in exc.value.error_dict["amount"]] == [expected]


def test_the_exponent_refusal_says_why_in_both_languages() -> None:
    with pytest.raises(ValidationError) as exc:
        parse_amount("1e9")
    assert exc.value.messages == ["金额请直接写数字，不能使用科学计数法（如 1e9）。"]
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        parse_amount("1,000,000,000")
    assert exc.value.messages == ["The amount is too large: one record may not exceed 100 million yuan."]
