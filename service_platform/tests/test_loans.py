"""153-plan micro-loans: applied → approved → repaid, or refused with a reason; an event row per step."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from service_platform import services
from service_platform.models import LoanEvent, LoanStatus, MicroLoan
from xianfeng.tests import factories as f

from .conftest import DAY


def _steps(loan: MicroLoan) -> list[str]:
    return list(loan.events.order_by("date", "id").values_list("step", flat=True))


def test_loan_goes_through_applied_approved_repaid_with_an_event_each(loan_a1, personas):
    services.loan_approve(loan=loan_a1, date=dt.date(2010, 3, 10), recorded_by=personas.township_admin_a)
    services.loan_repaid(loan=loan_a1, date=dt.date(2010, 11, 30), note="按期还清", recorded_by=personas.county_admin)
    loan_a1.refresh_from_db()
    assert loan_a1.status == LoanStatus.REPAID
    assert _steps(loan_a1) == ["applied", "approved", "repaid"]
    assert loan_a1.events.get(step="approved").recorded_by == personas.township_admin_a
    assert loan_a1.village.code == personas.member_person.membership.branch.code


def test_status_always_equals_the_last_events_step(loan_a1, loan_b1):
    services.loan_approve(loan=loan_a1, date=DAY)
    services.loan_refuse(loan=loan_b1, date=DAY, reason="材料不全")
    for loan in MicroLoan.objects.all():
        assert loan.status == loan.events.order_by("-date", "-id").first().step


@pytest.mark.parametrize(
    ("before", "step"),
    [
        ([], "repaid"),  # repaid before approved
        (["refused"], "approved"),  # approve a refused loan
        (["approved"], "approved"),  # twice
        (["approved"], "refused"),  # refuse after approval: refused only from applied
        (["approved", "repaid"], "refused"),
    ],
)
def test_refuses_a_loan_step_out_of_order(loan_a1, before, step):
    do = {
        "approved": lambda: services.loan_approve(loan=loan_a1, date=DAY),
        "refused": lambda: services.loan_refuse(loan=loan_a1, date=DAY, reason="不符合条件"),
        "repaid": lambda: services.loan_repaid(loan=loan_a1, date=DAY),
    }
    for s in before:
        do[s]()
    status_before = MicroLoan.objects.get().status
    events_before = LoanEvent.objects.count()
    with pytest.raises(ValidationError, match="不能登记"):
        do[step]()
    assert MicroLoan.objects.get().status == status_before
    assert LoanEvent.objects.count() == events_before


def test_refusal_needs_a_reason(loan_a1):
    with pytest.raises(ValidationError, match="必须填写理由"):
        services.loan_refuse(loan=loan_a1, date=DAY, reason="  ")
    loan_a1.refresh_from_db()
    assert loan_a1.status == LoanStatus.APPLIED and LoanEvent.objects.count() == 1


def test_refusal_keeps_its_reason(loan_a1):
    services.loan_refuse(loan=loan_a1, date=DAY, reason="超出额度")
    assert LoanEvent.objects.get(step="refused").note == "超出额度"


@pytest.mark.parametrize("amount", ["-100", "0", "abc", "500000.01", 300.5, ""])
def test_refuses_a_bad_amount(personas, amount):
    with pytest.raises(ValidationError):
        services.loan_apply(
            applicant=personas.member_person, purpose="business", amount=amount, lender="信用社", applied_on=DAY
        )
    assert MicroLoan.objects.count() == 0 and LoanEvent.objects.count() == 0


def test_accepts_the_maximum_amount(personas):
    loan = services.loan_apply(
        applicant=personas.member_person, purpose="business", amount="500000", lender="信用社", applied_on=DAY
    )
    assert loan.amount == Decimal("500000")


def test_refuses_dates_in_the_future(loan_a1, personas):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.loan_apply(
            applicant=personas.member_person, purpose="business", amount="1", lender="x", applied_on=tomorrow
        )
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.loan_approve(loan=loan_a1, date=tomorrow)
    assert MicroLoan.objects.count() == 1 and LoanEvent.objects.count() == 1


def test_refuses_a_step_dated_before_the_previous_one(loan_a1):
    with pytest.raises(ValidationError, match="不能早于上一步"):
        services.loan_approve(loan=loan_a1, date=DAY - dt.timedelta(days=1))
    assert MicroLoan.objects.get().status == LoanStatus.APPLIED


def test_refuses_an_applicant_who_is_not_a_party_member(county):
    villager = f.person(county.village_a1, name="群众乙")
    with pytest.raises(ValidationError, match="必须是党员"):
        services.loan_apply(applicant=villager, purpose="employment", amount="1000", lender="信用社", applied_on=DAY)
    assert MicroLoan.objects.count() == 0
