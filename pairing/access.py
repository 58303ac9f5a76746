"""What a partner's role grants to read: the villages its unit is paired with."""

from accounts.models import Role
from common.scope import RoleBinding, read_grant

from .models import Pairing


@read_grant("pairing.partner_villages")
def partner_village_codes(assignment: RoleBinding) -> list[str]:
    """Read scope for a partner: the villages its unit is (or was) paired with."""
    if assignment.role != Role.PARTNER or not assignment.unit_id:
        return []
    return list(Pairing.objects.filter(unit_id=assignment.unit_id).values_list("village__code", flat=True).distinct())
