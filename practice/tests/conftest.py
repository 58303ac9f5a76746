"""Fixtures for P3: a post in village a1, a second member there, a member of village b1, a household, a secretary."""

import datetime as dt

import pytest

from people import services as people_services
from people.models import HouseholdCause, HouseholdStatus, Post
from practice import services
from practice.models import PostKind, PracticePost
from xianfeng.tests import factories as f

YEAR = 2010


@pytest.fixture
def post(county) -> PracticePost:
    return services.post_announce(
        village=county.village_a1,
        kind=PostKind.PROSPERITY,
        title="茶叶带富岗",
        duties="带动5户茶农增收",
        year=YEAR,
        announced_on=dt.date(YEAR, 1, 10),
    )


@pytest.fixture
def other_member_a1(county):
    return f.member(county.village_a1, county.group_a1, name="王党员")


@pytest.fixture
def member_b1(county):
    return f.member(county.village_b1, county.group_b1, name="赵党员")


@pytest.fixture
def household(county):
    head = f.person(county.village_a1, name="困难户主")
    return people_services.household_set(
        head=head, village=county.village_a1, size=3, cause=HouseholdCause.ILLNESS, status=HouseholdStatus.IN_DIFFICULTY
    )


@pytest.fixture
def secretary_a1(county):
    person = f.member(county.village_a1, county.group_a1, name="陈书记")
    people_services.appointment_create(
        person=person, organization=county.village_a1, post=Post.VILLAGE_SECRETARY, start=dt.date(2008, 1, 1)
    )
    return person


@pytest.fixture
def village_admin_a1(county):
    return f.user("village_a1", "village_admin", organization=county.village_a1)
