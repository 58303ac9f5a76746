import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from pairing import services
from pairing.models import Pairing, PairingKind, Status
from people import services as people_services
from people.models import HouseholdCause, HouseholdStatus
from xianfeng.tests import factories as f

from .conftest import START, make_cadre


def test_department_pairing_status_is_derived_from_dates(county, units):
    pairing = services.pairing_create(
        kind=PairingKind.DEPARTMENT,
        village=county.village_a1,
        unit=units.department,
        start=dt.date(2010, 3, 1),
        end=dt.date(2010, 12, 31),
    )
    assert pairing.status_on(dt.date(2010, 2, 1)) == Status.NOT_STARTED
    assert pairing.status_on(dt.date(2010, 6, 1)) == Status.ACTIVE
    assert pairing.status_on(dt.date(2011, 1, 1)) == Status.ENDED
    assert list(Pairing.objects.with_status(Status.ACTIVE, dt.date(2010, 6, 1))) == [pairing]
    assert not Pairing.objects.with_status(Status.ACTIVE, dt.date(2011, 1, 1)).exists()


def test_civilized_unit_for_a_department_pairing_is_refused(county, units):
    with pytest.raises(ValidationError) as exc:
        services.pairing_create(
            kind=PairingKind.DEPARTMENT, village=county.village_a1, unit=units.civilized, start=START
        )
    assert "县人民银行是文明单位" in str(exc.value)
    assert Pairing.objects.count() == 0


def test_enterprise_pairing_needs_an_enterprise(county, units):
    with pytest.raises(ValidationError):
        services.pairing_create(
            kind=PairingKind.ENTERPRISE, village=county.village_a1, unit=units.department, start=START
        )
    services.pairing_create(kind=PairingKind.ENTERPRISE, village=county.village_a1, unit=units.enterprise, start=START)
    assert Pairing.objects.count() == 1


def test_pairing_with_a_township_is_refused(county, units):
    with pytest.raises(ValidationError) as exc:
        services.pairing_create(
            kind=PairingKind.DEPARTMENT, village=county.township_a, unit=units.department, start=START
        )
    assert "行政村" in str(exc.value)
    assert Pairing.objects.count() == 0


def test_end_before_start_is_refused(county, units):
    with pytest.raises(ValidationError):
        services.pairing_create(
            kind=PairingKind.DEPARTMENT,
            village=county.village_a1,
            unit=units.department,
            start=dt.date(2010, 5, 1),
            end=dt.date(2010, 4, 1),
        )
    assert Pairing.objects.count() == 0


def test_same_unit_and_village_overlapping_in_time_is_refused(county, units, department_pairing):
    with pytest.raises(ValidationError) as exc:
        services.pairing_create(
            kind=PairingKind.DEPARTMENT, village=county.village_a1, unit=units.department, start=dt.date(2011, 1, 1)
        )
    assert "时间重叠" in str(exc.value)
    assert Pairing.objects.count() == 1


def test_same_unit_may_pair_again_after_the_first_pairing_ended(county, units, department_pairing):
    services.pairing_end(pairing=department_pairing, end=dt.date(2010, 12, 31))
    services.pairing_create(
        kind=PairingKind.DEPARTMENT, village=county.village_a1, unit=units.department, start=dt.date(2011, 1, 1)
    )
    # Another village at the same time is a different pairing.
    services.pairing_create(kind=PairingKind.DEPARTMENT, village=county.village_a2, unit=units.department, start=START)
    assert Pairing.objects.count() == 3


def test_branch_pairing_shows_the_units_party_organization(county, units):
    pairing = services.pairing_create(
        kind=PairingKind.BRANCH, village=county.village_a1, unit=units.enterprise, start=START
    )
    assert pairing.urban_side == "政和茶业公司党支部"


def test_member_pairing_links_two_people(county):
    urban = f.person(None, name="城市党员")
    rural = f.member(county.village_a1, county.group_a1, name="农村党员")
    pairing = services.pairing_create(
        kind=PairingKind.MEMBER, village=county.village_a1, urban_person=urban, rural_person=rural, start=START
    )
    assert "城市党员" in str(pairing) and "农村党员" in str(pairing)
    with pytest.raises(ValidationError):
        services.pairing_create(
            kind=PairingKind.MEMBER,
            village=county.village_a1,
            urban_person=urban,
            rural_person=rural,
            start=dt.date(2010, 6, 1),
        )
    assert Pairing.objects.count() == 1


def test_cadre_pairing_needs_a_cadre_and_a_household_of_the_village(county, units):
    head = f.person(county.village_b1, name="困难户主")
    household = people_services.household_set(
        head=head, village=county.village_b1, size=3, cause=HouseholdCause.ILLNESS, status=HouseholdStatus.IN_DIFFICULTY
    )
    not_a_cadre = f.person(None, name="非干部")
    with pytest.raises(ValidationError) as exc:
        services.pairing_create(
            kind=PairingKind.CADRE,
            village=county.village_b1,
            urban_person=not_a_cadre,
            household=household,
            start=START,
        )
    assert "干部" in str(exc.value)
    cadre = make_cadre(county, units.department, name="帮扶干部")
    with pytest.raises(ValidationError) as exc:
        services.pairing_create(
            kind=PairingKind.CADRE,
            village=county.village_a1,
            urban_person=cadre.person,
            household=household,
            start=START,
        )
    assert "困难户不在所选的村" in str(exc.value)
    assert Pairing.objects.count() == 0
    services.pairing_create(
        kind=PairingKind.CADRE, village=county.village_b1, urban_person=cadre.person, household=household, start=START
    )
    assert Pairing.objects.count() == 1
