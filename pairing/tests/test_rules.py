import datetime as dt

import pytest
from django.test import override_settings

from common.rules import evaluate
from pairing import services
from pairing.models import PairingKind
from xianfeng.tests import factories as f

RULE = ["R-PAIRING-STALE"]


def test_fresh_pairing_has_no_finding(county, department_pairing, secretary_a1):
    assert evaluate(county.county, dt.date(2010, 3, 1), RULE) == []


def test_stale_pairing_turns_amber_then_red(county, department_pairing, secretary_a1):
    services.activity_add(pairing=department_pairing, date=dt.date(2010, 2, 1), title="座谈")
    # 90 days after 2010-02-01 is 2010-05-02.
    assert evaluate(county.county, dt.date(2010, 5, 1), RULE) == []
    amber = evaluate(county.county, dt.date(2010, 6, 1), RULE)
    assert [(x.unit, x.severity, x.since) for x in amber] == [(county.village_a1.code, "amber", dt.date(2010, 5, 2))]
    assert [(a.name, a.role) for a in amber[0].accountable] == [("陈书记", "村党支部书记"), ("县农业局", "结对单位")]
    assert "县农业局" in amber[0].message_zh and "2010-02-01" in amber[0].message_zh
    red = evaluate(county.county, dt.date(2010, 9, 1), RULE)
    assert [(x.severity, x.since) for x in red] == [("red", dt.date(2010, 5, 2))]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (dt.date(2010, 5, 1), []),  # the day before: 89 days without activity
        (dt.date(2010, 5, 2), [("amber", dt.date(2010, 5, 2))]),  # the first stale day: 90 days
        (dt.date(2010, 5, 3), [("amber", dt.date(2010, 5, 2))]),
        (dt.date(2010, 7, 30), [("amber", dt.date(2010, 5, 2))]),  # the last amber day
        (dt.date(2010, 7, 31), [("red", dt.date(2010, 5, 2))]),  # stale for another 90 days
    ],
    ids=["day-before", "first-stale-day", "day-after", "last-amber-day", "first-red-day"],
)
def test_pairing_is_flagged_from_its_first_stale_day(county, department_pairing, on, expected):
    services.activity_add(pairing=department_pairing, date=dt.date(2010, 2, 1), title="座谈")
    assert [(x.severity, x.since) for x in evaluate(county.county, on, RULE)] == expected


@pytest.mark.parametrize(
    ("on", "expected"),
    [(dt.date(2010, 3, 31), []), (dt.date(2010, 4, 1), [("amber", dt.date(2010, 4, 1))])],
    ids=["day-before", "first-stale-day"],
)
def test_pairing_without_activity_is_flagged_from_its_start_plus_the_limit(county, department_pairing, on, expected):
    # Started 2010-01-01; 90 days later is 2010-04-01.
    assert [(x.severity, x.since) for x in evaluate(county.county, on, RULE)] == expected


def test_a_fresh_pairing_does_not_hide_a_stale_one_after_it(county, department_pairing, civilized_pairing_b):
    # Village A1's pairing comes first and is fresh; village B1's has had no activity since it started.
    services.activity_add(pairing=department_pairing, date=dt.date(2010, 5, 1), title="座谈")
    findings = evaluate(county.county, dt.date(2010, 6, 1), RULE)
    assert [(x.unit, x.since) for x in findings] == [(county.village_b1.code, dt.date(2010, 4, 1))]


def test_the_message_names_the_last_activity_or_else_the_start(county, department_pairing, civilized_pairing_b):
    services.activity_add(pairing=department_pairing, date=dt.date(2010, 2, 1), title="座谈")
    messages = {x.unit: x.message_zh for x in evaluate(county.county, dt.date(2010, 6, 1), RULE)}
    assert "自2010-02-01以来没有活动记录" in messages[county.village_a1.code]
    assert "开始结对" not in messages[county.village_a1.code]
    assert "自2010-01-01开始结对以来没有活动记录" in messages[county.village_b1.code]


def test_any_kind_of_record_counts_as_activity(county, department_pairing):
    services.contribution_add(pairing=department_pairing, date=dt.date(2010, 5, 1), description="帮助建章立制")
    assert evaluate(county.county, dt.date(2010, 6, 1), RULE) == []
    services.outcome_add(pairing=department_pairing, date=dt.date(2010, 8, 1), type="plan", title="规划")
    assert evaluate(county.county, dt.date(2010, 9, 1), RULE) == []


def test_ended_and_future_pairings_are_not_checked(county, units, department_pairing):
    services.pairing_end(pairing=department_pairing, end=dt.date(2010, 2, 1))
    services.pairing_create(
        kind=PairingKind.DEPARTMENT, village=county.village_a2, unit=units.department, start=dt.date(2011, 1, 1)
    )
    assert evaluate(county.county, dt.date(2010, 12, 1), RULE) == []


@override_settings(PAIRING_STALE_DAYS=30)
def test_limit_comes_from_settings(county, department_pairing):
    findings = evaluate(county.county, dt.date(2010, 2, 15), RULE)
    assert [(x.severity, x.since) for x in findings] == [("amber", dt.date(2010, 1, 31))]
    assert "30" in findings[0].message_zh


def test_rule_is_limited_to_the_scope(county, department_pairing, civilized_pairing_b):
    assert {x.unit for x in evaluate(county.township_b, dt.date(2010, 12, 1), RULE)} == {county.village_b1.code}


def test_rule_uses_constant_queries(county, units):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            evaluate(county.county, dt.date(2010, 12, 1), RULE)
        return len(ctx.captured_queries)

    services.pairing_create(
        kind=PairingKind.DEPARTMENT, village=county.village_a1, unit=units.department, start=dt.date(2010, 1, 1)
    )
    one = count()
    for village in (county.village_a2, county.village_b1):
        p = services.pairing_create(
            kind=PairingKind.ENTERPRISE, village=village, unit=units.enterprise, start=dt.date(2010, 1, 1)
        )
        services.activity_add(pairing=p, date=dt.date(2010, 1, 5), title="x")
        services.pairing_create(
            kind=PairingKind.MEMBER,
            village=village,
            urban_person=f.person(None),
            rural_person=f.member(village),
            start=dt.date(2010, 1, 1),
        )
    assert len(evaluate(county.county, dt.date(2010, 12, 1), RULE)) == 5
    assert count() == one
