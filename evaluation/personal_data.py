"""What ``evaluation`` holds about a person, for their own data export (``common.personal_data``)."""

from collections.abc import Iterable

from common.personal_data import personal_sheet
from common.xlsx import field_columns
from people.models import Person

from .models import Assessment


@personal_sheet(
    "evaluation.assessments",
    title=Assessment._meta.verbose_name_plural,
    order=200,
    columns=field_columns(Assessment, ["period", "standard", "organization", "created_at"]),
)
def assessments(person: Person) -> Iterable[Assessment]:
    return Assessment.objects.filter(person=person).select_related("period", "standard", "organization").order_by("id")
