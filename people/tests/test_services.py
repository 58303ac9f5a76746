"""People services: every write checks ID number, phone, membership and posts (F-PEOPLE)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from people import services
from people.id_numbers import make_id_number
from people.models import CadreRank, MembershipStatus, PartyMembership, Person, Post

pytestmark = pytest.mark.django_db

BORN = dt.date(1970, 5, 17)


def make_person(village=None, *, born: dt.date = BORN, sex: str = "M", sequence: int = 7, **fields) -> Person:
    return services.person_create(
        name=fields.pop("name", "张三"),
        sex=sex,
        birth_date=born,
        id_number=fields.pop("id_number", make_id_number("350725", born, sequence, sex)),
        home_village=village,
        **fields,
    )


def test_person_with_matching_id_number_is_created(county) -> None:
    person = make_person(county.village_a1, phone="138 0000 1234")
    assert person.pk is not None
    assert person.phone == "13800001234"  # stored normalized
    assert person.history.count() == 1


def test_birth_date_disagreeing_with_id_number_is_refused(county) -> None:
    number = make_id_number("350725", BORN, 1, "M")
    with pytest.raises(ValidationError) as info:
        services.person_create(name="王五", sex="M", birth_date=dt.date(1971, 5, 17), id_number=number)
    assert "birth_date" in info.value.error_dict
    assert not Person.objects.exists()


def test_sex_disagreeing_with_id_number_is_refused(county) -> None:
    number = make_id_number("350725", BORN, 1, "M")
    with pytest.raises(ValidationError) as info:
        services.person_create(name="王五", sex="F", birth_date=BORN, id_number=number)
    assert "sex" in info.value.error_dict


def test_invalid_id_number_and_phone_are_refused(county) -> None:
    number = make_id_number("350725", BORN, 1, "M")
    bad = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ValidationError) as info:
        services.person_create(name="王五", sex="M", birth_date=BORN, id_number=bad, phone="12345")
    assert set(info.value.error_dict) == {"id_number", "phone"}


def test_id_number_is_normalized_and_unique(county) -> None:
    number = "11010519491231002X"
    person = services.person_create(
        name="赵六", sex="F", birth_date=dt.date(1949, 12, 31), id_number=" 11010519491231002x "
    )
    assert person.id_number == number
    with pytest.raises(ValidationError) as info:
        services.person_create(name="赵六", sex="F", birth_date=dt.date(1949, 12, 31), id_number=number)
    assert "id_number" in info.value.error_dict


def test_person_without_id_number_is_allowed_and_several_may_lack_one(county) -> None:
    services.person_create(name="无证一", sex="M", birth_date=BORN, id_number="")
    services.person_create(name="无证二", sex="M", birth_date=BORN)
    assert Person.objects.filter(id_number__isnull=True).count() == 2


def test_home_village_must_be_a_village(county) -> None:
    with pytest.raises(ValidationError) as info:
        make_person(county.township_a)
    assert "home_village" in info.value.error_dict


def test_person_update_checks_again_and_rejects_unknown_fields(county) -> None:
    person = make_person(county.village_a1)
    with pytest.raises(ValidationError):
        services.person_update(person=person, birth_date=dt.date(1980, 1, 1))
    with pytest.raises(TypeError):
        services.person_update(person=person, salary=100)
    person.refresh_from_db()
    services.person_update(person=person, name="张三丰", phone="0599-3322111")
    person.refresh_from_db()
    assert (person.name, person.phone) == ("张三丰", "0599-3322111")


def test_membership_in_own_village_group_is_set_and_updated(county) -> None:
    person = make_person(county.village_a1)
    services.membership_set(
        person=person,
        status=MembershipStatus.PROBATIONARY,
        joined_on=dt.date(2009, 7, 1),
        branch=county.village_a1,
        party_group=county.group_a1,
    )
    services.membership_set(
        person=person, status=MembershipStatus.FULL, joined_on=dt.date(2009, 7, 1), branch=county.village_a1
    )
    membership = PartyMembership.objects.get(person=person)
    assert (membership.status, membership.party_group) == (MembershipStatus.FULL, None)


def test_membership_with_a_group_of_another_village_is_refused(county) -> None:
    person = make_person(county.village_a1)
    with pytest.raises(ValidationError) as info:
        services.membership_set(
            person=person,
            status=MembershipStatus.FULL,
            joined_on=dt.date(2000, 7, 1),
            branch=county.village_a1,
            party_group=county.group_b1,
        )
    assert "party_group" in info.value.error_dict
    assert not PartyMembership.objects.filter(person=person).exists()


def test_membership_branch_must_be_a_village(county) -> None:
    person = make_person(county.village_a1)
    with pytest.raises(ValidationError) as info:
        services.membership_set(
            person=person, status=MembershipStatus.FULL, joined_on=dt.date(2000, 7, 1), branch=county.township_a
        )
    assert "branch" in info.value.error_dict


def test_party_group_field_must_hold_a_party_group(county) -> None:
    person = make_person(county.village_a1)
    with pytest.raises(ValidationError) as info:
        services.membership_set(
            person=person,
            status=MembershipStatus.FULL,
            joined_on=dt.date(2000, 7, 1),
            branch=county.village_a1,
            party_group=county.village_a2,
        )
    assert "party_group" in info.value.error_dict


@pytest.mark.parametrize(
    ("born", "joined", "allowed"),
    [
        (dt.date(1970, 5, 17), dt.date(1988, 5, 16), False),  # the day before the 18th birthday
        (dt.date(1970, 5, 17), dt.date(1988, 5, 17), True),  # on the 18th birthday
        (dt.date(2000, 1, 10), dt.date(2018, 1, 8), False),  # 6,573 days: more than 18 × 365, still 17
        (dt.date(1960, 2, 29), dt.date(1978, 2, 28), False),  # born on 29 February
        (dt.date(1960, 2, 29), dt.date(1978, 3, 1), True),
        (dt.date(1970, 5, 17), dt.date(1975, 1, 1), False),
    ],
)
def test_joining_before_eighteen_is_refused(county, born: dt.date, joined: dt.date, allowed: bool) -> None:
    person = make_person(county.village_a1, born=born)

    def join() -> PartyMembership:
        return services.membership_set(
            person=person, status=MembershipStatus.FULL, joined_on=joined, branch=county.village_a1
        )

    if allowed:
        assert join().pk is not None
    else:
        with pytest.raises(ValidationError) as info:
            join()
        assert "joined_on" in info.value.error_dict


def test_cadre_belongs_to_a_county_or_township(county) -> None:
    person = make_person()
    cadre = services.cadre_set(person=person, organization=county.township_a, rank=CadreRank.SECTION, position="副镇长")
    assert str(cadre) == "张三（副镇长）"
    with pytest.raises(ValidationError) as info:
        services.cadre_set(person=person, organization=county.village_a1, rank=CadreRank.OTHER)
    assert "organization" in info.value.error_dict


def test_appointment_post_must_match_the_organization_kind(county) -> None:
    person = make_person(county.village_a1)
    with pytest.raises(ValidationError) as info:
        services.appointment_create(
            person=person, organization=county.township_a, post=Post.VILLAGE_SECRETARY, start=dt.date(2008, 1, 1)
        )
    assert "organization" in info.value.error_dict
    with pytest.raises(ValidationError) as info:
        services.appointment_create(
            person=person,
            organization=county.village_a1,
            post=Post.VILLAGE_SECRETARY,
            start=dt.date(2008, 1, 1),
            end=dt.date(2007, 1, 1),
        )
    assert "end" in info.value.error_dict


def test_holders_on_a_date_follow_the_appointments(county) -> None:
    old = make_person(county.village_a1, name="老书记", sequence=1)
    new = make_person(county.village_a1, name="新书记", sequence=2)
    village = county.village_a1
    services.appointment_create(
        person=old,
        organization=village,
        post=Post.VILLAGE_SECRETARY,
        start=dt.date(2005, 1, 1),
        end=dt.date(2010, 6, 30),
    )
    services.appointment_create(
        person=new, organization=village, post=Post.VILLAGE_SECRETARY, start=dt.date(2010, 7, 1)
    )
    assert [h.name for h in services.holders_on(village, Post.VILLAGE_SECRETARY, dt.date(2010, 6, 30))] == ["老书记"]
    assert [h.name for h in services.holders_on(village, Post.VILLAGE_SECRETARY, dt.date(2010, 12, 31))] == ["新书记"]
    assert services.holders_on(village, Post.VILLAGE_SECRETARY, dt.date(2004, 12, 31)) == []
