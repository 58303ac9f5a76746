import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from service_platform import services
from service_platform.models import Facility, FacilityKind, FacilityStatus, SupportedProject

from .conftest import make_facility


def test_service_centre_must_be_at_a_township(county):
    with pytest.raises(ValidationError, match="必须设在乡镇"):
        make_facility(county.village_a1, FacilityKind.SERVICE_CENTRE)
    assert Facility.objects.count() == 0


def test_one_open_service_centre_per_township(county):
    make_facility(county.township_a, FacilityKind.SERVICE_CENTRE, "熊山镇党员服务中心")
    with pytest.raises(ValidationError, match="已有党员服务中心"):
        make_facility(county.township_a, FacilityKind.SERVICE_CENTRE, "第二中心")
    assert Facility.objects.count() == 1
    make_facility(county.township_b, FacilityKind.SERVICE_CENTRE, "东平镇党员服务中心")
    assert Facility.objects.count() == 2


def test_a_closed_centre_may_be_replaced(county):
    old = make_facility(county.township_a, FacilityKind.SERVICE_CENTRE, "旧中心", opened_on=dt.date(2005, 1, 1))
    services.facility_update(
        facility=old,
        name=old.name,
        opened_on=old.opened_on,
        status=FacilityStatus.CLOSED,
        closed_on=dt.date(2010, 2, 1),
    )
    make_facility(county.township_a, FacilityKind.SERVICE_CENTRE, "新中心", opened_on=dt.date(2010, 2, 1))
    assert Facility.objects.count() == 2


def test_reopening_a_closed_centre_is_refused_while_another_is_open(county):
    old = make_facility(
        county.township_a,
        FacilityKind.SERVICE_CENTRE,
        "旧中心",
        status=FacilityStatus.CLOSED,
        closed_on=dt.date(2009, 1, 1),
        opened_on=dt.date(2005, 1, 1),
    )
    make_facility(county.township_a, FacilityKind.SERVICE_CENTRE, "新中心")
    with pytest.raises(ValidationError, match="已有党员服务中心"):
        services.facility_update(facility=old, name=old.name, opened_on=old.opened_on, status=FacilityStatus.OPEN)
    assert Facility.objects.get(name="旧中心").status == FacilityStatus.CLOSED


@pytest.mark.parametrize(
    ("status", "closed_on", "message"),
    [
        ("closed", None, "请填写关闭日期"),
        ("open", dt.date(2010, 1, 1), "只有已关闭"),
        ("closed", dt.date(2009, 1, 1), "不能早于启用日期"),
    ],
)
def test_refuses_inconsistent_closing(county, status, closed_on, message):
    with pytest.raises(ValidationError, match=message):
        make_facility(county.village_a1, status=status, closed_on=closed_on, opened_on=dt.date(2009, 6, 1))
    assert Facility.objects.count() == 0


def test_refuses_a_facility_opened_in_the_future_or_at_a_party_group(county):
    with pytest.raises(ValidationError, match="不能晚于今天"):
        make_facility(county.village_a1, opened_on=timezone.localdate() + dt.timedelta(days=3))
    with pytest.raises(ValidationError, match="乡镇或行政村"):
        make_facility(county.group_a1)
    assert Facility.objects.count() == 0


def test_project_records_support_and_refuses_bad_input(county, personas):
    project = services.supported_project_create(
        name="高山茶园",
        organization=county.village_a1,
        industry="茶叶",
        start=dt.date(2010, 2, 1),
        amount="50000",
        responsible=personas.member_person,
        support="贴息贷款",
    )
    assert str(project.amount) == "50000.00" or project.amount == 50000
    for bad in (
        {"amount": "-1"},
        {"amount": "五万"},
        {"end": dt.date(2009, 1, 1)},
        {"status": "completed"},
        {"start": timezone.localdate() + dt.timedelta(days=1)},
        {"organization": county.group_a1},
    ):
        values = {"name": "x", "organization": county.village_a1, "industry": "茶", "start": dt.date(2010, 2, 1), **bad}
        with pytest.raises(ValidationError):
            services.supported_project_create(**values)
    assert SupportedProject.objects.count() == 1
