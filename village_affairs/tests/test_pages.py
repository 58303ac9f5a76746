import datetime as dt
from decimal import Decimal

import pytest

from village_affairs import services
from village_affairs.models import Decision, DecisionStep, Disclosure, LedgerEntry
from village_affairs.tests.helpers import appoint, full_decision, publish_month
from xianfeng.tests import factories as f


@pytest.fixture
def published(county):
    """Village b1 (village_admin_b's) with a complete decision and a published March."""
    v = county.village_b1
    decision = full_decision(v)
    publish_month(v, 2010, 3)
    affairs = services.disclosure_create(village=v, kind="affairs", year=2010, period_number=1, content="一季度")
    services.disclosure_publish(disclosure=affairs)
    return v, decision, affairs


def test_village_admin_records_the_next_step_through_the_page(client, personas, county):
    client.force_login(personas.village_admin_b)
    v = county.village_b1
    r = client.post(f"/affairs/{v.code}/decisions/new/", {"title": "修水渠", "raised_by_name": "村党支部"})
    d = Decision.objects.get()
    assert r.status_code == 302
    page = client.get(f"/affairs/{v.code}/decisions/{d.pk}/")
    assert "党支部提议" in page.content.decode()
    r = client.post(
        f"/affairs/{v.code}/decisions/{d.pk}/",
        {"date": "2010-03-01", "due": 7, "present": 6, "votes_for": 6, "content": "提议修水渠"},
    )
    assert r.status_code == 302 and d.steps.count() == 1


def test_page_shows_quorum_refusal_and_records_nothing(client, personas, county):
    client.force_login(personas.village_admin_b)
    d = services.decision_create(village=county.village_b1, title="x", raised_by_name="y")
    r = client.post(
        f"/affairs/{county.village_b1.code}/decisions/{d.pk}/",
        {"date": "2010-03-01", "due": 9, "present": 4, "votes_for": 4, "content": "x"},
    )
    assert r.status_code == 200 and "到会人数不足" in r.content.decode()
    assert DecisionStep.objects.count() == 0


def test_published_things_refuse_edit_and_delete_through_the_pages(client, personas, published):
    v, decision, affairs = published
    client.force_login(personas.village_admin_b)
    step6 = decision.steps.get(number=6)
    entry = LedgerEntry.objects.filter(village=v).first()
    r = client.post(
        f"/affairs/{v.code}/decisions/{decision.pk}/steps/{step6.pk}/withdraw/", {"confirm": "1"}, follow=True
    )
    assert "不能撤销" in r.content.decode()
    r = client.post(f"/affairs/{v.code}/disclosures/{affairs.pk}/", {"title": "改", "content": "改"})
    assert "不能修改" in r.content.decode()
    r = client.post(f"/affairs/{v.code}/disclosures/{affairs.pk}/delete/", {"confirm": "1"}, follow=True)
    assert "不能删除" in r.content.decode()
    r = client.post(
        f"/affairs/{v.code}/ledger/entries/{entry.pk}/edit/",
        {
            "date": "2010-03-03",
            "direction": "income",
            "category": "subsidy_income",
            "amount": "1",
            "voucher": "z",
            "description": "z",
        },
    )
    assert "不能修改" in r.content.decode()
    r = client.post(f"/affairs/{v.code}/ledger/entries/{entry.pk}/delete/", follow=True)
    assert "不能删除" in r.content.decode()
    assert decision.steps.count() == 6
    assert Disclosure.objects.get(pk=affairs.pk).content == "一季度"
    assert LedgerEntry.objects.get(pk=entry.pk).amount == Decimal("10000.00")


