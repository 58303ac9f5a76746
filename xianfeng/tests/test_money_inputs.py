"""Every input of money goes through ``common.checks.parse_amount``: the same typed values are refused alike.

Ledger entries, rewards and penalties (also as a case's outcome), loans, supported projects and
pairing outcomes in funds: ``1e9``, ``1E9`` and ``1e2`` (exponents: money is typed as digits),
``Infinity``, ``NaN`` and ``1,000,000,000`` (above 1亿元) are refused with the field's message and
nothing is written; ``1,000`` is read as 1000 元.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.urls import reverse

from organizations import services as org_services
from organizations.models import UnitKind
from pairing import services as pairing_services
from pairing.models import Outcome, OutcomeType, PairingKind
from service_platform import services as platform_services
from service_platform.models import MicroLoan, SupportedProject
from village_affairs import services as affairs_services
from village_affairs.models import LedgerEntry, RewardPenalty

pytestmark = pytest.mark.django_db

DAY = dt.date(2010, 4, 2)
REFUSED = {
    "1e9": "amount_exponent",
    "1E9": "amount_exponent",
    "1e2": "amount_exponent",
    "Infinity": "amount_not_a_number",
    "NaN": "amount_not_a_number",
    "1,000,000,000": "amount_too_large",
}


def _ledger(county, personas, amount: str) -> Model:
    return affairs_services.ledger_entry_create(
        village=county.village_a1,
        date=DAY,
        direction="expense",
        category="public_welfare",
        amount=amount,
        voucher="V1",
        description="修路",
    )


def _reward(county, personas, amount: str) -> Model:
    return affairs_services.reward_penalty_record(
        person=personas.member_person, kind="reward", date=DAY, reason="带头修路", amount=amount
    )


def _loan(county, personas, amount: str) -> Model:
    return platform_services.loan_apply(
        applicant=personas.member_person, purpose="business", amount=amount, lender="农村信用社", applied_on=DAY
    )


def _project(county, personas, amount: str) -> Model:
    return platform_services.supported_project_create(
        name="高山茶园", organization=county.village_a1, industry="茶叶", start=DAY, amount=amount
    )


def _outcome(county, personas, amount: str) -> Model:
    unit = org_services.outside_unit_create(home=county.county, kind=UnitKind.CIVILIZED_UNIT, name="县人民银行")
    pairing = pairing_services.pairing_create(
        kind=PairingKind.CIVILIZED_UNIT, village=county.village_b1, unit=unit, start=dt.date(2010, 1, 1)
    )
    return pairing_services.outcome_add(
        pairing=pairing, date=DAY, type=OutcomeType.FUNDS, title="修路资金", amount=amount
    )


INPUTS: dict[str, tuple[Callable[..., Model], type[Model]]] = {
    "ledger": (_ledger, LedgerEntry),
    "reward": (_reward, RewardPenalty),
    "loan": (_loan, MicroLoan),
    "project": (_project, SupportedProject),
    "outcome": (_outcome, Outcome),
}


@pytest.mark.parametrize("typed", list(REFUSED))
@pytest.mark.parametrize("where", list(INPUTS))
def test_each_money_input_refuses_the_same_typed_values(where, typed, county, personas):
    record, model = INPUTS[where]
    with pytest.raises(ValidationError) as exc:
        record(county, personas, typed)
    assert [e.code for e in exc.value.error_dict["amount"]] == [REFUSED[typed]]
    assert model.objects.count() == 0


@pytest.mark.parametrize("where", list(INPUTS))
def test_each_money_input_reads_thousands_separators(where, county, personas):
    record, model = INPUTS[where]
    stored = record(county, personas, "1,000")
    stored.refresh_from_db()
    assert stored.amount == Decimal("1000")


def test_a_case_decided_with_an_exponent_amount_is_refused_and_stays_open(county, personas):
    case = affairs_services.accountability_case_open(
        village=county.village_a1,
        rule="R-FEEDBACK",
        subject="feedback:1",
        finding_since=DAY,
        finding_text="意见逾期未答复",
        directly_responsible=personas.member_person,
    )
    with pytest.raises(ValidationError) as exc:
        affairs_services.accountability_case_decide(
            case=case, outcome="penalty", decision="通报批评并处罚", date=DAY, amount="1E9"
        )
    assert [e.code for e in exc.value.error_dict["amount"]] == ["amount_exponent"]
    case.refresh_from_db()
    assert case.status != "decided" and RewardPenalty.objects.count() == 0


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1e2", "不能使用科学计数法"),  # a DecimalField took it for 100
        ("1,000,000,000", "不能超过1亿元"),
        ("Infinity", "金额必须是数字"),
        ("NaN", "金额必须是数字"),
    ],
)
def test_the_loan_page_refuses_them_on_the_amount_field(client, personas, typed, message):
    client.force_login(personas.county_admin)
    response = client.post(reverse("service_platform:loan_create"), _loan_form(personas, typed))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert MicroLoan.objects.count() == 0


def test_the_loan_page_reads_an_amount_typed_with_separators_as_the_ledger_does(client, personas):
    client.force_login(personas.county_admin)
    response = client.post(reverse("service_platform:loan_create"), _loan_form(personas, "30,000.50"))
    assert response.status_code == 302
    assert MicroLoan.objects.get().amount == Decimal("30000.50")


def _loan_form(personas, amount: str) -> dict[str, object]:
    return {
        "applicant": personas.member_person.pk,
        "purpose": "business",
        "amount": amount,
        "lender": "农村信用社",
        "applied_on": DAY.isoformat(),
    }
