"""Builders for supervision tests: leaders, contact points and the linked-leader persona."""

import datetime as dt

from organizations.models import Organization
from people import services as people_services
from people.models import CadreRank, Person
from supervision import services
from supervision.models import ContactPoint
from xianfeng.tests import factories as f


def leader(organization: Organization, name: str, rank: str = CadreRank.SECTION) -> Person:
    """A cadre of the county organs (organization = county) or of a township's organs."""
    person = f.person(None, name=name)
    people_services.cadre_set(person=person, organization=organization, rank=rank, position="挂点领导")
    return person


def contact_point(person: Person, target: Organization, start: dt.date = dt.date(2010, 1, 1)) -> ContactPoint:
    return services.contact_point_create(leader=person, target=target, start=start)


def leader_user(person: Person, username: str = "leader"):
    return f.user(username, "linked_leader", person=person)
