"""The audit administrator's page: only theirs, searchable, exportable, showing the chain's state; and logged."""

from io import BytesIO

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Role
from organizations.models import OutsideUnit, UnitKind
from security import services, triggers, views
from security.models import Kind, Outcome, SecurityEvent
from xianfeng.tests import factories as f

from .helpers import days_ago, execute, write

pytestmark = pytest.mark.django_db

LOG = reverse("security:log")


@pytest.fixture
def auditor(county, personas):
    return f.user("auditor", Role.AUDIT_ADMIN)


@pytest.fixture
def auditor_client(client, auditor):
    client.force_login(auditor)
    return client


def rows(response) -> list[SecurityEvent]:
    return list(response.context["page_obj"].object_list)


@pytest.mark.parametrize("persona", ["county_admin", "township_admin_a", "village_admin_b", "member"])
def test_every_campaign_role_gets_404(client, personas, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(LOG).status_code == 404
    assert client.get(LOG, {"format": "xlsx"}).status_code == 404
    assert client.post(LOG).status_code == 404
    assert not SecurityEvent.objects.filter(kind__in=[Kind.LOG_SEARCHED, Kind.LOG_EXPORTED, Kind.LOG_VERIFIED])


@pytest.mark.parametrize(
    "role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.VILLAGE_SUPERVISOR, Role.PARTNER, Role.LINKED_LEADER]
)
def test_the_other_administrators_and_roles_get_404(client, county, personas, role):
    binding = {
        Role.VILLAGE_SUPERVISOR: {"organization": county.village_a1},
        Role.PARTNER: {
            "unit": OutsideUnit.objects.create(kind=UnitKind.DEPARTMENT, name="县委组织部", home=county.county)
        },
        Role.LINKED_LEADER: {"person": personas.member_person},
    }.get(role, {})
    client.force_login(f.user(f"u-{role}", role, **binding))
    assert client.get(LOG).status_code == 404
    assert client.post(LOG).status_code == 404


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(LOG)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_the_auditor_and_a_superuser_read_the_log(client, auditor):
    write(2)
    for user in (auditor, f.superuser()):
        client.force_login(user)
        response = client.get(LOG)
        assert response.status_code == 200
        assert "user1" in response.content.decode()


def test_the_auditor_sees_the_log_in_the_navigation_and_nothing_else(auditor_client, personas):
    nav = auditor_client.get(reverse("home")).content.decode()
    assert f'href="{LOG}"' in nav
    assert f'href="{reverse("accounts:security")}"' not in nav
    assert auditor_client.get(reverse("people:person_list")).context["page_obj"].paginator.count == 0
    assert auditor_client.get(reverse("people:person_detail", args=[personas.member_person.pk])).status_code == 404


def test_no_one_else_has_the_link(client, personas):
    client.force_login(personas.county_admin)
    assert f'href="{LOG}"' not in client.get(reverse("home")).content.decode()


def test_search_by_user_kind_outcome_dates_and_address(auditor_client):
    write(1, at=days_ago(40))
    services.record(Kind.LOGIN_FAILED, outcome=Outcome.FAILURE, username="wang")
    services.record(Kind.DOWNLOAD, username="wangwu")
    searched = {
        "user": "wang",
        "kind": Kind.LOGIN_FAILED,
        "outcome": Outcome.FAILURE,
    }
    assert [e.username for e in rows(auditor_client.get(LOG, searched))] == ["wang"]
    assert [e.username for e in rows(auditor_client.get(LOG, {"user": "WANG", "kind": Kind.DOWNLOAD}))] == ["wangwu"]
    old = timezone.localdate(days_ago(40)).isoformat()  # the search reads dates in the county's time zone
    assert [e.username for e in rows(auditor_client.get(LOG, {"start": old, "end": old}))] == ["user0"]


def test_search_by_address_prefix(auditor_client):
    from django.test import RequestFactory

    for address in ("10.0.0.7", "10.0.1.8", "192.168.1.20"):
        services.record(Kind.LOGIN_FAILED, username=address, request=RequestFactory().get("/", REMOTE_ADDR=address))
    found = rows(auditor_client.get(LOG, {"address": "10.0.", "kind": Kind.LOGIN_FAILED}))
    assert sorted(e.address for e in found) == ["10.0.0.7", "10.0.1.8"]


def test_each_search_is_itself_logged_with_its_filters(auditor_client, auditor):
    auditor_client.get(LOG, {"user": "wang", "start": "2010-01-01"})
    event = SecurityEvent.objects.filter(kind=Kind.LOG_SEARCHED).latest("seq")
    assert (event.username, event.user_id) == ("auditor", auditor.pk)
    assert event.detail == {"filters": {"user": "wang", "start": "2010-01-01"}}
    assert event.path == f"{LOG}?user=wang&start=2010-01-01"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2010-05-02", "end": "2010-05-01"}, "结束日期不能早于开始日期。"),
        ({"address": "10.0.0.1; DROP"}, "请输入 IP 地址或其开头部分"),
        ({"start": "yesterday"}, "日期"),
        ({"kind": "nonsense"}, "nonsense"),
    ],
)
def test_a_bad_search_is_refused_clearly_and_reads_and_records_nothing(auditor_client, query, message):
    write(3)
    before = SecurityEvent.objects.count()
    response = auditor_client.get(LOG, query)
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="filter-errors"' in page and message in page
    assert rows(response) == [] and 'data-testid="events"' not in page
    assert SecurityEvent.objects.count() == before
    export = auditor_client.get(LOG, {**query, "format": "xlsx"})
    assert "Content-Disposition" not in export and SecurityEvent.objects.count() == before


