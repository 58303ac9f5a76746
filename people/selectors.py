"""Reads of people records for pages and exports, always through the viewer's scope."""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from accounts.scope import Scope
from organizations.models import Organization, OrganizationKind

from .id_numbers import mask_id_number, normalize
from .models import Household, PartyMembership, Person
from .phones import mask_phone, normalize_phone

_CODE = re.compile(r"^[0-9]{6,15}$")


def clean_code(value: str | None) -> str:
    """Return ``value`` if it looks like a division code prefix, else "" (ignore junk in filters)."""
    value = (value or "").strip()
    return value if _CODE.match(value) else ""


# -- organizations with counts -------------------------------------------------------


@dataclass
class NodeCounts:
    villages: int = 0
    party_groups: int = 0
    members: int = 0


def _ancestors(code: str) -> Iterable[str]:
    """Yield the codes above ``code`` in the tree (county, township, village)."""
    for length in (6, 9, 12):
        if len(code) > length:
            yield code[:length]


def subtree_counts(scope: Scope, within: str = "") -> dict[str, NodeCounts]:
    """Return villages, party groups and members under each visible organization, in two queries."""
    counts: dict[str, NodeCounts] = defaultdict(NodeCounts)
    orgs = scope.filter(Organization.objects.all(), "")
    members = scope.filter(PartyMembership.objects.all(), "branch")
    if within:
        orgs = orgs.filter(code__startswith=within)
        members = members.filter(branch__code__startswith=within)
    for code, kind in orgs.filter(kind__in=[OrganizationKind.VILLAGE, OrganizationKind.PARTY_GROUP]).values_list(
        "code", "kind"
    ):
        for above in _ancestors(code):
            if kind == OrganizationKind.VILLAGE:
                counts[above].villages += 1
            else:
                counts[above].party_groups += 1
    grouped = members.values("branch__code", "party_group__code").annotate(n=Count("id")).order_by()
    for row in grouped:
        branch, group, n = row["branch__code"], row["party_group__code"], row["n"]
        counts[branch].members += n
        for above in _ancestors(branch):
            counts[above].members += n
        if group:
            counts[group].members += n
    return counts


# -- masking -------------------------------------------------------------------------


def place_code(person: Person) -> str | None:
    """Return the code that decides who sees the person unmasked: home village, else branch."""
    if person.home_village_id:
        return person.home_village.code
    membership = getattr(person, "membership", None) if _has_loaded(person, "membership") else None
    return membership.branch.code if membership is not None else None


def _has_loaded(obj: object, name: str) -> bool:
    return name in obj._state.fields_cache  # type: ignore[attr-defined]


def with_shown_contact(scope: Scope, persons: Iterable[Person]) -> list[Person]:
    """Set ``shown_id_number`` and ``shown_phone`` on each person: in full only for those allowed."""
    rows = list(persons)
    for person in rows:
        if scope.sees_unmasked(person.pk, place_code(person)):
            person.shown_id_number = person.id_number or ""  # type: ignore[attr-defined]
            person.shown_phone = person.phone  # type: ignore[attr-defined]
        else:
            person.shown_id_number = mask_id_number(person.id_number or "")  # type: ignore[attr-defined]
            person.shown_phone = mask_phone(person.phone)  # type: ignore[attr-defined]
    return rows


# -- lists ---------------------------------------------------------------------------


def _search_q(text: str, prefix: str = "") -> Q:
    """Match a name by substring, an ID number or phone only in full (a partial match would leak masked digits)."""
    q = Q(**{f"{prefix}name__icontains": text})
    q |= Q(**{f"{prefix}id_number": normalize(text)})
    q |= Q(**{f"{prefix}phone": normalize_phone(text)})
    return q


def persons_visible_to(scope: Scope, *, q: str = "", org: str = "", sex: str = "") -> QuerySet[Person]:
    qs = Person.objects.filter(scope.person_q()).select_related("home_village", "membership__branch")
    if q:
        qs = qs.filter(_search_q(q))
    if org := clean_code(org):
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
        qs = qs.filter(_search_q(q, "person__"))
    if status:
        qs = qs.filter(status=status)
    if org := clean_code(org):
        qs = qs.filter(branch__code__startswith=org)
    if party_group := clean_code(party_group):
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
    if org := clean_code(org):
        qs = qs.filter(village__code__startswith=org)
    if q:
        qs = qs.filter(head__name__icontains=q)
    return qs.order_by("village__code", "head__name", "id")


def person_visible_or_none(scope: Scope, pk: int) -> Person | None:
    return (
        Person.objects.filter(scope.person_q())
        .select_related("home_village__parent", "membership__branch", "membership__party_group", "cadre__organization")
        .select_related("cadre__unit")
        .filter(pk=pk)
        .first()
    )


def person_codes(person: Person) -> list[str]:
    """Return the organization codes a person belongs to (home village, branch)."""
    codes = []
    if person.home_village_id:
        codes.append(person.home_village.code)
    membership = getattr(person, "membership", None) if _has_loaded(person, "membership") else None
    if membership is not None:
        codes.append(membership.branch.code)
    return codes


def can_change_person(scope: Scope, person: Person) -> bool:
    """Admins may edit a person who lives or is a member in their write scope."""
    if scope.is_superuser:
        return True
    return any(scope.can_change_code(code) for code in person_codes(person))


def village_choices(scope: Scope, *, writable: bool = False) -> QuerySet[Organization]:
    codes = None if scope.is_superuser else (scope.write_codes if writable else scope.read_codes)
    return Organization.objects.villages().filter(scope.org_q(codes=codes)).order_by("code")


def party_group_choices(scope: Scope, *, writable: bool = False) -> QuerySet[Organization]:
    codes = None if scope.is_superuser else (scope.write_codes if writable else scope.read_codes)
    return Organization.objects.party_groups().filter(scope.org_q(codes=codes)).select_related("parent").order_by("code")
