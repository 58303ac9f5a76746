"""What ``supervision`` holds about a person, for their own data export (``common.personal_data``)."""

from collections.abc import Iterable

from common.personal_data import personal_sheet
from common.xlsx import field_columns
from people.models import Person

from .models import ContactPoint, FollowUpAction, ModelMember


@personal_sheet(
    "supervision.model_titles",
    title=ModelMember._meta.verbose_name_plural,
    order=600,
    columns=field_columns(ModelMember, ["year", "organization", "deeds", "citation"]),
)
def model_titles(person: Person) -> Iterable[ModelMember]:
    return ModelMember.objects.filter(person=person).select_related("organization").order_by("year", "id")


@personal_sheet(
    "supervision.contact_points",
    title=ContactPoint._meta.verbose_name_plural,
    order=610,
    columns=field_columns(ContactPoint, ["target", "start", "end"]),
)
def contact_points(person: Person) -> Iterable[ContactPoint]:
    return ContactPoint.objects.filter(leader=person).select_related("target").order_by("start", "id")


@personal_sheet(
    "supervision.follow_ups",
    title=FollowUpAction._meta.verbose_name_plural,
    order=620,
    columns=field_columns(FollowUpAction, ["description", "deadline", "done_on"]),
)
def follow_ups(person: Person) -> Iterable[FollowUpAction]:
    return FollowUpAction.objects.filter(owner=person).order_by("deadline", "id")
