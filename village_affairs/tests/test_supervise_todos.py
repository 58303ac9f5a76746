"""The village supervision committee's to-do: give its opinion on each disclosure published in the last month."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import translation

from accounts.scope import scope_for_user
from common.todos import todos_for
from village_affairs.models import ReviewComment
from village_affairs.tests.helpers import publish_month
from village_affairs.todos import SUPERVISE_DAYS, disclosures_to_supervise
from xianfeng.tests import factories as f

ITEM = re.compile(r'<li data-todo="([a-z_.]+)"[^>]*>.*?<a href="([^"]+)"', re.S)


def _supervised(user, day: dt.date) -> list:
    return [t for t in todos_for(scope_for_user(user), user, day) if t.kind == "village_affairs.supervise"]


def test_the_supervisor_gives_an_opinion_on_a_new_disclosure_and_it_leaves(client, settings, county, personas):
    settings.XIANFENG_TODAY = "2010-11-10"
    supervisor = f.user("supervisor_b1", "village_supervisor", organization=county.village_b1)
    disclosure = publish_month(county.village_b1, 2010, 10)  # published on 2010-11-05
    publish_month(county.village_a1, 2010, 10)  # another village's: not theirs
    client.force_login(supervisor)
    url = reverse("village_affairs:disclosure", args=[county.village_b1.code, disclosure.pk])
    items = ITEM.findall(client.get(reverse("home")).content.decode())
    assert items == [("village_affairs.supervise", url)]
    (item,) = _supervised(supervisor, dt.date(2010, 11, 10))
    assert item.due == dt.date(2010, 11, 5) + dt.timedelta(days=SUPERVISE_DAYS) and not item.overdue
    assert item.where == county.village_b1.name and disclosure.title in item.title
    with translation.override("en"):
        (english,) = _supervised(supervisor, dt.date(2010, 11, 10))
    assert english.title.startswith("Check the published disclosure: ")
    assert client.get(url).status_code == 200

    comment = reverse("village_affairs:comment", args=[county.village_b1.code, "disclosure", disclosure.pk])
    client.post(comment, {"text": "   "})  # refused: nothing saved, the item stays
    assert not ReviewComment.objects.exists() and len(_supervised(supervisor, dt.date(2010, 11, 10))) == 1
    client.post(comment, {"text": "收支与凭证核对无误。"})
    assert ReviewComment.objects.filter(disclosure=disclosure, author=supervisor).count() == 1
    assert ITEM.findall(client.get(reverse("home")).content.decode()) == []


def test_a_month_after_publication_the_disclosure_is_no_longer_asked_about(county):
    supervisor = f.user("supervisor_b1", "village_supervisor", organization=county.village_b1)
    publish_month(county.village_b1, 2010, 10)  # 2010-11-05
    last = dt.date(2010, 11, 5) + dt.timedelta(days=SUPERVISE_DAYS)
    assert len(_supervised(supervisor, last)) == 1
    assert _supervised(supervisor, last + dt.timedelta(days=1)) == []
    assert _supervised(supervisor, dt.date(2010, 11, 4)) == []  # not yet published on that day


def test_the_village_admin_who_publishes_is_not_asked_to_supervise(county, personas):
    publish_month(county.village_b1, 2010, 10)
    for user in (personas.village_admin_b, personas.township_admin_a, personas.county_admin, personas.member):
        assert _supervised(user, dt.date(2010, 11, 10)) == []


def test_queries_do_not_grow_with_disclosures(county, django_assert_max_num_queries):
    supervisor = f.user("supervisor_b1", "village_supervisor", organization=county.village_b1)
    for month in (8, 9, 10):
        publish_month(county.village_b1, 2010, month, on=dt.date(2010, 11, month - 5))
    scope = scope_for_user(supervisor)
    with django_assert_max_num_queries(2):
        items = list(disclosures_to_supervise(scope, supervisor, dt.date(2010, 11, 10)))
    assert len(items) == 3
