"""Reads for points: scoped lists for the pages, each in a constant number of queries."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from common.scope import Right, Scope
from organizations.models import Organization
from people.models import PartyMembership, Person
from service_platform.models import Facility, FacilityKind

from .models import EntryKind, PointEntry, StockItem

EARNINGS = ~Q(fact="")  # earnings and the reversals that correct them
SPENDING = Q(fact="")  # redemptions and their reversals


def balances(scope: Scope, *, village: str = "") -> QuerySet:
    """One row per holder and village in scope: balance, net earned, net redeemed (positive); highest balance first.

    The rows carry ``village_id``, not the village's names: grouping the ledger on joined names made the
    county's ranking twice as slow. ``with_places`` names the rows shown (a page, an export) in one query."""
    qs = scope.filter(PointEntry.objects.all(), "village")
    if village:
        qs = qs.filter(village__code__startswith=village)
    return (
        qs.values("holder_id", "holder__name", "village_id")
        .annotate(
            balance=Sum("points"),
            earned=Sum("points", filter=EARNINGS),
            redeemed=Sum(F("points") * -1, filter=SPENDING),
        )
        .order_by("-balance", "village__code", "holder__name")
    )


def with_places(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` of ``balances`` with their village's code and names (``village__code``, ``village_name``,
    ``township_name``, in the active language), one query for all of them."""
    rows = list(rows)
    villages = Organization.objects.select_related("parent").in_bulk({r["village_id"] for r in rows})
    for row in rows:
        place = villages[row["village_id"]]
        row["village__code"] = place.code
        row["village_name"] = place.display_name
        row["township_name"] = place.parent.display_name if place.parent else ""
    return rows


def balance_of(person_id: int) -> int:
    """A holder's balance: the sum of their entries (earned, spent, reversed)."""
    return PointEntry.objects.filter(holder_id=person_id).aggregate(s=Sum("points"))["s"] or 0


def entries_of(person_ids: frozenset[int] | set[int]) -> QuerySet[PointEntry]:
    return (
        PointEntry.objects.filter(holder_id__in=person_ids)
        .select_related("holder", "village", "item__supermarket", "reverses")
        .order_by("-date", "-id")
    )


def supermarkets(scope: Scope) -> QuerySet[Facility]:
    qs = scope.filter(Facility.objects.filter(kind=FacilityKind.LOVE_SUPERMARKET), "organization")
    return qs.select_related("organization__parent").annotate(items=Count("stock")).order_by("organization__code")


def supermarket(scope: Scope, pk: int) -> Facility:
    return scope.object_or_404(
        Facility.objects.filter(kind=FacilityKind.LOVE_SUPERMARKET).select_related("organization"),
        "organization",
        pk=pk,
    )


def may_run(scope: Scope, facility: Facility) -> bool:
    return scope.may(Right.MANAGE, code=facility.organization.code)


def stock_of(facility: Facility) -> QuerySet[StockItem]:
    return StockItem.objects.filter(supermarket=facility).order_by("name")


def redemptions_at(facility: Facility) -> QuerySet[PointEntry]:
    return (
        PointEntry.objects.filter(item__supermarket=facility, kind__in=[EntryKind.REDEEMED, EntryKind.REVERSAL])
        .select_related("holder", "item", "reverses", "reversed_by")
        .order_by("-date", "-id")
    )


def holders_for(facility: Facility) -> QuerySet[Person]:
    """The members of the villages the supermarket serves (those under its township or village)."""
    ids = PartyMembership.objects.filter(branch__code__startswith=facility.organization.code).values("person_id")
    return Person.objects.filter(pk__in=ids).order_by("name")
