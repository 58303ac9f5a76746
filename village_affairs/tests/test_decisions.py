import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from village_affairs import services
from village_affairs.models import DecisionStep, PublishedImmutableError
from village_affairs.tests.helpers import MEETING, full_decision, one_shoulder

DAY = dt.date(2010, 3, 1)


@pytest.fixture
def decision(county):
    return services.decision_create(village=county.village_a1, title="修建村道", raised_by_name="村党支部")


def test_six_steps_in_order_are_recorded_as_event_rows(county):
    d = full_decision(county.village_a1)
    assert [s.number for s in d.steps.all()] == [1, 2, 3, 4, 5, 6]
    assert d.steps.get(number=5).publicity_days == 5


def test_step_out_of_order_is_refused_and_nothing_changes(decision):
    with pytest.raises(ValidationError, match="步骤顺序不对"):
        services.decision_step_record(decision=decision, number=3, date=DAY, content="x", **MEETING)
    assert DecisionStep.objects.count() == 0


def test_meeting_below_quorum_is_refused(decision):
    services.decision_step_record(decision=decision, number=1, date=DAY, content="提议", **MEETING)
    services.decision_step_record(decision=decision, number=2, date=DAY, content="商议", **MEETING)
    # Party-member assembly: at least 2/3 present; 19 of 30 is below.
    with pytest.raises(ValidationError, match="到会人数不足"):
        services.decision_step_record(
            decision=decision, number=3, date=DAY, content="审议", due=30, present=19, votes_for=19
        )
    assert DecisionStep.objects.count() == 2
    services.decision_step_record(
        decision=decision, number=3, date=DAY, content="审议", due=30, present=20, votes_for=11
    )
    assert DecisionStep.objects.count() == 3


def test_villagers_assembly_needs_more_than_half_of_adults_or_two_thirds_of_households(decision):
    for n, kwargs in ((1, MEETING), (2, MEETING), (3, {"due": 30, "present": 25, "votes_for": 20})):
        services.decision_step_record(decision=decision, number=n, date=DAY, content="x", **kwargs)
    with pytest.raises(ValidationError, match="到会人数不足"):
        services.decision_step_record(
            decision=decision,
            number=4,
            date=DAY,
            content="x",
            body="villagers_assembly",
            due=600,
            present=300,
            votes_for=200,
        )
    with pytest.raises(ValidationError, match="到会人数不足"):
        services.decision_step_record(
            decision=decision,
            number=4,
            date=DAY,
            content="x",
            body="villagers_assembly",
            basis="households",
            due=300,
            present=199,
            votes_for=150,
        )
    step = services.decision_step_record(
        decision=decision,
        number=4,
        date=DAY,
        content="x",
        body="villagers_assembly",
        basis="households",
        due=300,
        present=200,
        votes_for=150,
    )
    assert step.basis == "households"


def test_vote_count_above_attendance_is_refused(decision):
    with pytest.raises(ValidationError, match="多于实到人数"):
        services.decision_step_record(
            decision=decision,
            number=1,
            date=DAY,
            content="x",
            due=9,
            present=7,
            votes_for=5,
            votes_against=2,
            votes_abstain=1,
        )
    assert DecisionStep.objects.count() == 0


def test_present_above_due_and_failed_vote_are_refused(decision):
    with pytest.raises(ValidationError, match="不能多于应到"):
        services.decision_step_record(decision=decision, number=1, date=DAY, content="x", due=7, present=9, votes_for=6)
    with pytest.raises(ValidationError, match="未通过"):
        services.decision_step_record(decision=decision, number=1, date=DAY, content="x", due=9, present=8, votes_for=4)
    assert DecisionStep.objects.count() == 0


def test_dates_before_the_previous_step_or_in_the_future_are_refused(decision):
    services.decision_step_record(decision=decision, number=1, date=DAY, content="x", **MEETING)
    with pytest.raises(ValidationError, match="不能早于上一步骤"):
        services.decision_step_record(
            decision=decision, number=2, date=DAY - dt.timedelta(days=1), content="x", **MEETING
        )
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.decision_step_record(
            decision=decision, number=2, date=dt.date.today() + dt.timedelta(days=2), content="x", **MEETING
        )
    assert DecisionStep.objects.count() == 1


def test_merged_first_meeting_needs_one_shoulder(county):
    d = services.decision_create(village=county.village_a1, title="x", raised_by_name="书记")
    with pytest.raises(ValidationError, match="非一肩挑"):
        services.decision_step_record(decision=d, number=1, date=DAY, content="x", merged=True, **MEETING)
    assert DecisionStep.objects.count() == 0
    one_shoulder(county.village_a1)
    services.decision_step_record(decision=d, number=1, date=DAY, content="x", merged=True, **MEETING)
    assert list(d.steps.values_list("number", "merged")) == [(1, True), (2, True)]


def test_implementation_result_waits_for_the_publicity_period(decision):
    d = full_decision(decision.village, upto=5)
    published = d.steps.get(number=5)
    with pytest.raises(ValidationError, match="公示期"):
        services.decision_step_record(decision=d, number=6, date=published.date + dt.timedelta(days=4), content="x")
    services.decision_step_record(decision=d, number=6, date=published.date + dt.timedelta(days=5), content="x")


@override_settings(VILLAGE_AFFAIRS={"quorum": {"party_assembly": (1, 2, True)}, "publicity_days": 10})
def test_quorum_and_publicity_are_configurable(county):
    d = full_decision(county.village_a1, upto=2)
    services.decision_step_record(
        decision=d, number=3, date=DAY + dt.timedelta(days=5), content="x", due=30, present=16, votes_for=9
    )
    assert d.steps.count() == 3


def test_published_steps_cannot_be_withdrawn_or_changed_by_service_or_model(county):
    d = full_decision(county.village_a1)
    step5 = d.steps.get(number=5)
    with pytest.raises(PublishedImmutableError):
        services.decision_step_withdraw(step=d.steps.get(number=6))
    step5.content = "改过的内容"
    with pytest.raises(PublishedImmutableError):
        step5.save()
    with pytest.raises(PublishedImmutableError):
        step5.delete()
    assert DecisionStep.objects.get(pk=step5.pk).content == "第5步"
    assert d.steps.count() == 6


def test_an_unpublished_last_step_can_be_withdrawn(county):
    d = full_decision(county.village_a1, upto=3)
    services.decision_step_withdraw(step=d.steps.get(number=3))
    assert d.steps.count() == 2
    with pytest.raises(ValidationError):
        services.decision_step_withdraw(step=d.steps.get(number=1))
    assert d.steps.count() == 2
