"""The partner unit's to-dos: a pairing going quiet, the year's results to report; each link opens, each leaves when done."""

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.scope import scope_for_user
from common.todos import todos_for
from pairing import services
from pairing.models import Contribution, PairingKind
from xianfeng.tests import factories as f

from .conftest import START

NOV = dt.date(2010, 11, 5)
ITEM = re.compile(r'<li data-todo="([a-z_.]+)"[^>]*>.*?<a href="([^"]+)"', re.S)


def _items(client) -> list[tuple[str, str]]:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return ITEM.findall(response.content.decode())


def _kinds(user, day: dt.date) -> list[tuple[str, str, bool]]:
    return [(t.kind, t.url, t.overdue) for t in todos_for(scope_for_user(user), user, day)]


def test_a_silent_pairing_is_overdue_and_the_years_help_is_asked_for(client, settings, partner, department_pairing):
    settings.XIANFENG_TODAY = NOV.isoformat()
    client.force_login(partner)
    items = _items(client)
    add = reverse("pairing:contribution_add", args=[department_pairing.pk])
    assert items == [("pairing.delivery", add), ("pairing.year_report", add)]
    (delivery, report) = todos_for(scope_for_user(partner), partner, NOV)
    assert delivery.overdue and delivery.due == START + dt.timedelta(days=90)  # R-PAIRING-STALE's day
    assert "结对以来尚无记录" in delivery.title and delivery.where == department_pairing.village.name
    assert not report.overdue and report.due == dt.date(2010, 12, 31) and "2010年帮扶实效" in report.title
    assert client.get(add).status_code == 200
    with translation.override("en"):
        delivery_en, report_en = (t.title for t in todos_for(scope_for_user(partner), partner, NOV))
    assert delivery_en.startswith("Record the pairing's work: ") and "(nothing recorded since it began)" in delivery_en
    assert report_en.startswith("Report the help given in 2010: ")

    # Recording the help on the page that the item links to takes both items off the list.
    response = client.post(add, {"date": NOV.isoformat(), "kinds": ["plans"], "description": "帮助制定茶产业规划"})
    assert response.status_code == 302 and Contribution.objects.filter(pairing=department_pairing).count() == 1
    assert _items(client) == []
    assert "目前没有待办事项" in client.get(reverse("home")).content.decode()


def test_a_refused_record_changes_nothing_and_the_items_stay(client, settings, partner, department_pairing):
    settings.XIANFENG_TODAY = NOV.isoformat()
    client.force_login(partner)
    add = reverse("pairing:contribution_add", args=[department_pairing.pk])
    response = client.post(add, {"date": "2010-11-30", "kinds": ["plans"], "description": "未来的帮扶"})
    assert response.status_code == 200 and not Contribution.objects.exists()
    assert [kind for kind, _url in _items(client)] == ["pairing.delivery", "pairing.year_report"]


def test_delivery_is_asked_for_thirty_days_before_the_pairing_goes_stale(settings, partner, department_pairing):
    services.activity_add(pairing=department_pairing, date=dt.date(2010, 8, 1), title="共育新人", kinds=["new_people"])
    due = dt.date(2010, 8, 1) + dt.timedelta(days=90)  # 2010-10-30
    assert _kinds(partner, due - dt.timedelta(days=31)) == []
    ((kind, _url, overdue),) = _kinds(partner, due - dt.timedelta(days=30))
    assert kind == "pairing.delivery" and not overdue
    (item,) = todos_for(scope_for_user(partner), partner, due - dt.timedelta(days=1))
    assert item.due == due and "上次记录2010-08-01" in item.title
    settings.PAIRING_STALE_DAYS = 120  # the rule's limit moves the reminder with it
    assert _kinds(partner, due - dt.timedelta(days=1)) == []


def test_a_civilized_unit_logs_five_together_and_reports_an_outcome(
    client, settings, county, units, civilized_pairing_b
):
    settings.XIANFENG_TODAY = "2010-12-20"
    partner = f.user("partner_bank", "partner", unit=units.civilized)
    client.force_login(partner)
    activity = reverse("pairing:activity_add", args=[civilized_pairing_b.pk])
    outcome = reverse("pairing:outcome_add", args=[civilized_pairing_b.pk])
    assert _items(client) == [("pairing.delivery", activity), ("pairing.year_report", outcome)]
    for _kind, url in _items(client):
        assert client.get(url).status_code == 200
    client.post(activity, {"date": "2010-12-20", "title": "共建优美环境", "kinds": ["environment"]})
    assert _items(client) == [("pairing.year_report", outcome)]  # an activity is no result
    client.post(outcome, {"date": "2010-12-20", "type": "plan", "title": "乡村旅游发展规划"})
    assert _items(client) == []
    # Next year the question comes back in November, not before (by then the pairing has gone quiet too).
    assert [kind for kind, _u, _o in _kinds(partner, dt.date(2011, 10, 31))] == ["pairing.delivery"]
    assert [kind for kind, _u, _o in _kinds(partner, dt.date(2011, 11, 1))] == [
        "pairing.delivery",
        "pairing.year_report",
    ]


def test_only_the_partners_own_current_pairings(settings, county, units, partner, department_pairing, personas):
    other = services.pairing_create(
        kind=PairingKind.DEPARTMENT, village=county.village_b1, unit=units.other_department, start=START
    )
    ended = services.pairing_create(
        kind=PairingKind.DEPARTMENT, village=county.village_a2, unit=units.department, start=START
    )
    services.pairing_end(pairing=ended, end=dt.date(2010, 10, 31))
    urls = {url for _kind, url, _overdue in _kinds(partner, NOV)}
    assert urls == {reverse("pairing:contribution_add", args=[department_pairing.pk])}
    assert all(str(other.pk) not in url and str(ended.pk) not in url for url in urls)
    # The village admins and the county record deliveries too, but the reminder is the partner's.
    for user in (personas.county_admin, personas.township_admin_a, personas.village_admin_b):
        assert not {kind for kind, _u, _o in _kinds(user, NOV)} & {"pairing.delivery", "pairing.year_report"}


def test_queries_do_not_grow_with_pairings(settings, county, units, partner, django_assert_max_num_queries):
    scope = scope_for_user(partner)
    counted = []
    for village in (county.village_a2, county.village_b1):
        for n in range(3):  # paired again after a pairing ended: the same two sides, one at a time
            services.pairing_create(
                kind=PairingKind.DEPARTMENT,
                village=village,
                unit=units.department,
                start=dt.date(2008 + n, 1, 1),
                end=None if n == 2 else dt.date(2008 + n, 12, 31),
            )
        with CaptureQueriesContext(connection) as queries:  # the partner's whole list: every app's to-dos
            items = todos_for(scope, partner, NOV)
        counted.append(len(queries.captured_queries))
    assert counted[1] == counted[0]  # three pairings or six: the same queries
    with django_assert_max_num_queries(10):  # pairing's own are six
        items = todos_for(scope, partner, NOV)
    assert len(items) == 6  # three current pairings (of nine), two items each
