"""What ``learning`` holds about a person, for their own data export (``common.personal_data``)."""

from collections.abc import Iterable

from common.personal_data import personal_sheet
from common.xlsx import field_columns
from people.models import Person

from .models import Attendance, TeamMember


@personal_sheet(
    "learning.attendance",
    title=Attendance._meta.verbose_name_plural,
    order=400,
    columns=field_columns(Attendance, ["training", "hours"]),
)
def attendances(person: Person) -> Iterable[Attendance]:
    return Attendance.objects.filter(person=person).select_related("training").order_by("id")


@personal_sheet(
    "learning.teams", title=TeamMember._meta.verbose_name_plural, order=410, columns=field_columns(TeamMember, ["team"])
)
def teams(person: Person) -> Iterable[TeamMember]:
    return TeamMember.objects.filter(person=person).select_related("team").order_by("id")
