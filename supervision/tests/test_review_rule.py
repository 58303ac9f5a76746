"""R-REVIEW: the same reviews give different findings on different dates, naming the linked leader."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from common.rules import evaluate
from supervision import services
from supervision.models import Rating
from supervision.selectors import review_status
from xianfeng.tests import factories as f

from .helpers import contact_point, leader

pytestmark = pytest.mark.django_db


def _review(point, day: dt.date) -> None:
    services.review_record(contact_point=point, date=day, findings="按要求推进", rating=Rating.GOOD)


def _findings(county, on: dt.date) -> dict[str, tuple[str, str, str, str]]:
    """Return R-REVIEW findings by unit: (severity, since, leader name, leader role)."""
    return {
        x.unit: (x.severity, x.since.isoformat(), x.accountable[0].name, x.accountable[0].role)
        for x in evaluate(county.county, on, ["R-REVIEW"])
    }


@pytest.fixture
def reviewed(county, linked):
    # Township A's leader reviews village a1 once in March; B's leader never reviews b1;
    # the county leader reviews township A in September.
    _review(linked.point_a1, dt.date(2010, 3, 10))
    _review(linked.point_county, dt.date(2010, 9, 1))
    return linked


def test_early_in_the_year_nothing_is_due(county, reviewed):
    assert _findings(county, dt.date(2010, 3, 31)) == {}


def test_june_shows_the_unreviewed_village_due_soon(county, reviewed):
    found = _findings(county, dt.date(2010, 6, 15))
    assert found == {county.village_b1.code: ("amber", "2010-05-31", "陈书记", "乡镇挂点领导")}


def test_after_june_30_the_unreviewed_village_is_overdue_since_june_30(county, reviewed):
    found = _findings(county, dt.date(2010, 7, 1))
    assert found == {county.village_b1.code: ("red", "2010-06-30", "陈书记", "乡镇挂点领导")}


def test_on_the_last_day_of_the_year_every_shortfall_is_overdue(county, reviewed):
    found = _findings(county, dt.date(2010, 12, 31))
    assert found == {
        county.village_a1.code: ("red", "2010-12-31", "张镇长", "乡镇挂点领导"),
        county.village_b1.code: ("red", "2010-06-30", "陈书记", "乡镇挂点领导"),
    }
    # The county leader reviewed township A once: compliant.
    assert county.township_a.code not in found


def test_county_leader_without_review_is_due_soon_in_december_and_named(county, linked):
    found = _findings(county, dt.date(2010, 12, 5))
    assert found[county.township_a.code] == ("amber", "2010-12-01", "王县长", "县挂点领导")


def test_second_review_makes_the_village_compliant(county, reviewed):
    _review(reviewed.point_a1, dt.date(2010, 11, 2))
    assert county.village_a1.code not in _findings(county, dt.date(2010, 12, 31))


def test_configured_requirement_changes_the_findings(county, reviewed):
    services.review_requirement_set(
        county=county.county, level="township", reviews_required=1, period_months=12, due_soon_days=30
    )
    found = _findings(county, dt.date(2010, 12, 31))
    assert county.village_a1.code not in found
    assert found[county.village_b1.code][:2] == ("red", "2010-12-31")


def test_township_scope_lists_only_its_own_findings(county, reviewed):
    found = evaluate(county.township_b, dt.date(2010, 12, 31), ["R-REVIEW"])
    assert [x.unit for x in found] == [county.village_b1.code]


def test_message_is_in_both_languages(county, reviewed):
    (finding,) = evaluate(county.township_b, dt.date(2010, 7, 1), ["R-REVIEW"])
    assert "陈书记" in finding.message_zh and "东平村" in finding.message_zh
    assert "陈书记" in finding.message_en


def test_rule_queries_do_not_grow_with_contact_points(county, linked, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        evaluate(county.county, dt.date(2010, 12, 31), ["R-REVIEW"])
    for i in range(6):
        village = f.village(county.township_b, f"3{i:02d}")
        contact_point(leader(county.township_b, f"领导{i}"), village)
    with django_assert_max_num_queries(3):
        assert len(evaluate(county.county, dt.date(2010, 12, 31), ["R-REVIEW"])) == 9


def test_review_status_selector_reports_required_done_state_and_overdue_date(reviewed):
    statuses = review_status([reviewed.point_a1, reviewed.point_b1], dt.date(2010, 8, 1))
    a1, b1 = statuses[reviewed.point_a1.pk], statuses[reviewed.point_b1.pk]
    assert (a1.required, a1.done, a1.state, a1.overdue_on) == (2, 1, "on_track", dt.date(2010, 12, 31))
    assert (b1.required, b1.done, b1.state, b1.overdue_on) == (2, 0, "overdue", dt.date(2010, 6, 30))


def test_check_rules_json_has_the_documented_shape(county, reviewed):
    out = StringIO()
    call_command("check_rules", scope=county.county.code, on="2010-12-31", format="json", rule=["R-REVIEW"], stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"findings"}
    assert len(data["findings"]) == 2
    for item in data["findings"]:
        assert set(item) == {"rule", "unit", "since", "severity", "accountable", "message"}
        assert item["rule"] == "R-REVIEW"
        assert item["severity"] == "red"
        assert [set(a) for a in item["accountable"]] == [{"name", "role"}]
    b1 = next(i for i in data["findings"] if i["unit"] == county.village_b1.code)
    assert b1["since"] == "2010-06-30"
    assert b1["accountable"] == [{"name": "陈书记", "role": "乡镇挂点领导"}]
    assert "陈书记" in b1["message"]
