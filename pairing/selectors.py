"""Reads for A1/A2. Every page and export gets its rows here, through the viewer's scope."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from common import clock
from common.scope import Right, Scope
from organizations.models import Organization, OutsideUnit
from people.models import Cadre, Household, Person

from .models import (
    OUTCOME_UNITS,
    CoBuildingActivity,
    Contribution,
    Outcome,
    OutcomeType,
    Pairing,
    Posting,
    PostingBatch,
)


def pairing_q(scope: Scope, path: str = "") -> Q:
    """Pairings the viewer may see: those of villages in read scope, and a partner's own unit's pairings.

    A partner (结对单位联系人) is given no read scope over the paired village: they see their
    own pairings and what those delivered, never the village's personal records.
    """
    prefix = f"{path}__" if path else ""
    q = scope.org_q(f"{prefix}village")
    if Right.RECORD_DELIVERY in scope.own_rights and scope.unit_ids:
        q |= Q(**{f"{prefix}unit_id__in": sorted(scope.unit_ids)})
    return q


def pairings_visible_to(
    scope: Scope,
    *,
    kind: str = "",
    status: str = "",
    on: dt.date | None = None,
    area: str = "",
) -> QuerySet[Pairing]:
    """Return the pairings in scope, optionally by kind, status on ``on`` and township/village code."""
    qs = Pairing.objects.filter(pairing_q(scope)).select_related(
        "village__parent", "unit", "urban_person", "rural_person", "household__head"
    )
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.with_status(status, on or clock.today())
    if area:
        qs = qs.filter(village__code__startswith=area)
    return qs.order_by("village__code", "kind", "start", "id")


def pairing_detail(scope: Scope, pk: int) -> Pairing:
    """Return one pairing in scope (404 otherwise) with its records prefetched."""
    return pairing_or_404(
        scope,
        Pairing.objects.select_related(
            "village__parent", "unit", "urban_person", "rural_person", "household__head"
        ).prefetch_related(
            Prefetch("contributions", Contribution.objects.prefetch_related("tags")),
            Prefetch("activities", CoBuildingActivity.objects.prefetch_related("tags")),
            Prefetch("outcomes", Outcome.objects.all()),
        ),
        pk,
    )


def pairing_or_404(scope: Scope, queryset: QuerySet[Pairing], pk: int) -> Pairing:
    """One pairing the viewer may see (``pairing_q``); anything else looks exactly like missing."""
    found = queryset.filter(pairing_q(scope), pk=pk).first()
    if found is None:
        raise Http404
    return found


def pairing_choices(village: Organization) -> dict[str, QuerySet]:
    """What a new pairing of ``village`` may pair (the page's pickers, the API's checks).

    Units of the county; on the urban side the county's cadres and people without a home village (urban
    members); on the rural side the village's residents and members; the village's households.
    """
    county_code = village.code[:6]
    return {
        "units": OutsideUnit.objects.within(county_code).order_by("kind", "name"),
        "urban": Person.objects.filter(
            Q(cadre__organization__code__startswith=county_code) | Q(home_village__isnull=True)
        )
        .exclude(membership__branch__code__startswith=county_code, cadre__isnull=True)
        .order_by("name"),
        "rural": Person.objects.filter(Q(home_village=village) | Q(membership__branch=village))
        .distinct()
        .order_by("name"),
        "households": Household.objects.filter(village=village).select_related("head"),
    }


def batches_visible_to(scope: Scope) -> QuerySet[PostingBatch]:
    """Batches of the counties the viewer works in (a township admin sees its county's batches)."""
    if scope.is_superuser:
        return PostingBatch.objects.select_related("county")
    # A prefix each: a township's county, or every county under a province or prefecture admin's code.
    counties = {code[:6] for code in scope.read_codes}
    return PostingBatch.objects.filter(scope.org_q("county", codes=counties)).select_related("county")


def posting_choices(scope: Scope, counties: QuerySet[Organization]) -> dict[str, QuerySet]:
    """What a new posting in ``counties`` (those the viewer configures) may name: their batches, cadres, villages."""
    codes = list(counties.values_list("code", flat=True))
    area, cadre_area = Q(pk__in=[]), Q(pk__in=[])
    for code in codes:
        area |= Q(code__startswith=code)
        cadre_area |= Q(organization__code__startswith=code)
    return {
        "batches": batches_visible_to(scope).filter(county__code__in=codes),
        "cadres": Cadre.objects.filter(cadre_area).select_related("person").order_by("person__name"),
        "villages": Organization.objects.villages().filter(area).select_related("parent"),
    }


def postings_visible_to(
    scope: Scope, *, batch: PostingBatch | None = None, area: str = "", on: dt.date | None = None, status: str = ""
) -> QuerySet[Posting]:
    qs = scope.filter(Posting.objects.all(), "village").select_related(
        "batch", "cadre__person", "cadre__unit", "cadre__organization", "village__parent"
    )
    if batch is not None:
        qs = qs.filter(batch=batch)
    if area:
        qs = qs.filter(village__code__startswith=area)
    if status:
        qs = qs.with_status(status, on or clock.today())
    return qs.order_by("batch__number", "village__code", "id")


def posting_detail(scope: Scope, pk: int) -> Posting:
    return scope.object_or_404(
        Posting.objects.select_related("batch", "cadre__person", "cadre__unit", "village__parent").prefetch_related(
            Prefetch("contributions", Contribution.objects.prefetch_related("tags"))
        ),
        "village",
        pk=pk,
    )


def outcomes_visible_to(scope: Scope, *, year: int | None = None, area: str = "") -> QuerySet[Outcome]:
    qs = Outcome.objects.filter(pairing_q(scope, "pairing")).select_related("pairing__village__parent", "pairing__unit")
    if year:
        qs = qs.filter(date__year=year)
    if area:
        qs = qs.filter(pairing__village__code__startswith=area)
    return qs.order_by("-date", "-id")


CENT = Decimal("0.01")


def _yuan(total: Decimal | None) -> Decimal:
    """SQLite sums decimals loosely (300.5); money is always shown to the fen."""
    return (total or Decimal(0)).quantize(CENT)


@dataclass
class OutcomeTotal:
    type: str
    label: str
    unit: str
    count: int
    amount: Decimal | None


def outcome_totals(outcomes: QuerySet[Outcome]) -> list[OutcomeTotal]:
    """Return one row per outcome type with its count and summed amount (one query)."""
    rows = {r["type"]: r for r in outcomes.order_by().values("type").annotate(n=Count("id"), total=Sum("amount"))}
    result = []
    for choice in OutcomeType:
        row = rows.get(choice.value, {"n": 0, "total": None})
        unit = OUTCOME_UNITS.get(choice)
        result.append(
            OutcomeTotal(
                type=choice.value,
                label=str(choice.label),
                unit=str(unit) if unit else "",
                count=row["n"],
                amount=_yuan(row["total"]) if unit else None,
            )
        )
    return result


def last_activity_by_pairing(pairings: QuerySet[Pairing], on: dt.date) -> dict[int, dt.date]:
    """Return each pairing's latest activity, contribution or outcome on or before ``on`` (three queries).

    ``pairings`` is used as a subquery, so its size never reaches the database's parameter limit.
    """
    subquery = pairings.order_by().values("pk")
    latest: dict[int, dt.date] = {}
    for model in (CoBuildingActivity, Contribution, Outcome):
        for row in (
            model.objects.filter(pairing__in=subquery, date__lte=on)
            .order_by()
            .values("pairing_id")
            .annotate(last=Max("date"))
        ):
            current = latest.get(row["pairing_id"])
            if current is None or row["last"] > current:
                latest[row["pairing_id"]] = row["last"]
    return latest
