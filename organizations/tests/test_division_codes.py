"""Division codes: right length, digits only, under the parent's code (F-ORG)."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from common.division_codes import CODE_LENGTHS, PARENT_KIND, kind_for_code, validate_code

KINDS = list(CODE_LENGTHS)
CHILD_KINDS = [k for k in KINDS if PARENT_KIND[k] is not None]


def digits(length: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=length, max_size=length)


@st.composite
def code_under_parent(draw: st.DrawFn, kind: str) -> tuple[str, str]:
    parent_kind = PARENT_KIND[kind]
    assert parent_kind is not None
    parent = draw(digits(CODE_LENGTHS[parent_kind]))
    suffix = draw(digits(CODE_LENGTHS[kind] - CODE_LENGTHS[parent_kind]))
    assume(set(suffix) != {"0"})  # "parent + zeros" is refused on purpose (tested below)
    return parent, parent + suffix


def codes_of(exc: ValidationError) -> set[str]:
    return {e.code for e in exc.error_list if e.code}


@pytest.mark.parametrize("kind", CHILD_KINDS)
def test_code_with_parent_prefix_and_right_length_passes(kind: str) -> None:
    @given(code_under_parent(kind))
    def check(pair: tuple[str, str]) -> None:
        parent, code = pair
        validate_code(code, kind, parent)

    check()


@given(digits(6))
def test_county_code_of_six_digits_passes_without_parent(code: str) -> None:
    validate_code(code, "county", None)


@pytest.mark.parametrize("kind", KINDS)
def test_code_of_wrong_length_is_refused(kind: str) -> None:
    @given(st.integers(min_value=0, max_value=20).filter(lambda n: n != CODE_LENGTHS[kind]), st.data())
    def check(length: int, data: st.DataObject) -> None:
        code = data.draw(digits(length))
        with pytest.raises(ValidationError) as info:
            validate_code(code, kind, None)
        assert codes_of(info.value) == {"code_format"}

    check()


@pytest.mark.parametrize("kind", KINDS)
def test_code_with_a_non_digit_is_refused(kind: str) -> None:
    length = CODE_LENGTHS[kind]

    @given(
        digits(length), st.integers(min_value=0, max_value=length - 1), st.characters(blacklist_characters="0123456789")
    )
    def check(code: str, position: int, other: str) -> None:
        bad = code[:position] + other + code[position + 1 :]
        with pytest.raises(ValidationError) as info:
            validate_code(bad, kind, None)
        assert codes_of(info.value) == {"code_format"}

    check()


@pytest.mark.parametrize("kind", CHILD_KINDS)
def test_code_not_starting_with_parent_code_is_refused(kind: str) -> None:
    parent_length = CODE_LENGTHS[PARENT_KIND[kind]]  # type: ignore[index]

    @given(digits(parent_length), digits(CODE_LENGTHS[kind]))
    def check(parent: str, code: str) -> None:
        assume(not code.startswith(parent))
        with pytest.raises(ValidationError) as info:
            validate_code(code, kind, parent)
        assert codes_of(info.value) == {"code_prefix"}

    check()


@pytest.mark.parametrize("kind", CHILD_KINDS)
def test_parent_code_padded_with_zeros_is_refused(kind: str) -> None:
    parent = "350725100201"[: CODE_LENGTHS[PARENT_KIND[kind]]]  # type: ignore[index]
    with pytest.raises(ValidationError) as info:
        validate_code(parent.ljust(CODE_LENGTHS[kind], "0"), kind, parent)
    assert codes_of(info.value) == {"code_zero"}


@pytest.mark.parametrize("value", ["", "３５０７２５", "35072５", " 350725", "350725 ", "-35072", "3507.5"])
def test_county_code_lookalikes_are_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        validate_code(value, "county", None)


def test_error_message_names_the_code_and_length() -> None:
    with pytest.raises(ValidationError) as info:
        validate_code("12345", "township", None)
    message = info.value.messages[0]
    assert "12345" in message
    assert "9" in message


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("350725", "county"),
        ("350725100", "township"),
        ("350725100201", "village"),
        ("350725100201001", "party_group"),
        ("35", "province"),
        ("3507", "prefecture"),
        ("350", None),
    ],
)
def test_kind_for_code_follows_length(code: str, kind: str | None) -> None:
    assert kind_for_code(code) == kind
