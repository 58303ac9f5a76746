"""The one scope selector (F-ACCESS): which organizations, people and units a user may see or change.

Every page, list, export, count, report and API call asks this module. A subtree is a
prefix of division codes, so "may see" is ``code__startswith`` on one of the user's codes.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest

from organizations.models import Organization

from .models import Role, RoleAssignment

ADMIN_ROLES = {Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.VILLAGE_ADMIN}


@dataclass(frozen=True)
class Scope:
    """What one user may see and change."""

    user_id: int | None = None
    is_superuser: bool = False
    read_codes: tuple[str, ...] = ()
    write_codes: tuple[str, ...] = ()
    # County admins see ID numbers and phones unmasked for people under these codes.
    unmasked_codes: tuple[str, ...] = ()
    person_ids: frozenset[int] = field(default_factory=frozenset)
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    roles: tuple[str, ...] = ()

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or bool(ADMIN_ROLES & set(self.roles))

    @property
    def is_county_admin(self) -> bool:
        return self.is_superuser or Role.COUNTY_ADMIN in self.roles

    # -- organizations -------------------------------------------------------------
    def org_q(self, path: str = "", codes: Iterable[str] | None = None) -> Q:
        """Return a Q limiting ``<path>code`` to the user's subtrees (everything for a superuser)."""
        if self.is_superuser and codes is None:
            return Q()
        prefix = f"{path}__" if path else ""
        q = Q(pk__in=[])
        for code in self.read_codes if codes is None else codes:
            q |= Q(**{f"{prefix}code__startswith": code})
        return q

    def organizations(self) -> QuerySet[Organization]:
        return Organization.objects.filter(self.org_q())

    def filter(self, queryset: QuerySet, path: str) -> QuerySet:
        """Limit ``queryset`` to rows whose organization at ``path`` is in scope."""
        return queryset.filter(self.org_q(path))

    def can_see_code(self, code: str) -> bool:
        return self.is_superuser or any(code.startswith(c) for c in self.read_codes)

    def can_change_code(self, code: str) -> bool:
        return self.is_superuser or any(code.startswith(c) for c in self.write_codes)

    def organization_or_404(self, code: str) -> Organization:
        if not self.can_see_code(code):
            raise Http404
        try:
            return Organization.objects.select_related("parent").get(code=code)
        except Organization.DoesNotExist:
            raise Http404 from None

    # -- people --------------------------------------------------------------------
    def person_q(self) -> Q:
        """People whose village, branch or organ is in scope, and the user's own person."""
        if self.is_superuser:
            return Q()
        q = Q(pk__in=list(self.person_ids))
        for code in self.read_codes:
            q |= (
                Q(home_village__code__startswith=code)
                | Q(membership__branch__code__startswith=code)
                | Q(cadre__organization__code__startswith=code)
            )
        return q

    def sees_unmasked(self, person_id: int, village_code: str | None) -> bool:
        """Show ID number and phone in full to county admins of the person's county and to the person."""
        if self.is_superuser or person_id in self.person_ids:
            return True
        return bool(village_code) and any(village_code.startswith(c) for c in self.unmasked_codes)

    def object_or_404(self, queryset: QuerySet, path: str, **lookup: object) -> Model:
        """Fetch one row in scope or raise 404: outside scope looks exactly like missing."""
        try:
            return self.filter(queryset, path).get(**lookup)
        except queryset.model.DoesNotExist:
            raise Http404 from None


ANONYMOUS = Scope()

# Other apps add read scope for roles bound to something other than an organization
# (a linked leader's contact points, a partner's pairings): callables (assignment) -> codes.
EXTRA_READ_CODES: list = []


def scope_for_user(user) -> Scope:  # noqa: ANN001 - a User or AnonymousUser
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    if user.is_superuser:
        return Scope(user_id=user.pk, is_superuser=True, roles=(Role.COUNTY_ADMIN,))
    read: set[str] = set()
    write: set[str] = set()
    unmasked: set[str] = set()
    persons: set[int] = set()
    units: set[int] = set()
    roles: list[str] = []
    for assignment in RoleAssignment.objects.filter(user=user).select_related("organization"):
        roles.append(assignment.role)
        if assignment.person_id:
            persons.add(assignment.person_id)
        if assignment.unit_id:
            units.add(assignment.unit_id)
        org = assignment.organization
        if org is not None:
            read.add(org.code)
            if assignment.role in ADMIN_ROLES:
                write.add(org.code)
            if assignment.role == Role.COUNTY_ADMIN:
                unmasked.add(org.code)
        for contributor in EXTRA_READ_CODES:
            read.update(contributor(assignment))
    return Scope(
        user_id=user.pk,
        read_codes=_minimal(read),
        write_codes=_minimal(write),
        unmasked_codes=_minimal(unmasked),
        person_ids=frozenset(persons),
        unit_ids=frozenset(units),
        roles=tuple(dict.fromkeys(roles)),
    )


def _minimal(codes: set[str]) -> tuple[str, ...]:
    """Drop codes already covered by a shorter prefix."""
    kept: list[str] = []
    for code in sorted(codes, key=len):
        if not any(code.startswith(k) for k in kept):
            kept.append(code)
    return tuple(sorted(kept))


def get_scope(request: HttpRequest) -> Scope:
    """Return the request's scope, computed once per request."""
    cached = getattr(request, "_xianfeng_scope", None)
    if cached is None:
        cached = scope_for_user(request.user)
        request._xianfeng_scope = cached  # type: ignore[attr-defined]
    return cached
