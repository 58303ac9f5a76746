"""Resident ID numbers (GB 11643): check digit, birth date, sex and masking (F-PEOPLE)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from people.id_numbers import (
    birth_date_of,
    check_digit,
    make_id_number,
    mask_id_number,
    normalize,
    sex_of,
    validate_id_number,
)

regions = st.from_regex(r"[1-9][0-9]{5}", fullmatch=True)
births = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date.today())
sequences = st.integers(min_value=0, max_value=10_000)
sexes = st.sampled_from(["M", "F"])


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    return make_id_number(draw(regions), draw(births), draw(sequences), draw(sexes))


def error_code(value: str) -> str | None:
    with pytest.raises(ValidationError) as info:
        validate_id_number(value)
    return info.value.code


@given(regions, births, sequences, sexes)
def test_made_number_is_valid_and_round_trips(region: str, born: dt.date, sequence: int, sex: str) -> None:
    number = make_id_number(region, born, sequence, sex)
    validate_id_number(number)
    assert len(number) == 18
    assert number.startswith(region)
    assert birth_date_of(number) == born
    assert sex_of(number) == sex


@given(id_numbers(), st.integers(min_value=0, max_value=17), st.data())
def test_any_single_character_change_is_refused(number: str, position: int, data: st.DataObject) -> None:
    # MOD 11-2 weights are all non-zero modulo the prime 11, so the check character
    # moves whenever one digit does: every single-character change is caught.
    alphabet = "0123456789X" if position == 17 else "0123456789"
    other = data.draw(st.sampled_from([c for c in alphabet if c != number[position]]))
    changed = number[:position] + other + number[position + 1 :]
    with pytest.raises(ValidationError):
        validate_id_number(changed)


@given(id_numbers(), st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9))
def test_check_digit_alone_catches_every_single_digit_change(number: str, position: int, delta: int) -> None:
    body = number[:17]
    changed = body[:position] + str((int(body[position]) + delta) % 10) + body[position + 1 :]
    assert check_digit(changed) != check_digit(body)


@given(id_numbers())
def test_mask_shows_only_the_region_code(number: str) -> None:
    masked = mask_id_number(number)
    assert len(masked) == 18
    assert masked[:6] == number[:6]
    assert masked[6:] == "*" * 12


def test_mask_of_empty_and_odd_lengths_hides_everything() -> None:
    assert mask_id_number("") == ""
    assert mask_id_number("12345") == "*****"


def test_known_number_with_x_check_character() -> None:
    # The specimen from GB 11643-1999, appendix: 11010519491231002X.
    validate_id_number("11010519491231002X")
    validate_id_number("11010519491231002x")  # lower-case x is normalized
    assert birth_date_of("11010519491231002X") == dt.date(1949, 12, 31)
    assert sex_of("11010519491231002X") == "F"


def test_normalize_strips_and_upper_cases() -> None:
    assert normalize("  11010519491231002x ") == "11010519491231002X"
    assert normalize(None) == ""  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "id_format"),
        ("110105491231002", "id_format"),  # the old 15-digit form
        ("01010519491231002X", "id_format"),  # region cannot start with 0
        ("1101051949123100X2", "id_format"),
        ("110105194902300027", "id_birth"),  # 30 February
        ("110105189912310020", "id_birth"),  # before 1900
    ],
)
def test_malformed_numbers_are_refused_with_a_reason(value: str, code: str) -> None:
    assert error_code(value) == code


def test_birth_date_in_the_future_is_refused() -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert error_code(make_id_number("350725", tomorrow, 1, "M")) == "id_birth"


def test_wrong_check_character_is_refused_as_such() -> None:
    number = make_id_number("350725", dt.date(1970, 5, 17), 12, "M")
    other = "1" if number[17] != "1" else "2"
    assert error_code(number[:17] + other) == "id_check"
