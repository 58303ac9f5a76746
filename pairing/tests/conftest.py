"""Fixtures for A1/A2: units of every kind, a posted cadre's batch, and a partner persona."""

import datetime as dt
from dataclasses import dataclass

import pytest

from organizations import services as org_services
from organizations.models import OutsideUnit, UnitKind, UnitLevel
from pairing import services
from pairing.models import Pairing, PairingKind, PostingBatch
from people import services as people_services
from people.models import Cadre, CadreRank, Post
from xianfeng.tests import factories as f

START = dt.date(2010, 1, 1)


@dataclass
class Units:
    department: OutsideUnit
    civilized: OutsideUnit
    enterprise: OutsideUnit
    other_department: OutsideUnit


@pytest.fixture
def units(county) -> Units:
    def make(kind: str, name: str, level: str = UnitLevel.COUNTY) -> OutsideUnit:
        return org_services.outside_unit_create(
            home=county.county, kind=kind, name=name, level=level, party_organization=f"{name}党支部"
        )

    return Units(
        department=make(UnitKind.DEPARTMENT, "县农业局"),
        civilized=make(UnitKind.CIVILIZED_UNIT, "县人民银行", UnitLevel.MUNICIPAL),
        enterprise=make(UnitKind.ENTERPRISE, "政和茶业公司"),
        other_department=make(UnitKind.DEPARTMENT, "县交通局"),
    )


def make_cadre(county, unit=None, name: str = "") -> Cadre:
    person = f.person(None, name=name)
    return people_services.cadre_set(
        person=person, organization=county.county, rank=CadreRank.SECTION, position="副局长", unit=unit
    )


@pytest.fixture
def cadre(county, units) -> Cadre:
    return make_cadre(county, units.department, name="张干部")


@pytest.fixture
def batch(county) -> PostingBatch:
    return services.posting_batch_create(county=county.county, number=1, start=START, end=dt.date(2010, 12, 31))


@pytest.fixture
def department_pairing(county, units) -> Pairing:
    return services.pairing_create(
        kind=PairingKind.DEPARTMENT, village=county.village_a1, unit=units.department, start=START
    )


@pytest.fixture
def civilized_pairing_b(county, units) -> Pairing:
    return services.pairing_create(
        kind=PairingKind.CIVILIZED_UNIT, village=county.village_b1, unit=units.civilized, start=START
    )


@pytest.fixture
def secretary_a1(county):
    person = f.member(county.village_a1, county.group_a1, name="陈书记")
    people_services.appointment_create(
        person=person, organization=county.village_a1, post=Post.VILLAGE_SECRETARY, start=dt.date(2008, 1, 1)
    )
    return person


@pytest.fixture
def partner(units, department_pairing):
    """The contact of 县农业局, which is paired with village a1."""
    return f.user("partner_agri", "partner", unit=units.department)
