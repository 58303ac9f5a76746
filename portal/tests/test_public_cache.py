"""The public village page is cached per village, language and data version (common.public_pages): the next view
after any write of what it shows renders afresh; a logged-in or personal view is never stored or served from it."""

import datetime as dt
import re
import time

import pytest
from django.test import Client

from common import bulk, public_pages
from common.models import PublicPageVersion
from portal.feedback_form import SALT, check_form
from village_affairs import services
from village_affairs.feedback import feedback_answer, feedback_submit
from village_affairs.models import Disclosure, DisclosureStatus
from village_affairs.tests.helpers import full_decision, publish_month
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def village(county):
    v = county.village_a1
    full_decision(v, title="硬化村道")
    disclosure = services.disclosure_create(village=v, kind="affairs", year=2010, period_number=1, content="低保户名单")
    services.disclosure_publish(disclosure=disclosure)
    return v


def _get(client: Client, village, **headers) -> tuple[str, str | None]:
    response = client.get(f"/v/{village.code}/", **headers)
    assert response.status_code == 200
    return response.content.decode(), response.headers.get("X-Public-Cache")


def _untokened(html: str) -> str:
    """The page without its per-response values (CSRF and form tokens)."""
    return re.sub(r'name="(csrfmiddlewaretoken|issued)" value="[^"]+"', "", html)


def test_the_second_anonymous_view_is_served_from_the_cache_in_two_queries(
    client, village, django_assert_max_num_queries
):
    html, state = _get(client, village)
    assert state == "miss" and "低保户名单" in html
    with django_assert_max_num_queries(2):  # the village and its version tokens; nothing rendered
        again, state = _get(client, village)
    assert state == "hit" and _untokened(again) == _untokened(html)


def test_a_publish_shows_on_the_next_view(client, village):
    _get(client, village)
    assert _get(client, village)[1] == "hit"
    later = services.disclosure_create(
        village=village, kind="affairs", year=2010, period_number=2, content="新公开的事"
    )
    html, state = _get(client, village)
    assert "新公开的事" not in html  # a draft is not public, and the page may show so from the cache
    services.disclosure_publish(disclosure=later)
    html, state = _get(client, village)
    assert state == "miss" and "新公开的事" in html


@pytest.mark.parametrize("write", ["statement", "decision", "answer", "rename", "bulk"])
def test_every_record_the_page_shows_renders_it_afresh(client, village, county, write):
    html, _state = _get(client, village)
    assert _get(client, village)[1] == "hit"
    if write == "statement":
        publish_month(village, 2010, 4)
        expected = "2010年4月"
    elif write == "decision":
        full_decision(village, title="新建文化广场", start=dt.date(2010, 6, 1))
        expected = "新建文化广场"
    elif write == "answer":
        asked = feedback_submit(target=village, text="路灯坏了", name="", client_address="10.0.0.9")
        feedback_answer(feedback=asked, answer="已经修好路灯")
        expected = "已经修好路灯"
    elif write == "rename":
        village.name = "新名字村"
        village.save()
        expected = "新名字村"
    else:  # an import's bulk insert sends no post_save: common.bulk.write bumps
        shown = Disclosure.objects.get(village=village, content="低保户名单")
        row = Disclosure(
            village=village,
            kind=shown.kind,
            year=2010,
            period_kind=shown.period_kind,
            period_number=3,
            title="批量导入",
            content="批量导入的公开",
            status=DisclosureStatus.PUBLISHED,
            published_at=shown.published_at,
        )
        bulk.write([row], Disclosure, None)
        expected = "批量导入的公开"
    assert expected not in html
    html, state = _get(client, village)
    assert state == "miss" and expected in html


def test_a_county_bump_renders_every_village_of_it_afresh(client, village, county):
    other = county.village_a2
    _get(client, village), _get(client, other)
    assert _get(client, village)[1] == _get(client, other)[1] == "hit"
    public_pages.bump(county.township_a.code)  # a township's (or county's) code bumps the county
    assert _get(client, village)[1] == _get(client, other)[1] == "miss"
    public_pages.bump(village.code)  # a village's code bumps that village only
    assert (_get(client, village)[1], _get(client, other)[1]) == ("miss", "hit")


def test_the_cache_varies_by_language(client, village):
    zh, state = _get(client, village)
    assert state == "miss" and "村务公开网" in zh
    en, state = _get(client, village, HTTP_ACCEPT_LANGUAGE="en")
    assert state == "miss" and "Open village affairs" in en and "村务公开网" not in en
    en_again, state = _get(client, village, HTTP_ACCEPT_LANGUAGE="en")
    assert state == "hit" and _untokened(en_again) == _untokened(en)
    zh_again, state = _get(client, village)
    assert state == "hit" and "村务公开网" in zh_again


def test_a_logged_in_view_is_never_cached_nor_served_from_the_cache(client, village, county):
    user = f.user("portal-reader", "county_admin", organization=county.county)
    signed_in = Client()
    signed_in.force_login(user)
    _html, state = _get(signed_in, village)
    assert state is None  # rendered for the user, not stored
    assert _get(client, village)[1] == "miss"  # the user's render was not kept
    assert _get(signed_in, village)[1] is None  # and the anonymous render is not served to the user


def test_a_page_with_a_query_or_a_message_is_rendered_for_its_visitor(client, village):
    _get(client, village)
    assert client.get(f"/v/{village.code}/?utm=poster").headers.get("X-Public-Cache") is None
    token = public_pages.placeholder("feedback_token")
    page = client.get(f"/v/{village.code}/").content.decode()
    assert token not in page and public_pages.CSRF_PLACEHOLDER not in page
    issued = re.search(r'name="issued" value="([^"]+)"', page).group(1)
    data = {"target": "village", "text": "我想问问低保", "issued": issued}
    answered = client.post(f"/v/{village.code}/feedback/", data, follow=True)
    html = answered.content.decode()
    assert answered.headers.get("X-Public-Cache") is None and "您的意见已提交" not in html  # too fast: refused
    assert "提交得太快了" in html
    assert "提交得太快了" not in client.get(f"/v/{village.code}/").content.decode()  # shown once, not cached


def test_each_visitor_gets_their_own_csrf_token_and_a_fresh_form_token(village):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one, _state = _get(first, village)
    page_two, state = _get(second, village)
    assert state == "hit"
    csrf = [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', p).group(1) for p in (page_one, page_two)]
    assert csrf[0] != csrf[1]
    issued = re.search(r'name="issued" value="([^"]+)"', page_two).group(1)
    check_form({"issued": issued}, village.code, now=time.time() + 60)  # ours, for this village, just issued
    assert SALT and issued != public_pages.placeholder("feedback_token")
    data = {"target": "village", "text": "缓存页面上的留言", "issued": issued, "csrfmiddlewaretoken": csrf[1]}
    response = second.post(f"/v/{village.code}/feedback/", data)
    assert response.status_code == 302  # the CSRF check passed with the token of the cached page
    assert PublicPageVersion.objects.filter(code=village.code).exists()
