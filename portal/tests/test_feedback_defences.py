"""Villagers' feedback through the public page: each defence refuses clearly, in the villager's language,
and writes nothing; behind the documented proxy each villager has a quota of their own (T-TRUST)."""

import time

import pytest
from django.conf import settings as django_settings

from portal.feedback_form import form_token
from village_affairs import services
from village_affairs.models import Disclosure, Feedback, PublishedMonth
from village_affairs.tests.helpers import publish_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def village(county):
    v = county.village_a1
    publish_month(v, 2010, 3)
    for number in (1, 2):
        item = services.disclosure_create(village=v, kind="affairs", year=2010, period_number=number, content="名单")
        services.disclosure_publish(disclosure=item)
    return v


def _targets(village) -> list[str]:
    month = PublishedMonth.objects.get(village=village)
    disclosures = Disclosure.objects.filter(village=village, kind="affairs").order_by("period_number")
    return [f"month:{month.pk}", *(f"disclosure:{d.pk}" for d in disclosures)]


def _post(client, village, text: str, *, target: str | None = None, seconds_ago: float = 60, **extra):
    data = {
        "target": target or _targets(village)[0],
        "text": text,
        "issued": form_token(village.code, at=time.time() - seconds_ago),
        "website": "",
        **{k: v for k, v in extra.items() if not k.startswith("HTTP_") and k != "REMOTE_ADDR"},
    }
    meta = {k: v for k, v in extra.items() if k.startswith("HTTP_") or k == "REMOTE_ADDR"}
    response = client.post(f"/v/{village.code}/feedback/", data, follow=True, **meta)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_carries_the_token_and_a_hidden_honeypot(client, village):
    html = client.get(f"/v/{village.code}/").content.decode()
    assert 'name="issued" value="' in html
    assert '<div class="hp-field" aria-hidden="true">' in html and 'name="website" value="" tabindex="-1"' in html
    css = (django_settings.BASE_DIR / "portal" / "static" / "portal" / "portal.css").read_text()
    assert ".hp-field { display: none; }" in css


def test_a_filled_honeypot_is_refused(client, village):
    html = _post(client, village, "账目有问题", website="http://spam.example")
    assert "提交未被接受：表单中有一栏本应留空" in html
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("seconds_ago", [0, 1.5])
def test_a_form_sent_within_seconds_of_the_page_is_refused(client, village, seconds_ago):
    html = _post(client, village, "账目有问题", seconds_ago=seconds_ago)
    assert "提交得太快了" in html
    assert Feedback.objects.count() == 0


def test_a_missing_forged_foreign_or_stale_token_is_refused(client, village, county):
    for issued in ("", "not-a-token", form_token(county.village_a2.code, at=time.time() - 60)):
        html = _post(client, village, "账目有问题", issued=issued)
        assert "页面已过期，请刷新页面后重新填写" in html
    html = _post(client, village, "账目有问题", seconds_ago=25 * 3600)  # older than feedback_form_hours (24)
    assert "页面已过期" in html
    assert Feedback.objects.count() == 0


def test_a_person_who_took_their_time_is_heard(client, village):
    assert "意见已提交" in _post(client, village, "账目有问题", seconds_ago=4)
    assert Feedback.objects.count() == 1


def test_the_same_message_twice_is_refused_on_the_same_village(client, village, county):
    targets = _targets(village)
    assert "意见已提交" in _post(client, village, "村道维修的钱花在哪里了？", target=targets[0])
    # Again, from another client, on another item, with other spaces, width and punctuation: refused.
    for text, target in (("村道维修的钱花在哪里了？", targets[0]), (" 村道维修的钱 花在哪里了?! ", targets[1])):
        html = _post(client, village, text, target=target, REMOTE_ADDR="10.0.0.9")
        assert "同样的意见已经提交过了" in html
    assert Feedback.objects.count() == 1
    # A different question is a different message.
    assert "意见已提交" in _post(client, village, "村道维修的钱花在哪里了？明细能公开吗？", target=targets[1])
    # Another village may hear the same question.
    publish_month(county.village_b1, 2010, 3)
    other = PublishedMonth.objects.get(village=county.village_b1)
    html = _post(client, county.village_b1, "村道维修的钱花在哪里了？", target=f"month:{other.pk}")
    assert "意见已提交" in html and Feedback.objects.count() == 3


