"""Points (积分): the county's rule table, the year's earnings booked from the records, love supermarkets stocked
and spent at.

Driven by the scenario's ``points`` parameters, seeded like every builder (a scenario without
them gets none, which keeps the tests' small scenarios small):

- the county sets its rule table (points per confirmed volunteer service, meeting attended,
  commitment kept, visit to a household in difficulty, star of a post rated at year end; a monthly
  cap per holder and kind) through ``points.services.rule_set``;
- every love supermarket of the county puts a few everyday goods on its shelf (``stock_set``);
- ``shoppers_percent`` of the members who earned points spend some in November and December at a
  love supermarket of their own township (the county's nearest one where theirs has none), each
  with its own request key, in date order, a day at a time through ``points.services.redeem_many``
  (which books each line as ``redeem`` would), so every refusal (beyond the balance, beyond the
  stock) is the page's and is simply not booked;
- the county's run (``points_sync``) then books what the records earn up to the campaign's today.

Nothing is typed: the ledger is what the volunteer, branch-life and practice records earn.
"""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError

from common import clock
from people.models import Person
from points import services
from points.models import Fact
from service_platform.models import Facility, FacilityKind, FacilityStatus

from . import BuildContext, builder

GOODS = (("大米（5公斤）", 30, 40), ("食用油（1升）", 20, 40), ("洗衣粉", 8, 60), ("毛巾", 5, 80), ("肥皂", 3, 100))
SHOPPING_FROM = (11, 1)  # members spend from 1 November


@builder("points", order=97)
def build_points(ctx: BuildContext) -> str:
    params = ctx.scenario.points
    if not params or ctx.county is None:
        return "points: none in the scenario (no points parameters)"
    rng = ctx.rng("points")
    county = ctx.county
    last_day = min(ctx.scenario.period_end, clock.today())
    cap = int(params.get("monthly_cap", 0)) or None
    for fact in Fact:
        key = fact.value
        points = int(params.get(key, 0))
        services.rule_set(county=county, fact=fact, points=points, monthly_cap=max(cap, points) if cap else None)
    shops = list(
        Facility.objects.filter(
            kind=FacilityKind.LOVE_SUPERMARKET,
            status=FacilityStatus.OPEN,
            organization__code__startswith=county.code,
            opened_on__lte=last_day,
        )
        .select_related("organization")
        .order_by("organization__code", "pk")
    )
    shelves = {
        shop.pk: [services.stock_set(supermarket=shop, name=n, price=p, quantity=q) for n, p, q in GOODS]
        for shop in shops
    }
    if not shops:
        booked, _reversed = services.points_sync(county=county, on=last_day)
        return f"points: {booked} earnings booked, no love supermarket to spend them at"
    totals: dict[int, int] = {}
    villages: dict[int, int] = {}
    for earning in services.desired(county, last_day).values():
        totals[earning.holder_id] = totals.get(earning.holder_id, 0) + earning.points
        villages[earning.holder_id] = earning.village_id
    cheapest = min(p for _n, p, _q in GOODS)
    holders = sorted(h for h, total in totals.items() if total >= cheapest)
    shoppers = rng.sample(holders, len(holders) * int(params.get("shoppers_percent", 0)) // 100)
    township_of = {v.pk: v.parent_id for v in ctx.all_villages()}
    by_township: dict[int | None, list[Facility]] = {}
    for shop in shops:
        by_township.setdefault(township_of.get(shop.organization_id, shop.organization.parent_id), []).append(shop)
    first_day = dt.date(last_day.year, *SHOPPING_FROM)
    days = max(1, (last_day - first_day).days + 1)
    plan = sorted((first_day + dt.timedelta(days=rng.randrange(days)), holder) for holder in shoppers)
    people = Person.objects.in_bulk(shoppers)
    days_lines: dict[dt.date, list[services.Redemption]] = {}
    for day, holder_id in plan:
        near = by_township.get(township_of.get(villages[holder_id])) or shops
        shop = rng.choice([s for s in near if s.opened_on <= day] or shops)
        item = rng.choice(shelves[shop.pk])
        key = uuid.UUID(int=rng.getrandbits(128)).hex
        days_lines.setdefault(day, []).append(services.Redemption(item, people[holder_id], 1, key))
    redeemed = refused = 0
    for day, lines in days_lines.items():  # a day's redemptions at once: their holders' earnings booked in one run
        for result in services.redeem_many(county=county, lines=lines, on=day):
            # A refusal (beyond the balance on that day, or the shelf ran out) is the page's too: simply not booked.
            refused += isinstance(result, ValidationError)
            redeemed += not isinstance(result, ValidationError)
    services.points_sync(county=county, on=last_day)
    return f"points: rules set, {len(shops)} love supermarkets stocked, {redeemed} redemptions ({refused} refused)"
