"""Contributions, co-building activities and outcomes, and their refusals."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pairing import services
from pairing.models import CoBuildingActivity, Contribution, HelpKind, HelpTag, Outcome, OutcomeType, PairingKind
from xianfeng.tests import factories as f

DAY = dt.date(2010, 5, 1)


def test_contribution_is_tagged_by_kinds_of_help(department_pairing):
    c = services.contribution_add(
        pairing=department_pairing, date=DAY, description="帮助理清发展思路", kinds=[HelpKind.IDEAS, HelpKind.PLANS]
    )
    assert c.kinds == ["理思路", "定规划"]


def test_contribution_with_unknown_tag_is_refused(department_pairing):
    with pytest.raises(ValidationError):
        services.contribution_add(pairing=department_pairing, date=DAY, description="x", kinds=["magic"])
    assert Contribution.objects.count() == 0 and HelpTag.objects.count() == 0


def test_contribution_needs_exactly_one_owner(department_pairing, county, batch, cadre):
    posting = services.posting_create(batch=batch, cadre=cadre, village=county.village_a1)
    with pytest.raises(ValidationError):
        services.contribution_add(pairing=department_pairing, posting=posting, date=DAY, description="x")
    with pytest.raises(ValidationError):
        services.contribution_add(date=DAY, description="x")
    services.contribution_add(posting=posting, date=DAY, description="驻村调研", kinds=[HelpKind.TEAM])
    assert Contribution.objects.count() == 1


@pytest.mark.parametrize("service", ["contribution", "activity", "outcome"])
def test_records_dated_in_the_future_are_refused(department_pairing, service):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        if service == "contribution":
            services.contribution_add(pairing=department_pairing, date=tomorrow, description="x")
        elif service == "activity":
            services.activity_add(pairing=department_pairing, date=tomorrow, title="x")
        else:
            services.outcome_add(pairing=department_pairing, date=tomorrow, type=OutcomeType.PLAN, title="x")
    assert "不能晚于今天" in str(exc.value)
    assert (
        not Contribution.objects.exists() and not CoBuildingActivity.objects.exists() and not Outcome.objects.exists()
    )


def test_activity_is_tagged_by_five_together(civilized_pairing_b):
    a = services.activity_add(
        pairing=civilized_pairing_b, date=DAY, title="文明村创建", kinds=["civility", "environment"]
    )
    assert a.kinds == ["共树文明新风", "共建优美环境"]


def test_activity_on_a_member_pairing_is_refused(county):
    pairing = services.pairing_create(
        kind=PairingKind.MEMBER,
        village=county.village_a1,
        urban_person=f.person(None),
        rural_person=f.member(county.village_a1),
        start=DAY,
    )
    with pytest.raises(ValidationError):
        services.activity_add(pairing=pairing, date=DAY, title="x")
    assert CoBuildingActivity.objects.count() == 0


def test_funds_are_exact_yuan(civilized_pairing_b):
    o = services.outcome_add(
        pairing=civilized_pairing_b, date=DAY, type=OutcomeType.FUNDS, title="修路资金", amount=Decimal("120000.50")
    )
    o.refresh_from_db()
    assert o.amount == Decimal("120000.50") and o.unit_label == "元"


@pytest.mark.parametrize(
    ("type_", "amount", "expected"),
    [
        (OutcomeType.FUNDS, Decimal("-1.00"), "负数"),
        (OutcomeType.FUNDS, "abc", ""),
        (OutcomeType.FUNDS, None, "必须填写金额"),
        (OutcomeType.FUNDS, Decimal("10.005"), ""),
        (OutcomeType.FUNDS, 10.5, "浮点数"),
        (OutcomeType.JOBS, Decimal("2.5"), "整数"),
        (OutcomeType.PLAN, Decimal("3"), "不填写数额"),
    ],
)
def test_bad_amounts_are_refused_by_the_service(civilized_pairing_b, type_, amount, expected):
    with pytest.raises(ValidationError) as exc:
        services.outcome_add(pairing=civilized_pairing_b, date=DAY, type=type_, title="x", amount=amount)
    assert "amount" in exc.value.message_dict
    assert expected in " ".join(exc.value.message_dict["amount"])
    assert Outcome.objects.count() == 0


def test_jobs_are_a_count(civilized_pairing_b):
    o = services.outcome_add(pairing=civilized_pairing_b, date=DAY, type=OutcomeType.JOBS, title="茶厂用工", amount=12)
    assert o.unit_label == "个岗位"
