"""Which rights each role holds (requirements.md, "Who uses it").

A role bound to an organization holds its rights on that subtree; the rights in
``OWN_RIGHTS`` hold on the user's own person or unit (a linked leader's own contact
points, a partner's own pairings, a member's own records) wherever those lie. The three
administrators hold ``SYSTEM_RIGHTS`` only: one job each, on no campaign record.
"""

from common.scope import Right

from .models import Role

# A county admin's rights; a province or prefecture admin holds the same over every county below.
COUNTY_ADMIN_RIGHTS = frozenset(
    {
        Right.MANAGE,
        Right.CONFIGURE,
        Right.OVERSEE,
        Right.APPROVE,
        Right.COMMENT,
        Right.RECORD_REVIEW,
        Right.RECORD_DELIVERY,
        Right.SEE_UNMASKED,
    }
)

SUBTREE_RIGHTS: dict[str, frozenset[Right]] = {
    Role.PROVINCE_ADMIN: COUNTY_ADMIN_RIGHTS,
    Role.PREFECTURE_ADMIN: COUNTY_ADMIN_RIGHTS,
    Role.COUNTY_ADMIN: COUNTY_ADMIN_RIGHTS,
    Role.TOWNSHIP_ADMIN: frozenset({Right.MANAGE, Right.OVERSEE, Right.REVIEW, Right.COMMENT, Right.RECORD_DELIVERY}),
    Role.VILLAGE_ADMIN: frozenset({Right.MANAGE, Right.SELF_ASSESS, Right.COMMENT, Right.RECORD_DELIVERY}),
    Role.VILLAGE_SUPERVISOR: frozenset({Right.COMMENT}),
}

OWN_RIGHTS: dict[str, frozenset[Right]] = {
    Role.LINKED_LEADER: frozenset({Right.RECORD_REVIEW, Right.SEE_UNMASKED}),
    Role.PARTNER: frozenset({Right.RECORD_DELIVERY}),
    Role.MEMBER: frozenset({Right.ACT_AS_MEMBER, Right.SELF_ASSESS, Right.SEE_UNMASKED}),
}

SYSTEM_RIGHTS: dict[str, frozenset[Right]] = {
    Role.SYSTEM_ADMIN: frozenset({Right.MANAGE_USERS}),
    Role.SECURITY_ADMIN: frozenset({Right.MANAGE_SECURITY}),
    Role.AUDIT_ADMIN: frozenset({Right.READ_SECURITY_LOG}),
}
