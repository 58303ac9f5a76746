"""What ``membership`` holds about a person away from home, for their own data export (``common.personal_data``)."""

from collections.abc import Iterable

from common.personal_data import personal_sheet
from common.xlsx import field_columns
from people.models import Person

from .models import Away


@personal_sheet(
    "membership.away",
    title=Away._meta.verbose_name_plural,
    order=150,
    columns=field_columns(
        Away,
        ["since", "returned_on", "place", "contact", "receiving", "certificate_number", "certificate_issued_on"],
    ),
)
def away(person: Person) -> Iterable[Away]:
    return Away.objects.filter(membership__person=person).order_by("since", "id")
