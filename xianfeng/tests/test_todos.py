"""The to-do list (common.todos): every persona with work sees it first, each link opens, done items leave.

The campaign's today is fixed in 2010 (``XIANFENG_TODAY``), the year of the records below.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse

from accounts.scope import scope_for_user
from common.todos import todos_for
from evaluation import services as evaluation_services
from evaluation.models import StandardCode
from evaluation.tests.conftest import make_period, make_small_standard, walk
from exchange.models import ImportJob, ImportStatus
from practice import services as practice_services
from practice.models import PostClaim
from service_platform.services import loan_apply
from supervision.tests.helpers import contact_point, leader, leader_user
from village_affairs import services as va_services
from village_affairs.models import DisclosureKind, Feedback
from village_affairs.tests.helpers import aware, full_decision
from xianfeng.tests import factories as f

TODAY = dt.date(2010, 11, 5)
ITEM = re.compile(r'<li data-todo="([a-z_.]+)"[^>]*>.*?<a href="([^"]+)"', re.S)


HTMX = {"HX-Request": "true"}  # the navigation fetches its counts with htmx; opened directly they redirect


@pytest.fixture
def work(settings, county, personas):
    """Something to do for every persona, and a linked leader with a contact point."""
    settings.XIANFENG_TODAY = TODAY.isoformat()
    standard, *_items = make_small_standard(county.county)
    period = make_period(county.county)
    start = evaluation_services.assessment_start
    b1 = start(period=period, standard=standard, organization=county.village_b1)  # village B1 self-assesses
    a1 = walk(start(period=period, standard=standard, organization=county.village_a1), ("50", "30"), until="review")
    a2 = walk(start(period=period, standard=standard, organization=county.village_a2), ("50", "30"), until="approval")
    commitment = practice_services.commitment_make(
        member=personas.member_person,
        year=2010,
        text="帮助两户困难户发展茶叶",
        deadline=dt.date(2010, 11, 22),
        promised_on=dt.date(2010, 3, 1),
    )
    person = leader(county.township_a, "挂点领导甲")
    contact_point(person, county.village_a1)
    ImportJob.objects.create(
        user=personas.county_admin, kind="members", file="imports/x.xlsx", original_name="党员.xlsx",
        status=ImportStatus.FAILED,
    )  # fmt: skip
    return {
        "b1": b1,
        "a1": a1,
        "a2": a2,
        "commitment": commitment,
        "leader": leader_user(person),
        "standard": standard,
        "period": period,
    }


def _items(client) -> list[tuple[str, str]]:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return [(kind, url.replace("&amp;", "&")) for kind, url in ITEM.findall(response.content.decode())]


EXPECTED = {
    "county_admin": {"evaluation.approve", "exchange.import_failed"},
    "township_admin_a": {"evaluation.review", "village_affairs.disclosure_check"},
    "village_admin_b": {"evaluation.self", "village_affairs.disclosure_late", "village_affairs.disclosure_due"},
    "member": {"practice.commitment_report"},
    "leader": {"supervision.review"},
}


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_every_persona_has_work_and_every_link_opens(client, personas, work, persona):
    user = work["leader"] if persona == "leader" else getattr(personas, persona)
    client.force_login(user)
    items = _items(client)
    assert items, "the to-do list is empty"
    assert EXPECTED[persona] <= {kind for kind, _url in items}
    for kind, url in items:
        assert client.get(url).status_code == 200, (kind, url)


def test_out_of_scope_items_never_appear(personas, county, work):
    kinds = {}
    for name in ("county_admin", "township_admin_a", "village_admin_b", "member"):
        user = getattr(personas, name)
        kinds[name] = todos_for(scope_for_user(user), user, TODAY)
    township = {t.kind for t in kinds["township_admin_a"]}
    assert "evaluation.self" not in township and "evaluation.approve" not in township
    # Township A reviews A1 only (B1 is another township's, A2 is at the county).
    (review,) = [t for t in kinds["township_admin_a"] if t.kind == "evaluation.review"]
    assert review.where == county.village_a1.name and review.url.endswith(f"/{work['a1'].pk}/")
    assert all(t.where != county.township_b.name for t in kinds["township_admin_a"])
    village = kinds["village_admin_b"]
    assert {t.where for t in village if t.where} == {county.village_b1.name}
    assert not {"evaluation.review", "evaluation.approve", "exchange.import_failed"} & {t.kind for t in village}
    # The county admin is not handed every village's chores, nor another user's import.
    county_kinds = {t.kind for t in kinds["county_admin"]}
    assert not {"evaluation.self", "village_affairs.disclosure_late", "practice.commitment_report"} & county_kinds
    assert {t.kind for t in kinds["member"]} == {"practice.commitment_report"}
    assert "exchange.import_failed" not in {t.kind for t in kinds["township_admin_a"]}


def test_overdue_first_and_marked_in_words(client, personas, work):
    client.force_login(personas.village_admin_b)
    page = client.get(reverse("home")).content.decode()
    kinds = [kind for kind, _url in ITEM.findall(page)]
    assert kinds[0] == "village_affairs.disclosure_late"  # overdue since February
    assert "已逾期" in page and "截止 2010-11-30" in page
    items = todos_for(scope_for_user(personas.village_admin_b), personas.village_admin_b, TODAY)
    overdue = [t.overdue for t in items]
    assert overdue == sorted(overdue, reverse=True)


def test_items_leave_the_list_when_done(client, personas, work):
    client.force_login(personas.member)
    url = reverse("practice:commitment_report", args=[work["commitment"].pk])
    assert ("practice.commitment_report", url) in _items(client)
    response = client.post(url, {"date": "2010-11-04", "text": "已帮助两户种上茶苗", "done": "on"})
    assert response.status_code == 302
    assert "practice.commitment_report" not in {kind for kind, _url in _items(client)}

    client.force_login(personas.township_admin_a)
    assert "evaluation.review" in {kind for kind, _url in _items(client)}
    evaluation_services.assessment_review_submit(assessment=work["a1"])
    assert "evaluation.review" not in {kind for kind, _url in _items(client)}
    client.force_login(personas.county_admin)
    (approve,) = [t for t in todos_for(scope_for_user(personas.county_admin), personas.county_admin, TODAY)
                  if t.kind == "evaluation.approve"]  # fmt: skip
    assert approve.count == 2  # A2 and now A1: one item with the list of both


def test_the_full_page_and_the_lazy_badge(client, personas, work):
    client.force_login(personas.village_admin_b)
    home = client.get(reverse("home")).content.decode()
    assert f'hx-get="{reverse("todo_badge")}"' in home and 'hx-trigger="load"' in home
    items = todos_for(scope_for_user(personas.village_admin_b), personas.village_admin_b, TODAY)
    badge = client.get(reverse("todo_badge"), headers=HTMX).content.decode()
    assert f'data-todo-count="{len(items)}"' in badge
    page = client.get(reverse("todos")).content.decode()
    assert len(ITEM.findall(page)) == len(items)


def test_nothing_to_do_says_so(client, county):
    user = f.user("quiet", "village_supervisor", organization=county.village_a1)
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert "data-todo-empty" in page and "目前没有待办事项。" in page
    assert 'data-todo-count="0"' in client.get(reverse("todo_badge"), headers=HTMX).content.decode()


def test_english(client, personas, work):
    client.force_login(personas.village_admin_b)
    page = client.get(reverse("todos"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "My to-dos" in page and "Overdue" in page and "Self-assessment" in page


def test_a_bounded_number_of_queries_whatever_the_rows(county, personas, work, django_assert_max_num_queries):
    """More villages, assessments and commitments add no query."""
    for n in range(4):
        v = f.village(county.township_a, f"3{n:02d}", f"新村{n}")
        a = evaluation_services.assessment_start(period=work["period"], standard=work["standard"], organization=v)
        walk(a, ("50", "30"), until="approval" if n % 2 else "review")
        practice_services.commitment_make(
            member=personas.member_person, year=2010, text=f"承诺{n}", deadline=dt.date(2010, 12, n + 1),
            promised_on=dt.date(2010, 3, 1),
        )  # fmt: skip
    for name in ("county_admin", "township_admin_a", "village_admin_b", "member"):
        user = getattr(personas, name)
        scope = scope_for_user(user)
        with django_assert_max_num_queries(40):
            items = todos_for(scope, user, TODAY)
        assert items
    assert StandardCode.FIVE_GOOD


@pytest.fixture
def more_work(county, personas, work):
    """Decisions, feedback, claims, hours, a loan and a case: the rest of the kinds."""
    b1 = county.village_b1
    full_decision(b1, title="修建村道", start=dt.date(2010, 3, 1), upto=2)  # waiting at step 3 since March
    disclosure = va_services.disclosure_create(village=b1, kind=DisclosureKind.AFFAIRS, year=2010, period_number=1)
    va_services.disclosure_publish(disclosure=disclosure, at=aware(dt.date(2010, 4, 5)))
    Feedback.objects.create(
        village=b1, disclosure=disclosure, text="路灯坏了", client_hash="x", created_at=aware(dt.date(2010, 11, 1))
    )
    villager = f.member(b1, county.group_b1, name="东平党员")
    post = practice_services.post_announce(
        village=b1, kind="service", title="环境卫生岗", duties="清扫", year=2010, announced_on=dt.date(2010, 3, 1)
    )
    practice_services.post_claim(post=post, member=villager)
    practice_services.volunteer_log(
        member=villager, start=aware(dt.date(2010, 10, 1), 9), end=aware(dt.date(2010, 10, 1), 12), activity="清扫村道"
    )
    loan_apply(
        applicant=personas.member_person, purpose="business", amount="20000", lender="信用社",
        applied_on=dt.date(2010, 10, 1),
    )  # fmt: skip
    va_services.accountability_case_open(
        village=county.village_a1,
        rule="R-FEEDBACK",
        subject="feedback:test",
        finding_since=dt.date(2010, 10, 1),
        finding_text="群众意见逾期未答复",
    )
    return {"disclosure": disclosure}


MORE = {
    "village_admin_b": {
        "village_affairs.decision_step",
        "village_affairs.feedback",
        "practice.claim_assign",
        "practice.volunteer_confirm",
    },
    "township_admin_a": {"service_platform.loan_decide", "village_affairs.case"},
    "county_admin": {"village_affairs.case"},
}


@pytest.mark.parametrize("persona", list(MORE))
def test_the_other_kinds_appear_where_they_belong_and_open(client, personas, more_work, persona):
    client.force_login(getattr(personas, persona))
    items = _items(client)
    kinds = {kind for kind, _url in items}
    assert MORE[persona] <= kinds
    others = set().union(*(v for k, v in MORE.items() if k != persona)) - MORE[persona]
    assert not others & kinds, "another role's work"
    for kind, url in items:
        assert client.get(url).status_code == 200, (kind, url)


def test_an_answered_feedback_and_a_decided_claim_leave_the_list(client, personas, more_work):
    user = personas.village_admin_b
    before = {t.kind: t for t in todos_for(scope_for_user(user), user, TODAY)}
    assert before["village_affairs.decision_step"].overdue  # waiting since 3 March, stuck after 60 days
    assert (
        before["village_affairs.feedback"].due == dt.date(2010, 11, 8)
        and not before["village_affairs.feedback"].overdue
    )
    for fb in Feedback.objects.all():
        va_services.feedback_answer(feedback=fb, answer="已修好", at=aware(dt.date(2010, 11, 2)))
    client.force_login(user)
    claim_url = before["practice.claim_assign"].url
    claim = PostClaim.objects.get()
    assert client.post(reverse("practice:claim_decide", args=[claim.pk, "assign"])).status_code == 302
    after = {t.kind for t in todos_for(scope_for_user(user), user, TODAY)}
    assert not {"village_affairs.feedback", "practice.claim_assign"} & after
    assert claim_url == reverse("practice:post_detail", args=[claim.post_id])
