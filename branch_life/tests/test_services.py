import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from branch_life import services
from branch_life.models import Attendance, DuesPayment, Meeting, MeetingKind, Notice, NoticeReceipt
from xianfeng.tests import factories as f

P, E, A = "present", "excused", "absent"


def codes(exc: ValidationError) -> set[str | None]:
    return {e.code for errors in exc.error_dict.values() for e in errors} if hasattr(exc, "error_dict") else {exc.code}


def test_a_meeting_is_recorded_with_one_attendance_row_per_member(county, branch_a1):
    b = branch_a1
    meeting = services.meeting_record(
        branch=county.village_a1,
        kind=MeetingKind.THEME_DAY,
        date=dt.date(2010, 12, 1),
        topic="学习十七届五中全会精神",
        presided_by=b["chen"],
        attendance={b["li"].pk: P, b["chen"].pk: P, b["wang"].pk: E, b["zhao"].pk: A},
    )
    assert dict(Attendance.objects.filter(meeting=meeting).values_list("member__name", "status")) == {
        "李党员": P,
        "陈书记": P,
        "王党员": E,
        "赵预备": A,
    }


def test_a_decision_meeting_without_a_quorum_of_full_members_is_refused_and_changes_nothing(county, branch_a1):
    b = branch_a1
    # Three full members: one present (plus the probationer, who has no vote) is not more than half.
    with pytest.raises(ValidationError) as exc:
        services.meeting_record(
            branch=county.village_a1,
            kind=MeetingKind.ASSEMBLY,
            date=dt.date(2010, 12, 1),
            topic="讨论村道硬化",
            decisions="同意村道硬化方案",
            attendance={b["li"].pk: P, b["chen"].pk: A, b["wang"].pk: E, b["zhao"].pk: P},
        )
    assert codes(exc.value) == {"no_quorum"}
    assert "未超过半数" in exc.value.messages[0]
    assert not Meeting.objects.exists() and not Attendance.objects.exists()
    # Without decisions it is a meeting like any other; with two of three full members present it may decide.
    services.meeting_record(
        branch=county.village_a1,
        kind=MeetingKind.ASSEMBLY,
        date=dt.date(2010, 12, 1),
        topic="学习",
        attendance={b["li"].pk: P},
    )
    services.meeting_record(
        branch=county.village_a1,
        kind=MeetingKind.ASSEMBLY,
        date=dt.date(2010, 12, 2),
        topic="讨论村道硬化",
        decisions="同意",
        attendance={b["li"].pk: P, b["chen"].pk: P, b["wang"].pk: A},
    )
    assert Meeting.objects.count() == 2


def test_attendance_of_a_non_member_of_the_branch_is_refused(county, branch_a1):
    outsider = f.member(county.village_b1, name="东平党员")
    with pytest.raises(ValidationError) as exc:
        services.meeting_record(
            branch=county.village_a1,
            kind=MeetingKind.GROUP,
            date=dt.date(2010, 12, 1),
            topic="党小组学习",
            attendance={branch_a1["li"].pk: P, outsider.pk: P},
        )
    assert codes(exc.value) == {"attendee_not_member"}
    assert "东平党员" in exc.value.messages[0]
    assert not Meeting.objects.exists()


def test_a_meeting_in_the_future_is_refused(county, branch_a1):
    with pytest.raises(ValidationError) as exc:
        services.meeting_record(
            branch=county.village_a1, kind=MeetingKind.LECTURE, date=dt.date(2010, 12, 21), topic="党课", attendance={}
        )
    assert codes(exc.value) == {"in_future"}


def test_a_payment_for_a_future_month_is_refused_the_current_one_accepted(county, branch_a1):
    li = branch_a1["li"]
    with pytest.raises(ValidationError) as exc:
        services.dues_pay(member=li, month=dt.date(2011, 1, 1), amount=Decimal("0.50"))
    assert codes(exc.value) == {"future_month"}
    assert not DuesPayment.objects.exists()
    services.dues_pay(member=li, month=dt.date(2010, 12, 1), amount=Decimal("0.50"))
    with pytest.raises(ValidationError) as exc:
        services.dues_pay(member=li, month=dt.date(2010, 12, 1), amount=Decimal("0.50"))
    assert codes(exc.value) == {"already_paid"}


def test_the_amount_defaults_to_the_members_rate_which_must_lie_in_the_countys_range(county, branch_a1):
    li = branch_a1["li"]
    with pytest.raises(ValidationError) as exc:
        services.dues_pay(member=li, month=dt.date(2010, 11, 1))
    assert codes(exc.value) == {"no_rate"}
    with pytest.raises(ValidationError) as exc:
        services.dues_rate_set(member=li, since=dt.date(2010, 1, 1), base=Decimal("300"), rate=Decimal("1"))
    assert codes(exc.value) == {"dues_out_of_range"}  # 3元 a month is above the default 1元
    services.dues_range_set(county=county.county, minimum=Decimal("0.20"), maximum=Decimal("5.00"))
    services.dues_rate_set(member=li, since=dt.date(2010, 1, 15), base=Decimal("300"), rate=Decimal("1"))
    assert services.dues_pay(member=li, month=dt.date(2010, 11, 1)).amount == Decimal("3.00")


def test_a_notice_reaches_the_roles_in_its_subtree_and_records_the_first_reading(county, personas, village_admin_a1):
    notice = services.notice_send(
        origin=county.township_a,
        target=county.township_a,
        title="关于开展主题党日的通知",
        body="请各村于月底前开展主题党日。",
        deadline=dt.date(2010, 12, 25),
        sender=personas.township_admin_a,
    )
    users = set(NoticeReceipt.objects.filter(notice=notice).values_list("user__username", flat=True))
    assert users == {"village_a1", "member"}  # not the sender, not 东平镇's village admin
    receipt = services.notice_open(notice=notice, user=village_admin_a1)
    first = receipt.read_at
    assert first is not None
    assert services.notice_open(notice=notice, user=village_admin_a1).read_at == first


def test_a_notice_outside_the_origin_or_to_nobody_is_refused(county, personas):
    with pytest.raises(ValidationError) as exc:
        services.notice_send(
            origin=county.township_a,
            target=county.village_b1,
            title="t",
            body="b",
            deadline=dt.date(2010, 12, 25),
        )
    assert codes(exc.value) == {"target_outside_origin"}
    with pytest.raises(ValidationError) as exc:
        services.notice_send(
            origin=county.township_a,
            target=county.village_a2,
            title="t",
            body="b",
            deadline=dt.date(2010, 12, 25),
        )
    assert codes(exc.value) == {"no_recipients"}
    assert not Notice.objects.exists()