def test_admin_change_view_refuses_published_rows(client, published):
    v, decision, affairs = published
    admin = f.superuser("root")
    client.force_login(admin)
    r = client.post(
        f"/admin/village_affairs/disclosure/{affairs.pk}/change/",
        {
            "title": "改",
            "content": "改",
            "village": v.pk,
            "kind": "affairs",
            "year": 2010,
            "period_kind": "quarter",
            "period_number": 1,
            "status": "draft",
        },
    )
    assert r.status_code == 403
    step5 = decision.steps.get(number=5)
    assert client.post(f"/admin/village_affairs/decisionstep/{step5.pk}/delete/", {"post": "yes"}).status_code == 403
    entry = LedgerEntry.objects.filter(village=v).first()
    assert client.post(f"/admin/village_affairs/ledgerentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"/admin/village_affairs/disclosure/{affairs.pk}/change/").status_code == 200  # read-only view
    affairs.refresh_from_db()
    assert (
        affairs.content == "一季度" and decision.steps.count() == 6 and LedgerEntry.objects.filter(pk=entry.pk).exists()
    )


def test_non_numeric_amount_through_the_page(client, personas, county):
    client.force_login(personas.village_admin_b)
    v = county.village_b1
    r = client.post(
        f"/affairs/{v.code}/ledger/2010/4/",
        {
            "date": "2010-04-02",
            "direction": "expense",
            "category": "administration",
            "amount": "一百",
            "voucher": "A",
            "description": "x",
        },
    )
    assert "金额必须是数字" in r.content.decode()
    assert LedgerEntry.objects.count() == 0


def test_other_township_admin_gets_404_and_supervisor_reads_but_cannot_change(client, personas, published):
    v, decision, affairs = published
    client.force_login(personas.township_admin_a)
    assert client.get(f"/affairs/{v.code}/").status_code == 404
    assert client.get(f"/affairs/{v.code}/decisions/{decision.pk}/").status_code == 404
    supervisor = f.user("supervisor_b1", "village_supervisor", organization=v)
    client.force_login(supervisor)
    assert client.get(f"/affairs/{v.code}/decisions/{decision.pk}/").status_code == 200
    r = client.post(f"/affairs/{v.code}/decisions/new/", {"title": "x", "raised_by_name": "y"})
    assert r.status_code == 403
    r = client.post(f"/affairs/{v.code}/comment/decision/{decision.pk}/", {"text": "请补充预算"})
    assert r.status_code == 302 and decision.comments.get().text == "请补充预算"


def test_village_page_queries_are_constant(client, personas, county, django_assert_max_num_queries):
    client.force_login(personas.village_admin_b)
    for i in range(6):
        full_decision(county.village_b1, title=f"事项{i}", upto=i)
    with django_assert_max_num_queries(14):
        r = client.get(f"/affairs/{county.village_b1.code}/")
    assert r.status_code == 200 and "事项5" in r.content.decode()


def test_township_monthly_feedback_page_and_export_and_case(client, personas, county, settings):
    settings.VILLAGE_AFFAIRS = {"required_from": dt.date(2010, 1, 1)}
    appoint(county.village_a1, "village_secretary", "陈书记")
    appoint(county.village_a1, "township_cadre_in_charge", "郑包村")
    publish_month(county.village_a2, 2010, 3)
    client.force_login(personas.township_admin_a)
    r = client.get(f"/affairs/township/{county.township_a.code}/2010/3/")
    html = r.content.decode()
    assert "按时公开" in html and "未公开" in html and "陈书记" in html and "郑包村" in html
    x = client.get(f"/affairs/township/{county.township_a.code}/2010/3/?format=xlsx")
    assert x["Content-Type"].startswith("application/vnd.openxmlformats")
    r = client.post(
        "/affairs/cases/open/",
        {
            "village": county.village_a1.code,
            "rule": "R-DISCLOSE",
            "subject": "finance:2010-month-3",
            "on": "2010-04-30",
        },
    )
    assert r.status_code == 302
    from village_affairs.models import AccountabilityCase

    case = AccountabilityCase.objects.get()
    assert case.directly_responsible.name == "陈书记" and case.jointly_responsible.name == "郑包村"
    # A village admin cannot open cases.
    client.force_login(personas.village_admin_b)
    assert client.get(f"/affairs/township/{county.township_a.code}/2010/3/").status_code == 404


def test_feedback_answered_in_the_inbox(client, personas, published):
    v, decision, affairs = published
    fb = services.feedback_submit(target=affairs, text="<script>alert(1)</script>", client_address="9.9.9.9")
    client.force_login(personas.village_admin_b)
    page = client.get(f"/affairs/{v.code}/feedback/").content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    client.post(f"/affairs/{v.code}/feedback/{fb.pk}/answer/", {"answer": "已核实", "confirm": "1"})
    fb.refresh_from_db()
    assert fb.answer == "已核实" and fb.answered_by is not None


def test_the_current_ledger_of_a_village_out_of_scope_is_404_not_a_redirect(client, county, personas):
    """Found by the crawl (xianfeng/tests/test_crawl.py): it redirected to the month page before asking the scope."""
    client.force_login(personas.township_admin_a)
    assert client.get(f"/affairs/{county.village_b1.code}/ledger/").status_code == 404
    assert client.get("/affairs/350725999999/ledger/").status_code == 404
    response = client.get(f"/affairs/{county.village_a1.code}/ledger/")
    assert response.status_code == 302 and response.url.startswith(f"/affairs/{county.village_a1.code}/ledger/")
