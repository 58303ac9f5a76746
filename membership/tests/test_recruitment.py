import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from common.rules import evaluate
from membership import services
from membership.models import RecruitmentRules, StepEvent
from membership.steps import BY_NUMBER
from membership.tests.walk import APPLIED, DAYS, extras, walk
from people.models import MembershipStatus, PartyMembership
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.XIANFENG_TODAY = "2010-12-20"


def _codes(exc: ValidationError) -> set[str | None]:
    return {e.code for errors in exc.error_dict.values() for e in errors} if hasattr(exc, "error_dict") else {exc.code}


def test_a_file_goes_from_application_to_full_membership_through_the_25_steps(county):
    recruit = walk(county.village_a1, county.group_a1)
    assert recruit.latest == 25
    assert list(recruit.events.values_list("number", flat=True)) == list(range(1, 26))
    membership = PartyMembership.objects.get(person=recruit.person)
    # The admission date is the branch assembly's, not the approval's.
    assert membership.joined_on == DAYS["assembly"]
    assert membership.status == MembershipStatus.FULL
    assert membership.party_group == county.group_a1


def test_the_approval_makes_a_probationary_member(county):
    recruit = walk(county.village_a1, until="approval")
    membership = PartyMembership.objects.get(person=recruit.person)
    assert (membership.status, membership.joined_on) == (MembershipStatus.PROBATIONARY, DAYS["assembly"])


@pytest.mark.parametrize("number", range(3, 26))
def test_each_step_out_of_order_is_refused_and_changes_nothing(county, number):
    """With step number−2 done, step ``number`` (skipping one) is refused."""
    step = BY_NUMBER[number]
    recruit = walk(county.village_a1, county.group_a1, until=BY_NUMBER[number - 2].code) if number > 3 else None
    if recruit is None:
        recruit = services.recruit_apply(
            person=f.person(county.village_a1, born=dt.date(1985, 1, 1)),
            branch=county.village_a1,
            applied_on=APPLIED,
            basis="申请书",
        )
    before = StepEvent.objects.count()
    helpers = (f.member(county.village_a1), f.member(county.village_a1))
    with pytest.raises(ValidationError) as exc:
        services.step_record(
            recruit=recruit,
            step=step.code,
            on=dt.date(2010, 12, 1),
            basis="记录",
            **extras(step.code, county.village_a1, county.group_a1, helpers),
        )
    assert _codes(exc.value) == {"step_out_of_order"}
    assert StepEvent.objects.count() == before


def test_step_two_before_step_one_is_impossible_and_one_twice_refused(county):
    recruit = walk(county.village_a1, until="apply")
    with pytest.raises(ValidationError) as exc:
        services.step_record(recruit=recruit, step="apply", on=APPLIED, basis="再次申请")
    assert _codes(exc.value) == {"step_out_of_order"}


def test_an_applicant_under_18_is_refused(county):
    young = f.person(county.village_a1, born=dt.date(1992, 6, 2))
    with pytest.raises(ValidationError) as exc:
        services.recruit_apply(person=young, branch=county.village_a1, applied_on=dt.date(2010, 6, 1), basis="申请书")
    assert _codes(exc.value) == {"applicant_under_18"}
    services.recruit_apply(person=young, branch=county.village_a1, applied_on=dt.date(2010, 6, 2), basis="申请书")


def test_the_assessments_repeat_while_an_activist(county):
    recruit = walk(county.village_a1, until="assessment")
    services.step_record(recruit=recruit, step="assessment", on=dt.date(2009, 5, 1), basis="第二次考察")
    assert recruit.events.filter(step="assessment").count() == 2


@pytest.mark.parametrize(
    ("until", "step", "kwargs", "code"),
    [
        ("activist", "activist_filed", {}, None),
        ("assessment", "candidate", {"on": dt.date(2009, 5, 31)}, "cultivation_too_short"),
        ("candidate_filed", "introducers", {"second_person": "first"}, "two_people_required"),
        ("introducers", "review", {}, None),
        ("review", "training", {"days": 2, "hours": 20}, "training_too_short"),
        ("form", "assembly", {"on": dt.date(2010, 7, 11)}, "review_expired"),
        ("assembly", "committee_talk", {"on": dt.date(2010, 2, 26)}, "restart_required"),
        ("conversion_request", "conversion_assembly", {"extension_months": 3}, "extension_out_of_range"),
        ("conversion_assembly", "conversion_approval", {"on": dt.date(2010, 8, 24)}, "step_before_previous"),
    ],
)
def test_a_step_without_what_it_needs_is_refused(county, until, step, kwargs, code):
    recruit = walk(county.village_a1, county.group_a1, until=until)
    helpers = (f.member(county.village_a1), f.member(county.village_a1))
    args = {"on": DAYS[step], **extras(step, county.village_a1, county.group_a1, helpers), **kwargs}
    if args.get("second_person") == "first":
        args["second_person"] = args["first_person"]
    if code is None:
        services.step_record(recruit=recruit, step=step, basis="记录", **args)
        return
    with pytest.raises(ValidationError) as exc:
        services.step_record(recruit=recruit, step=step, basis="记录", **args)
    assert _codes(exc.value) == {code}


