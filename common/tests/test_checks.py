"""The shared refusals of ``common.checks``: names that would be formulas, amounts of money."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from common.checks import plain_name


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
