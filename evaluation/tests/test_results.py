"""Totals, grades from configurable bands, ranks in township and county, distributions, the cadre view."""

import datetime as dt
from decimal import Decimal

import pytest

from accounts.scope import scope_for_user
from evaluation import selectors, services
from evaluation.models import DEFAULT_BANDS, Assessment
from people import services as people_services
from people.models import Post
from xianfeng.tests import factories as f

from .conftest import walk


def approve_three(small, county, scores=(("55", "40"), ("50", "30"), ("55", "40"))):
    for village, s in zip((county.village_a1, county.village_a2, county.village_b1), scores, strict=True):
        walk(services.assessment_start(period=small.period, standard=small.standard, organization=village), s)


def test_total_uses_the_review_score_where_reviewed_else_the_self_score(small, county):
    a = services.assessment_start(period=small.period, standard=small.standard, organization=county.village_a1)
    walk(a, ("50", "30"), review=("45", None))
    assert Assessment.objects.with_total().get(pk=a.pk).total == Decimal("75")


def test_ranks_are_shared_on_equal_totals_within_county_and_township(small, county, personas):
    approve_three(small, county)
    rows = selectors.ranking(scope_for_user(personas.county_admin), small.period, small.standard.code)
    got = {(r.assessment.organization.name, r.total, r.grade, r.county_rank, r.township_rank) for r in rows}
    assert got == {
        ("念山村", Decimal("95"), "excellent", 1, 1),
        ("东平村", Decimal("95"), "excellent", 1, 1),
        ("石门村", Decimal("80"), "good", 3, 2),
    }
    assert selectors.distribution(rows) == [
        ("excellent", "优秀", 2),
        ("good", "良好", 1),
        ("pass", "合格", 0),
        ("fail", "不合格", 0),
    ]


def test_a_township_admin_sees_their_villages_with_county_ranks(small, county, personas):
    approve_three(small, county)
    rows = selectors.ranking(scope_for_user(personas.township_admin_a), small.period, small.standard.code)
    assert [(r.assessment.organization.name, r.county_rank) for r in rows] == [("念山村", 1), ("石门村", 3)]


def test_grade_thresholds_come_from_the_standards_bands(small, county, personas):
    draft = services.standard_new_version(standard=small.standard)
    services.grade_bands_set(standard=draft, minimums={"excellent": 95, "good": 85, "pass": 50, "fail": 0})
    services.standard_activate(standard=draft)
    a = services.assessment_start(period=small.period, standard=draft, organization=county.village_a1)
    walk(a, ("50", "30"))
    (row,) = selectors.ranking(scope_for_user(personas.county_admin), small.period, draft.code)
    assert row.grade == "pass"


@pytest.mark.parametrize(("grade", "minimum"), DEFAULT_BANDS, ids=[str(g) for g, _m in DEFAULT_BANDS])
def test_a_total_exactly_on_a_default_threshold_reaches_that_grade(grade, minimum):
    assert selectors.grade_of(minimum, None) == grade
    assert selectors.grade_of(minimum, []) == grade


@pytest.mark.parametrize(
    ("total", "grade"), [("89.9", "good"), ("74.9", "pass"), ("59.9", "fail")], ids=["below-90", "below-75", "below-60"]
)
def test_a_tenth_below_a_default_threshold_is_the_grade_below(total, grade):
    assert selectors.grade_of(Decimal(total), None) == grade


def test_a_total_exactly_on_a_configured_threshold_reaches_that_grade(small, county, personas):
    draft = services.standard_new_version(standard=small.standard)
    services.grade_bands_set(standard=draft, minimums={"excellent": 95, "good": 85, "pass": 50, "fail": 10})
    services.standard_activate(standard=draft)
    bands = selectors.bands_by_standard([draft.pk])[draft.pk]
    on_and_below = {
        "95": "excellent",
        "94.9": "good",
        "85": "good",
        "84.9": "pass",
        "50": "pass",
        "49.9": "fail",
        "10": "fail",
        "0": "fail",
    }
    assert {total: selectors.grade_of(Decimal(total), bands) for total in on_and_below} == on_and_below
    # The same through the ranking, from approved assessments whose totals fall exactly on the lines.
    for village, scores in zip(
        (county.village_a1, county.village_a2, county.village_b1),
        (("55", "40"), ("50", "35"), ("30", "20")),
        strict=True,
    ):
        walk(services.assessment_start(period=small.period, standard=draft, organization=village), scores)
    rows = selectors.ranking(scope_for_user(personas.county_admin), small.period, draft.code)
    assert {(r.total, r.grade) for r in rows} == {
        (Decimal("95"), "excellent"),
        (Decimal("85"), "good"),
        (Decimal("50"), "pass"),
    }


def test_unapproved_assessments_are_not_ranked(small, county, personas):
    walk(
        services.assessment_start(period=small.period, standard=small.standard, organization=county.village_a1),
        ("50", "30"),
        until="approval",
    )
    assert selectors.ranking(scope_for_user(personas.county_admin), small.period, small.standard.code) == []


def test_the_cadre_view_shows_each_secretarys_units(small, county, personas):
    approve_three(small, county)
    secretary = f.person(county.village_a1, name="王书记")
    people_services.appointment_create(
        person=secretary, organization=county.township_a, post=Post.TOWNSHIP_SECRETARY, start=dt.date(2008, 1, 1)
    )
    chief = f.person(county.village_b1, name="赵支书")
    people_services.appointment_create(
        person=chief, organization=county.village_b1, post=Post.VILLAGE_SECRETARY, start=dt.date(2009, 1, 1)
    )
    rows = selectors.cadre_rows(scope_for_user(personas.county_admin), small.period)
    by_name = {r.name: r for r in rows}
    assert [u[0].name for u in by_name["王书记"].units] == ["念山村", "石门村"]
    assert by_name["王书记"].average == Decimal("87.5")
    assert by_name["赵支书"].average == Decimal("95.0")
    assert [r.name for r in selectors.cadre_rows(scope_for_user(personas.township_admin_a), small.period)] == ["王书记"]


def test_the_cadre_view_shows_rewards_and_penalties_of_the_period(small, county, personas):
    from village_affairs.services import reward_penalty_record

    chief = f.person(county.village_b1, name="赵支书")
    people_services.appointment_create(
        person=chief, organization=county.village_b1, post=Post.VILLAGE_SECRETARY, start=dt.date(2009, 1, 1)
    )
    reward_penalty_record(person=chief, kind="penalty", date=dt.date(2010, 8, 1), reason="财务未按月公开")
    reward_penalty_record(person=chief, kind="reward", date=dt.date(2009, 8, 1), reason="上一年度的奖励")
    rows = {r.name: r for r in selectors.cadre_rows(scope_for_user(personas.county_admin), small.period)}
    cells = {column.key: value for column, value in rows["赵支书"].cells}
    assert [rp.reason for rp in cells["village_affairs.rewards_penalties"]] == ["财务未按月公开"]
