import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from branch_life import services
from branch_life.models import DuesPayment, Meeting, MeetingKind, NoticeReceipt

P = "present"


@pytest.fixture
def meeting(county, branch_a1):
    return services.meeting_record(
        branch=county.village_a1,
        kind=MeetingKind.THEME_DAY,
        date=dt.date(2010, 12, 1),
        topic="主题党日：清理村道",
        attendance={branch_a1["li"].pk: P, branch_a1["chen"].pk: P},
    )


SEES_A1 = {"county_admin": 200, "township_admin_a": 200, "village_admin_b": 404, "member": 404}


def test_meeting_detail_by_persona(persona_client, meeting):
    response = persona_client.get(reverse("branch_life:meeting_detail", args=[meeting.pk]))
    if persona_client.persona == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == SEES_A1[persona_client.persona]


def test_a_village_admin_records_a_meeting_through_the_page_and_a_refusal_changes_nothing(
    client, county, branch_a1, village_admin_a1
):
    client.force_login(village_admin_a1)
    url = reverse("branch_life:meeting_create")
    b = branch_a1
    data = {
        "branch": county.village_a1.code,
        "kind": MeetingKind.ASSEMBLY,
        "date": "2010-12-10",
        "topic": "讨论村道",
        "decisions": "同意",
        f"att_{b['li'].pk}": P,
        f"att_{b['chen'].pk}": "absent",
        f"att_{b['wang'].pk}": "absent",
        f"att_{b['zhao'].pk}": P,
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "未超过半数" in response.content.decode()
    assert not Meeting.objects.exists()
    data[f"att_{b['chen'].pk}"] = P
    assert client.post(url, data).status_code == 302
    assert Meeting.objects.get().attendance.count() == 4


def test_lists_take_a_constant_number_of_queries(client, county, personas, branch_a1, django_assert_max_num_queries):
    for i in range(1, 6):
        services.meeting_record(
            branch=county.village_a1,
            kind=MeetingKind.GROUP,
            date=dt.date(2010, i, 3),
            topic=f"学习{i}",
            attendance={branch_a1["li"].pk: P},
        )
        services.dues_pay(member=branch_a1["li"], month=dt.date(2010, i, 1), amount=Decimal("0.50"))
    client.force_login(personas.county_admin)
    for name in ("branch_life:meetings", "branch_life:dues", "branch_life:notices"):
        with django_assert_max_num_queries(25):
            assert client.get(reverse(name), {"year": 2010}).status_code == 200
    response = client.get(reverse("branch_life:meetings"), {"year": 2010, "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_dues_page_states_what_the_export_states_for_each_member(client, county, personas, branch_a1):
    """The page adds a page's dues in one query (``with_dues``); the export aggregates them all: the same figures."""
    from openpyxl import load_workbook

    for month in (1, 2, 3):
        services.dues_pay(member=branch_a1["li"], month=dt.date(2010, month, 1), amount=Decimal("0.50"))
    services.dues_pay(member=branch_a1["wang"], month=dt.date(2009, 12, 1), amount=Decimal("1.00"))
    client.force_login(personas.county_admin)
    html = client.get(reverse("branch_life:dues"), {"year": 2010}).content.decode()
    rows = {
        name: [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)][2:5]
        for row in re.findall(r"<tr>(.*?)</tr>", html.split('id="dues"')[1], re.S)
        for name in re.findall(r'statement/\d+/\?year=2010">([^<]+)</a>', row)
    }
    assert rows["李党员"][0] == "3" and rows["李党员"][2] == "2010-03"
    assert rows["王党员"][0] == "0" and rows["王党员"][2] == "2009-12"  # paid last year only
    assert rows["赵预备"][0] == "0" and rows["赵预备"][2] == "—"
    sheet = load_workbook(io.BytesIO(client.get(reverse("branch_life:dues"), {"year": 2010, "format": "xlsx"}).content))
    exported = {r[2]: r for r in sheet.active.iter_rows(min_row=2, values_only=True)}
    for name, (months, _total, last) in rows.items():
        assert (str(exported[name][3]), exported[name][5] or "—") == (months, last)


def test_the_meetings_page_states_the_attendance_the_export_states(client, county, personas, branch_a1):
    """The page adds a page's attendance in one query (``with_attendance``); the export counts them all."""
    from openpyxl import load_workbook

    li, wang = branch_a1["li"], branch_a1["wang"]
    for topic, attendance in (("学习甲", {li.pk: P, wang.pk: "absent"}), ("学习乙", {li.pk: P, wang.pk: P})):
        services.meeting_record(
            branch=county.village_a1,
            kind=MeetingKind.GROUP,
            date=dt.date(2010, 4, 3),
            topic=topic,
            attendance=attendance,
        )
    client.force_login(personas.county_admin)
    html = client.get(reverse("branch_life:meetings"), {"year": 2010}).content.decode()
    shown = dict(re.findall(r'meetings/\d+/">([^<]+)</a></td><td>[^<]*</td>\s*<td class="num">(\d+/\d+)</td>', html))
    assert shown["学习甲"] == "1/2" and shown["学习乙"] == "2/2"
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("branch_life:meetings"), {"year": 2010, "format": "xlsx"}).content)
    )
    exported = {r[4]: f"{r[6]}/{r[7]}" for r in sheet.active.iter_rows(min_row=2, values_only=True)}
    assert {t: exported[t] for t in shown} == shown


