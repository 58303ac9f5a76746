"""The points pages: each persona sees its scope (404 outside), lists in constant queries, both languages."""

import datetime as dt
import re
from io import BytesIO

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from branch_life import services as branch_life
from branch_life.models import MeetingKind
from organizations.models import Organization
from points import services
from points.models import Fact, PointEntry, PointRule, StockItem
from service_platform import services as platform
from service_platform.models import FacilityKind
from xianfeng.tests import factories as f

from .conftest import YEAR

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def _meetings(county, people, n: int = 1) -> None:
    for i in range(n):
        branch_life.meeting_record(
            branch=county.village_a1,
            kind=MeetingKind.THEME_DAY,
            date=dt.date(YEAR, 1 + i, 5),
            topic="学习",
            attendance={p.pk: "present" for p in people},
        )


@pytest.fixture
def booked(county, personas):
    services.rule_set(county=county.county, fact=Fact.MEETING, points=10, monthly_cap=None)
    _meetings(county, [personas.member_person], 3)
    services.points_sync(county=county.county)
    return personas.member_person


def test_member_sees_own_balance_and_entries_only(client, county, personas, booked):
    other = f.member(county.village_b1, name="东平党员")
    PointEntry.objects.create(
        holder=other,
        village=county.village_b1,
        kind="earned",
        points=7,
        date=dt.date(YEAR, 3, 1),
        fact="meeting",
        fact_key="meeting:0",
    )
    client.force_login(personas.member)
    html = client.get(reverse("points:mine")).content.decode()
    assert "积分余额：30分" in html and html.count('<td class="num">10</td>') == 3 and "+7" not in html
    assert client.get(reverse("points:balances")).status_code == 302  # a member is sent to their own page
    wb = load_workbook(BytesIO(client.get(reverse("points:mine"), {"format": "xlsx"}).content))
    assert [r[6] for r in wb.active.iter_rows(min_row=2, values_only=True)] == [10, 10, 10]


def test_balances_ranking_per_scope(client, county, personas, booked):
    other = f.member(county.village_b1, name="东平党员")
    PointEntry.objects.create(
        holder=other,
        village=county.village_b1,
        kind="earned",
        points=50,
        date=dt.date(YEAR, 3, 1),
        fact="meeting",
        fact_key="meeting:0",
    )
    client.force_login(personas.county_admin)
    html = client.get(reverse("points:balances")).content.decode()
    assert html.index("东平党员") < html.index(booked.name)  # 50 before 30
    client.force_login(personas.township_admin_a)
    html = client.get(reverse("points:balances")).content.decode()
    assert booked.name in html and "东平党员" not in html
    client.force_login(personas.village_admin_b)
    html = client.get(reverse("points:balances")).content.decode()
    assert booked.name not in html and "东平党员" in html
    wb = load_workbook(BytesIO(client.get(reverse("points:balances"), {"format": "xlsx"}).content))
    assert list(wb.active.iter_rows(min_row=2, values_only=True))[0][2:] == ("东平党员", 50, 50, 0)


def test_balances_list_in_constant_queries(client, county, personas, django_assert_max_num_queries):
    services.rule_set(county=county.county, fact=Fact.MEETING, points=1, monthly_cap=None)
    _meetings(county, [f.member(county.village_a1, name=f"党员{i}") for i in range(15)], 2)
    services.points_sync(county=county.county)
    client.force_login(personas.county_admin)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("points:balances"))
    assert response.content.decode().count("<tr>") == 16  # header + 15 holders


def test_rules_page_county_admin_only_and_saving_rebooks(client, county, personas, booked):
    for persona in (personas.township_admin_a, personas.village_admin_b, personas.member):
        client.force_login(persona)
        assert client.get(reverse("points:rules")).status_code == 404
    client.force_login(personas.county_admin)
    data = {"rules": "1"} | {f"{v}_points": 0 for v in Fact.values} | {f"{v}_cap": "" for v in Fact.values}
    data["meeting_points"] = 4
    data["meeting_cap"] = 3  # below the points: refused, nothing changes
    response = client.post(reverse("points:rules"), data)
    assert "每月上限不能低于每次积分。" in response.content.decode()
    assert PointRule.objects.get(fact=Fact.MEETING).points == 10 and services.balance(booked) == 30
    data["meeting_cap"] = ""
    assert client.post(reverse("points:rules"), data).status_code == 302
    assert services.balance(booked) == 12  # rebooked from the records: three meetings at 4


