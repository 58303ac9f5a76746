"""Writes on points: the county's rules, deriving earnings from records, stock, redemptions, reversals.

How earning works (``points_sync``): the ledger is never typed by hand. For a county and a day,
``desired`` computes what each fact up to that day should earn under the county's current rules
(points per fact, at most the cap per holder, rule and month, facts taken in date order):

- ``volunteer:<id>``: a confirmed volunteer entry (practice), on its start date;
- ``meeting:<id>``: a member's attendance marked present (branch_life), on the meeting's date;
- ``commitment:<id>``: a commitment kept (practice: a done report by the deadline), on that report's date;
- ``visit:<id>``: a member's visit to the household in difficulty they are paired with (practice), on its date;
- ``post_rated:<id>``: a post rated at year end (practice: its stars), on the rating's day, the rule's points per star.

``points_sync`` then books what is missing and reverses (a new entry, never an edit) each live
earning whose fact disappeared or now earns otherwise, booking its new amount as the next
generation. (fact_key, generation) is unique, so running it twice, or twice at once, books once.
It runs daily (``manage.py sync_points``), when the county saves its rules or asks for it, and
before every redemption for its holder, so a balance is never behind the records it is spent from.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from branch_life.models import Attendance, AttendanceStatus
from common import clock
from common.checks import error
from common.division_codes import county_code
from organizations.models import Organization, OrganizationKind
from people.models import PartyMembership, Person
from practice.models import AidVisit, ClaimEventKind, Commitment, PostClaim, VolunteerEntry, VolunteerStatus
from service_platform.models import Facility, FacilityKind, FacilityStatus

from .models import EntryKind, Fact, PointEntry, PointRule, StockItem

BATCH = 2000


@dataclass(frozen=True)
class Earning:
    fact: str
    key: str
    holder_id: int
    village_id: int
    date: dt.date
    points: int = 0
    times: int = 1  # how many of the rule's points the fact is worth (a post's stars)


def _county(county: Organization) -> None:
    if county.kind != OrganizationKind.COUNTY:
        raise error("county", _("积分规则由县设定。"), "not_a_county")


@transaction.atomic
def rule_set(*, county: Organization, fact: str, points: int, monthly_cap: int | None) -> PointRule:
    """Set the county's points per fact and monthly cap for one kind of fact."""
    _county(county)
    if fact not in Fact.values:
        raise error("fact", _("没有这种积分事项。"), "unknown_fact")
    if points < 0 or (monthly_cap is not None and monthly_cap < 0):
        raise error("points", _("积分不能为负数。"), "negative_points")
    if monthly_cap is not None and points and monthly_cap < points:
        raise error("monthly_cap", _("每月上限不能低于每次积分。"), "cap_below_points")
    rule, _created = PointRule.objects.update_or_create(
        county=county, fact=fact, defaults={"points": points, "monthly_cap": monthly_cap}
    )
    return rule


def _places(code: str) -> Callable[[str], Q]:
    """How a fact's place is kept inside the county: by the county's unit ids, not ``code LIKE '350725%'`` joined
    to the facts — PostgreSQL misjudged that join (33 s per redemption for one holder; over ten minutes for the
    county's run on freshly loaded tables in the test database, before they were analysed)."""
    ids = list(Organization.objects.filter(code__startswith=code).order_by().values_list("id", flat=True))
    return lambda path: Q(**{f"{path}_id__in": ids})


