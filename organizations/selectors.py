"""Reads of the organization tree through the viewer's scope (pages, forms, exports)."""

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import F, Func, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404
from django.utils.translation import get_language

from common.division_codes import COUNTY_LENGTH, ancestor_codes
from common.scope import Right, Scope
from common.sections import NODE_COUNTS

from .models import Organization, OrganizationKind, OrganizationQuerySet


def display_name_of(path: str) -> Func | F:
    """``Organization.display_name`` of the organization at ``path``, in SQL: for labels built by the query."""
    if (get_language() or "").startswith("en"):
        return Coalesce(NullIf(F(f"{path}__name_en"), Value("")), F(f"{path}__name"))
    return F(f"{path}__name")


def organizations_in(scope: Scope) -> OrganizationQuerySet:
    """Every organization the viewer may see."""
    return Organization.objects.filter(scope.org_q())


def organizations_where(scope: Scope, right: str, kinds: Sequence[str] | None = None) -> QuerySet[Organization]:
    """The organizations (of ``kinds``) on which the viewer holds ``right``: what a form may offer."""
    qs = Organization.objects.filter(scope.right_q(right))
    return qs.filter(kind__in=list(kinds)) if kinds else qs


def organization_or_404(scope: Scope, code: str, *, right: str | None = None, kind: str | None = None) -> Organization:
    """The organization ``code`` (of ``kind``) if the viewer may see it — and, with ``right``, holds that
    right on it; else 404, exactly as if it did not exist."""
    if not scope.can_see_code(code) or (right is not None and not scope.may(right, code=code)):
        raise Http404
    try:
        org = Organization.objects.select_related("parent").get(code=code)
    except Organization.DoesNotExist:
        raise Http404 from None
    if kind is not None and org.kind != kind:
        raise Http404
    return org


def ancestors_in_scope(scope: Scope, org: Organization) -> list[Organization]:
    """The units above ``org`` that the viewer may open, top first (for breadcrumbs)."""
    codes = [c for c in ancestor_codes(org.code) if scope.can_see_code(c)]
    return list(Organization.objects.filter(code__in=codes).order_by("code")) if codes else []


def area_choices(scope: Scope) -> list[tuple[str, str]]:
    """Townships and villages in scope for an area filter, villages indented under their township (one query)."""
    orgs = organizations_in(scope).filter(kind__in=[OrganizationKind.TOWNSHIP, OrganizationKind.VILLAGE])
    return [
        (o.code, ("" if o.kind == OrganizationKind.TOWNSHIP else "　") + o.display_name) for o in orgs.order_by("code")
    ]


def subtree_counts(scope: Scope, within: str = "") -> dict[str, defaultdict[str, int]]:
    """Villages, party groups and every registered tree count (members…) under each visible unit.

    One query for the tree's own counts, one per registered count: ``counts[code]["members"]``.
    """
    counts: dict[str, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    orgs = organizations_in(scope).filter(kind__in=[OrganizationKind.VILLAGE, OrganizationKind.PARTY_GROUP])
    if within:
        orgs = orgs.filter(code__startswith=within)
    for code, kind in orgs.values_list("code", "kind"):
        key = "villages" if kind == OrganizationKind.VILLAGE else "party_groups"
        for above in ancestor_codes(code):
            counts[above][key] += 1
    for entry in NODE_COUNTS.values():
        for code, n in entry.count(scope, within).items():
            counts[code][entry.key] += n
    return counts


def node_counts(counts: dict[str, defaultdict[str, int]], code: str) -> defaultdict[str, int]:
    """The counts of one unit (zeros for a unit with nothing under it)."""
    return counts.get(code) or defaultdict(int)


def county_administered(scope: Scope) -> str | None:
    """The code of the county the viewer configures (a county admin's county; a superuser: the first county)."""
    if scope.is_superuser:
        return Organization.objects.counties().order_by("code").values_list("code", flat=True).first()
    codes = scope.codes_for(Right.CONFIGURE) or ()
    return next((c for c in codes if len(c) == COUNTY_LENGTH), None)


def counties_on_record() -> list[Organization]:
    """The counties this installation holds (normally one): the public pages and the login page name them."""
    return list(Organization.objects.counties().order_by("code")[:5])


def top_units() -> OrganizationQuerySet:
    """The roots of the tree: the provinces, and the counties that stand under no prefecture."""
    return Organization.objects.filter(
        Q(kind=OrganizationKind.PROVINCE) | Q(kind=OrganizationKind.COUNTY, parent__isnull=True)
    )