@pytest.fixture
def shop(county):
    market = platform.facility_create(
        kind=FacilityKind.LOVE_SUPERMARKET,
        name="念山爱心超市",
        organization=county.village_a1,
        opened_on=dt.date(2010, 1, 1),
    )
    services.stock_set(supermarket=market, name="大米", price=10, quantity=5)
    return market


def test_supermarket_redemption_through_the_page(client, county, personas, booked, shop, village_admin_a1):
    url = reverse("points:supermarket", args=[shop.pk])
    item = StockItem.objects.get()
    client.force_login(village_admin_a1)
    page = client.get(url).content.decode()
    key = re.search(r'name="redeem-request_key" value="(\w+)"', page).group(1)
    data = {"action": "redeem", "redeem-holder": booked.pk, "redeem-item": item.pk, "redeem-quantity": 2}
    data["redeem-request_key"] = key
    assert client.post(url, data).status_code == 302
    # The same form sent twice (a double click, a reload): refused, nothing written.
    html = client.post(url, data).content.decode()
    assert "这次兑换已经登记过，不能重复兑换。" in html
    data["redeem-request_key"] = key + "x"
    data["redeem-quantity"] = 2  # 20 more than the 10 left
    assert "积分不足：需要20分，现有10分。" in client.post(url, data).content.decode()
    data["redeem-quantity"] = 9
    assert "库存不足" in client.post(url, data).content.decode()
    assert services.balance(booked) == 10 and StockItem.objects.get().quantity == 3
    redemption = PointEntry.objects.get(kind="redeemed")
    reverse_data = {"action": "reverse", "reverse-entry": redemption.pk, "reverse-note": "登记错误"}
    assert client.post(url, reverse_data).status_code == 302
    assert services.balance(booked) == 30 and StockItem.objects.get().quantity == 5
    wb = load_workbook(BytesIO(client.get(url, {"format": "xlsx"}).content))
    assert list(wb.active.iter_rows(min_row=2, values_only=True)) == [("大米", 10, 5)]
    wb = load_workbook(BytesIO(client.get(url, {"format": "redemptions"}).content))
    assert sorted(r[6] for r in wb.active.iter_rows(min_row=2, values_only=True)) == [-20, 20]


def test_supermarket_scope(client, county, personas, booked, shop):
    url = reverse("points:supermarket", args=[shop.pk])
    client.force_login(personas.village_admin_b)
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"action": "stock", "stock-name": "油", "stock-price": 1, "stock-quantity": 1}).status_code
        == 404
    )
    client.force_login(personas.township_admin_a)  # sees it, and manages township A's villages
    assert client.get(url).status_code == 200
    client.force_login(personas.member)  # may see the shop of their village but not run it
    response = client.get(url)
    assert response.status_code in (200, 404) and "redeem-holder" not in response.content.decode()
    assert (
        client.post(url, {"action": "stock", "stock-name": "油", "stock-price": 1, "stock-quantity": 1}).status_code
        == 404
    )
    assert StockItem.objects.count() == 1
    client.logout()
    assert client.get(url).status_code == 302


def test_pages_in_english(client, county, personas, booked, shop):
    client.force_login(personas.county_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for name, args in [
        ("points:balances", []),
        ("points:rules", []),
        ("points:supermarkets", []),
        ("points:supermarket", [shop.pk]),
    ]:
        html = client.get(reverse(name, args=args)).content.decode()
        main = re.search(r"<main\b.*?</main>", html, re.S).group(0)
        # The records' own names (people, villages, the shop and its items) stay as entered.
        names = [o.name for o in Organization.objects.all()] + [booked.name, "念山爱心超市", "大米"]
        for data in sorted(names, key=len, reverse=True):
            main = main.replace(data, "")
        assert not CJK.search(main), (name, sorted(set(CJK.findall(main))))
    assert "kept apart from any honour score" in html
    client.force_login(personas.member)
    html = client.get(reverse("points:mine")).content.decode()
    assert "Balance: 30 points" in html