def _facts(code: str, on: dt.date, holder_ids: list[int] | None = None) -> list[Earning]:
    mine = Q() if holder_ids is None else Q(member_id__in=holder_ids)
    within = _places(code)
    facts = [
        Earning(Fact.VOLUNTEER, f"volunteer:{pk}", member, village, start.date())
        for pk, member, village, start in VolunteerEntry.objects.filter(
            mine, within("village"), status=VolunteerStatus.CONFIRMED, start__date__lte=on
        )
        .order_by()
        .values_list("pk", "member_id", "village_id", "start")
    ]
    facts += [
        Earning(Fact.MEETING, f"meeting:{pk}", member, village, date)
        for pk, member, village, date in Attendance.objects.filter(
            mine, within("meeting__branch"), status=AttendanceStatus.PRESENT, meeting__date__lte=on
        )
        .order_by()
        .values_list("pk", "member_id", "meeting__branch_id", "meeting__date")
    ]
    kept = (
        Commitment.objects.filter(mine, within("village"))
        .annotate(kept_on=Min("reports__date", filter=Q(reports__done=True, reports__date__lte=F("deadline"))))
        .filter(kept_on__lte=on)
    )
    facts += [
        Earning(Fact.COMMITMENT, f"commitment:{pk}", member, village, kept_on)
        for pk, member, village, kept_on in kept.order_by().values_list("pk", "member_id", "village_id", "kept_on")
    ]
    visit_mine = Q() if holder_ids is None else Q(aid__member_id__in=holder_ids)
    facts += [
        Earning(Fact.VISIT, f"visit:{pk}", member, village, date)
        for pk, member, village, date in AidVisit.objects.filter(visit_mine, within("aid__village"), date__lte=on)
        .order_by()
        .values_list("pk", "aid__member_id", "aid__village_id", "date")
    ]
    # A post rated at year end: on the day of its latest rating, worth the rule's points per star.
    rated = (
        PostClaim.objects.filter(mine, within("post__village"), star_rating__gt=0)
        .annotate(rated_on=Max("events__at", filter=Q(events__kind=ClaimEventKind.RATED)))
        .filter(rated_on__isnull=False)
    )
    facts += [
        Earning(Fact.POST_RATED, f"post_rated:{pk}", member, village, timezone.localdate(rated_on), times=stars or 0)
        for pk, member, village, rated_on, stars in rated.order_by().values_list(
            "pk", "member_id", "post__village_id", "rated_on", "star_rating"
        )
        if timezone.localdate(rated_on) <= on
    ]
    return facts


def desired(county: Organization, on: dt.date, holder_ids: list[int] | None = None) -> dict[str, Earning]:
    """What every fact of the county up to ``on`` should earn under its rules (facts earning nothing left out).

    With ``holder_ids``, those holders' facts only: caps count per holder, so the result is the county's restricted.
    """
    rules = {r.fact: r for r in PointRule.objects.filter(county=county)}
    used: dict[tuple[int, str, int, int], int] = defaultdict(int)
    out: dict[str, Earning] = {}
    for f in sorted(_facts(county.code, on, holder_ids), key=lambda e: (e.date, e.key)):
        rule = rules.get(f.fact)
        if rule is None or not rule.points:
            continue
        month = (f.holder_id, f.fact, f.date.year, f.date.month)
        points = rule.points * f.times
        if rule.monthly_cap is not None:
            points = min(points, rule.monthly_cap - used[month])
        if points <= 0:
            continue
        used[month] += points
        out[f.key] = Earning(f.fact, f.key, f.holder_id, f.village_id, f.date, points)
    return out


def _reversal(entry: PointEntry, on: dt.date, actor: Any, note: str) -> PointEntry:
    return PointEntry.objects.create(
        holder_id=entry.holder_id,
        village_id=entry.village_id,
        kind=EntryKind.REVERSAL,
        points=-entry.points,
        date=on,
        fact=entry.fact,
        item_id=entry.item_id,
        quantity=entry.quantity,
        reverses=entry,
        note=note,
        created_by=actor,
    )


