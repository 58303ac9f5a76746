import datetime as dt
import time

import pytest

from portal.feedback_form import form_token
from village_affairs import services
from village_affairs.models import Disclosure, Feedback, PublishedMonth
from village_affairs.tests.helpers import full_decision, publish_month
from xianfeng.tests import factories as f


@pytest.fixture
def village(county):
    v = county.village_a1
    full_decision(v, title="硬化村道")
    full_decision(v, title="未公开的事项", upto=4)
    publish_month(v, 2010, 3)
    affairs = services.disclosure_create(village=v, kind="affairs", year=2010, period_number=1, content="低保户名单")
    services.disclosure_publish(disclosure=affairs)
    services.disclosure_create(village=v, kind="affairs", year=2010, period_number=2, content="草稿内容不应出现")
    return v


def test_public_page_shows_published_items_without_login(client, village):
    html = client.get(f"/v/{village.code}/").content.decode()
    assert "硬化村道" in html and "低保户名单" in html and "2010年3月" in html
    assert "应到" in html and "实到" in html and "村党支部" in html  # the register and who raised it
    assert "10,000.00" in html or "10000.00" in html
    assert "未公开的事项" not in html and "草稿内容不应出现" not in html
    assert 'src="/v/' in html and "qr.svg" in html


def test_unknown_or_non_village_code_is_404(client, county):
    assert client.get("/v/350725999999/").status_code == 404
    assert client.get(f"/v/{county.township_a.code}/").status_code == 404
    assert client.get("/v/abc/").status_code == 404
    assert client.get("/v/350725100201/qr.svg").status_code in (200, 404)


def test_public_page_never_shows_id_numbers_or_phones(client, village, county):
    member = f.member(village, county.group_a1, name="王标兵", phone="13912345678")
    from django.apps import apps

    if apps.is_installed("supervision"):
        from supervision.models import ModelMember

        ModelMember.objects.create(
            person=member, organization=village, year=2010, deeds="带头致富", citation="致富带头人"
        )
    decision = services.decision_create(village=village, title="选址", raised_by=member)
    assert decision.raiser == "王标兵"
    html = client.get(f"/v/{village.code}/").content.decode()
    assert "13912345678" not in html and member.id_number not in html
    assert "王标兵" in html


def test_village_list_is_searchable(client, county):
    html = client.get("/v/?q=熊山").content.decode()
    assert "念山村" in html and "石门村" in html and "东平村" not in html
    assert "东平村" in client.get("/v/?q=东平").content.decode()


def test_qr_code_is_svg_linking_to_the_page(client, village):
    r = client.get(f"/v/{village.code}/qr.svg")
    assert r["Content-Type"] == "image/svg+xml" and r.content.startswith(b"<svg")
    poster = client.get(f"/v/{village.code}/poster/").content.decode()
    assert f"http://testserver/v/{village.code}/" in poster and "<svg" in poster


def _form(village, **fields):
    """What the page's form sends, as a person who took a minute to write it."""
    return {"issued": form_token(village.code, at=time.time() - 60), "website": "", **fields}


def test_feedback_is_taken_escaped_and_refused_over_length_or_rate(client, village):
    month = PublishedMonth.objects.get(village=village)
    url = f"/v/{village.code}/feedback/"
    r = client.post(url, _form(village, target=f"month:{month.pk}", text="<b>账对不上</b>", name="张三"), follow=True)
    assert "意见已提交" in r.content.decode()
    fb = Feedback.objects.get()
    assert fb.text == "<b>账对不上</b>" and fb.published_month == month
    r = client.post(url, _form(village, target=f"month:{month.pk}", text="字" * 501), follow=True)
    assert "不能超过500" in r.content.decode() and Feedback.objects.count() == 1
    for n in range(4):
        client.post(url, _form(village, target=f"month:{month.pk}", text=f"再问第{n}次"))
    r = client.post(url, _form(village, target=f"month:{month.pk}", text="第六条"), follow=True)
    assert "过于频繁" in r.content.decode() and Feedback.objects.count() == 5
    services.feedback_answer(feedback=fb, answer="<i>已核实</i>")
    html = client.get(f"/v/{village.code}/").content.decode()
    assert "&lt;b&gt;账对不上&lt;/b&gt;" in html and "<b>账对不上" not in html and "&lt;i&gt;已核实" in html


def test_feedback_on_unpublished_or_other_village_item_is_404(client, village, county):
    draft = Disclosure.objects.get(village=village, status="draft")
    assert (
        client.post(
            f"/v/{village.code}/feedback/", _form(village, target=f"disclosure:{draft.pk}", text="x")
        ).status_code
        == 404
    )
    published = Disclosure.objects.get(village=village, status="published", kind="affairs")
    other = county.village_a2.code
    assert (
        client.post(f"/v/{other}/feedback/", _form(village, target=f"disclosure:{published.pk}", text="x")).status_code
        == 404
    )
    assert Feedback.objects.count() == 0


def test_public_page_queries_are_constant(client, village, django_assert_max_num_queries):
    # 14 before the summary (three counts) and the corrections of each disclosure (one prefetch);
    # the theme party days of the year (branch_life) and the recruitment steps on public notice
    # (membership), one query each; the version tokens of the page cache (common.public_pages), one.
    with django_assert_max_num_queries(21) as first:
        client.get(f"/v/{village.code}/")
    for i in range(4):
        full_decision(village, title=f"事项{i}", start=dt.date(2010, 5, 1))
    for month in (4, 5, 6):
        publish_month(village, 2010, month)
    with django_assert_max_num_queries(len(first.captured_queries)):
        r = client.get(f"/v/{village.code}/")
    assert "事项3" in r.content.decode()
