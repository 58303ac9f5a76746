"""Bulk member upsert: all rows or none, matched by ID number (F-IO, F-SCENARIO)."""

import datetime as dt

import pytest

from people.bulk import MemberRow, members_upsert
from people.id_numbers import make_id_number
from people.models import MembershipStatus, PartyMembership, Person

pytestmark = pytest.mark.django_db


def row(county, n: int, **changes: object) -> MemberRow:
    born = dt.date(1960 + n % 30, 1 + n % 12, 1 + n % 28)
    sex = "M" if n % 2 else "F"
    values: dict[str, object] = {
        "name": f"党员{n}",
        "sex": sex,
        "birth_date": born,
        "id_number": make_id_number("350725", born, 100 + n, sex),
        "village_code": county.village_a1.code,
        "status": MembershipStatus.FULL,
        "joined_on": dt.date(2005, 7, 1),
        "group_code": county.group_a1.code,
        "phone": f"1380000{n:04d}",
    }
    values.update(changes)
    return MemberRow(**values)  # type: ignore[arg-type]


def counts() -> tuple[int, int]:
    return Person.objects.count(), PartyMembership.objects.count()


def test_valid_rows_are_all_created_with_history(county) -> None:
    result = members_upsert([row(county, n) for n in range(5)])
    assert result.ok, result.errors
    assert (result.created, result.updated) == (5, 0)
    assert counts() == (5, 5)
    person = Person.objects.get(name="党员3")
    assert person.membership.party_group == county.group_a1
    assert person.home_village == county.village_a1
    assert person.history.count() == 1
    assert person.membership.history.count() == 1


def test_one_bad_row_writes_nothing(county) -> None:
    rows = [row(county, n) for n in range(4)]
    rows[2] = row(county, 2, id_number=rows[2].id_number[:17] + ("0" if rows[2].id_number[17] != "0" else "1"))
    result = members_upsert(rows)
    assert not result.ok
    assert [(e.row, e.field) for e in result.errors] == [(2, "id_number")]
    assert counts() == (0, 0)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"village_code": "350725999999"}, "village_code"),
        ({"group_code": "350725101201001"}, "party_group"),  # a group of another village
        ({"group_code": "350725100201999"}, "group_code"),
        ({"phone": "12345"}, "phone"),
        ({"sex": "X"}, "sex"),
        ({"joined_on": dt.date(1961, 1, 1)}, "joined_on"),  # before 18
        ({"id_number": ""}, "id_number"),
    ],
)
def test_each_kind_of_bad_row_is_reported_on_its_field(county, changes: dict, field: str) -> None:
    rows = [row(county, 1), row(county, 2, **changes)]
    result = members_upsert(rows)
    assert field in {e.field for e in result.errors if e.row == 1}
    assert not any(e.row == 0 for e in result.errors)
    assert counts() == (0, 0)


def test_same_rows_twice_create_then_update_without_duplicates(county) -> None:
    rows = [row(county, n) for n in range(3)]
    first = members_upsert(rows)
    assert (first.created, first.updated) == (3, 0)
    rows[1] = row(county, 1, name="改名党员", phone="0599-3322111", status=MembershipStatus.PROBATIONARY)
    second = members_upsert(rows)
    assert second.ok, second.errors
    assert (second.created, second.updated) == (0, 3)
    assert counts() == (3, 3)
    changed = Person.objects.with_id_numbers([rows[1].id_number]).get()
    assert (changed.name, changed.phone) == ("改名党员", "0599-3322111")
    assert changed.membership.status == MembershipStatus.PROBATIONARY


def test_lower_case_x_matches_the_stored_number(county) -> None:
    born = dt.date(1949, 12, 31)
    first = row(county, 1, id_number="11010519491231002X", sex="F", birth_date=born)
    members_upsert([first])
    second = members_upsert([row(county, 1, id_number="11010519491231002x", sex="F", birth_date=born)])
    assert (second.created, second.updated) == (0, 1)
    assert counts() == (1, 1)


def test_duplicate_id_number_in_the_file_is_refused(county) -> None:
    rows = [row(county, 1), row(county, 2), row(county, 1, name="重复")]
    result = members_upsert(rows)
    assert [(e.row, e.field) for e in result.errors] == [(2, "id_number")]
    assert "1" in result.errors[0].message  # points at the first occurrence (row 1 of the file)
    assert counts() == (0, 0)


def test_dry_run_counts_but_writes_nothing(county) -> None:
    members_upsert([row(county, 1)])
    result = members_upsert([row(county, 1), row(county, 2)], dry_run=True)
    assert result.ok
    assert (result.created, result.updated) == (1, 1)
    assert counts() == (1, 1)


def test_progress_is_reported_up_to_the_total(county) -> None:
    seen: list[tuple[int, int]] = []
    members_upsert([row(county, n) for n in range(3)], on_progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (3, 3)
    assert all(done <= total for done, total in seen)
