"""The assessment workflow: steps in order, scores within points, approved means closed, events as rows."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from common.prefill import PREFILLS, prefill
from evaluation import services
from evaluation.models import Assessment, AssessmentEvent, EventKind, ItemScore, Status

from .conftest import walk


@pytest.fixture
def assessment(small, county):
    return services.assessment_start(period=small.period, standard=small.standard, organization=county.village_a1)


def status_of(assessment):
    return Assessment.objects.with_status().get(pk=assessment.pk).status


def scores_of(assessment):
    return list(ItemScore.objects.filter(assessment=assessment).values_list("self_score", "review_score"))


def test_start_writes_a_started_event_and_one_empty_score_per_item(assessment):
    assert status_of(assessment) == Status.SELF
    assert list(assessment.events.values_list("kind", flat=True)) == [EventKind.STARTED]
    assert scores_of(assessment) == [(None, None), (None, None)]


def test_a_second_assessment_for_the_same_subject_is_refused(assessment, small, county):
    with pytest.raises(ValidationError, match="已有此项考评"):
        services.assessment_start(period=small.period, standard=small.standard, organization=county.village_a1)
    assert Assessment.objects.count() == 1


def test_a_score_above_the_items_points_is_refused_and_nothing_changes(assessment, small):
    services.scores_set(assessment=assessment, stage="self", scores={small.big.pk: Decimal("50")})
    with pytest.raises(ValidationError) as exc:
        services.scores_set(
            assessment=assessment, stage="self", scores={small.big.pk: Decimal("55"), small.small.pk: Decimal("41")}
        )
    assert "超过该项分值 40" in " ".join(exc.value.messages)
    assert scores_of(assessment) == [(Decimal("50"), None), (None, None)]


def test_a_negative_score_is_refused(assessment, small):
    with pytest.raises(ValidationError, match="负数"):
        services.scores_set(assessment=assessment, stage="self", scores={small.big.pk: Decimal("-1")})
    assert scores_of(assessment) == [(None, None), (None, None)]


def test_submitting_with_unscored_items_is_refused(assessment, small):
    services.scores_set(assessment=assessment, stage="self", scores={small.big.pk: Decimal("50")})
    with pytest.raises(ValidationError, match="1 项未自评"):
        services.assessment_submit(assessment=assessment)
    assert status_of(assessment) == Status.SELF


def test_county_approval_before_township_review_is_refused_and_nothing_changes(assessment):
    walk(assessment, ("50", "30"), until="review")
    events_before = AssessmentEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.assessment_approve(assessment=assessment)
    assert "县级审定必须在乡镇审核之后" in exc.value.messages[0]
    assert status_of(assessment) == Status.REVIEW
    assert AssessmentEvent.objects.count() == events_before


def test_review_scores_only_in_the_review_step(assessment, small):
    with pytest.raises(ValidationError, match="乡镇审核环节"):
        services.scores_set(assessment=assessment, stage="review", scores={small.big.pk: Decimal("10")})
    assert scores_of(assessment) == [(None, None), (None, None)]


def test_the_full_cycle_writes_one_event_per_step(assessment):
    walk(assessment, ("50", "30"), review=("45", "30"))
    assert list(assessment.events.values_list("kind", flat=True)) == [
        EventKind.STARTED,
        EventKind.SUBMITTED,
        EventKind.REVIEWED,
        EventKind.APPROVED,
    ]
    row = Assessment.objects.with_status().with_total().get(pk=assessment.pk)
    assert (row.status, row.total) == (Status.APPROVED, Decimal("75"))


def test_returns_send_the_assessment_back_a_step(assessment):
    walk(assessment, ("50", "30"), until="approval")
    services.assessment_return_to_review(assessment=assessment, comment="请核实第二项")
    assert status_of(assessment) == Status.REVIEW
    services.assessment_return_to_self(assessment=assessment, comment="补充材料")
    assert status_of(assessment) == Status.SELF


def test_any_edit_of_an_approved_assessment_is_refused_and_nothing_changes(assessment, small):
    walk(assessment, ("50", "30"))
    before = (scores_of(assessment), AssessmentEvent.objects.count())
    for attempt in (
        lambda: services.scores_set(assessment=assessment, stage="self", scores={small.big.pk: Decimal("60")}),
        lambda: services.scores_set(assessment=assessment, stage="review", scores={small.big.pk: Decimal("60")}),
        lambda: services.assessment_submit(assessment=assessment),
        lambda: services.assessment_return_to_review(assessment=assessment),
        lambda: services.assessment_approve(assessment=assessment),
    ):
        with pytest.raises(ValidationError, match="已审定"):
            attempt()
    assert (scores_of(assessment), AssessmentEvent.objects.count()) == before


def test_a_member_assessment_takes_the_members_branch_and_applies_registered_prefills(county, personas):
    from .conftest import make_period, make_small_standard

    standard, big, small_item = make_small_standard(county.county, code="five_lead")
    period = make_period(county.county)

    def from_practice(a):
        assert a.person == personas.member_person
        return {
            big.pk: (Decimal("48"), "志愿服务36小时"),
            small_item.pk: (Decimal("99"), "超出分值，忽略"),
            999999: (1, ""),
        }

    prefill("tests.from_practice", standard="five_lead")(from_practice)
    try:
        assessment = services.assessment_start(period=period, standard=standard, person=personas.member_person)
    finally:
        PREFILLS.remove("tests.from_practice")
    assert assessment.organization == county.village_a1
    rows = list(ItemScore.objects.filter(assessment=assessment).values_list("self_score", "prefill_note"))
    assert rows == [(Decimal("48"), "志愿服务36小时"), (None, "")]


def test_starting_all_creates_the_missing_assessments_only(small, county, assessment):
    assert services.assessments_start_all(period=small.period, standard=small.standard) == 2
    assert services.assessments_start_all(period=small.period, standard=small.standard) == 0
    assert set(Assessment.objects.values_list("organization__name", flat=True)) == {"念山村", "石门村", "东平村"}
