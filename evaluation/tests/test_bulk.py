"""The bulk path: the same checks as the services, nothing written on a refusal, the same results."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from evaluation import services
from evaluation.bulk import PlannedAssessment, PlannedStep, assessments_create_bulk
from evaluation.models import Assessment, AssessmentEvent, AssessmentPeriod, EventKind, Item, ItemScore, StandardCode
from evaluation.selectors import bands_by_standard, grade_of

from .conftest import make_small_standard

pytestmark = pytest.mark.django_db

D = Decimal


def at(day: int, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2010, 12, day, hour))


APPROVED = [
    PlannedStep(EventKind.SUBMITTED, at(5)),
    PlannedStep(EventKind.REVIEWED, at(12)),
    PlannedStep(EventKind.APPROVED, at(20)),
]


def second_period(county) -> AssessmentPeriod:
    return services.period_create(
        county=county,
        year=2010,
        name="2010年度（复核）",
        start=dt.date(2010, 1, 1),
        end=dt.date(2010, 12, 31),
        self_deadline=dt.date(2010, 11, 30),
        review_deadline=dt.date(2010, 12, 15),
        approval_deadline=dt.date(2010, 12, 31),
    )


def counts() -> tuple[int, ...]:
    return tuple(
        n
        for model in (Assessment, ItemScore, AssessmentEvent)
        for n in (model.objects.count(), model.history.count())  # type: ignore[attr-defined]
    )


def plan(village, small, self_scores, review=None, steps=APPROVED, person=None) -> PlannedAssessment:
    return PlannedAssessment(
        organization=village,
        person=person,
        started_at=at(1),
        self_scores={small.big.pk: D(self_scores[0]), small.small.pk: D(self_scores[1])},
        review_scores={} if review is None else {small.big.pk: D(review[0])},
        steps=steps,
    )


def test_writes_assessments_scores_events_and_their_history(county, small):
    ids = assessments_create_bulk(
        period=small.period,
        standard=small.standard,
        planned=[plan(county.village_a1, small, ("50", "30")), plan(county.village_b1, small, ("40", "20"))],
    )

    assert len(ids) == 2
    assert Assessment.objects.filter(pk__in=ids).count() == 2
    assert ItemScore.objects.filter(assessment_id__in=ids).count() == 4
    assert AssessmentEvent.objects.filter(assessment_id__in=ids).count() == 8
    assert counts() == (2, 2, 4, 4, 8, 8)
    history = ItemScore.history.get(assessment_id=ids[0], item=small.big)
    assert history.history_type == "+" and history.self_score == D("50")
    assert set(Assessment.history.values_list("id", flat=True)) == set(ids)


def test_a_score_above_the_items_points_writes_nothing(county, small):
    before = counts()
    with pytest.raises(ValidationError) as refused:
        assessments_create_bulk(
            period=small.period,
            standard=small.standard,
            planned=[plan(county.village_a1, small, ("50", "30")), plan(county.village_b1, small, ("60", "41"))],
        )
    assert "超过该项分值 40" in " ".join(refused.value.messages)
    assert counts() == before


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("negative", "不能为负数"),
        ("missing_self", "未自评，不能提交"),
        ("approve_before_review", "不能在「乡镇审核中」环节进行"),
        ("times_backwards", "依次递增"),
        ("review_score_before_submission", "审核分只能在乡镇审核环节填写"),
        ("twice_in_batch", "出现多次"),
        ("unknown_item", "不属于本次考评"),
        ("appeal", "不能批量写入"),
    ],
)
def test_refusals_name_the_problem_and_write_nothing(county, small, kind, expected):
    good = plan(county.village_a1, small, ("50", "30"))
    bad = plan(county.village_b1, small, ("50", "30"))
    if kind == "negative":
        bad.self_scores = {small.big.pk: D("-1"), small.small.pk: D("30")}
    elif kind == "missing_self":
        bad.self_scores = {small.big.pk: D("50")}
    elif kind == "approve_before_review":
        bad.steps = [PlannedStep(EventKind.SUBMITTED, at(5)), PlannedStep(EventKind.APPROVED, at(20))]
    elif kind == "times_backwards":
        bad.steps = [PlannedStep(EventKind.SUBMITTED, at(5)), PlannedStep(EventKind.REVIEWED, at(4))]
    elif kind == "review_score_before_submission":
        bad.steps = []
        bad.review_scores = {small.big.pk: D("40")}
    elif kind == "twice_in_batch":
        bad.organization = county.village_a1
    elif kind == "unknown_item":
        other, *_rest = make_small_standard(county.county, code=StandardCode.FIVE_LEAD)
        bad.self_scores = {**bad.self_scores, Item.objects.filter(dimension__standard=other).first().pk: D(1)}
    elif kind == "appeal":
        bad.steps = [*APPROVED, PlannedStep(EventKind.APPEALED, at(25))]
    before = counts()
    with pytest.raises(ValidationError) as refused:
        assessments_create_bulk(period=small.period, standard=small.standard, planned=[good, bad])
    assert expected in " ".join(refused.value.messages)
    assert counts() == before


def test_refuses_an_existing_assessment_a_township_and_a_member_of_another_village(county, small, personas):
    services.assessment_start(period=small.period, standard=small.standard, organization=county.village_a2)
    before = counts()
    for bad, expected in (
        (plan(county.village_a2, small, ("50", "30")), "已有此项考评"),
        (plan(county.township_a, small, ("50", "30")), "必须是行政村党组织"),
        (plan(county.village_b1, small, ("50", "30"), person=personas.member_person), "不能指定党员"),
    ):
        with pytest.raises(ValidationError) as refused:
            assessments_create_bulk(period=small.period, standard=small.standard, planned=[bad])
        assert expected in " ".join(refused.value.messages)
    lead, *_items = make_small_standard(county.county, code=StandardCode.FIVE_LEAD)
    elsewhere = PlannedAssessment(organization=county.village_b1, person=personas.member_person, started_at=at(1))
    with pytest.raises(ValidationError) as refused:
        assessments_create_bulk(period=small.period, standard=lead, planned=[elsewhere])
    assert "不是东平村的党员" in " ".join(refused.value.messages)
    assert counts() == before


def _results(period: AssessmentPeriod) -> dict[str, tuple]:
    rows = list(Assessment.objects.filter(period=period).for_display())
    bands = bands_by_standard(r.standard_id for r in rows)
    return {
        r.organization.code: (r.total, r.status, grade_of(r.total, bands.get(r.standard_id)), r.scores.count())
        for r in rows
    }


def test_results_equal_the_services_one_assessment_at_a_time(county, small):
    cases = [
        # village, self scores, review score of the big item, where it stops
        (county.village_a1, ("55", "38"), None, "approved"),  # 93: 优秀
        (county.village_a2, ("50", "30"), "40", "approved"),  # 80 → 70 in review: 合格
        (county.village_b1, ("30", "20"), None, "review"),  # 50, waiting for the township
    ]
    for village, scores, review, until in cases:
        a = services.assessment_start(period=small.period, standard=small.standard, organization=village, at=at(1))
        services.scores_set(
            assessment=a, stage="self", scores={small.big.pk: D(scores[0]), small.small.pk: D(scores[1])}
        )
        services.assessment_submit(assessment=a, at=at(5))
        if review:
            services.scores_set(assessment=a, stage="review", scores={small.big.pk: D(review)})
        if until == "approved":
            services.assessment_review_submit(assessment=a, at=at(12))
            services.assessment_approve(assessment=a, at=at(20))

    other = second_period(county.county)
    assessments_create_bulk(
        period=other,
        standard=small.standard,
        planned=[
            plan(
                village,
                small,
                scores,
                None if review is None else (review,),
                APPROVED if until == "approved" else APPROVED[:1],
            )
            for village, scores, review, until in cases
        ],
    )

    by_services, in_bulk = _results(small.period), _results(other)
    assert in_bulk == by_services
    assert [v[1:3] for v in in_bulk.values()] == [("approved", "excellent"), ("approved", "pass"), ("review", "fail")]
    steps = lambda period: sorted(  # noqa: E731
        AssessmentEvent.objects.filter(assessment__period=period).values_list(
            "assessment__organization__code", "kind", "at"
        )
    )
    assert steps(other) == steps(small.period)