def test_a_future_month_is_refused_on_the_payment_page(client, county, branch_a1, village_admin_a1):
    client.force_login(village_admin_a1)
    response = client.post(
        reverse("branch_life:payment_create"),
        {"member": branch_a1["li"].pk, "month": "2011-01", "amount": "0.50", "paid_on": "2010-12-20"},
    )
    assert response.status_code == 200 and "尚未到来的月份" in response.content.decode()
    assert not DuesPayment.objects.exists()


def test_a_member_reads_their_own_statement_but_no_one_elses(client, county, personas, branch_a1):
    services.dues_pay(member=branch_a1["li"], month=dt.date(2010, 3, 1), amount=Decimal("0.50"))
    client.force_login(personas.member)
    response = client.get(reverse("branch_life:statement", args=[branch_a1["li"].pk]), {"year": 2010})
    assert response.status_code == 200 and "2010-03" in response.content.decode()
    assert client.get(reverse("branch_life:statement", args=[branch_a1["wang"].pk])).status_code == 404


def test_opening_a_notice_records_the_read_and_the_sender_sees_it_in_english(client, county, personas):
    notice = services.notice_send(
        origin=county.township_a,
        target=county.township_a,
        title="关于主题党日的通知",
        body="请按时开展。",
        deadline=dt.date(2010, 12, 25),
        sender=personas.township_admin_a,
    )
    client.force_login(personas.village_admin_b)
    assert client.get(reverse("branch_life:notice_detail", args=[notice.pk])).status_code == 404
    client.force_login(personas.member)
    assert client.get(reverse("branch_life:notice_detail", args=[notice.pk])).status_code == 200
    assert NoticeReceipt.objects.get(notice=notice, user=personas.member).read_at is not None
    client.force_login(personas.township_admin_a)
    with translation.override("en"):
        response = client.get(reverse("branch_life:notice_detail", args=[notice.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200


def test_unread_notices_are_the_recipients_to_do_and_past_the_deadline_the_senders(county, personas):
    from accounts.scope import scope_for_user
    from common.todos import todos_for

    notice = services.notice_send(
        origin=county.township_a,
        target=county.township_a,
        title="关于主题党日的通知",
        body="请按时开展。",
        deadline=dt.date(2010, 12, 20),
        sender=personas.township_admin_a,
    )
    kinds = [t.kind for t in todos_for(scope_for_user(personas.member), personas.member, dt.date(2010, 12, 20))]
    assert "branch_life.notice_read" in kinds
    sender = personas.township_admin_a
    later = [t.kind for t in todos_for(scope_for_user(sender), sender, dt.date(2010, 12, 21))]
    assert "branch_life.notice_unread" in later
    services.notice_open(notice=notice, user=personas.member)
    later = [t.kind for t in todos_for(scope_for_user(sender), sender, dt.date(2010, 12, 21))]
    assert "branch_life.notice_unread" not in later


PAGES = [
    "branch_life:home",
    "branch_life:meetings",
    "branch_life:meeting_create",
    "branch_life:dues",
    "branch_life:payment_create",
    "branch_life:rate_set",
    "branch_life:reason_record",
    "branch_life:notices",
    "branch_life:notice_create",
    "branch_life:settings",
]
# Who may open which form: a village admin records meetings and dues, a county or township admin sends notices,
# a county admin keeps the settings table.
FORBIDDEN = {
    "township_admin_a": {"branch_life:settings"},
    "village_admin_b": {"branch_life:settings", "branch_life:notice_create"},
    "member": {
        "branch_life:settings",
        "branch_life:notice_create",
        "branch_life:meeting_create",
        "branch_life:payment_create",
        "branch_life:rate_set",
        "branch_life:reason_record",
    },
    "county_admin": set(),
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_page_opens_for_those_it_is_for_and_is_404_for_the_others(persona_client, branch_a1, language):
    if persona_client.persona == "anonymous":
        assert persona_client.get(reverse("branch_life:meetings")).status_code == 302
        return
    persona_client.cookies["django_language"] = language
    for name in PAGES:
        status = persona_client.get(reverse(name)).status_code
        assert status == (404 if name in FORBIDDEN[persona_client.persona] else 200), name


def test_the_county_admin_sets_the_cadence_and_the_dues_range(client, county, personas):
    from branch_life.models import DuesRange, MeetingCadence

    client.force_login(personas.county_admin)
    data = {f"cadence-{k}": 1 for k in MeetingKind.values} | {"cadence": "1", "cadence-lecture": 3}
    assert client.post(reverse("branch_life:settings"), data).status_code == 302
    assert MeetingCadence.objects.get(kind=MeetingKind.LECTURE).months == 3
    response = client.post(reverse("branch_life:settings"), {"dues": "1", "dues-minimum": "2", "dues-maximum": "1"})
    assert response.status_code == 200 and not DuesRange.objects.exists()
    client.post(reverse("branch_life:settings"), {"dues": "1", "dues-minimum": "0.20", "dues-maximum": "2"})
    assert DuesRange.objects.get().maximum == Decimal("2.00")


def test_a_meeting_recorded_after_a_member_joined_leaves_them_out_of_its_attendance(
    client, county, branch_a1, village_admin_a1
):
    from people import services as people
    from people.models import MembershipStatus
    from xianfeng.tests import factories as f

    newcomer = f.person(county.village_a1, name="新党员")
    people.membership_set(
        person=newcomer, status=MembershipStatus.PROBATIONARY, joined_on=dt.date(2010, 12, 15), branch=county.village_a1
    )
    client.force_login(village_admin_a1)
    form = client.get(reverse("branch_life:meeting_create"), {"branch": county.village_a1.code})
    assert f"att_{newcomer.pk}" in form.content.decode()  # on the form (the date is not chosen yet)
    data = {"branch": county.village_a1.code, "kind": MeetingKind.THEME_DAY, "date": "2010-12-10", "topic": "清理村道"}
    data |= {f"att_{p.pk}": P for p in [*branch_a1.values(), newcomer]}
    assert client.post(reverse("branch_life:meeting_create"), data).status_code == 302
    attendance = Meeting.objects.get().attendance
    assert attendance.count() == len(branch_a1) and not attendance.filter(member=newcomer).exists()
