"""What ``people`` holds about a person, for their own data export (PIPL art. 45; ``common.personal_data``)."""

from collections.abc import Iterable

from common.personal_data import personal_sheet
from common.xlsx import field_columns

from .models import Appointment, Cadre, Household, PartyMembership, Person


@personal_sheet(
    "people.person",
    title=Person._meta.verbose_name,
    order=10,
    columns=field_columns(Person, ["name", "sex", "birth_date", "id_number", "phone", "education", "home_village"]),
)
def person_record(person: Person) -> Iterable[Person]:
    return [person]


@personal_sheet(
    "people.membership",
    title=PartyMembership._meta.verbose_name,
    order=20,
    columns=field_columns(PartyMembership, ["status", "joined_on", "branch", "party_group"]),
)
def membership(person: Person) -> Iterable[PartyMembership]:
    return PartyMembership.objects.filter(person=person).select_related("branch", "party_group")


@personal_sheet(
    "people.cadre",
    title=Cadre._meta.verbose_name,
    order=30,
    columns=field_columns(Cadre, ["organization", "unit", "rank", "position"]),
)
def cadre(person: Person) -> Iterable[Cadre]:
    return Cadre.objects.filter(person=person).select_related("organization", "unit")


@personal_sheet(
    "people.appointments",
    title=Appointment._meta.verbose_name_plural,
    order=40,
    columns=field_columns(Appointment, ["organization", "post", "start", "end"]),
)
def appointments(person: Person) -> Iterable[Appointment]:
    return Appointment.objects.filter(person=person).select_related("organization").order_by("start", "id")


@personal_sheet(
    "people.household",
    title=Household._meta.verbose_name,
    order=50,
    columns=field_columns(Household, ["village", "size", "cause", "status"]),
)
def household(person: Person) -> Iterable[Household]:
    return Household.objects.filter(head=person).select_related("village")
