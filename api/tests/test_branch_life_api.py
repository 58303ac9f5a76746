"""Branch life through the API: meetings, dues and notices by the pages' services, with their refusals and scope."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from branch_life.models import Attendance, DuesPayment, Meeting, Notice, NoticeReceipt
from people import services as people_services
from people.models import MembershipStatus
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = dt.date(2010, 12, 20)


@pytest.fixture(autouse=True)
def campaign_today():
    with override_settings(XIANFENG_TODAY=TODAY.isoformat()):
        yield


@pytest.fixture
def branch(county, personas):
    """念山村: three full members and one probationary one."""
    wang = f.member(county.village_a1, county.group_a1, name="王党员")
    chen = f.member(county.village_a1, county.group_a1, name="陈党员")
    zhao = f.person(county.village_a1, name="赵预备")
    people_services.membership_set(
        person=zhao, status=MembershipStatus.PROBATIONARY, joined_on=dt.date(2010, 3, 1), branch=county.village_a1
    )
    return {"li": personas.member_person, "wang": wang, "chen": chen, "zhao": zhao}


def _meeting(county, branch, statuses: dict[str, str], **extra) -> dict:
    return {
        "branch": county.village_a1.code,
        "kind": "assembly",
        "date": "2010-12-01",
        "topic": "支部党员大会",
        "attendance": [{"member": branch[name].pk, "status": s} for name, s in statuses.items()],
        **extra,
    }


def test_a_meeting_is_recorded_with_its_attendance_and_a_decision_without_quorum_is_refused(api_as, county, branch):
    api = api_as("township_admin_a")
    # One of three full members present, and a decision: no quorum, refused in English, nothing written.
    thin = _meeting(county, branch, {"li": "present", "wang": "absent", "chen": "excused"}, decisions="修路")
    refused = api.post_json("/api/v1/meetings/", thin, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400, refused.content
    body = refused.json()
    assert body["code"] == "no_quorum" and body["fields"]["decisions"][0]["code"] == "no_quorum"
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])
    assert not Meeting.objects.exists() and not Attendance.objects.exists()

    # A person who is not of the branch: refused with the page's code.
    outsider = f.member(county.village_b1, name="东平党员")
    stranger = {**thin, "decisions": "", "attendance": [{"member": outsider.pk, "status": "present"}]}
    assert api.post_json("/api/v1/meetings/", stranger).json()["code"] == "attendee_not_member"

    ok = _meeting(county, branch, {"li": "present", "wang": "present", "chen": "absent", "zhao": "present"})
    made = api.post_json("/api/v1/meetings/", {**ok, "decisions": "修路", "presided_by": branch["wang"].pk})
    assert made.status_code == 201, made.content
    meeting = made.json()
    assert meeting["present"] == 3 and meeting["expected"] == 4 and meeting["presided_by"] == branch["wang"].pk
    assert {(a["member_name"], a["status"]) for a in meeting["attendance"]} == {
        ("李党员", "present"),
        ("王党员", "present"),
        ("陈党员", "absent"),
        ("赵预备", "present"),
    }
    assert Attendance.objects.filter(meeting_id=meeting["id"]).count() == 4
    listed = api.get("/api/v1/meetings/", {"year": 2010}).json()["results"]
    assert [m["id"] for m in listed] == [meeting["id"]]
    # Out of scope: another township's admin sees no meeting, and may not record one in township A.
    other = api_as("village_admin_b")
    assert other.get(f"/api/v1/meetings/{meeting['id']}/").status_code == 404
    assert other.get("/api/v1/meetings/").json()["count"] == 0
    assert other.post_json("/api/v1/meetings/", ok).status_code == 404
    # A member sees their branch's meeting but may not record one.
    assert api_as("member").post_json("/api/v1/meetings/", ok).status_code in (403, 404)
    assert Meeting.objects.count() == 1


def test_dues_are_recorded_once_a_month(api_as, county, branch):
    api = api_as("township_admin_a")
    li = branch["li"]
    paid = {"member": li.pk, "month": "2010-11-01", "amount": "2.00", "paid_on": "2010-11-05"}
    first = api.post_json("/api/v1/dues-payments/", paid)
    assert first.status_code == 201, first.content
    assert first.json()["amount"] == "2.00" and first.json()["branch"] == county.village_a1.code
    twice = api.post_json("/api/v1/dues-payments/", {**paid, "paid_on": "2010-11-06"})
    assert twice.status_code == 409 and twice.json()["code"] == "already_paid"
    future = api.post_json("/api/v1/dues-payments/", {**paid, "month": "2011-02-01"})
    assert future.status_code == 400 and future.json()["code"] == "future_month"
    no_rate = api.post_json("/api/v1/dues-payments/", {"member": li.pk, "month": "2010-10-01"})
    assert no_rate.status_code == 400 and no_rate.json()["code"] == "no_rate"
    assert DuesPayment.objects.count() == 1
    rows = api.get("/api/v1/dues-payments/", {"year": 2010, "member": li.pk}).json()["results"]
    assert [(r["member"], r["month"]) for r in rows] == [(li.pk, "2010-11-01")]
    # A member of another township's branch: as if missing; and the other township sees no payment.
    other = api_as("village_admin_b")
    assert other.post_json("/api/v1/dues-payments/", {**paid, "month": "2010-09-01"}).status_code == 404
    assert other.get("/api/v1/dues-payments/").json()["count"] == 0
    assert DuesPayment.objects.count() == 1


def test_a_notice_is_sent_and_marked_read_by_its_recipient(api_as, county, personas, branch):
    api = api_as("township_admin_a")
    notice = {
        "origin": county.township_a.code,
        "target": county.village_a1.code,
        "role": "member",
        "title": "学习通知",
        "body": "请按时参加学习。",
        "deadline": "2010-12-31",
    }
    past = api.post_json("/api/v1/notices/", {**notice, "deadline": "2010-12-01"})
    assert past.status_code == 400 and past.json()["code"] == "deadline_past"
    nobody = api.post_json("/api/v1/notices/", {**notice, "role": "village_supervisor"})
    assert nobody.status_code == 400 and nobody.json()["code"] == "no_recipients"
    # Another township's village as the target: out of the sender's reach, as if missing.
    assert api.post_json("/api/v1/notices/", {**notice, "target": county.village_b1.code}).status_code == 404
    assert not Notice.objects.exists()

    sent = api.post_json("/api/v1/notices/", notice)
    assert sent.status_code == 201, sent.content
    pk = sent.json()["id"]
    assert sent.json()["recipients"] == 1 and sent.json()["read"] == 0
    assert [r["user"] for r in sent.json()["receipts"]] == ["member"]

    member = api_as("member")
    received = member.get("/api/v1/notices/received/").json()["results"]
    assert [(r["notice"]["id"], r["read_at"]) for r in received] == [(pk, None)]
    assert member.get(f"/api/v1/notices/{pk}/").json()["receipts"] is None  # the sender's side only
    read = member.post_json(f"/api/v1/notices/{pk}/read/")
    assert read.status_code == 200 and read.json()["read_at"] is not None
    first_read = NoticeReceipt.objects.get().read_at
    assert member.post_json(f"/api/v1/notices/{pk}/read/").json()["read_at"] == read.json()["read_at"]
    assert NoticeReceipt.objects.get().read_at == first_read
    assert api.get("/api/v1/notices/").json()["results"][0]["read"] == 1
    # The sender is no recipient: refused with its code; another township's admin: 404.
    refused = api.post_json(f"/api/v1/notices/{pk}/read/")
    assert refused.status_code == 400 and refused.json()["code"] == "not_a_recipient"
    assert api_as("village_admin_b").get(f"/api/v1/notices/{pk}/").status_code == 404
    assert api_as("village_admin_b").post_json(f"/api/v1/notices/{pk}/read/").status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/meetings/", "/api/v1/dues-payments/", "/api/v1/notices/"])
def test_branch_life_lists_do_not_grow_with_rows(api_as, county, branch, url, django_assert_max_num_queries):
    from branch_life import services

    api = api_as("county_admin")

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            person = f.member(county.village_a1, name=f"党员{i}")
            services.meeting_record(
                branch=county.village_a1,
                kind="theme_day",
                date=dt.date(2010, 1 + i % 11, 1 + i % 27),
                topic=f"主题{i}",
                attendance={person.pk: "present"},
            )
            services.dues_pay(
                member=person, month=dt.date(2010, 1 + i % 11, 1), amount=Decimal(1), paid_on=dt.date(2010, 12, 1)
            )
            f.user(f"m{i}", "member", person=person)
            services.notice_send(
                origin=county.county, target=county.village_a1, title=f"通知{i}", body="正文", deadline=TODAY
            )

    add(2, 0)
    with django_assert_max_num_queries(12):
        small = api.get(url)
    add(12, 2)
    with django_assert_max_num_queries(12):
        big = api.get(url)
    assert small.status_code == big.status_code == 200
    assert big.json()["count"] > small.json()["count"]
