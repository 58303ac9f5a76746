"""The points builder: the county's rule table, earnings booked from the records, spending at love supermarkets."""

from dataclasses import replace

import pytest
from django.db.models import Sum

from common.figures import compute_figures
from points import services
from points.models import EntryKind, Fact, PointEntry, PointRule, StockItem
from scenarios.builders.points import GOODS
from scenarios.loader import DATA_DIR, load_scenario, read_scenario

pytestmark = pytest.mark.django_db
POINTS = {
    "volunteer": 5,
    "meeting": 2,
    "commitment": 10,
    "visit": 1,
    "post_rated": 2,
    "monthly_cap": 12,
    "shoppers_percent": 60,
}
BRANCH_LIFE = {"attendance_percent": 90, "attendance_from_month": 10, "dues_paid_percent": 100}


@pytest.fixture
def built():
    scenario = read_scenario(DATA_DIR / "small_demo.yaml")
    return scenario, load_scenario(replace(scenario, points=POINTS, branch_life=BRANCH_LIFE)).county


def test_the_ledger_is_what_the_records_earn_and_the_shelves_what_was_spent(built):
    scenario, county = built
    rules = {r.fact: (r.points, r.monthly_cap) for r in PointRule.objects.filter(county=county)}
    assert rules == {
        Fact.VOLUNTEER: (5, 12),
        Fact.MEETING: (2, 12),
        Fact.COMMITMENT: (10, 12),
        Fact.VISIT: (1, 12),
        Fact.POST_RATED: (2, 12),
    }
    # Every fact booked, none twice: the county's run finds nothing left to do.
    assert services.points_sync(county=county) == (0, 0)
    earned = PointEntry.objects.filter(kind=EntryKind.EARNED, reversed_by__isnull=True)
    assert {e.fact for e in earned} >= {Fact.VOLUNTEER, Fact.MEETING, Fact.COMMITMENT, Fact.VISIT}
    want = services.desired(county, scenario.period_end)
    assert sum(w.points for w in want.values()) == earned.aggregate(s=Sum("points"))["s"]
    # Spent at the love supermarket, one item each: the shelf lost exactly what the ledger says was bought.
    spent = PointEntry.objects.filter(kind=EntryKind.REDEEMED)
    assert spent.count() > 0 and len(set(spent.values_list("request_key", flat=True))) == spent.count()
    start = {name: quantity for name, _price, quantity in GOODS}
    for item in StockItem.objects.all():
        bought = spent.filter(item=item).aggregate(q=Sum("quantity"))["q"] or 0
        assert item.quantity == start[item.name] - bought
        assert -(spent.filter(item=item).aggregate(s=Sum("points"))["s"] or 0) == bought * item.price
    # Nobody spent points they did not hold; the figures are the ledger's sums.
    for holder in {e.holder for e in spent}:
        assert services.balance(holder) >= 0
    figures = compute_figures(county, scenario.period, ["points_earned", "points_redeemed"])
    assert figures["points_earned"] == earned.aggregate(s=Sum("points"))["s"]
    assert figures["points_redeemed"] == -spent.aggregate(s=Sum("points"))["s"]


def test_a_scenario_without_points_parameters_builds_no_ledger():
    load_scenario(DATA_DIR / "small_demo.yaml")
    assert not PointRule.objects.exists() and not PointEntry.objects.exists()
