"""The public village page on a phone: summary first, sections by anchor, the general message to the
village through the same defences as item feedback, corrections shown, the county named."""

import datetime as dt
import re
import time

import pytest

from portal.feedback_form import form_token
from practice import services as practice
from practice.models import PostKind
from village_affairs import services
from village_affairs.corrections import disclosure_correct
from village_affairs.models import Disclosure, Feedback
from village_affairs.tests.helpers import aware, full_decision, publish_month
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db
YEAR = 2010


@pytest.fixture
def campaign_year(settings):
    settings.XIANFENG_TODAY = dt.date(YEAR, 11, 20)


@pytest.fixture
def village(county, campaign_year):
    v = county.village_a1
    full_decision(v, title="硬化村道")
    publish_month(v, YEAR, 3)
    affairs = services.disclosure_create(village=v, kind="affairs", year=YEAR, period_number=1, content="低保户名单")
    services.disclosure_publish(disclosure=affairs, at=aware(dt.date(YEAR, 4, 2)))
    member = f.member(v, county.group_a1, name="赵党员", phone="13912340000")
    post = practice.post_announce(
        village=v,
        kind=PostKind.PROSPERITY,
        title="茶叶带富岗",
        duties="带动茶农",
        year=YEAR,
        announced_on=dt.date(YEAR, 1, 10),
    )
    practice.claim_assign(claim=practice.post_claim(post=post, member=member))
    practice.commitment_make(
        member=member, year=YEAR, text="帮扶3户", deadline=dt.date(YEAR, 12, 31), promised_on=dt.date(YEAR, 1, 1)
    )
    return v


def _general(client, village, text: str, *, seconds_ago: float = 60, **extra) -> str:
    data = {"target": "village", "text": text, "issued": form_token(village.code, at=time.time() - seconds_ago)}
    data.update({k: v for k, v in extra.items() if k != "REMOTE_ADDR"})
    meta = {"REMOTE_ADDR": extra["REMOTE_ADDR"]} if "REMOTE_ADDR" in extra else {}
    response = client.post(f"/v/{village.code}/feedback/", data, follow=True, **meta)
    assert response.status_code == 200
    return response.content.decode()


def test_the_summary_comes_first_then_the_sections_each_reachable_by_its_tab(client, village, county):
    html = client.get(f"/v/{village.code}/").content.decode()
    order = [html.index(f'id="{anchor}"') for anchor in ("summary", "disclosures", "decisions", "practice", "message")]
    assert order == sorted(order)
    assert html.index('data-testid="tabs"') < html.index('id="disclosures"')
    tabs = html[html.index('data-testid="tabs"') : html.index("</nav>", html.index('data-testid="tabs"'))]
    anchors = re.findall(r'href="#([\w-]+)"', tabs)
    assert anchors == ["disclosures", "decisions", "practice", "message"]  # no models or sites in this village
    for anchor in anchors:
        assert f'id="{anchor}"' in html
    summary = html[html.index('id="summary"') : html.index("</section>", html.index('id="summary"'))]
    assert "政和县" in summary and "熊山镇" in summary and "念山村" in summary
    # Counted from the records: affairs Q1 and finance March published in 2010, one resolution published.
    assert re.findall(r"<strong>(\d+)</strong>", summary) == ["2", "1", "0"]


def test_the_summary_counts_follow_the_records(client, village):
    services.disclosure_publish(
        disclosure=services.disclosure_create(village=village, kind="affairs", year=YEAR, period_number=2),
        at=aware(dt.date(YEAR, 7, 3)),
    )
    html = client.get(f"/v/{village.code}/").content.decode()
    summary = html[html.index('id="summary"') : html.index("</section>", html.index('id="summary"'))]
    assert re.findall(r"<strong>(\d+)</strong>", summary)[0] == "3"


def test_members_public_posts_and_commitments_show_with_the_name_only(client, village):
    html = client.get(f"/v/{village.code}/").content.decode()
    practice_section = html.split('id="practice"')[1].split("</section>")[0]
    assert "赵党员" in practice_section and "茶叶带富岗" in practice_section and "帮扶3户" in practice_section
    assert "13912340000" not in html


