"""Service pages per persona: scope (404 outside), loan step buttons by role, filters, export, query counts."""

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from service_platform import services
from service_platform.models import Facility, FacilityKind, LoanEvent, LoanStatus, MicroLoan, SupportedProject
from xianfeng.tests import factories as f

from .conftest import DAY, make_facility


def _login(client, personas, name):
    if name != "anonymous":
        client.force_login(getattr(personas, name))


@pytest.mark.parametrize(
    "path",
    [
        "/service/",
        "/service/facilities/new/",
        "/service/projects/",
        "/service/projects/new/",
        "/service/loans/",
        "/service/loans/new/",
        "/service/loans/1/",
        "/service/facilities/1/edit/",
    ],
)
def test_anonymous_is_sent_to_login(client, county, path):
    response = client.get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.fixture
def facilities(county):
    return (
        make_facility(county.village_a1, FacilityKind.LOVE_SUPERMARKET, "念山爱心超市"),
        make_facility(county.village_b1, FacilityKind.MOBILE_STATION, "东平流动服务站", status="suspended"),
    )


@pytest.mark.parametrize(
    ("persona", "sees_a1", "sees_b1", "edit_a1", "edit_b1"),
    [
        ("county_admin", True, True, 200, 200),
        ("township_admin_a", True, False, 200, 404),
        ("village_admin_b", False, True, 404, 200),
        ("member", False, False, 404, 404),
    ],
)
def test_facilities_are_scoped(client, personas, facilities, persona, sees_a1, sees_b1, edit_a1, edit_b1):
    _login(client, personas, persona)
    body = client.get("/service/").content.decode()
    assert ("念山爱心超市" in body) == sees_a1 and ("东平流动服务站" in body) == sees_b1
    a1, b1 = facilities
    assert client.get(f"/service/facilities/{a1.pk}/edit/").status_code == edit_a1
    assert client.get(f"/service/facilities/{b1.pk}/edit/").status_code == edit_b1


def test_facility_list_filters_and_exports(client, personas, county, facilities):
    client.force_login(personas.county_admin)
    body = client.get("/service/", {"kind": "mobile_station"}).content.decode()
    assert "东平流动服务站" in body and "念山爱心超市" not in body
    body = client.get("/service/", {"area": county.township_a.code}).content.decode()
    assert "念山爱心超市" in body and "东平流动服务站" not in body
    body = client.get("/service/", {"status": "suspended"}).content.decode()
    assert "东平流动服务站" in body and "念山爱心超市" not in body
    client.force_login(personas.township_admin_a)
    rows = list(
        load_workbook(BytesIO(client.get("/service/?format=xlsx").content)).active.iter_rows(
            min_row=2, values_only=True
        )
    )
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [("爱心超市", "念山爱心超市", "熊山镇", "念山村")]


def test_village_admin_registers_a_facility_and_is_refused_a_centre(client, personas, county):
    client.force_login(personas.village_admin_b)
    data = {
        "kind": FacilityKind.SERVICE_CENTRE,
        "name": "村中心",
        "organization": county.village_b1.pk,
        "opened_on": "2010-01-05",
        "status": "open",
    }
    response = client.post("/service/facilities/new/", data)
    assert response.status_code == 200 and "必须设在乡镇" in response.content.decode()
    assert Facility.objects.count() == 0
    response = client.post(
        "/service/facilities/new/", {**data, "kind": FacilityKind.LOVE_SUPERMARKET, "name": "东平爱心超市"}
    )
    assert response.status_code == 302 and Facility.objects.get().organization == county.village_b1
    response = client.post(
        "/service/facilities/new/",
        {**data, "kind": FacilityKind.LOVE_SUPERMARKET, "organization": county.village_a1.pk},
    )
    assert response.status_code == 200 and Facility.objects.count() == 1


def test_admin_closes_a_facility(client, personas, facilities):
    client.force_login(personas.township_admin_a)
    a1 = facilities[0]
    response = client.post(
        f"/service/facilities/{a1.pk}/edit/", {"name": a1.name, "opened_on": "2009-06-01", "status": "closed"}
    )
    assert response.status_code == 200 and "请填写关闭日期" in response.content.decode()
    response = client.post(
        f"/service/facilities/{a1.pk}/edit/",
        {"name": a1.name, "opened_on": "2009-06-01", "status": "closed", "closed_on": "2010-08-01"},
    )
    assert response.status_code == 302
    a1.refresh_from_db()
    assert a1.status == "closed" and a1.closed_on == dt.date(2010, 8, 1)


def test_projects_are_scoped_and_created_in_scope(client, personas, county):
    services.supported_project_create(name="念山茶园", organization=county.village_a1, industry="茶", start=DAY)
    services.supported_project_create(name="东平竹业", organization=county.village_b1, industry="竹", start=DAY)
    client.force_login(personas.township_admin_a)
    body = client.get("/service/projects/").content.decode()
    assert "念山茶园" in body and "东平竹业" not in body
    data = {
        "name": "石门养蜂",
        "organization": county.village_a2.pk,
        "industry": "养殖",
        "start": "2010-04-01",
        "status": "ongoing",
        "amount": "-5",
    }
    response = client.post("/service/projects/new/", data)
    assert response.status_code == 200 and "不能为负数" in response.content.decode()
    assert client.post("/service/projects/new/", {**data, "amount": "12000.50"}).status_code == 302
    assert (
        client.post("/service/projects/new/", {**data, "organization": county.village_b1.pk, "amount": ""}).status_code
        == 200
    )
    assert SupportedProject.objects.count() == 3


@pytest.fixture
def loans(loan_a1, loan_b1):
    return loan_a1, loan_b1


