"""What ``practice`` holds about a person, for their own data export (``common.personal_data``)."""

from collections.abc import Iterable

from common.personal_data import personal_sheet
from common.xlsx import field_columns
from people.models import Person

from .models import Commitment, HouseholdAid, MutualAidMember, PostClaim, VolunteerEntry


@personal_sheet(
    "practice.claims",
    title=PostClaim._meta.verbose_name_plural,
    order=100,
    columns=field_columns(PostClaim, ["post", "party_group", "how", "status", "star_rating", "rating_comment"]),
)
def claims(person: Person) -> Iterable[PostClaim]:
    return PostClaim.objects.filter(member=person).select_related("post", "party_group").order_by("id")


@personal_sheet(
    "practice.commitments",
    title=Commitment._meta.verbose_name_plural,
    order=110,
    columns=field_columns(Commitment, ["village", "year", "text", "deadline", "public", "promised_on"]),
)
def commitments(person: Person) -> Iterable[Commitment]:
    return Commitment.objects.filter(member=person).select_related("village").order_by("year", "deadline", "id")


@personal_sheet(
    "practice.volunteer",
    title=VolunteerEntry._meta.verbose_name_plural,
    order=120,
    columns=field_columns(VolunteerEntry, ["village", "start", "end", "activity", "place", "status"]),
)
def volunteer_entries(person: Person) -> Iterable[VolunteerEntry]:
    return VolunteerEntry.objects.filter(member=person).select_related("village").order_by("start", "id")


@personal_sheet(
    "practice.household_aid",
    title=HouseholdAid._meta.verbose_name_plural,
    order=130,
    columns=field_columns(HouseholdAid, ["village", "household", "start", "end", "measures"]),
)
def household_aids(person: Person) -> Iterable[HouseholdAid]:
    return HouseholdAid.objects.filter(member=person).select_related("village", "household__head").order_by("id")


@personal_sheet(
    "practice.mutual_aid",
    title=MutualAidMember._meta.verbose_name_plural,
    order=140,
    columns=field_columns(MutualAidMember, ["group", "joined_on"]),
)
def mutual_aid(person: Person) -> Iterable[MutualAidMember]:
    return MutualAidMember.objects.filter(person=person).select_related("group").order_by("id")
