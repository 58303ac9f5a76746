import datetime as dt

import pytest
from django.test import override_settings

from people import services as people_services
from people.models import MembershipStatus, Post
from xianfeng.tests import factories as f

YEAR = 2010
TODAY = dt.date(YEAR, 12, 20)


@pytest.fixture(autouse=True)
def campaign_today():
    with override_settings(XIANFENG_TODAY=TODAY.isoformat()):
        yield


@pytest.fixture
def secretary_a1(county):
    person = f.member(county.village_a1, county.group_a1, name="陈书记")
    people_services.appointment_create(
        person=person, organization=county.village_a1, post=Post.VILLAGE_SECRETARY, start=dt.date(2008, 1, 1)
    )
    return person


@pytest.fixture
def branch_a1(county, personas, secretary_a1):
    """念山村: three full members (李党员, 陈书记, 王党员) and one probationary member."""
    wang = f.member(county.village_a1, county.group_a1, name="王党员")
    probationer = f.person(county.village_a1, name="赵预备")
    people_services.membership_set(
        person=probationer,
        status=MembershipStatus.PROBATIONARY,
        joined_on=dt.date(2010, 3, 1),
        branch=county.village_a1,
        party_group=county.group_a1,
    )
    return {"li": personas.member_person, "chen": secretary_a1, "wang": wang, "zhao": probationer}


@pytest.fixture
def village_admin_a1(county):
    return f.user("village_a1", "village_admin", organization=county.village_a1)