@transaction.atomic
def points_sync(
    *,
    county: Organization,
    on: dt.date | None = None,
    holder: Person | None = None,
    holders: Iterable[Person] | None = None,
) -> tuple[int, int]:
    """Book the earnings the county's records call for up to ``on``; reverse the ones they no longer do.

    Return (entries booked, entries reversed). Idempotent: a second run books nothing. With ``holder`` (or
    ``holders``), only those holders' earnings (a redemption brings its holder up to date, not the whole county).
    """
    _county(county)
    on = on or clock.today()
    ids = None
    if holder is not None or holders is not None:
        ids = sorted({p.pk for p in holders or ()} | ({holder.pk} if holder is not None else set()))
    Organization.objects.select_for_update().filter(pk=county.pk).first()  # one sync of a county at a time
    want = desired(county, on, ids)
    earned = PointEntry.objects.filter(_places(county.code)("village"), kind=EntryKind.EARNED).order_by()
    if ids is not None:  # theirs, and any other holder's entry for a fact now theirs (it moves to them)
        earned = earned.filter(Q(holder_id__in=ids) | Q(fact_key__in=list(want)))
    generations = dict(earned.values("fact_key").annotate(g=Max("generation")).values_list("fact_key", "g"))
    live = {e.fact_key: e for e in earned.filter(reversed_by__isnull=True)}
    booked = reversed_ = 0
    for key, entry in live.items():
        w = want.get(key)
        if w is None or (w.points, w.holder_id, w.village_id, w.date) != (
            entry.points,
            entry.holder_id,
            entry.village_id,
            entry.date,
        ):
            _reversal(entry, on, None, _("来源记录已变更"))
            reversed_ += 1
        else:
            want.pop(key)
    new = [
        PointEntry(
            holder_id=w.holder_id,
            village_id=w.village_id,
            kind=EntryKind.EARNED,
            points=w.points,
            date=w.date,
            fact=w.fact,
            fact_key=key,
            generation=generations[key] + 1 if key in generations else 0,
        )
        for key, w in want.items()
    ]
    PointEntry.objects.bulk_create(new, batch_size=BATCH)  # a county's first run books tens of thousands
    return booked + len(new), reversed_


def holder_sync(*, holder: Person, village: Organization, on: dt.date | None = None) -> tuple[int, int]:
    """Bring one holder's earnings up to date in ``village``'s county (after a record of theirs changed)."""
    county = Organization.objects.get(code=county_code(village.code), kind=OrganizationKind.COUNTY)
    return points_sync(county=county, on=on, holder=holder)


def balance(holder: Person) -> int:
    return PointEntry.objects.filter(holder=holder).aggregate(s=Sum("points"))["s"] or 0


# -- love supermarkets ----------------------------------------------------------------


def _supermarket(facility: Facility) -> None:
    if facility.kind != FacilityKind.LOVE_SUPERMARKET:
        raise error("supermarket", _("只有爱心超市可以兑换积分。"), "not_a_supermarket")


@transaction.atomic
def stock_set(*, supermarket: Facility, name: str, price: int, quantity: int) -> StockItem:
    """Put an item on a love supermarket's shelf, or set its price and quantity."""
    _supermarket(supermarket)
    name = name.strip()
    if not name:
        raise error("name", _("请填写物品名称。"), "stock_name_missing")
    if price <= 0:
        raise error("price", _("所需积分必须大于零。"), "price_not_positive")
    if quantity < 0:
        raise error("quantity", _("库存数量不能为负数。"), "negative_quantity")
    item, _created = StockItem.objects.update_or_create(
        supermarket=supermarket, name=name, defaults={"price": price, "quantity": quantity}
    )
    return item


def _county_of(facility: Facility) -> Organization:
    return Organization.objects.get(code=county_code(facility.organization.code), kind=OrganizationKind.COUNTY)


def _checked(
    item: StockItem, holder: Person, quantity: int, request_key: str, county: Organization | None = None
) -> tuple[StockItem, PartyMembership]:
    """Refuse what no balance could make right; return the item (locked) and the membership the points are spent in.

    With ``county``, the supermarket must be one of its own."""
    if not request_key:
        raise error(None, _("兑换请求缺少编号，请刷新页面后重试。"), "request_key_missing")
    if PointEntry.objects.filter(request_key=request_key).exists():
        raise error(None, _("这次兑换已经登记过，不能重复兑换。"), "duplicate_redemption")
    if quantity < 1:
        raise error("quantity", _("兑换数量至少为1。"), "quantity_not_positive")
    item = StockItem.objects.select_for_update().select_related("supermarket__organization").get(pk=item.pk)
    facility = item.supermarket
    _supermarket(facility)
    if county is not None and county_code(facility.organization.code) != county.code:
        raise error("supermarket", _("该爱心超市不在本县。"), "supermarket_not_in_county")
    if facility.status != FacilityStatus.OPEN:
        raise error("supermarket", _("该爱心超市未在运行，不能兑换。"), "supermarket_not_open")
    membership = (
        PartyMembership.objects.filter(person=holder, branch__code__startswith=facility.organization.code[:6])
        .order_by("-joined_on")
        .first()
    )
    if membership is None:
        raise error("holder", _("只有本县党员可以兑换积分。"), "holder_not_in_county")
    if item.quantity < quantity:
        raise error(
            "quantity",
            _("库存不足：%(name)s只剩%(left)s件。") % {"name": item.name, "left": item.quantity},
            "beyond_stock",
        )
    return item, membership