def test_export_to_excel_is_logged_once_with_its_filters(auditor_client):
    services.record(Kind.LOGIN_FAILED, outcome=Outcome.FAILURE, username="wang", detail={"factor": "password"})
    response = auditor_client.get(LOG, {"user": "wang", "format": "xlsx"})
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:6] == ("序号", "时间", "用户ID", "用户名", "事件类型", "结果")
    assert [row[3] for row in values[1:]] == ["wang"]
    assert values[1][4] == "登录失败" and values[1][10] == "验证方式: 密码" and len(values[1][12]) == 64
    exported = SecurityEvent.objects.get(kind=Kind.LOG_EXPORTED)
    assert exported.username == "auditor" and exported.detail == {"filters": {"user": "wang"}, "rows": 1}
    assert not SecurityEvent.objects.filter(kind=Kind.DOWNLOAD).exists()


def test_an_export_too_large_is_refused_and_nothing_is_exported(auditor_client, monkeypatch):
    monkeypatch.setattr(views, "EXPORT_LIMIT", 2)
    write(3)
    response = auditor_client.get(LOG, {"format": "xlsx"}, follow=True)
    assert "Content-Disposition" not in response
    assert "超过一次导出的上限 2 条" in response.content.decode()
    assert not SecurityEvent.objects.filter(kind=Kind.LOG_EXPORTED).exists()


def test_the_page_query_count_does_not_grow_with_the_events(auditor_client):
    write(3)
    auditor_client.get(LOG)  # warm up: session, two-factor, translations
    with CaptureQueriesContext(connection) as few:
        auditor_client.get(LOG, {"kind": Kind.LOGIN_FAILED})
    write(60)
    services.record(Kind.LOG_VERIFIED, detail={"checked": 3})
    with CaptureQueriesContext(connection) as many:
        response = auditor_client.get(LOG, {"kind": Kind.LOGIN_FAILED})
    assert len(rows(response)) == 50
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


@pytest.mark.django_db(transaction=True)  # PostgreSQL: only the owner, outside a transaction, drops the triggers
def test_the_page_shows_the_last_verification_and_verifies_on_request(auditor_client):
    write(3)
    assert "尚未校验" in auditor_client.get(LOG).content.decode()
    response = auditor_client.post(LOG, follow=True)
    page = response.content.decode()
    assert "安全日志完整：已校验" in page and "完整" in page
    verified = SecurityEvent.objects.get(kind=Kind.LOG_VERIFIED)
    assert verified.outcome == Outcome.SUCCESS and verified.username == "auditor"

    with triggers.suspended():
        execute("UPDATE security_securityevent SET username = 'x' WHERE seq = 2")
    page = auditor_client.post(LOG, follow=True).content.decode()
    assert "已被篡改" in page and "第 2 条事件处断裂" in page and "内容被修改" in page
    assert SecurityEvent.objects.filter(kind=Kind.LOG_VERIFIED).latest("seq").outcome == Outcome.FAILURE


def test_the_page_speaks_english(auditor_client):
    services.record(Kind.LOGIN_FAILED, outcome=Outcome.FAILURE, username="wang", detail={"factor": "two_factor"})
    auditor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = auditor_client.get(LOG).content.decode()
    for text in ("Security log", "Sign-in failed", "Failure", "Not verified yet", "Verify now", "Event type"):
        assert text in page, text
    assert "Sign-in factor: two-factor code" in page
    page = auditor_client.post(LOG, follow=True).content.decode()
    assert "The security log is intact" in page
    export = auditor_client.get(LOG, {"format": "xlsx"})
    assert "Security%20log.xlsx" in export["Content-Disposition"]
    assert list(load_workbook(BytesIO(export.content)).active.values)[0][:2] == ("No.", "Time")