def test_corrections_are_shown_on_both(client, village):
    original = Disclosure.objects.get(village=village, kind="affairs")
    correction = disclosure_correct(original=original, content="低保户名单（更正）", reason="漏了一户")
    assert f'id="disclosure-{correction.pk}"' not in client.get(f"/v/{village.code}/").content.decode()  # a draft
    services.disclosure_publish(disclosure=correction, at=aware(dt.date(YEAR, 5, 2)))
    html = client.get(f"/v/{village.code}/").content.decode()
    block = html.split(f'id="disclosure-{original.pk}"')[1].split("</details>")[0]
    assert "已更正" in block and f'href="#disclosure-{correction.pk}"' in block
    block = html.split(f'id="disclosure-{correction.pk}"')[1].split("</details>")[0]
    assert "更正" in block and f'href="#disclosure-{original.pk}"' in block and "漏了一户" in block


def test_the_page_takes_a_fixed_number_of_queries(client, village, django_assert_max_num_queries):
    for n in range(5):
        fb = services.feedback_submit(target=village, text=f"问题{n}", client_address=f"10.0.0.{n}")
        services.feedback_answer(feedback=fb, answer="已答复")
    with django_assert_max_num_queries(30):
        client.get(f"/v/{village.code}/")


def test_a_general_message_goes_to_the_village_and_its_answer_is_public(client, personas, village, county):
    html = _general(client, village, "村里的路灯坏了，什么时候修？")
    assert "意见已提交" in html
    fb = Feedback.objects.get()
    assert fb.village_id == village.pk and fb.is_general and fb.target_label == "给村里的留言"
    services.feedback_answer(feedback=fb, answer="下周修好")
    page = client.get(f"/v/{village.code}/").content.decode().split('id="message"')[1]
    assert "村里的路灯坏了" in page and "下周修好" in page and "给村里的留言" in page


def test_a_general_message_meets_the_same_defences(client, village, settings):
    assert "提交未被接受" in _general(client, village, "路灯坏了", website="http://spam.example")
    assert "提交得太快了" in _general(client, village, "路灯坏了", seconds_ago=0)
    assert "页面已过期" in _general(client, village, "路灯坏了", issued="forged")
    assert "请填写意见内容" in _general(client, village, "   ")
    assert Feedback.objects.count() == 0
    assert "意见已提交" in _general(client, village, "路灯坏了")
    # The same message again, from another address, or on an item of the same village: refused within 24 h.
    assert "同样的意见已经提交过了" in _general(client, village, "路灯 坏了！", REMOTE_ADDR="10.1.1.1")
    disclosure = Disclosure.objects.get(village=village, kind="affairs")
    with pytest.raises(Exception, match="同样的意见"):
        services.feedback_submit(target=disclosure, text="路灯坏了", client_address="10.1.1.2")
    settings.VILLAGE_AFFAIRS = {"feedback_per_item_per_hour": 1}
    assert "这一事项在一小时内收到的意见已达上限" in _general(client, village, "另一件事", REMOTE_ADDR="10.1.1.3")
    assert Feedback.objects.count() == 1


def test_a_general_message_to_a_township_is_not_possible(client, county, campaign_year):
    data = {"target": "village", "text": "x", "issued": form_token(county.township_a.code, at=time.time() - 60)}
    assert client.post(f"/v/{county.township_a.code}/feedback/", data).status_code == 404
    assert Feedback.objects.count() == 0


def test_the_language_switch_works_without_login(client, village):
    html = client.get(f"/v/{village.code}/").content.decode()
    assert 'action="/accounts/language/"' in html and 'name="csrfmiddlewaretoken"' in html
    r = client.post("/accounts/language/", {"language": "en", "next": f"/v/{village.code}/"})
    assert r.status_code == 302 and r["Location"] == f"/v/{village.code}/"
    english = client.get(f"/v/{village.code}/").content.decode()
    assert '<html lang="en">' in english and "Zhenghe County" in english and "Send the village a message" in english
    start = english.index('data-testid="tabs"')
    tabs = english[start : english.index("</nav>", start)]
    assert not re.search(r"[\u4e00-\u9fff]", tabs), tabs  # every tab in English
    assert "Income and expenditure, 3/2010" in english


def test_the_village_list_and_the_login_page_name_the_county(client, county):
    assert "政和县" in client.get("/v/").content.decode().split('data-testid="county"')[1][:40]
    login = client.get("/accounts/login/").content.decode()
    assert 'data-testid="county"' in login and "政和县" in login.split('data-testid="county"')[1][:40]
