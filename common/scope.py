"""What one user may see and do: the ``Scope`` every page, export, report, import and task asks.

A subtree is a prefix of division codes, so "may see" is ``code__startswith`` on one of
the user's read codes, and "may change" the same over the codes a right was granted on.
Rights are granted per role (``accounts.rights``): on the subtree a role is bound to
(``grants``), or on the user's own person or unit (``own_rights``: a linked leader's
contact points, a partner's pairings, a member's own records).

``accounts`` builds a user's scope (``accounts.scope.scope_for_user``) and attaches it to
each request as ``request.scope``; this module knows no model.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .registry import Registry

M = TypeVar("M", bound=Model)
QS = TypeVar("QS", bound=QuerySet[Any])  # a custom QuerySet keeps its own methods through filter()


class Right(StrEnum):
    """What a role may do beyond reading, on a subtree or on its own records."""

    MANAGE = "manage"  # keep the records of a subtree (the admins)
    CONFIGURE = "configure"  # county: standards, periods, rule settings, demonstration sites and models
    OVERSEE = "oversee"  # township and county: decide loans, open and decide accountability cases
    REVIEW = "review"  # township: review villages' assessments
    APPROVE = "approve"  # county: approve assessments and decide appeals
    SELF_ASSESS = "self_assess"  # the assessed village's admin, or the member assessed
    COMMENT = "comment"  # internal review comments on decisions and disclosures
    RECORD_REVIEW = "record_review"  # reviews (点评) and follow-ups of contact points
    RECORD_DELIVERY = "record_delivery"  # what a pairing delivered
    ACT_AS_MEMBER = "act_as_member"  # claims, commitments, volunteer hours, aid for oneself
    SEE_UNMASKED = "see_unmasked"  # ID numbers and phones in full
    # The three administrators (三权分立): system-wide, on no campaign record.
    MANAGE_USERS = "manage_users"  # system administrator: users and their role assignments
    MANAGE_SECURITY = "manage_security"  # security administrator: unlock accounts, reset passwords and two-factor
    READ_SECURITY_LOG = "read_security_log"  # audit administrator: the security log


@dataclass(frozen=True)
class Scope:
    """What one user may see and do. Frozen: computed once per request."""

    user_id: int | None = None
    is_superuser: bool = False
    read_codes: tuple[str, ...] = ()
    # Right -> the codes of the subtrees it was granted on.
    grants: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Rights that hold on the user's own person (``person_ids``) or unit (``unit_ids``).
    own_rights: frozenset[str] = frozenset()
    person_ids: frozenset[int] = frozenset()
    unit_ids: frozenset[int] = frozenset()
    roles: tuple[str, ...] = ()
    # Rights held system-wide rather than on records (the administrators' ``MANAGE_USERS``…).
    system_rights: frozenset[str] = frozenset()

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_admin(self) -> bool:
        """Does the user keep records of some subtree (a county, township or village admin)?"""
        return self.is_superuser or bool(self.grants.get(Right.MANAGE))

    @property
    def reads_records(self) -> bool:
        """Does the user read some subtree's records (people, villages' affairs), beyond their own?

        Partners and linked leaders do not: they see their own pairings or contact points.
        """
        return self.is_superuser or bool(self.read_codes)

    @property
    def is_county_admin(self) -> bool:
        return self.is_superuser or bool(self.grants.get(Right.CONFIGURE))

    # -- reading ---------------------------------------------------------------------
    def org_q(self, path: str = "", codes: Iterable[str] | None = None) -> Q:
        """Return a Q limiting ``<path>code`` to the user's subtrees (everything for a superuser)."""
        if self.is_superuser and codes is None:
            return Q()
        prefix = f"{path}__" if path else ""
        q = Q(pk__in=[])
        for code in self.read_codes if codes is None else codes:
            q |= Q(**{f"{prefix}code__startswith": code})
        return q

    def filter(self, queryset: QS, path: str) -> QS:
        """Limit ``queryset`` to rows whose organization at ``path`` is in scope."""
        return queryset.filter(self.org_q(path))

    def can_see_code(self, code: str) -> bool:
        return self.is_superuser or any(code.startswith(c) for c in self.read_codes)

    # -- rights ----------------------------------------------------------------------
    def codes_for(self, right: str) -> tuple[str, ...] | None:
        """The subtrees ``right`` holds on; None means everywhere (a superuser)."""
        if self.is_superuser:
            return None
        return self.grants.get(right, ())

    def right_q(self, right: str, path: str = "") -> Q:
        """Return a Q limiting ``<path>code`` to the subtrees where the user holds ``right``."""
        codes = self.codes_for(right)
        return Q() if codes is None else self.org_q(path, codes=codes)

    def may(
        self, right: str, *, code: str | None = None, person_id: int | None = None, unit_id: int | None = None
    ) -> bool:
        """May the user exercise ``right`` on a record of ``code``, about ``person_id``, or of ``unit_id``?"""
        if self.is_superuser:
            return True
        if code is not None and any(code.startswith(c) for c in self.grants.get(right, ())):
            return True
        if right in self.own_rights:
            if person_id is not None and person_id in self.person_ids:
                return True
            if unit_id is not None and unit_id in self.unit_ids:
                return True
        return False

    def require(
        self, right: str, *, code: str | None = None, person_id: int | None = None, unit_id: int | None = None
    ) -> None:
        """Refuse (403) a user who may see a record but not exercise ``right`` on it."""
        if not self.may(right, code=code, person_id=person_id, unit_id=unit_id):
            raise PermissionDenied(_("您只能查看，不能修改。"))

    def may_anywhere(self, right: str) -> bool:
        """Does the user hold ``right`` on some subtree (to offer the page or button at all)?"""
        return self.is_superuser or bool(self.grants.get(right)) or right in self.own_rights or self.holds(right)

    def holds(self, right: str) -> bool:
        """Does the user hold the system-wide ``right`` (an administrator's, or a superuser's break-glass)?"""
        return self.is_superuser or right in self.system_rights

    def require_held(self, right: str) -> None:
        """Refuse (404) a user without the system-wide ``right``: the page does not exist for them."""
        if not self.holds(right):
            raise Http404

    def sees_unmasked(self, person_id: int, place_code: str | None) -> bool:
        """Show ID number and phone in full to county admins of the person's county and to the person."""
        return self.may(Right.SEE_UNMASKED, code=place_code or None, person_id=person_id)

    # -- fetching one record -----------------------------------------------------------
    def object_or_404(self, queryset: QuerySet[M], path: str, *, right: str | None = None, **lookup: object) -> M:
        """Fetch one row in scope or raise 404: outside scope looks exactly like missing.

        With ``right``, the row must also lie where the user holds that right (its
        organization at ``path``); a row the user may see but not change answers 404 too.
        """
        try:
            obj = self.filter(queryset, path).get(**lookup)
        except ObjectDoesNotExist:  # the model's own DoesNotExist (the stubs know it only on concrete models)
            raise Http404 from None
        if right is not None and not self.may(right, code=code_at(obj, path)):
            raise Http404
        return obj


def code_at(obj: Model, path: str) -> str:
    """Return the division code of the organization at ``path`` (``"village"``, ``"post__village"``) of ``obj``."""
    target: Any = obj
    for name in filter(None, path.split("__")):
        target = getattr(target, name)
    return str(target.code)


ANONYMOUS = Scope()


class RoleBinding(Protocol):
    """What a read grant is given: one of a user's role assignments."""

    role: str
    organization_id: int | None
    unit_id: int | None
    person_id: int | None


ReadGrant = Callable[[RoleBinding], Iterable[str]]

# Apps add read codes for roles bound to something other than an organization; each
# entry is a function (role assignment) -> codes, registered from the app's access.py.
READ_GRANTS: Registry[ReadGrant] = Registry("read grant")


def read_grant(key: str) -> Callable[[ReadGrant], ReadGrant]:
    def decorator(func: ReadGrant) -> ReadGrant:
        return READ_GRANTS.add(key, func)

    return decorator


def minimal_codes(codes: Iterable[str]) -> tuple[str, ...]:
    """Drop codes already covered by a shorter prefix."""
    kept: list[str] = []
    for code in sorted(set(codes), key=len):
        if not any(code.startswith(k) for k in kept):
            kept.append(code)
    return tuple(sorted(kept))