def test_one_item_takes_a_limited_number_per_hour_whoever_sends_them(client, village, settings):
    settings.VILLAGE_AFFAIRS = {"feedback_per_item_per_hour": 2}
    first, second = _targets(village)[:2]
    for n in range(2):
        assert "意见已提交" in _post(client, village, f"第{n}条", target=first, REMOTE_ADDR=f"10.0.1.{n}")
    html = _post(client, village, "第3条", target=first, REMOTE_ADDR="10.0.1.9")
    assert "这一事项在一小时内收到的意见已达上限（2条）" in html
    assert "意见已提交" in _post(client, village, "别的事项", target=second, REMOTE_ADDR="10.0.1.9")
    assert Feedback.objects.count() == 3


def test_one_village_takes_a_limited_number_per_hour_whoever_sends_them(client, village, settings):
    settings.VILLAGE_AFFAIRS = {"feedback_per_village_per_hour": 2}
    targets = _targets(village)
    for n in range(2):
        assert "意见已提交" in _post(client, village, f"第{n}条", target=targets[n], REMOTE_ADDR=f"10.0.2.{n}")
    html = _post(client, village, "第3条", target=targets[2], REMOTE_ADDR="10.0.2.9")
    assert "本村在一小时内收到的意见已达上限（2条）" in html
    assert Feedback.objects.count() == 2


def test_behind_the_proxy_two_villagers_have_a_quota_each(client, village, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.VILLAGE_AFFAIRS = {"feedback_per_hour": 2}
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for n in range(2):
        # The client writes X-Forwarded-For as it likes; nginx appends the address it saw.
        forged = {"HTTP_X_FORWARDED_FOR": f"198.51.100.{n}, 203.0.113.7", **proxy}
        assert "意见已提交" in _post(client, village, f"甲的第{n}条", **forged)
    html = _post(client, village, "甲的第3条", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert "提交过于频繁" in html
    # Another villager behind the same proxy is not held by the first one's quota.
    assert "意见已提交" in _post(client, village, "乙的意见", HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy)
    assert Feedback.objects.count() == 3
    assert Feedback.objects.values("client_hash").distinct().count() == 2


def test_without_the_proxy_setting_the_proxy_is_the_client(client, village, settings):
    # What main did behind nginx: every villager shared the proxy's quota.
    settings.TRUSTED_PROXY_COUNT = 0
    settings.VILLAGE_AFFAIRS = {"feedback_per_hour": 1}
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    assert "意见已提交" in _post(client, village, "甲", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert "提交过于频繁" in _post(client, village, "乙", HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy)


def test_refusals_speak_the_villagers_language(client, village, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Submission not accepted" in _post(client, village, "x", website="spam")
    assert "too quickly" in _post(client, village, "x", seconds_ago=0)
    assert "This page has expired" in _post(client, village, "x", issued="")
    _post(client, village, "账目有问题")
    assert "The same feedback has already been sent" in _post(client, village, "账目有问题！")
    settings.VILLAGE_AFFAIRS = {"feedback_per_item_per_hour": 1}
    assert "already had 1 feedback in the past hour" in _post(client, village, "另一条", REMOTE_ADDR="10.9.9.9")
    settings.VILLAGE_AFFAIRS = {"feedback_per_village_per_hour": 1}
    html = _post(client, village, "另一条", target=_targets(village)[1], REMOTE_ADDR="10.9.9.8")
    assert "This village has already had 1 feedback in the past hour" in html
    assert Feedback.objects.count() == 1


def test_the_service_refusals_carry_stable_codes(village):
    from django.core.exceptions import ValidationError

    month = PublishedMonth.objects.get(village=village)
    services.feedback_submit(target=month, text="补助发给谁了？", client_address="10.0.0.1")
    with pytest.raises(ValidationError) as exc:
        services.feedback_submit(target=month, text="补助 发给谁了", client_address="10.0.0.2")
    assert [e.code for e in exc.value.error_dict["text"]] == ["duplicate"]
