"""The mobile member page: a member sees their own records only, others 404; queries do not grow with records."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branch_life import services as branch_life
from branch_life.models import MeetingKind
from member_page.views import LARGE_TEXT
from practice import services as practice
from practice.models import VolunteerEntry

from .conftest import TODAY, notice, volunteer

PAGE = reverse("member_page:page")


def test_the_member_sees_their_own_records_and_no_one_elses(client, personas, world):
    client.force_login(personas.member)
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    # Post, commitments, volunteer hours: li's, not wang's.
    assert "卫生监督岗" in html and "李的承诺：修好水渠" in html and "李的志愿：修桥" in html
    assert "王的创业岗" not in html and "王的承诺" not in html and "王的志愿" not in html
    # Volunteer: two confirmed entries, 2 + 3 hours (the unconfirmed hour is listed but not counted).
    assert response.context["volunteer_confirmed"] == 2
    assert response.context["volunteer_hours"] == Decimal(5)
    assert "已确认2次，共5" in html
    # Dues: paid up to September, October and November owed, nine months paid this year at 0.50.
    dues = response.context["dues"]
    assert (dues.paid_up_to, dues.months_owed, dues.months_this_year) == (dt.date(2010, 9, 1), 2, 9)
    assert dues.paid_this_year == Decimal("4.50")
    assert "2010-09" in html
    # Meetings: A1's two, li's own status in each (not recorded today; excused on 1 December), none of B1's.
    meetings = {m.pk: m.my_status for m in response.context["meetings"]}
    assert meetings == {world.today_a1.pk: None, world.earlier_a1.pk: "excused"}
    assert "B村主题党日" not in html
    assert reverse("member_page:sign_in", args=[world.today_a1.pk]) in html  # today's meeting, not yet signed in
    assert reverse("member_page:sign_in", args=[world.earlier_a1.pk]) not in html
    # Notices: the unread one first though sent earlier, and the count of unread.
    titles = [r.notice.title for r in response.context["notices"]]
    assert titles == ["未读的通知", "已读的通知"]
    assert response.context["unread"] == 1
    assert html.index("未读的通知") < html.index("已读的通知")
    # The to-do list: the unread notice waits for the member.
    assert any(t.kind == "branch_life.notice_read" for t in response.context["todos"])
    # Points: none booked yet, the card says so.
    assert 'id="points"' in html and "积分余额：0分" in html and response.context["points_entries"] == []


def test_the_points_card_shows_the_members_own_balance_from_the_ledger(client, county, personas, world):
    from points import services as points
    from points.models import Fact, PointEntry

    points.rule_set(county=county.county, fact=Fact.VOLUNTEER, points=5, monthly_cap=None)
    points.points_sync(county=county.county, on=TODAY)
    mine = PointEntry.objects.filter(holder=personas.member_person)
    assert mine.count() == 2  # li's two confirmed services; the unconfirmed one earns nothing
    assert PointEntry.objects.exclude(holder=personas.member_person).exists()  # wang's, not shown
    client.force_login(personas.member)
    response = client.get(PAGE)
    html = response.content.decode()
    assert response.context["points_balance"] == 10 and "积分余额：10分" in html
    assert {e.pk for e in response.context["points_entries"]} == set(mine.values_list("pk", flat=True))
    assert reverse("points:mine") in html


@pytest.mark.parametrize(
    "persona_client", ["county_admin", "township_admin_a", "village_admin_b", "anonymous"], indirect=True
)
def test_anyone_but_a_member_gets_404(persona_client, world):
    response = persona_client.get(PAGE)
    assert response.status_code == (302 if persona_client.persona == "anonymous" else 404)


def test_a_member_account_whose_person_has_no_membership_gets_404(client, county):
    from xianfeng.tests import factories as f

    leader = f.user("leader", "linked_leader", person=f.person(county.village_a1, name="非党员"))
    client.force_login(leader)
    assert client.get(PAGE).status_code == 404


def test_the_home_page_and_the_navigation_link_to_it_for_a_member_only(client, personas, world):
    client.force_login(personas.member)
    html = client.get(reverse("home")).content.decode()
    assert "data-member-page-link" in html and "data-nav-member-page" in html
    client.force_login(personas.county_admin)
    html = client.get(reverse("home")).content.decode()
    assert "data-member-page-link" not in html and "data-nav-member-page" not in html


def _count(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(PAGE).status_code == 200
    return len(ctx.captured_queries)


def test_the_page_takes_a_constant_number_of_queries(client, county, personas, world, django_assert_max_num_queries):
    client.force_login(personas.member)
    before = _count(client)
    li = personas.member_person
    for day in range(2, 9):
        branch_life.meeting_record(
            branch=county.village_a1,
            kind=MeetingKind.GROUP,
            date=dt.date(2010, 11, day),
            topic=f"党小组会{day}",
            attendance={li.pk: "present"},
        )
        volunteer(li, dt.date(2010, 10, day), 1, f"更多志愿{day}")
        notice(county, f"更多通知{day}", day)
        if day < 6:  # five commitments a year at most
            practice.commitment_make(member=li, year=2010, text=f"更多承诺{day}", deadline=TODAY)
    with django_assert_max_num_queries(before):
        assert client.get(PAGE).status_code == 200
    assert before <= 40


def test_the_page_in_english(client, county, personas, world):
    client.force_login(personas.member)
    client.cookies["django_language"] = "en"
    html = client.get(PAGE).content.decode()
    for text in [
        "My member page",
        "Organizational life in 2010",
        "Paid in 2010",
        "Paid up to",
        "In arrears",
        "2 months",
        "Notices",
        "1 unread",
        "Large text: off",
    ]:
        assert text in html, text
    main = re.sub(r"<[^>]+>", " ", html.split("data-member-page>")[1].split("</main>")[0])
    # What remains once the records' own words (names, titles, topics, texts as recorded) are taken out: no Chinese.
    records = [personas.member_person.name, county.village_a1.name, county.township_a.name, world.read.title]
    records += [world.unread.title, world.today_a1.topic, world.earlier_a1.topic, "卫生监督岗", "李的承诺：修好水渠"]
    records += [v.activity for v in VolunteerEntry.objects.filter(member=personas.member_person)]
    for text in sorted(records, key=len, reverse=True):
        main = main.replace(text, "")
    assert not re.findall(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+", main)


def test_large_text_is_switched_in_the_session(client, personas, world):
    client.force_login(personas.member)
    assert 'class="member-mobile"' in client.get(PAGE).content.decode()
    response = client.post(reverse("member_page:text_size"), {"size": "large", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == PAGE  # another site's next is refused
    assert client.session[LARGE_TEXT] is True
    assert 'class="member-mobile large-text"' in client.get(PAGE).content.decode()
    client.post(reverse("member_page:text_size"), {"size": "normal"})
    assert client.session[LARGE_TEXT] is False
    assert client.get(reverse("member_page:text_size")).status_code == 405