@pytest.mark.parametrize(
    ("persona", "a1_status", "b1_status"),
    [("county_admin", 200, 200), ("township_admin_a", 200, 404), ("village_admin_b", 404, 200), ("member", 404, 404)],
)
def test_loan_detail_is_scoped(client, personas, loans, persona, a1_status, b1_status):
    _login(client, personas, persona)
    a1, b1 = loans
    assert client.get(f"/service/loans/{a1.pk}/").status_code == a1_status
    assert client.get(f"/service/loans/{b1.pk}/").status_code == b1_status


def test_village_admin_records_an_application_but_cannot_approve(client, personas, member_b1):
    client.force_login(personas.village_admin_b)
    response = client.post(
        "/service/loans/new/",
        {
            "applicant": member_b1.pk,
            "purpose": "business",
            "amount": "20000",
            "lender": "农村信用社",
            "applied_on": "2010-03-02",
        },
    )
    assert response.status_code == 302
    loan = MicroLoan.objects.get()
    body = client.get(f"/service/loans/{loan.pk}/").content.decode()
    assert 'value="approved"' not in body
    response = client.post(f"/service/loans/{loan.pk}/step/", {"step": "approved", "date": "2010-03-05"})
    assert response.status_code == 404
    loan.refresh_from_db()
    assert loan.status == LoanStatus.APPLIED and LoanEvent.objects.count() == 1


def test_application_refuses_a_bad_amount_through_the_form(client, personas, member_b1):
    client.force_login(personas.village_admin_b)
    data = {"applicant": member_b1.pk, "purpose": "business", "lender": "农村信用社", "applied_on": "2010-03-02"}
    for amount, message in (("-1", "不能为负数"), ("0", "必须大于0"), ("abc", "必须是数字"), ("600000", "不能超过")):
        response = client.post("/service/loans/new/", {**data, "amount": amount})
        assert response.status_code == 200 and message in response.content.decode()
    assert MicroLoan.objects.count() == 0


def test_township_admin_approves_and_village_admin_records_repayment(client, personas, county, loan_b1):
    township_b_admin = f.user("township_b", "township_admin", organization=county.township_b)
    client.force_login(township_b_admin)
    body = client.get(f"/service/loans/{loan_b1.pk}/").content.decode()
    assert 'value="approved"' in body and 'value="refused"' in body
    assert (
        client.post(f"/service/loans/{loan_b1.pk}/step/", {"step": "approved", "date": "2010-03-10"}).status_code == 302
    )
    client.force_login(personas.village_admin_b)
    body = client.get(f"/service/loans/{loan_b1.pk}/").content.decode()
    assert 'value="repaid"' in body
    assert (
        client.post(f"/service/loans/{loan_b1.pk}/step/", {"step": "repaid", "date": "2010-12-01"}).status_code == 302
    )
    loan_b1.refresh_from_db()
    assert loan_b1.status == LoanStatus.REPAID
    assert list(loan_b1.events.values_list("step", "recorded_by__username")) == [
        ("applied", None),
        ("approved", "township_b"),
        ("repaid", "village_b1"),
    ]


def test_step_out_of_order_through_the_page_changes_nothing(client, personas, loan_a1):
    client.force_login(personas.township_admin_a)
    response = client.post(f"/service/loans/{loan_a1.pk}/step/", {"step": "repaid", "date": "2010-03-10"})
    assert response.status_code == 400 and "不能登记" in response.content.decode()
    response = client.post(
        f"/service/loans/{loan_a1.pk}/step/", {"step": "refused", "date": "2010-03-10", "reason": ""}
    )
    assert response.status_code == 400 and "必须填写理由" in response.content.decode()
    loan_a1.refresh_from_db()
    assert loan_a1.status == LoanStatus.APPLIED and LoanEvent.objects.count() == 1


def test_township_admin_cannot_step_another_townships_loan(client, personas, loan_b1):
    client.force_login(personas.township_admin_a)
    assert (
        client.post(f"/service/loans/{loan_b1.pk}/step/", {"step": "approved", "date": "2010-03-10"}).status_code == 404
    )
    assert MicroLoan.objects.get().status == LoanStatus.APPLIED


def test_loan_list_is_scoped_filtered_and_exported(client, personas, county, loans):
    client.force_login(personas.village_admin_b)
    body = client.get("/service/loans/").content.decode()
    assert "东党员" in body and "李党员" not in body
    client.force_login(personas.county_admin)
    services.loan_approve(loan=loans[0], date=DAY)
    body = client.get("/service/loans/", {"status": "approved"}).content.decode()
    assert "李党员" in body and "东党员" not in body
    rows = list(
        load_workbook(BytesIO(client.get("/service/loans/?format=xlsx").content)).active.iter_rows(
            min_row=2, values_only=True
        )
    )
    assert sorted(r[1] for r in rows) == ["东党员", "李党员"]


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_do_not_query_per_row(client, personas, county, facilities, loans, django_assert_max_num_queries):
    client.force_login(personas.county_admin)
    services.supported_project_create(
        name="p0", organization=county.village_a1, industry="茶", start=DAY, responsible=personas.member_person
    )
    urls = ["/service/", "/service/projects/", "/service/loans/", f"/service/loans/{loans[0].pk}/"]
    few = {url: _count(client, url) for url in urls}
    for n in range(4):
        for village in (county.village_a2, county.village_b1):
            make_facility(village, FacilityKind.ENTREPRENEURSHIP_BASE, f"基地{n}{village.code}")
            person = f.member(village)
            services.supported_project_create(
                name=f"p{n}", organization=village, industry="竹", start=DAY, responsible=person
            )
            services.loan_apply(applicant=person, purpose="business", amount="100", lender="信用社", applied_on=DAY)
    services.loan_approve(loan=loans[0], date=DAY, note="同意")
    for url in urls:
        with django_assert_max_num_queries(few[url]):
            client.get(url)
