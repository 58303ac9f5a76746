import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from common.rules import evaluate
from people.models import Post
from village_affairs import services
from village_affairs.models import Feedback
from village_affairs.selectors import rewards_penalties_for_people, unanswered_q
from village_affairs.tests.helpers import appoint, aware, full_decision, publish_month

SETTINGS = {"required_from": dt.date(2010, 1, 1), "lookback_months": None}


@pytest.fixture(autouse=True)
def _from_2010(settings):
    settings.VILLAGE_AFFAIRS = SETTINGS


@pytest.fixture
def cadres(county):
    v = county.village_a1
    return {
        "secretary": appoint(v, Post.VILLAGE_SECRETARY, "陈书记"),
        "director": appoint(v, Post.VILLAGE_DIRECTOR, "吴主任"),
        "in_charge": appoint(v, Post.TOWNSHIP_CADRE_IN_CHARGE, "郑包村", end=dt.date(2010, 5, 31)),
        "in_charge_2": appoint(v, Post.TOWNSHIP_CADRE_IN_CHARGE, "黄包村", start=dt.date(2010, 6, 1)),
    }


def _disclose(county, on):
    return [x for x in evaluate(county.village_a1, on, ["R-DISCLOSE"]) if "财务" in x.message_zh]


def test_missing_finance_disclosure_names_both_responsible_people(county, cadres):
    publish_month(county.village_a1, 2010, 1)
    findings = _disclose(county, dt.date(2010, 3, 15))
    assert [(x.severity, x.since) for x in findings] == [("red", dt.date(2010, 3, 11))]
    roles = {(a.name, a.role) for a in findings[0].accountable}
    assert roles == {
        ("陈书记", "直接责任人（村党支部书记）"),
        ("吴主任", "直接责任人（村委会主任）"),
        ("郑包村", "连带责任人（乡镇包村干部）"),
    }
    assert "2010年2月" in findings[0].message_zh


def test_late_disclosure_is_amber_since_its_publication(county, cadres):
    publish_month(county.village_a1, 2010, 1, on=dt.date(2010, 2, 20))
    findings = _disclose(county, dt.date(2010, 2, 28))
    assert [(x.severity, x.since) for x in findings] == [("amber", dt.date(2010, 2, 20))]


def test_rule_gives_different_findings_on_two_dates(county, cadres):
    publish_month(county.village_a1, 2010, 1)
    # On 1 March nothing is due yet for February; by July February..May are missing.
    assert _disclose(county, dt.date(2010, 3, 1)) == []
    july = _disclose(county, dt.date(2010, 7, 20))
    assert len(july) == 5  # February to June
    june_deadline = [x for x in july if "2010年6月" in x.message_zh][0]
    # Accountable people come from the appointments on that period's deadline (10 July).
    assert "黄包村" in {a.name for a in june_deadline.accountable}
    assert "郑包村" not in {a.name for a in june_deadline.accountable}


def test_one_shoulder_is_named_once(county):
    from village_affairs.tests.helpers import one_shoulder

    one_shoulder(county.village_b1, name="一肩挑")
    findings = evaluate(county.village_b1, dt.date(2010, 2, 15), ["R-DISCLOSE"])
    assert [a.name for a in findings[0].accountable] == ["一肩挑"]


def test_affairs_are_quarterly_by_default(county, cadres):
    affairs = [x for x in evaluate(county.village_a1, dt.date(2010, 4, 11), ["R-DISCLOSE"]) if "村务" in x.message_zh]
    assert len(affairs) == 1 and "第1季度" in affairs[0].message_zh


def test_decision_implemented_before_publication_is_a_finding(county, cadres):
    d = full_decision(county.village_a1, upto=4)
    services.decision_implementation_record(decision=d, started_on=dt.date(2010, 3, 10))
    findings = evaluate(county.village_a1, dt.date(2010, 4, 1), ["R-DECISION"])
    assert [(x.severity, x.since) for x in findings] == [("red", dt.date(2010, 3, 10))]
    assert findings[0].accountable[0].name == "陈书记"


