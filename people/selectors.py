"""Reads of people records for pages and exports, always through the viewer's scope."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from common.division_codes import clean_code_prefix
from common.scope import Right, Scope
from organizations.models import Organization, OrganizationKind
from organizations.selectors import organizations_where
from security.services import record_unmasked

from .id_numbers import mask_id_number, normalize
from .models import Household, PartyMembership, Person, id_number_hash, phone_hash
from .phones import mask_phone, normalize_phone


def person_q(scope: Scope) -> Q:
    """People whose village, branch or organ is in scope, and the user's own person."""
    if scope.is_superuser:
        return Q()
    q = Q(pk__in=list(scope.person_ids))
    for code in scope.read_codes:
        q |= (
            Q(home_village__code__startswith=code)
            | Q(membership__branch__code__startswith=code)
            | Q(cadre__organization__code__startswith=code)
        )
    return q


# -- masking -------------------------------------------------------------------------


def place_code(person: Person) -> str | None:
    """Return the code that decides who sees the person unmasked: home village, else branch."""
    if (village := person.home_village) is not None:
        return village.code
    membership = getattr(person, "membership", None) if _has_loaded(person, "membership") else None
    return membership.branch.code if membership is not None else None


def _has_loaded(obj: object, name: str) -> bool:
    return name in obj._state.fields_cache  # type: ignore[attr-defined]


def birth_year_label(born: dt.date | None) -> str:
    """What a masked viewer is told of a birth date: the year alone (the date would rebuild the ID number)."""
    return gettext("%(year)d年") % {"year": born.year} if born else ""


def shown_birth(born: dt.date | None, *, masked: bool) -> dt.date | str | None:
    """The birth date in full for an unmasked viewer, else its year (a label)."""
    return birth_year_label(born) if masked else born


def with_shown_contact(scope: Scope, persons: Iterable[Person]) -> list[Person]:
    """Set ``masked``, ``shown_id_number``, ``shown_phone`` and ``shown_birth`` on each person.

    In full only for those allowed (``Scope.sees_unmasked``); everyone else gets the ID
    number's region code, the phone's first three and last four digits and the birth
    year: together they leave at least 182,500 candidate ID numbers (docs/security.md).
    Who is shown in full, other than the viewer's own person, goes to the security log.
    """
    rows = list(persons)
    unmasked = []
    for person in rows:
        masked = not scope.sees_unmasked(person.pk, place_code(person))
        person.masked = masked  # type: ignore[attr-defined]
        if masked:
            person.shown_id_number = mask_id_number(person.id_number or "")  # type: ignore[attr-defined]
            person.shown_phone = mask_phone(person.phone)  # type: ignore[attr-defined]
        else:
            person.shown_id_number = person.id_number or ""  # type: ignore[attr-defined]
            person.shown_phone = person.phone  # type: ignore[attr-defined]
            unmasked.append(person.pk)
        person.shown_birth = shown_birth(person.birth_date, masked=masked)  # type: ignore[attr-defined]
    record_unmasked(unmasked, own=scope.person_ids)
    return rows


# -- lists ---------------------------------------------------------------------------


def search_q(text: str, prefix: str = "") -> Q:
    """Match a name by substring, an ID number or phone only in full (a partial match would leak masked digits)."""
    q = Q(**{f"{prefix}name__icontains": text})
    # Both are encrypted at rest: matched on their keyed hashes, which only a whole value can give.
    q |= Q(**{f"{prefix}id_number_hash": id_number_hash(normalize(text))})
    if phone := normalize_phone(text):
        q |= Q(**{f"{prefix}phone_hash": phone_hash(phone)})
    return q


def persons_visible_to(scope: Scope, *, q: str = "", org: str = "", sex: str = "") -> QuerySet[Person]:
    qs = Person.objects.filter(person_q(scope)).select_related("home_village", "membership__branch")
    if q:
        qs = qs.filter(search_q(q))
    if org := clean_code_prefix(org):
        qs = qs.filter(home_village__code__startswith=org)
    if sex:
        qs = qs.filter(sex=sex)
    return qs.order_by("home_village__code", "name", "id")


def members_visible_to(
    scope: Scope, *, q: str = "", status: str = "", org: str = "", party_group: str = ""
) -> QuerySet[PartyMembership]:
    qs = PartyMembership.objects.filter(scope.org_q("branch") | Q(person_id__in=list(scope.person_ids)))
    qs = qs.select_related("person__home_village", "branch__parent", "party_group")
    if q:
        qs = qs.filter(search_q(q, "person__"))
    if status:
        qs = qs.filter(status=status)
    if org := clean_code_prefix(org):
        qs = qs.filter(branch__code__startswith=org)
    if party_group := clean_code_prefix(party_group):
        qs = qs.filter(party_group__code=party_group)
    return qs.order_by("branch__code", "person__name", "id")


def households_visible_to(
    scope: Scope, *, status: str = "", cause: str = "", org: str = "", q: str = ""
) -> QuerySet[Household]:
    qs = Household.objects.filter(scope.org_q("village") | Q(head_id__in=list(scope.person_ids)))
    qs = qs.select_related("head__home_village", "village__parent")
    if status:
        qs = qs.filter(status=status)
    if cause:
        qs = qs.filter(cause=cause)
    if org := clean_code_prefix(org):
        qs = qs.filter(village__code__startswith=org)
    if q:
        qs = qs.filter(head__name__icontains=q)
    return qs.order_by("village__code", "head__name", "id")


def person_visible_or_none(scope: Scope, pk: int) -> Person | None:
    return (
        Person.objects.filter(person_q(scope))
        .select_related("home_village__parent", "membership__branch", "membership__party_group", "cadre__organization")
        .select_related("cadre__unit")
        .filter(pk=pk)
        .first()
    )


def person_codes(person: Person) -> list[str]:
    """Return the organization codes a person belongs to (home village, branch)."""
    codes = []
    if (village := person.home_village) is not None:
        codes.append(village.code)
    membership = getattr(person, "membership", None) if _has_loaded(person, "membership") else None
    if membership is not None:
        codes.append(membership.branch.code)
    return codes


def can_change_person(scope: Scope, person: Person) -> bool:
    """Admins may edit a person who lives or is a member in a subtree they manage."""
    return scope.is_superuser or any(scope.may(Right.MANAGE, code=code) for code in person_codes(person))


def village_choices(scope: Scope, *, writable: bool = False) -> QuerySet[Organization]:
    if writable:
        return organizations_where(scope, Right.MANAGE, [OrganizationKind.VILLAGE]).order_by("code")
    return Organization.objects.villages().filter(scope.org_q()).order_by("code")


def party_group_choices(scope: Scope, *, writable: bool = False) -> QuerySet[Organization]:
    if writable:
        groups = organizations_where(scope, Right.MANAGE, [OrganizationKind.PARTY_GROUP])
    else:
        groups = Organization.objects.party_groups().filter(scope.org_q())
    return groups.select_related("parent").order_by("code")