def test_introducers_must_be_full_members(county):
    recruit = walk(county.village_a1, until="candidate_filed")
    outsider = f.person(county.village_a1)
    with pytest.raises(ValidationError) as exc:
        services.step_record(
            recruit=recruit,
            step="introducers",
            on=DAYS["introducers"],
            basis="介绍人",
            first_person=f.member(county.village_a1),
            second_person=outsider,
        )
    assert _codes(exc.value) == {"not_full_members"}


def test_probation_is_extended_once_and_conversion_waits_for_it(county):
    recruit = walk(county.village_a1, until="conversion_request")
    services.step_record(
        recruit=recruit,
        step="conversion_assembly",
        on=DAYS["conversion_assembly"],
        basis="支部大会",
        extension_months=6,
    )
    with pytest.raises(ValidationError) as exc:
        services.step_record(recruit=recruit, step="conversion_approval", on=dt.date(2010, 9, 10), basis="审批")
    assert _codes(exc.value) == {"probation_not_over"}


def _recruit_findings(unit, on):
    return list(evaluate(unit, on, ["R-RECRUIT"]))


D = dt.date
MEET = {
    "talk": [("talk", D(2008, 4, 5))],
    "assessment": [("assessment", D(2008, 12, 5))],
    "review": [("review", D(2010, 7, 15))],
    "assembly": [("form", D(2009, 8, 15)), ("assembly", D(2009, 9, 15))],
    "submit": [("committee_talk", D(2009, 11, 30))],
    "approval": [("approval", D(2009, 12, 15))],
    "probation": [
        ("conversion_request", D(2010, 8, 26)),
        ("conversion_assembly", D(2010, 8, 27)),
        ("conversion_approval", D(2010, 8, 28)),
    ],
}


@pytest.mark.parametrize(
    ("until", "rule", "due"),
    [
        ("apply", "talk", D(2008, 4, 1)),
        ("contacts", "assessment", D(2008, 12, 1)),
        ("training", "review", D(2010, 7, 10)),
        ("pre_review", "assembly", D(2009, 9, 10)),
        ("assembly", "submit", D(2009, 11, 25)),
        ("committee_talk", "approval", D(2009, 12, 10)),
        ("probation_education", "probation", D(2010, 8, 25)),
    ],
)
def test_each_time_rule_is_found_on_the_day_after_its_deadline_and_gone_once_met(county, until, rule, due):
    recruit = walk(county.village_a1, county.group_a1, until=until)
    assert not _recruit_findings(county.county, due)
    found = _recruit_findings(county.county, due + dt.timedelta(days=1))
    assert [(x.extra["time_rule"], x.since, x.unit) for x in found] == [
        (rule, due + dt.timedelta(days=1), "350725100201")
    ]
    assert recruit.person.name in found[0].message_zh and recruit.person.name in found[0].message_en
    for step, day in MEET[rule]:
        services.step_record(recruit=recruit, step=step, on=day, basis="记录")
    met_on = MEET[rule][-1][1]
    for day in (met_on, met_on + dt.timedelta(days=1)):
        assert not [x for x in _recruit_findings(county.county, day) if x.extra["time_rule"] == rule]


def test_a_resolution_not_submitted_within_six_months_must_restart(county):
    walk(county.village_a1, until="assembly")
    [amber] = _recruit_findings(county.county, D(2010, 1, 1))
    [red] = _recruit_findings(county.county, D(2010, 2, 26))
    assert (amber.severity, red.severity, red.since) == ("amber", "red", D(2010, 2, 26))
    assert "重新履行程序" in red.message_zh


def test_the_county_sets_its_own_time_rules(county):
    RecruitmentRules.objects.create(county=county.county, talk_months=2)
    walk(county.village_a1, until="apply")
    assert not _recruit_findings(county.county, dt.date(2008, 4, 2))
    assert _recruit_findings(county.county, dt.date(2008, 5, 2))