def test_decision_stuck_past_the_limit_is_a_finding(county, cadres):
    full_decision(county.village_a1, upto=2)  # step 2 on 3 March
    assert evaluate(county.village_a1, dt.date(2010, 4, 30), ["R-DECISION"]) == []
    stuck = evaluate(county.village_a1, dt.date(2010, 6, 1), ["R-DECISION"])
    assert [x.severity for x in stuck] == ["amber"] and "两委会商议" in stuck[0].message_zh


def test_complete_decision_has_no_finding(county, cadres):
    d = full_decision(county.village_a1)
    services.decision_implementation_record(decision=d, started_on=dt.date(2010, 3, 20))
    assert evaluate(county.village_a1, dt.date(2010, 12, 31), ["R-DECISION"]) == []


def test_unanswered_feedback_past_its_deadline_is_a_finding(county, cadres):
    month = publish_month(county.village_a1, 2010, 1).published_month
    fb = services.feedback_submit(
        target=month, text="补助发给谁了？", client_address="1.2.3.4", now=aware(dt.date(2010, 2, 6))
    )
    assert evaluate(county.village_a1, dt.date(2010, 2, 13), ["R-FEEDBACK"]) == []
    late = evaluate(county.village_a1, dt.date(2010, 2, 14), ["R-FEEDBACK"])
    assert [(x.severity, x.since) for x in late] == [("red", dt.date(2010, 2, 14))]
    services.feedback_answer(feedback=fb, answer="见公示名单", at=aware(dt.date(2010, 2, 20)))
    assert evaluate(county.village_a1, dt.date(2010, 2, 25), ["R-FEEDBACK"]) == []
    assert len(evaluate(county.village_a1, dt.date(2010, 2, 19), ["R-FEEDBACK"])) == 1


# Feedback submitted on 6 February is due feedback_answer_days (7) later, on 13 February.
SUBMITTED = dt.date(2010, 2, 6)
DUE = dt.date(2010, 2, 13)
DAY = dt.timedelta(days=1)


def _feedback_due_on_13_february(county):
    month = publish_month(county.village_a1, 2010, 1).published_month
    fb = services.feedback_submit(target=month, text="补助发给谁了？", client_address="1.2.3.4", now=aware(SUBMITTED))
    assert fb.answer_due == DUE
    return fb


@pytest.mark.parametrize("answered", [DUE - DAY, DUE, DUE + DAY], ids=["day-before-due", "due-day", "day-after-due"])
@pytest.mark.parametrize("hour", [0, 23], ids=["just-after-midnight", "late-evening"])
def test_feedback_counts_as_answered_from_the_day_it_is_answered(county, answered, hour):
    fb = _feedback_due_on_13_february(county)
    services.feedback_answer(feedback=fb, answer="见公示名单", at=aware(answered, hour))

    def unanswered(on: dt.date) -> bool:
        return Feedback.objects.filter(unanswered_q(on), pk=fb.pk).exists()

    assert [unanswered(on) for on in (answered - DAY, answered, answered + DAY)] == [True, False, False]


@pytest.mark.parametrize(
    ("answered", "late_on_the_day_after_due"),
    [(DUE - DAY, False), (DUE, False), (DUE + DAY, False), (DUE + 2 * DAY, True)],
    ids=["day-before-due", "due-day", "day-after-due", "two-days-after-due"],
)
def test_feedback_answered_on_its_due_day_is_not_late(county, cadres, answered, late_on_the_day_after_due):
    fb = _feedback_due_on_13_february(county)
    services.feedback_answer(feedback=fb, answer="见公示名单", at=aware(answered, 23))
    for on in (DUE - DAY, DUE):
        assert evaluate(county.village_a1, on, ["R-FEEDBACK"]) == []
    # The rule sees a day as it ends: an answer given on the day it looks at counts as given.
    late = evaluate(county.village_a1, DUE + DAY, ["R-FEEDBACK"])
    assert [x.since for x in late] == ([DUE + DAY] if late_on_the_day_after_due else [])
    assert evaluate(county.village_a1, DUE + 30 * DAY, ["R-FEEDBACK"]) == []


