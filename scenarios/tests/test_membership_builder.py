"""The membership builder: a year of recruitment and transfers that keeps the scenario's year-end members."""

import datetime as dt

import pytest
from django.db.models import F, Q

from common.figures import compute_figures
from common.rules import evaluate
from membership.counting import flow
from membership.models import Away, LostContact, Recruit, StepEvent, Transfer, months_after
from membership.steps import BY_CODE
from people.models import PartyMembership
from scenarios.loader import DATA_DIR, load_scenario, read_scenario

pytestmark = pytest.mark.django_db
KEYS = [
    "rural_party_members",
    "applicants",
    "activists",
    "candidates",
    "probationary_members",
    "members_admitted",
    "members_transferred_in",
    "members_transferred_out",
    "members_away",
]


def test_a_year_of_recruitment_and_transfers_keeps_the_year_end_count():
    source = DATA_DIR / "second.yaml"
    county = load_scenario(source).county
    scenario = read_scenario(source)
    year_of = scenario.period  # 2011
    last = dt.date(year_of, 12, 31)
    figures = compute_figures(county, year_of, KEYS)
    assert figures["rural_party_members"] == scenario.figures["rural_party_members"]
    assert figures["applicants"] and figures["activists"] and figures["candidates"]
    assert figures["members_admitted"] > 0 and figures["members_transferred_in"] > 0
    assert figures["members_transferred_out"] > 0
    # Members away: recorded through the services; the figure counts those not back by the year's end.
    still_away = Away.objects.filter(Q(returned_on__isnull=True) | Q(returned_on__gt=last))
    assert figures["members_away"] == still_away.count() > 0
    assert Away.objects.filter(returned_on__isnull=False).exists()
    year = flow(county.code, dt.date(year_of, 1, 1), last)
    assert year.start + year.joins + year.transferred_in - year.transferred_out - year.deaths == year.end
    assert year.end == figures["rural_party_members"] and year.deaths > 0
    # Every file of a member admitted in the year has its branch assembly on the joining date, in order.
    for recruit in Recruit.objects.filter(latest__gte=BY_CODE["approval"].number).select_related("person")[:20]:
        numbers = list(recruit.events.order_by("on", "id").values_list("number", flat=True))
        assert numbers == sorted(numbers)
        assembly = recruit.events.get(step="assembly").on
        assert PartyMembership.objects.get(person=recruit.person).joined_on == assembly
    assert StepEvent.objects.filter(step="candidate").exists()
    # A few letters never came back: R-TRANSFER finds them once past their validity.
    unreceived = Transfer.objects.filter(received_on__isnull=True, valid_until__lt=last).count()
    found = list(evaluate(county, last, ["R-TRANSFER"]))
    assert len([f for f in found if "transfer" in f.extra]) == unreceived
    # Those out of contact, and those away over six months untransferred, are found too.
    lost = LostContact.objects.filter(regained_on__isnull=True, away__returned_on__isnull=True).count()
    assert len([f for f in found if "away" in f.extra]) == lost > 0
    long_away = still_away.filter(since__lt=months_after(last, -6)).exclude(membership__transfers__on__gte=F("since"))
    assert len([f for f in found if not f.extra]) == long_away.count() > 0
