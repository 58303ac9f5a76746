"""Fixtures for P1: cadres and service teams, members in three villages, and a village training."""

import datetime as dt
from dataclasses import dataclass

import pytest

from learning import services
from learning.models import Channel, ServiceTeam, Training
from organizations import services as org_services
from organizations.models import OutsideUnit, UnitKind
from people import services as people_services
from people.models import CadreRank, Person
from xianfeng.tests import factories as f

DAY = dt.date(2010, 5, 10)


def make_cadre(organization, name: str, unit=None) -> Person:
    person = f.person(None, name=name)
    people_services.cadre_set(
        person=person, organization=organization, rank=CadreRank.SECTION, position="干部", unit=unit
    )
    return person


@pytest.fixture
def agri_bureau(county) -> OutsideUnit:
    return org_services.outside_unit_create(home=county.county, kind=UnitKind.DEPARTMENT, name="县农业局")


@pytest.fixture
def team_a(county) -> ServiceTeam:
    leader = make_cadre(county.township_a, "熊队长")
    return services.service_team_create(
        name="熊山镇科技服务队",
        organization=county.township_a,
        members=[make_cadre(county.township_a, "熊队员"), leader],
        leader=leader,
    )


@pytest.fixture
def team_b(county) -> ServiceTeam:
    member = make_cadre(county.township_b, "东队员")
    return services.service_team_create(name="东平镇政策服务队", organization=county.township_b, members=[member])


@dataclass
class Members:
    a1: Person
    a1_second: Person
    a2: Person
    b1: Person


@pytest.fixture
def members(county, personas) -> Members:
    return Members(
        a1=personas.member_person,
        a1_second=f.member(county.village_a1, county.group_a1, name="王党员"),
        a2=f.member(county.village_a2, name="石党员"),
        b1=f.member(county.village_b1, county.group_b1, name="东党员"),
    )


def make_training(organization, topic: str = "茶叶种植技术", **kwargs) -> Training:
    values = {"channel": Channel.FARM_CLASSROOM, "trainer_name": "农技员", "date": DAY, "hours": "2.5", **kwargs}
    return services.training_create(topic=topic, organization=organization, **values)


@pytest.fixture
def training_a1(county) -> Training:
    return make_training(county.village_a1)


@pytest.fixture
def training_b1(county) -> Training:
    return make_training(county.village_b1, topic="东平远程教育", channel=Channel.DISTANCE)
