import datetime as dt

import pytest

from service_platform import services
from service_platform.models import FacilityKind, MicroLoan
from xianfeng.tests import factories as f

DAY = dt.date(2010, 3, 1)


@pytest.fixture
def member_b1(county):
    return f.member(county.village_b1, county.group_b1, name="东党员")


@pytest.fixture
def loan_a1(personas) -> MicroLoan:
    return services.loan_apply(
        applicant=personas.member_person, purpose="business", amount="30000", lender="农村信用社", applied_on=DAY
    )


@pytest.fixture
def loan_b1(member_b1) -> MicroLoan:
    return services.loan_apply(
        applicant=member_b1, purpose="employment", amount="8000.50", lender="邮储银行", applied_on=DAY
    )


def make_facility(organization, kind: str = FacilityKind.LOVE_SUPERMARKET, name: str = "", **kwargs):
    return services.facility_create(
        kind=kind,
        name=name or f"{organization.name}{kind}",
        organization=organization,
        opened_on=kwargs.pop("opened_on", dt.date(2009, 6, 1)),
        **kwargs,
    )
