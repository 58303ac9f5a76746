"""What ``service_platform`` holds about a person, for their own data export (``common.personal_data``)."""

from collections.abc import Iterable

from common.personal_data import personal_sheet
from common.xlsx import field_columns
from people.models import Person

from .models import MicroLoan


@personal_sheet(
    "service_platform.loans",
    title=MicroLoan._meta.verbose_name_plural,
    order=500,
    columns=field_columns(MicroLoan, ["village", "purpose", "amount", "lender", "applied_on", "status", "note"]),
)
def loans(person: Person) -> Iterable[MicroLoan]:
    return MicroLoan.objects.filter(applicant=person).select_related("village").order_by("applied_on", "id")
