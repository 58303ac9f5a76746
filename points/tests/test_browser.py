"""In Chromium, in English: a village admin redeems a member's points at the love supermarket; sending the
same form again (a reload, a double click) is refused and books nothing."""

import datetime as dt
import os

import pytest

from branch_life import services as branch_life
from points import services
from points.models import Fact, PointEntry, StockItem
from service_platform import services as platform
from service_platform.models import FacilityKind
from xianfeng.tests import factories as f
from xianfeng.tests.test_browser_csp import log_in, visit, watch  # noqa: F401 - the fixture

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]


@pytest.fixture
def flushable(transactional_db):
    """A live-server test: its rows are emptied at teardown by Django's flush, which the root conftest
    runs with the ledger's triggers briefly removed (``security_log_flushable``)."""
    yield


def test_a_redemption_in_english_books_once(flushable, page, live_server, settings, county, personas, watch):  # noqa: F811
    settings.XIANFENG_TODAY = "2010-12-20"
    li = personas.member_person
    services.rule_set(county=county.county, fact=Fact.MEETING, points=10, monthly_cap=None)
    for month in (3, 4, 5):
        branch_life.meeting_record(
            branch=county.village_a1,
            kind="theme_day",
            date=dt.date(2010, month, 5),
            topic="学习",
            attendance={li.pk: "present"},
        )
    shop = platform.facility_create(
        kind=FacilityKind.LOVE_SUPERMARKET,
        name="念山爱心超市",
        organization=county.village_a1,
        opened_on=dt.date(2010, 1, 1),
    )
    rice = services.stock_set(supermarket=shop, name="大米", price=10, quantity=5)
    admin = f.user("village_a1", "village_admin", organization=county.village_a1)
    base = live_server.url
    log_in(page, f"{base}/accounts/login/", admin.username)
    page.locator("form.langswitch button[value=en]").click()
    page.wait_for_load_state("networkidle")
    visit(page, f"{base}/points/supermarkets/")
    page.get_by_role("link", name="念山爱心超市").click()
    page.wait_for_load_state("networkidle")
    assert "kept apart from any honour score" in page.content()
    page.select_option("select[name=redeem-holder]", str(li.pk))
    page.select_option("select[name=redeem-item]", str(rice.pk))
    page.fill("input[name=redeem-quantity]", "4")
    page.locator("button[value=redeem]").click()
    page.wait_for_load_state("networkidle")
    assert "Not enough points: 40 needed, 30 held." in page.content()
    assert not PointEntry.objects.filter(kind="redeemed").exists()
    page.fill("input[name=redeem-quantity]", "2")
    key = page.locator("input[name=redeem-request_key]").input_value()
    page.locator("button[value=redeem]").click()
    page.wait_for_load_state("networkidle")
    assert "Redemption booked." in page.content()
    # The same form sent again (a double tap, a resubmitted page): its request key comes back with it.
    assert page.locator("input[name=redeem-request_key]").input_value() != key  # a fresh form has a new key
    page.select_option("select[name=redeem-holder]", str(li.pk))
    page.select_option("select[name=redeem-item]", str(rice.pk))
    page.fill("input[name=redeem-quantity]", "2")
    page.locator("input[name=redeem-request_key]").evaluate("(el, key) => { el.value = key; }", key)
    page.locator("button[value=redeem]").click()
    page.wait_for_load_state("networkidle")
    assert "This redemption has already been booked" in page.content()
    assert PointEntry.objects.filter(kind="redeemed").count() == 1 and StockItem.objects.get().quantity == 3
    assert services.balance(li) == 10
    assert watch.clean(), "\n".join(watch.violations + watch.errors)
