"""Signing in to a meeting by its QR code: a member of its branch, on its day, once; everyone else is told why not."""

import datetime as dt

import pytest
import qrcode
import qrcode.image.svg
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from branch_life import services as branch_life
from branch_life.models import Attendance

from .conftest import TODAY


def sign_in_url(meeting) -> str:
    return reverse("member_page:sign_in", args=[meeting.pk])


def test_a_member_signs_in_on_the_day_once(client, personas, world):
    client.force_login(personas.member)
    page = client.get(sign_in_url(world.today_a1))
    assert (
        page.status_code == 200 and "清理村道" in page.content.decode() and "data-refusal" not in page.content.decode()
    )
    response = client.post(sign_in_url(world.today_a1), follow=True)
    assert response.redirect_chain[-1][0] == reverse("member_page:page")
    assert "签到成功" in response.content.decode()
    row = Attendance.objects.get(meeting=world.today_a1, member=personas.member_person)
    assert row.status == "present"
    versions = row.history.count()
    # Twice: idempotent, one row, no new version, said so.
    again = client.post(sign_in_url(world.today_a1), follow=True)
    assert "您已签到" in again.content.decode()
    assert Attendance.objects.filter(meeting=world.today_a1, member=personas.member_person).count() == 1
    assert row.history.count() == versions
    # The page now shows present and no sign-in button for it.
    html = client.get(reverse("member_page:page")).content.decode()
    assert sign_in_url(world.today_a1) not in html


def test_signing_in_earns_the_meetings_points_at_once(client, county, personas, world):
    from points import services as points
    from points.models import Fact, PointEntry

    points.rule_set(county=county.county, fact=Fact.MEETING, points=3, monthly_cap=None)
    client.force_login(personas.member)
    assert client.get(reverse("member_page:page")).context["points_balance"] == 0
    client.post(sign_in_url(world.today_a1))
    entry = PointEntry.objects.get(holder=personas.member_person)
    assert (entry.fact, entry.points, entry.date) == (Fact.MEETING, 3, world.today_a1.date)
    assert not PointEntry.objects.exclude(holder=personas.member_person).exists()  # wang waits for the county's run
    page = client.get(reverse("member_page:page"))
    assert page.context["points_balance"] == 3 and "积分余额：3分" in page.content.decode()
    client.post(sign_in_url(world.today_a1))  # signing in again books nothing more
    assert PointEntry.objects.filter(holder=personas.member_person).count() == 1


def test_a_member_recorded_excused_who_signs_in_on_the_day_is_present(personas, world):
    Attendance.objects.filter(meeting=world.today_a1, member=world.wang).update(status="excused")
    with override_settings(XIANFENG_TODAY=TODAY.isoformat()):
        row, changed = branch_life.meeting_sign_in(meeting=world.today_a1, person=world.wang)
    assert changed and row.status == "present"


def test_a_member_of_another_branch_is_refused_and_nothing_changes(client, personas, world):
    client.force_login(personas.member)
    page = client.get(sign_in_url(world.today_b1)).content.decode()
    assert "data-refusal" in page and "不是" in page and "B村主题党日" not in page  # the topic is not shown
    response = client.post(sign_in_url(world.today_b1))
    assert response.status_code == 403
    assert not Attendance.objects.filter(meeting=world.today_b1).exists()
    with pytest.raises(ValidationError) as refused:
        branch_life.meeting_sign_in(meeting=world.today_b1, person=personas.member_person)
    assert refused.value.error_dict["member"][0].code == "sign_in_not_member"


def test_not_on_the_meetings_day_is_refused_and_nothing_changes(client, personas, world):
    client.force_login(personas.member)
    response = client.post(sign_in_url(world.earlier_a1))
    assert response.status_code == 403
    assert "会议当天（2010-12-01）" in response.content.decode()
    assert Attendance.objects.get(meeting=world.earlier_a1, member=personas.member_person).status == "excused"
    with pytest.raises(ValidationError) as refused:
        branch_life.meeting_sign_in(meeting=world.earlier_a1, person=personas.member_person)
    assert refused.value.error_dict["date"][0].code == "sign_in_not_meeting_day"
    # The next day, today's meeting is closed too.
    with pytest.raises(ValidationError):
        branch_life.meeting_sign_in(meeting=world.today_a1, person=personas.member_person, today=dt.date(2010, 12, 21))
    assert not Attendance.objects.filter(meeting=world.today_a1, member=personas.member_person).exists()


def test_an_account_without_a_member_is_told_so(client, personas, world):
    client.force_login(personas.county_admin)
    page = client.get(sign_in_url(world.today_a1)).content.decode()
    assert "只有绑定了党员身份的账号才能扫码签到" in page
    assert client.post(sign_in_url(world.today_a1)).status_code == 403
    assert Attendance.objects.filter(meeting=world.today_a1).count() == 1  # wang only


def test_the_refusal_in_english(client, personas, world):
    client.force_login(personas.member)
    client.cookies["django_language"] = "en"
    html = client.post(sign_in_url(world.earlier_a1)).content.decode()
    assert "Cannot sign in:" in html and "on the meeting&#x27;s day only (2010-12-01)" in html


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(sign_in_url(world.today_a1))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


SEES_A1 = {"county_admin": 200, "township_admin_a": 200, "village_admin_b": 404, "member": 404, "anonymous": 302}


def test_the_qr_code_opens_the_sign_in_page_for_those_who_see_the_meeting(persona_client, world):
    response = persona_client.get(reverse("member_page:meeting_qr", args=[world.today_a1.pk]))
    assert response.status_code == SEES_A1[persona_client.persona]
    if response.status_code == 200:
        assert response["Content-Type"] == "image/svg+xml"
        expected = qrcode.make(
            f"http://testserver{sign_in_url(world.today_a1)}", image_factory=qrcode.image.svg.SvgPathImage, border=2
        ).to_string(encoding="unicode")
        assert response.content.decode() == expected


def test_the_meeting_page_shows_its_qr_code(client, personas, world):
    client.force_login(personas.township_admin_a)
    html = client.get(reverse("branch_life:meeting_detail", args=[world.today_a1.pk])).content.decode()
    assert reverse("member_page:meeting_qr", args=[world.today_a1.pk]) in html
