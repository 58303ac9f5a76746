"""The evaluation builder: standards sized by the scenario, every village and member assessed, R-ASSESS findings."""

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.db.models import Sum

from common.figures import compute_figures
from common.scope import Scope
from evaluation.models import (
    Assessment,
    AssessmentEvent,
    AssessmentPeriod,
    Item,
    Standard,
    StandardCode,
    StandardStatus,
    Status,
)
from evaluation.rules import assessments_on_time
from evaluation.selectors import distribution, ranking
from organizations.models import Organization
from people.models import PartyMembership
from scenarios.loader import SMALL, load_scenario

pytestmark = pytest.mark.django_db


def item_counts() -> dict[str, int]:
    return {
        code: Item.objects.filter(
            dimension__standard__code=code, dimension__standard__status=StandardStatus.ACTIVE
        ).count()
        for code in (StandardCode.FIVE_GOOD, StandardCode.FIVE_LEAD)
    }


def test_small_scenario_gets_zhenghe_standards_and_every_subject_assessed():
    result = load_scenario(SMALL)  # states no item counts: Zhenghe's 23/19 are used, nothing is claimed
    county = result.county

    assert item_counts() == {StandardCode.FIVE_GOOD: 23, StandardCode.FIVE_LEAD: 19}
    assert compute_figures(county, 2010, ["five_good_items", "five_lead_items"]) == {
        "five_good_items": 23,
        "five_lead_items": 19,
    }
    period = AssessmentPeriod.objects.get(county=county)
    assert (period.start, period.end) == (dt.date(2010, 1, 1), dt.date(2010, 12, 31))
    assert period.start < period.self_deadline < period.review_deadline < period.approval_deadline <= period.end

    villages = set(Organization.objects.villages().within(county.code).values_list("pk", flat=True))
    members = set(PartyMembership.objects.values_list("person_id", flat=True))
    good = Assessment.objects.filter(period=period, standard__code=StandardCode.FIVE_GOOD)
    lead = Assessment.objects.filter(period=period, standard__code=StandardCode.FIVE_LEAD)
    assert set(good.values_list("organization_id", flat=True)) == villages and good.count() == len(villages)
    assert set(lead.values_list("person_id", flat=True)) == members and lead.count() == len(members)
    for a in lead.select_related("person__membership"):
        assert a.organization_id == a.person.membership.branch_id

    statuses = Counter(good.with_status().values_list("status", flat=True))
    assert statuses[Status.APPROVED] == len(villages) - 2
    assert statuses[Status.SELF] == statuses[Status.REVIEW] == 1

    scope = Scope(user_id=1, is_superuser=True)
    ranked_lead = ranking(scope, period, StandardCode.FIVE_LEAD)
    assert {label: n for _g, label, n in distribution(ranked_lead)}.keys() == {"优秀", "良好", "合格", "不合格"}
    assert all(n > 0 for _g, _label, n in distribution(ranked_lead))
    ranked_good = ranking(scope, period, StandardCode.FIVE_GOOD)
    assert len(ranked_good) == len(villages) - 2
    assert len({r.grade for r in ranked_good}) >= 2
    assert ranked_good[0].county_rank == 1 and all(Decimal(0) <= r.total <= Decimal(100) for r in ranked_lead)


def test_events_increase_within_the_year_and_stop_before_the_deadlines_for_the_stuck():
    result = load_scenario(SMALL)
    period = AssessmentPeriod.objects.get(county=result.county)
    first = dt.datetime(2010, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    last = dt.datetime(2011, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    by_assessment = defaultdict(list)
    for assessment_id, kind, at in AssessmentEvent.objects.order_by("id").values_list("assessment_id", "kind", "at"):
        assert first <= at < last
        by_assessment[assessment_id].append((at, kind))
    for events in by_assessment.values():
        times = [at for at, _kind in events]
        assert times == sorted(times) and len(set(times)) == len(times)
        assert events[0][1] == "started"
    approved = AssessmentEvent.objects.filter(kind="approved").values_list("at", flat=True)
    assert all(at.date() <= period.approval_deadline for at in approved)


def test_r_assess_finds_the_stuck_villages_at_the_period_end_but_not_before_the_deadlines():
    result = load_scenario(SMALL)
    county = result.county

    assert assessments_on_time(county, dt.date(2010, 11, 30)) == []
    found = assessments_on_time(county, dt.date(2010, 12, 31))
    stuck = {
        a.organization.code
        for a in Assessment.objects.filter(standard__code=StandardCode.FIVE_GOOD)
        .with_status()
        .select_related("organization")
        if a.status != Status.APPROVED
    }
    assert len(stuck) == 2
    assert {f.unit for f in found} == stuck
    assert {f.severity for f in found} == {"red"}
    # One finding for the village's Five-Good, one for its members' Five-Lead.
    assert len(found) == 4
    for f in found:
        assert f.accountable, f.message_zh
    steps = {("自评中" in f.message_zh, "乡镇审核中" in f.message_zh) for f in found}
    assert steps == {(True, False), (False, True)}


def test_other_item_counts_get_generated_items_adding_up_to_100(tmp_path: Path):
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["figures"]["five_good_items"] = 20
    data["figures"]["five_lead_items"] = 15
    path = tmp_path / "other.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    result = load_scenario(path)  # the loader counts the claimed figures and would roll back on a difference

    assert compute_figures(result.county, 2010, ["five_good_items", "five_lead_items"]) == {
        "five_good_items": 20,
        "five_lead_items": 15,
    }
    for standard in Standard.objects.filter(status=StandardStatus.ACTIVE):
        items = Item.objects.filter(dimension__standard=standard)
        assert items.aggregate(s=Sum("points"))["s"] == Decimal(100)
        assert standard.dimensions.count() == 5
        assert all(d.items.exists() for d in standard.dimensions.all())
        assert len(set(items.values_list("title", flat=True))) == items.count()
    names = list(Standard.objects.get(code=StandardCode.FIVE_GOOD).dimensions.values_list("name", flat=True))
    assert names == ["领导班子好", "党员队伍好", "工作机制好", "发展业绩好", "群众反映好"]
    assert Assessment.objects.filter(standard__code=StandardCode.FIVE_LEAD).count() == 60
