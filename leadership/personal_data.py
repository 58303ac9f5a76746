"""What ``leadership`` holds about a person, for their own data export (``common.personal_data``)."""

from collections.abc import Iterable

from common.personal_data import personal_sheet
from common.xlsx import field_columns
from people.models import Person

from .models import GroupMember


@personal_sheet(
    "leadership.groups",
    title=GroupMember._meta.verbose_name_plural,
    order=700,
    columns=field_columns(GroupMember, ["group", "role", "start", "end"]),
)
def groups(person: Person) -> Iterable[GroupMember]:
    return GroupMember.objects.filter(person=person).select_related("group").order_by("start", "id")
