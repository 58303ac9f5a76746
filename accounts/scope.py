"""Build a user's ``Scope`` (``common.scope``) from their role assignments, once per request."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest

from common.scope import ANONYMOUS, READ_GRANTS, Scope, minimal_codes

from .models import RoleAssignment
from .rights import OWN_RIGHTS, SUBTREE_RIGHTS, SYSTEM_RIGHTS


def scope_for_user(user: AbstractBaseUser | AnonymousUser) -> Scope:
    if not user.is_authenticated:
        return ANONYMOUS
    if getattr(user, "is_superuser", False):
        return Scope(user_id=user.pk, is_superuser=True, roles=("county_admin",))
    read: set[str] = set()
    granted: dict[str, set[str]] = {}
    own: set[str] = set()
    system: set[str] = set()
    persons: set[int] = set()
    units: set[int] = set()
    roles: list[str] = []
    for assignment in RoleAssignment.objects.filter(user_id=user.pk).select_related("organization"):
        roles.append(assignment.role)
        if assignment.person_id:
            persons.add(assignment.person_id)
        if assignment.unit_id:
            units.add(assignment.unit_id)
        own |= OWN_RIGHTS.get(assignment.role, frozenset())
        system |= SYSTEM_RIGHTS.get(assignment.role, frozenset())
        org = assignment.organization
        if org is not None:
            read.add(org.code)
            for right in SUBTREE_RIGHTS.get(assignment.role, frozenset()):
                granted.setdefault(right, set()).add(org.code)
        for grant in READ_GRANTS.values():
            read.update(grant(assignment))
    return Scope(
        user_id=user.pk,
        read_codes=minimal_codes(read),
        grants={right: minimal_codes(codes) for right, codes in granted.items()},
        own_rights=frozenset(own),
        person_ids=frozenset(persons),
        unit_ids=frozenset(units),
        roles=tuple(dict.fromkeys(roles)),
        system_rights=frozenset(system),
    )


def get_scope(request: HttpRequest) -> Scope:
    """Return the request's scope, computed on first use and kept for the rest of the request."""
    cached = request.__dict__.get("_scope")
    if cached is None:
        cached = request.__dict__["_scope"] = scope_for_user(request.user)
    return cached


def scope_of_worker_user(user: AbstractBaseUser) -> Scope:
    """The scope a background task runs with for ``user`` (common/background.py): their roles as they are
    when the task runs, so never wider than the user's own; nothing at all for an account deactivated meanwhile."""
    if not getattr(user, "is_active", False):
        return ANONYMOUS
    return scope_for_user(user)
