"""Phone numbers: mainland mobiles and landlines with area code, validated and masked (F-PEOPLE)."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from people.phones import mask_phone, normalize_phone, validate_phone

mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


@given(mobiles)
def test_any_mainland_mobile_is_valid(phone: str) -> None:
    validate_phone(phone)


@pytest.mark.parametrize(
    "phone",
    [
        "13800001234",
        "199 0000 1234",
        "+8613800001234",
        "0599-3322111",  # Zhenghe's area code, 7-digit number
        "05993322111",
        "010-88886666",
        "(0599)3322111",
        "（0599）3322111",
        "13800001234\n",  # whitespace is normalized away
    ],
)
def test_valid_numbers_pass(phone: str) -> None:
    validate_phone(phone)


@pytest.mark.parametrize(
    "phone",
    [
        "",
        "12800001234",  # no mobile prefix 12
        "1380000123",  # 10 digits
        "138000012345",  # 12 digits
        "3322111",  # landline without area code
        "0599-33221",  # too short
        "abc13800001234",
        "1380000123４",  # full-width digit
    ],
)
def test_invalid_numbers_are_refused(phone: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_phone(phone)
    assert info.value.code == "phone"


def test_normalize_drops_spaces_brackets_and_country_code() -> None:
    assert normalize_phone(" +86 138 0000 1234 ") == "13800001234"
    assert normalize_phone("（0599）3322111") == "05993322111"
    assert normalize_phone(None) == ""  # type: ignore[arg-type]


@given(mobiles)
def test_mask_shows_first_three_and_last_four(phone: str) -> None:
    masked = mask_phone(phone)
    assert masked == phone[:3] + "****" + phone[-4:]


def test_mask_of_landline_and_short_values() -> None:
    assert mask_phone("0599-3322111") == "059*****2111"
    assert mask_phone("") == ""
    assert mask_phone("12345") == "*****"
