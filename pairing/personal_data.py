"""What ``pairing`` holds about a person, for their own data export (``common.personal_data``)."""

from collections.abc import Iterable

from django.db.models import Q

from common.personal_data import personal_sheet
from common.xlsx import field_columns
from people.models import Person

from .models import Pairing, Posting


@personal_sheet(
    "pairing.pairings",
    title=Pairing._meta.verbose_name_plural,
    order=800,
    columns=field_columns(Pairing, ["kind", "village", "urban_person", "rural_person", "household", "start", "end"]),
)
def pairings(person: Person) -> Iterable[Pairing]:
    return (
        Pairing.objects.filter(Q(urban_person=person) | Q(rural_person=person) | Q(household__head=person))
        .select_related("village", "urban_person", "rural_person", "household__head")
        .order_by("start", "id")
    )


@personal_sheet(
    "pairing.postings",
    title=Posting._meta.verbose_name_plural,
    order=810,
    columns=field_columns(Posting, ["batch", "village", "start", "end", "duties"]),
)
def postings(person: Person) -> Iterable[Posting]:
    return Posting.objects.filter(cadre__person=person).select_related("batch", "village").order_by("start", "id")
