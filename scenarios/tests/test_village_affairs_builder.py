"""The village-affairs builder: a year of ledger, disclosures, decisions and feedback in every village."""

import datetime as dt
from collections import Counter

import pytest

from common.rules import evaluate
from organizations.models import Organization
from scenarios.loader import SMALL, load_scenario
from village_affairs import services
from village_affairs.models import (
    Decision,
    DecisionStep,
    Disclosure,
    DisclosureKind,
    DisclosureStatus,
    Feedback,
    LedgerEntry,
    PublishedImmutableError,
    PublishedMonth,
    Step,
)
from village_affairs.selectors import Status, monthly_statement

pytestmark = pytest.mark.django_db

YEAR_END, MID_YEAR = dt.date(2010, 12, 31), dt.date(2010, 6, 30)


def _subjects(findings) -> set[tuple[str, str]]:
    return {(f.unit, f.extra["subject"]) for f in findings}


def test_every_village_has_a_year_of_disclosures_and_the_rules_find_a_few_cases():
    county = load_scenario(SMALL).county
    villages = list(Organization.objects.villages().within(county.code).order_by("code"))
    assert len(villages) == 5
    # After the January deadline every gap in the year shows as a finding: that is its record.
    after = evaluate(county, dt.date(2011, 1, 11), ["R-DISCLOSE"])
    missing = {
        (f.unit, f.extra["period"].number)
        for f in after
        if f.extra["status"] == Status.MISSING and f.extra["kind"] == DisclosureKind.FINANCE
    }
    for v in villages:
        finance = Disclosure.objects.filter(village=v, kind=DisclosureKind.FINANCE, year=2010)
        months = set(finance.values_list("period_number", flat=True))
        gaps = {m for code, m in missing if code == v.code}
        assert months | gaps == set(range(1, 13)) and not months & gaps, v.code
        assert len(gaps) <= 1
        assert not finance.exclude(status=DisclosureStatus.PUBLISHED).exists()
        assert Disclosure.objects.filter(village=v, kind=DisclosureKind.AFFAIRS, period_kind="quarter").count() == 4
        assert PublishedMonth.objects.filter(village=v).count() == len(months)
        assert LedgerEntry.objects.filter(village=v, date__year=2010).count() >= 12 * 3
    assert 1 <= len(missing) < len(villages)

    year_end = evaluate(county, YEAR_END, ["R-DISCLOSE"])
    mid_year = evaluate(county, MID_YEAR, ["R-DISCLOSE"])
    assert 2 <= len(year_end) <= 3 and len({f.unit for f in year_end}) < len(villages)
    assert mid_year and _subjects(mid_year) != _subjects(year_end)
    assert {f.severity for f in year_end} == {"red", "amber"}
    for f in year_end:
        roles = [a.role for a in f.accountable]
        assert any(r.startswith("直接责任人") for r in roles) and any(r.startswith("连带责任人") for r in roles), roles


def test_decisions_feedback_and_reversals_give_a_few_findings():
    county = load_scenario(SMALL).county
    decisions = Decision.objects.filter(village__code__startswith=county.code)
    per_village = Counter(decisions.values_list("village_id", flat=True))
    assert len(per_village) == 5 and set(per_village.values()) <= {2, 3}
    last_steps = Counter(max(d.steps.values_list("number", flat=True), default=0) for d in decisions)
    assert last_steps[Step.PUBLISH_RESULT] >= len(decisions) // 2 and sum(last_steps.values()) == len(decisions)
    assert sum(n for step, n in last_steps.items() if step < Step.PUBLISH_RESULT) >= 2  # in progress or stuck
    for d in decisions.exclude(implementation_started_on=None):
        published = d.steps.get(number=Step.PUBLISH_RESOLUTION)
        assert d.implementation_started_on >= published.date + dt.timedelta(days=published.publicity_days)
    merged = DecisionStep.objects.filter(decision__in=decisions, merged=True)
    assert merged.count() % 2 == 0

    stuck = evaluate(county, YEAR_END, ["R-DECISION"])
    assert len(stuck) == 2 and all("已超过60天" in f.message_zh for f in stuck)
    unanswered = evaluate(county, YEAR_END, ["R-FEEDBACK"])
    assert len(unanswered) == 1
    assert Feedback.objects.filter(village__code__startswith=county.code, answered_at__isnull=False).count() >= 2

    reversal = LedgerEntry.objects.filter(village__code__startswith=county.code, corrects__isnull=False).get()
    assert reversal.voucher == f"冲{reversal.corrects.voucher}" and reversal.date.month == reversal.corrects.date.month


def test_published_months_are_frozen():
    county = load_scenario(SMALL).county
    month = PublishedMonth.objects.filter(village__code__startswith=county.code).order_by("year", "month").first()
    village = month.village
    entry = LedgerEntry.objects.filter(village=village, date__month=month.month).exclude(category="opening").first()
    assert monthly_statement(village, month.year, month.month).frozen
    with pytest.raises(PublishedImmutableError):
        services.ledger_entry_update(
            entry=entry,
            date=entry.date,
            direction=entry.direction,
            category=entry.category,
            amount="1.00",
            voucher=entry.voucher,
            description=entry.description,
        )
    with pytest.raises(PublishedImmutableError):
        services.ledger_entry_create(
            village=village,
            date=month.last_day,
            direction="expense",
            category="administration",
            amount="9.90",
            voucher="补-1",
            description="补录",
        )
    with pytest.raises(PublishedImmutableError):
        services.disclosure_update(disclosure=month.disclosure, title="改", content="改")