def _book(
    item: StockItem,
    holder: Person,
    membership: PartyMembership,
    quantity: int,
    request_key: str,
    on: dt.date,
    actor: Any,
) -> PointEntry:
    """Book a checked redemption against the holder's balance (their earnings already brought up to ``on``)."""
    cost = item.price * quantity
    have = balance(holder)
    if have < cost:
        raise error(
            "quantity",
            _("积分不足：需要%(cost)s分，现有%(have)s分。") % {"cost": cost, "have": have},
            "beyond_balance",
        )
    try:
        with transaction.atomic():
            entry = PointEntry.objects.create(
                holder=holder,
                village=membership.branch,
                kind=EntryKind.REDEEMED,
                points=-cost,
                date=on,
                item=item,
                quantity=quantity,
                request_key=request_key,
                created_by=actor,
            )
    except IntegrityError:
        raise error(None, _("这次兑换已经登记过，不能重复兑换。"), "duplicate_redemption") from None
    StockItem.objects.filter(pk=item.pk).update(quantity=F("quantity") - quantity)
    return entry


@transaction.atomic
def redeem(
    *, item: StockItem, holder: Person, quantity: int, request_key: str, on: dt.date | None = None, actor: Any = None
) -> PointEntry:
    """Spend a holder's points on ``quantity`` of a supermarket's item; the request key books it once only."""
    on = on or clock.today()
    request_key = request_key.strip()
    item, membership = _checked(item, holder, quantity, request_key)
    Person.objects.select_for_update().filter(pk=holder.pk).first()
    points_sync(county=_county_of(item.supermarket), on=on, holder=holder)
    return _book(item, holder, membership, quantity, request_key, on, actor)


@dataclass(frozen=True)
class Redemption:
    item: StockItem
    holder: Person
    quantity: int
    request_key: str


@transaction.atomic
def redeem_many(
    *, county: Organization, lines: Sequence[Redemption], on: dt.date | None = None, actor: Any = None
) -> list[PointEntry | ValidationError]:
    """A day's redemptions at the county's love supermarkets, in order (a paper ledger entered at once).

    The holders' earnings are brought up to ``on`` in one run for all of them; then each line is booked or refused
    exactly as ``redeem`` would book or refuse it alone. A refused line books nothing and the next goes on; the
    result holds, line by line, the entry booked or the refusal.
    """
    _county(county)
    on = on or clock.today()
    points_sync(county=county, on=on, holders=[line.holder for line in lines])
    out: list[PointEntry | ValidationError] = []
    for line in lines:
        key = line.request_key.strip()
        try:
            with transaction.atomic():
                item, membership = _checked(line.item, line.holder, line.quantity, key, county)
                Person.objects.select_for_update().filter(pk=line.holder.pk).first()  # as redeem: item, then holder
                out.append(_book(item, line.holder, membership, line.quantity, key, on, actor))
        except ValidationError as exc:
            out.append(exc)
    return out


@transaction.atomic
def redemption_reverse(*, entry: PointEntry, note: str, on: dt.date | None = None, actor: Any = None) -> PointEntry:
    """Correct a redemption by a reversing entry: the points come back, and the items to the shelf."""
    entry = PointEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.kind != EntryKind.REDEEMED:
        raise error("entry", _("只有兑换可以冲正；获得的积分随来源记录自动更正。"), "not_a_redemption")
    if PointEntry.objects.filter(reverses=entry).exists():
        raise error("entry", _("这笔兑换已经冲正过。"), "already_reversed")
    if not note.strip():
        raise error("note", _("请说明冲正原因。"), "reversal_reason_missing")
    reversal = _reversal(entry, on or clock.today(), actor, note.strip())
    if entry.item_id is not None:
        StockItem.objects.filter(pk=entry.item_id).update(quantity=F("quantity") + (entry.quantity or 0))
    return reversal
