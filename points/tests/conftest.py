import datetime as dt

import pytest
from django.test import override_settings

from service_platform import services as platform
from service_platform.models import FacilityKind
from xianfeng.tests import factories as f

YEAR = 2010
TODAY = dt.date(YEAR, 12, 20)


@pytest.fixture(autouse=True)
def campaign_today():
    with override_settings(XIANFENG_TODAY=TODAY.isoformat()):
        yield


@pytest.fixture
def supermarket(county):
    return platform.facility_create(
        kind=FacilityKind.LOVE_SUPERMARKET,
        name="念山爱心超市",
        organization=county.village_a1,
        opened_on=dt.date(2010, 1, 1),
    )


@pytest.fixture
def village_admin_a1(county):
    return f.user("village_a1", "village_admin", organization=county.village_a1)