def test_feedback_over_length_or_rate_is_refused(county, settings):
    month = publish_month(county.village_a1, 2010, 1).published_month
    with pytest.raises(ValidationError, match="不能超过500"):
        services.feedback_submit(target=month, text="字" * 501, client_address="1.1.1.1")
    assert Feedback.objects.count() == 0
    now = timezone.now()
    for n in range(5):
        services.feedback_submit(target=month, text=f"问题{n}", client_address="1.1.1.1", now=now)
    with pytest.raises(ValidationError, match="过于频繁"):
        services.feedback_submit(target=month, text="问题5", client_address="1.1.1.1", now=now)
    assert Feedback.objects.count() == 5
    services.feedback_submit(target=month, text="别人", client_address="2.2.2.2", now=now)
    assert Feedback.objects.count() == 6


def test_feedback_on_an_unpublished_item_is_refused(county):
    draft = services.disclosure_create(village=county.village_a1, kind="affairs", year=2010, period_number=1)
    with pytest.raises(ValidationError):
        services.feedback_submit(target=draft, text="x", client_address="1.1.1.1")
    d = full_decision(county.village_a1, upto=4)
    with pytest.raises(ValidationError):
        services.feedback_submit(target=d.steps.get(number=4), text="x", client_address="1.1.1.1")
    assert Feedback.objects.count() == 0


def test_case_decided_with_a_penalty_is_visible_for_the_cadre_view(county, cadres, django_assert_num_queries):
    finding = _disclose(county, dt.date(2010, 2, 15))[0]
    case = services.accountability_case_open(
        village=county.village_a1,
        rule=finding.rule,
        subject=finding.extra["subject"],
        finding_since=finding.since,
        finding_text=finding.message_zh,
        directly_responsible=cadres["secretary"],
        jointly_responsible=cadres["in_charge"],
    )
    with pytest.raises(ValidationError, match="已经立案"):
        services.accountability_case_open(
            village=county.village_a1,
            rule=finding.rule,
            subject=finding.extra["subject"],
            finding_since=finding.since,
            finding_text="x",
        )
    services.accountability_case_decide(
        case=case, outcome="penalty", decision="通报批评", date=dt.date(2010, 3, 1), amount="200"
    )
    services.reward_penalty_record(
        person=cadres["director"], kind="reward", date=dt.date(2010, 6, 1), reason="按时公开"
    )
    with django_assert_num_queries(1):
        found = rewards_penalties_for_people([cadres["secretary"].pk, cadres["director"].pk, cadres["in_charge"].pk])
    assert [r.kind for r in found[cadres["secretary"].pk]] == ["penalty"]
    assert [r.kind for r in found[cadres["director"].pk]] == ["reward"]
    assert cadres["in_charge"].pk not in found
    assert list(case.events.values_list("kind", flat=True)) == ["opened", "decided"]


def test_disclosures_are_owed_from_the_countys_campaign_start(county, cadres):
    from evaluation.services import period_create

    # A county whose campaign began in 2011 owes nothing for 2010, only from January 2011 on.
    period_create(
        county=county.county,
        year=2011,
        name="2011年度",
        start=dt.date(2011, 1, 1),
        end=dt.date(2011, 12, 31),
        self_deadline=dt.date(2011, 12, 15),
        review_deadline=dt.date(2011, 12, 25),
        approval_deadline=dt.date(2011, 12, 31),
    )
    findings = _disclose(county, dt.date(2011, 3, 15))
    assert [x.since for x in findings] == [dt.date(2011, 2, 11), dt.date(2011, 3, 11)]
