"""What ``village_affairs`` holds about a person, for their own data export (``common.personal_data``)."""

from collections.abc import Iterable

from common.personal_data import personal_sheet
from common.xlsx import field_columns
from people.models import Person

from .models import RewardPenalty


@personal_sheet(
    "village_affairs.rewards_penalties",
    title=RewardPenalty._meta.verbose_name_plural,
    order=300,
    columns=field_columns(RewardPenalty, ["kind", "date", "reason", "amount", "case"]),
)
def rewards_penalties(person: Person) -> Iterable[RewardPenalty]:
    return RewardPenalty.objects.filter(person=person).select_related("case").order_by("date", "id")
