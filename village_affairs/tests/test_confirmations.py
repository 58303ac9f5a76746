"""One-way steps ask first (common/confirm.py): the button carries the warning for the dialog, and a POST
without ``confirm=1`` gets a confirmation page that changes nothing."""

import datetime as dt

import pytest

from common.confirm import IRREVERSIBLE
from village_affairs import services
from village_affairs.models import Decision, DecisionStep, Disclosure, Feedback
from village_affairs.tests.helpers import aware, full_decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(county):
    return services.disclosure_create(village=county.village_b1, kind="affairs", year=2010, period_number=1)


def test_the_publish_button_carries_the_translated_warning(client, personas, draft, county, settings):
    client.force_login(personas.village_admin_b)
    url = f"/affairs/{county.village_b1.code}/disclosures/{draft.pk}/"
    html = client.get(url).content.decode()
    assert 'data-confirm="公开后，内容不能再修改或删除；如有错误，只能另发一份更正公开。"' in html
    assert 'data-confirm-ok="确认公开"' in html and 'data-confirm-cancel="取消"' in html
    assert 'data-confirm="删除后不能恢复。"' in html  # deleting the draft asks too
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert 'data-confirm-title="Publish this disclosure?"' in client.get(url).content.decode()


def test_publishing_without_confirmation_shows_the_page_and_changes_nothing(client, personas, draft, county):
    client.force_login(personas.village_admin_b)
    url = f"/affairs/{county.village_b1.code}/disclosures/{draft.pk}/publish/"
    asked = client.post(url)
    html = asked.content.decode()
    assert asked.status_code == 200 and 'data-testid="confirm-page"' in html
    assert "只能另发一份更正公开" in html and "尚未执行任何操作" in html
    assert f'action="{url}"' in html and 'name="confirm" value="1"' in html
    assert Disclosure.objects.get(pk=draft.pk).status == "draft"
    assert client.post(url, {"confirm": "0"}).status_code == 200
    assert Disclosure.objects.get(pk=draft.pk).status == "draft"
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert Disclosure.objects.get(pk=draft.pk).status == "published"


def test_a_finance_disclosure_warns_that_the_ledger_locks(client, personas, county):
    finance = services.disclosure_create(village=county.village_b1, kind="finance", year=2010, period_number=3)
    client.force_login(personas.village_admin_b)
    html = client.post(f"/affairs/{county.village_b1.code}/disclosures/{finance.pk}/publish/").content.decode()
    assert "账目全部锁定" in html and "确认公开并锁定账目" in html
    assert Disclosure.objects.get(pk=finance.pk).status == "draft"


def test_deleting_a_draft_asks_first(client, personas, draft, county):
    client.force_login(personas.village_admin_b)
    url = f"/affairs/{county.village_b1.code}/disclosures/{draft.pk}/delete/"
    assert "删除后不能恢复" in client.post(url).content.decode()
    assert Disclosure.objects.filter(pk=draft.pk).exists()
    client.post(url, {"confirm": "1"})
    assert not Disclosure.objects.filter(pk=draft.pk).exists()


def test_publishing_a_resolution_asks_first_and_carries_the_form_over(client, personas, county):
    v = county.village_b1
    decision = full_decision(v, upto=4)
    client.force_login(personas.village_admin_b)
    url = f"/affairs/{v.code}/decisions/{decision.pk}/"
    data = {"date": "2010-03-20", "content": "决议在公开栏公示", "channel": "公开栏", "publicity_days": "7"}
    html = client.post(url, data).content.decode()
    assert "不能修改或撤销" in html and 'name="content" value="决议在公开栏公示"' in html
    assert not decision.steps.filter(number=5).exists()
    assert client.post(url, {**data, "confirm": "1"}).status_code == 302
    assert decision.steps.filter(number=5).exists()


def test_an_ordinary_step_is_recorded_without_asking(client, personas, county):
    v = county.village_b1
    decision = services.decision_create(village=v, title="修水渠", raised_by_name="村党支部")
    client.force_login(personas.village_admin_b)
    r = client.post(
        f"/affairs/{v.code}/decisions/{decision.pk}/",
        {"date": "2010-03-01", "due": 7, "present": 6, "votes_for": 6, "content": "提议修水渠"},
    )
    assert r.status_code == 302 and DecisionStep.objects.filter(decision=decision).count() == 1


def test_withdrawing_a_step_and_answering_feedback_ask_first(client, personas, county):
    v = county.village_b1
    decision = full_decision(v, upto=2)
    step = decision.steps.get(number=2)
    client.force_login(personas.village_admin_b)
    url = f"/affairs/{v.code}/decisions/{decision.pk}/steps/{step.pk}/withdraw/"
    assert "不能恢复" in client.post(url).content.decode()
    assert DecisionStep.objects.filter(pk=step.pk).exists()
    published = services.disclosure_create(village=v, kind="affairs", year=2010, period_number=1)
    services.disclosure_publish(disclosure=published, at=aware(dt.date(2010, 4, 2)))
    fb = services.feedback_submit(target=published, text="名单不全", client_address="10.0.0.1")
    answer = f"/affairs/{v.code}/feedback/{fb.pk}/answer/"
    assert "不能修改" in client.post(answer, {"answer": "已补全"}).content.decode()
    assert Feedback.objects.get(pk=fb.pk).answered_at is None
    client.post(answer, {"answer": "已补全", "confirm": "1"})
    assert Feedback.objects.get(pk=fb.pk).answer == "已补全"
    assert Decision.objects.filter(pk=decision.pk).exists()


def test_every_one_way_step_has_its_words_in_both_languages():
    from django.utils import translation

    assert {"village_affairs.publish", "evaluation.approve", "evaluation.submit"} <= set(IRREVERSIBLE.keys())
    for action in IRREVERSIBLE.values():
        with translation.override("en"):
            english = [str(action.question), str(action.consequence), str(action.button)]
        assert all(text and not any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in english), action.key
