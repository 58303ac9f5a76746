"""Writes to people records. Pages, Excel import, the API and the scenario loader call these."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from common.services import clean_and_save
from organizations.models import Organization, OutsideUnit

from .id_numbers import normalize
from .models import Appointment, Cadre, Household, PartyMembership, Person


@transaction.atomic
def person_create(
    *,
    name: str,
    sex: str,
    birth_date: dt.date,
    id_number: str | None = None,
    phone: str = "",
    education: str = "",
    home_village: Organization | None = None,
) -> Person:
    return clean_and_save(
        Person(
            name=name,
            sex=sex,
            birth_date=birth_date,
            id_number=normalize(id_number or "") or None,
            phone=phone,
            education=education,
            home_village=home_village,
        )
    )


PERSON_FIELDS = ("name", "sex", "birth_date", "id_number", "phone", "education", "home_village")


@transaction.atomic
def person_update(*, person: Person, **fields: object) -> Person:
    for key, value in fields.items():
        if key not in PERSON_FIELDS:
            raise TypeError(f"person_update() got an unexpected field {key!r}")
        setattr(person, key, value)
    person.id_number = normalize(person.id_number or "") or None
    return clean_and_save(person)


@transaction.atomic
def membership_set(
    *, person: Person, status: str, joined_on: dt.date, branch: Organization, party_group: Organization | None = None
) -> PartyMembership:
    """Create or update the person's party membership."""
    membership = PartyMembership.objects.filter(person=person).first() or PartyMembership(person=person)
    membership.status = status
    membership.joined_on = joined_on
    membership.branch = branch
    membership.party_group = party_group
    return clean_and_save(membership)


@transaction.atomic
def cadre_set(
    *, person: Person, organization: Organization, rank: str, position: str = "", unit: OutsideUnit | None = None
) -> Cadre:
    cadre = Cadre.objects.filter(person=person).first() or Cadre(person=person)
    cadre.organization = organization
    cadre.rank = rank
    cadre.position = position
    cadre.unit = unit
    return clean_and_save(cadre)


@transaction.atomic
def appointment_create(
    *, person: Person, organization: Organization, post: str, start: dt.date, end: dt.date | None = None
) -> Appointment:
    return clean_and_save(Appointment(person=person, organization=organization, post=post, start=start, end=end))


@transaction.atomic
def household_set(*, head: Person, village: Organization, size: int, cause: str, status: str) -> Household:
    household = Household.objects.filter(head=head).first() or Household(head=head)
    household.village = village
    household.size = size
    household.cause = cause
    household.status = status
    return clean_and_save(household)


@dataclass(frozen=True)
class Holder:
    name: str
    post: str
    person_id: int


def holders_on(organization: Organization, post: str, day: dt.date) -> list[Holder]:
    """Return who held ``post`` at ``organization`` on ``day`` (rules name them as accountable)."""
    rows = (
        Appointment.objects.on(day)
        .filter(organization=organization, post=post)
        .select_related("person")
        .order_by("start")
    )
    return [Holder(name=a.person.name, post=a.get_post_display(), person_id=a.person_id) for a in rows]
