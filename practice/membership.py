"""Who counts as a member of a village for the practice records: the checks the models' ``clean()`` share."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization, OrganizationKind
from people.models import PartyMembership, Person


def not_a_member_error(person: Person) -> ValidationError:
    return ValidationError(_("%(name)s不是党员。") % {"name": person.name}, code="not_a_member")


def membership_of(person: Person | None) -> PartyMembership | None:
    """Return the person's party membership (cached on the person when loaded with select_related)."""
    if person is None:
        return None
    try:
        return person.membership
    except ObjectDoesNotExist:
        return None


def _is_village(org: Organization | None) -> bool:
    return org is not None and org.kind == OrganizationKind.VILLAGE


def _check_member_of_village(errors: dict, field: str, person: Person | None, village_id: int | None) -> None:
    membership = membership_of(person)
    if person is None:
        return
    if membership is None:
        errors.setdefault(field, []).append(not_a_member_error(person))
    elif village_id and membership.branch_id != village_id:
        errors.setdefault(field, []).append(
            ValidationError(
                _("%(name)s不是本村党员，不能参与本村的实践活动。") % {"name": person.name}, code="not_a_village_member"
            )
        )
