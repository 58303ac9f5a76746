"""Writes for supervision. Pages, the scenario loader and imports call these; each validates, then saves.

Every refusal is a ``ValidationError`` with a translated message, raised before anything
is written.
"""

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common import clock
from common.services import clean_and_save
from organizations.models import Organization
from people.models import PartyMembership, Person

from .models import (
    ContactPoint,
    DemonstrationSite,
    FollowUpAction,
    LeaderLevel,
    ModelMember,
    Review,
    ReviewRequirement,
    not_a_member_error,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _not_in_future(field: str, day: dt.date | None, today: dt.date | None, message: str) -> None:
    if day is not None and day > (today or clock.today()):
        raise ValidationError({field: ValidationError(message, code="in_future")})


# -- demonstration sites and model members --------------------------------------------


@transaction.atomic
def demonstration_site_create(
    *, organization: Organization, year: int, reason: str, selected_by: "User | None" = None
) -> DemonstrationSite:
    return clean_and_save(
        DemonstrationSite(organization=organization, year=year, reason=reason, selected_by=selected_by)
    )


@transaction.atomic
def demonstration_site_delete(*, site: DemonstrationSite) -> None:
    site.delete()


@transaction.atomic
def model_member_create(
    *, person: Person, year: int, deeds: str, citation: str = "", selected_by: "User | None" = None
) -> ModelMember:
    """Name a party member a model (标兵) for ``year``; the title stays with the branch they belong to now."""
    membership = PartyMembership.objects.filter(person=person).select_related("branch").first()
    if membership is None:
        raise ValidationError({"person": not_a_member_error(person)})
    return clean_and_save(
        ModelMember(
            person=person,
            organization=membership.branch,
            year=year,
            deeds=deeds,
            citation=citation,
            selected_by=selected_by,
        )
    )


@transaction.atomic
def model_member_delete(*, model_member: ModelMember) -> None:
    model_member.delete()


# -- contact points, reviews, follow-up actions -----------------------------------------


@transaction.atomic
def contact_point_create(
    *, leader: Person, target: Organization, start: dt.date, end: dt.date | None = None
) -> ContactPoint:
    """Link a county- or section-level cadre to a township (county leader) or a village of their township."""
    return clean_and_save(ContactPoint(leader=leader, target=target, start=start, end=end))


@transaction.atomic
def contact_point_end(*, contact_point: ContactPoint, end: dt.date) -> ContactPoint:
    contact_point.end = end
    return clean_and_save(contact_point)


@transaction.atomic
def review_record(
    *,
    contact_point: ContactPoint,
    date: dt.date,
    findings: str,
    rating: str,
    recorded_by: "User | None" = None,
    today: dt.date | None = None,
) -> Review:
    """Record a review (点评). ``today`` overrides the local date for the future-date check (historical loads)."""
    _not_in_future("date", date, today, _("点评日期不能晚于今天。"))
    return clean_and_save(
        Review(contact_point=contact_point, date=date, findings=findings, rating=rating, recorded_by=recorded_by)
    )


@transaction.atomic
def follow_up_action_add(*, review: Review, description: str, owner: Person, deadline: dt.date) -> FollowUpAction:
    return clean_and_save(FollowUpAction(review=review, description=description, owner=owner, deadline=deadline))


@transaction.atomic
def follow_up_action_complete(
    *, action: FollowUpAction, done_on: dt.date, today: dt.date | None = None
) -> FollowUpAction:
    _not_in_future("done_on", done_on, today, _("完成日期不能晚于今天。"))
    if action.done_on is not None:
        raise ValidationError(
            {
                "done_on": ValidationError(
                    _("该整改事项已于%(date)s完成。") % {"date": action.done_on.isoformat()}, code="already_done"
                )
            }
        )
    action.done_on = done_on
    return clean_and_save(action)


# -- configuration -----------------------------------------------------------------------


@transaction.atomic
def review_requirement_set(
    *, county: Organization, level: str, reviews_required: int, period_months: int, due_soon_days: int
) -> ReviewRequirement:
    """Create or change how often leaders of ``level`` in ``county`` must review each contact point."""
    requirement = ReviewRequirement.objects.filter(county=county, level=LeaderLevel(level)).first()
    requirement = requirement or ReviewRequirement(county=county, level=level)
    requirement.reviews_required = reviews_required
    requirement.period_months = period_months
    requirement.due_soon_days = due_soon_days
    return clean_and_save(requirement)
