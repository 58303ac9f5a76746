"""What a linked leader's role grants to read: the organizations of their contact points."""

from accounts.models import Role
from common.scope import RoleBinding, read_grant

from .models import ContactPoint


@read_grant("supervision.contact_points")
def linked_leader_read_codes(assignment: RoleBinding) -> list[str]:
    """Give a linked leader read scope over the organizations of their contact points."""
    if assignment.role != Role.LINKED_LEADER or not assignment.person_id:
        return []
    return list(
        ContactPoint.objects.filter(leader_id=assignment.person_id)
        .order_by()
        .values_list("target__code", flat=True)
        .distinct()
    )
