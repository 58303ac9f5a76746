"""Supervision fixtures: leaders and contact points on top of the shared county."""

import datetime as dt
from dataclasses import dataclass

import pytest

from people.models import CadreRank, Person
from supervision.models import ContactPoint

from .helpers import contact_point, leader, leader_user


@dataclass
class Linked:
    county_leader: Person  # 县级 cadre of the county organs, linked to township A
    leader_a: Person  # 科级 cadre of township A, linked to village a1
    leader_b: Person  # 科级 cadre of township B, linked to village b1
    point_county: ContactPoint
    point_a1: ContactPoint
    point_b1: ContactPoint


@pytest.fixture
def linked(county) -> Linked:
    county_leader = leader(county.county, "王县长", rank=CadreRank.COUNTY)
    leader_a = leader(county.township_a, "张镇长")
    leader_b = leader(county.township_b, "陈书记")
    start = dt.date(2010, 1, 1)
    return Linked(
        county_leader=county_leader,
        leader_a=leader_a,
        leader_b=leader_b,
        point_county=contact_point(county_leader, county.township_a, start),
        point_a1=contact_point(leader_a, county.village_a1, start),
        point_b1=contact_point(leader_b, county.village_b1, start),
    )


@pytest.fixture
def leader_a_user(linked: Linked):
    """The linked-leader persona: the user acting for township A's leader 张镇长."""
    return leader_user(linked.leader_a, "leader_a")
