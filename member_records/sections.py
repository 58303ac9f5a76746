"""What member records add to a person's page: the way to their 党员信息表, with how many sub-records it holds."""

from typing import Any

from django.db.models import Count
from django.urls import reverse

from common.scope import Scope
from common.sections import PERSON_DETAIL, section
from people.models import PartyMembership, Person

from .selectors import memberships_q


@section(PERSON_DETAIL, "member_records.record", order=10, template="member_records/person_section.html")
def record_link(person: Person, scope: Scope) -> dict[str, Any] | None:
    """For a member whose record the viewer may open (their branch in scope, or their own): one query."""
    counts = (
        PartyMembership.objects.filter(memberships_q(scope), person_id=person.pk)
        .annotate(
            posts=Count("person__posts_held", distinct=True),
            sanctions=Count("person__sanctions", distinct=True),
            family=Count("person__family", distinct=True),
            difficulties=Count("person__difficulties", distinct=True),
        )
        .values("posts", "sanctions", "family", "difficulties")
        .first()
    )
    if counts is None:
        return None
    return {"url": reverse("member_records:record", args=[person.pk]), **counts}
