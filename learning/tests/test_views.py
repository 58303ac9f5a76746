"""Pages per persona: scope (404 outside), the member's own record, bulk attendance, filters, export, query counts."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from learning import services
from learning.models import Attendance, Training, Visit
from xianfeng.tests import factories as f

from .conftest import DAY, make_training

PAGES = [
    "/learning/",
    "/learning/trainings/new/",
    "/learning/teams/",
    "/learning/teams/new/",
    "/learning/visits/",
    "/learning/visits/new/",
    "/learning/me/",
]


def _login(client, personas, name):
    if name != "anonymous":
        client.force_login(getattr(personas, name))


@pytest.mark.parametrize("path", PAGES + ["/learning/members/1/", "/learning/trainings/1/", "/learning/teams/1/"])
def test_anonymous_is_sent_to_login(client, county, path):
    response = client.get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "a1_status", "b1_status"),
    [("county_admin", 200, 200), ("township_admin_a", 200, 404), ("village_admin_b", 404, 200), ("member", 404, 404)],
)
def test_training_detail_is_scoped(client, personas, training_a1, training_b1, persona, a1_status, b1_status):
    _login(client, personas, persona)
    assert client.get(f"/learning/trainings/{training_a1.pk}/").status_code == a1_status
    assert client.get(f"/learning/trainings/{training_b1.pk}/").status_code == b1_status


@pytest.mark.parametrize(
    ("persona", "sees_a1", "sees_b1"),
    [
        ("county_admin", True, True),
        ("township_admin_a", True, False),
        ("village_admin_b", False, True),
        ("member", False, False),
    ],
)
def test_training_list_shows_only_trainings_in_scope(
    client, personas, training_a1, training_b1, persona, sees_a1, sees_b1
):
    _login(client, personas, persona)
    body = client.get("/learning/").content.decode()
    assert ("茶叶种植技术" in body) == sees_a1
    assert ("东平远程教育" in body) == sees_b1


@pytest.mark.parametrize(
    ("persona", "a_status", "b_status"),
    [("county_admin", 200, 200), ("township_admin_a", 200, 404), ("village_admin_b", 404, 404), ("member", 404, 404)],
)
def test_team_detail_is_scoped(client, personas, team_a, team_b, persona, a_status, b_status):
    _login(client, personas, persona)
    assert client.get(f"/learning/teams/{team_a.pk}/").status_code == a_status
    assert client.get(f"/learning/teams/{team_b.pk}/").status_code == b_status


@pytest.mark.parametrize(
    ("persona", "own", "other_a1", "b1"),
    [
        ("county_admin", 200, 200, 200),
        ("township_admin_a", 200, 200, 404),
        ("village_admin_b", 404, 404, 200),
        ("member", 200, 404, 404),
    ],
)
def test_member_record_is_own_or_in_admin_scope(client, personas, members, persona, own, other_a1, b1):
    _login(client, personas, persona)
    assert client.get(f"/learning/members/{members.a1.pk}/").status_code == own
    assert client.get(f"/learning/members/{members.a1_second.pk}/").status_code == other_a1
    assert client.get(f"/learning/members/{members.b1.pk}/").status_code == b1


def test_member_sees_own_hours_by_channel_and_year(client, personas, members, training_a1, county):
    import datetime as dt

    services.attendance_add(training=training_a1, people=[members.a1])
    older = make_training(county.village_a1, topic="旧年培训", date=dt.date(2009, 3, 1), hours=4)
    services.attendance_add(training=older, people=[members.a1])
    client.force_login(personas.member)
    response = client.get("/learning/me/")
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert "茶叶种植技术" in body and "旧年培训" in body and "6.5" in body and "农家课堂" in body
    body = client.get(f"/learning/members/{members.a1.pk}/", {"year": 2010}).content.decode()
    assert "茶叶种植技术" in body and "旧年培训" not in body


@pytest.mark.parametrize(
    ("persona", "status"),
    [("county_admin", 302), ("township_admin_a", 302), ("village_admin_b", 404), ("member", 404)],
)
def test_who_may_add_attendees_to_a_village_a1_training(client, personas, members, training_a1, persona, status):
    _login(client, personas, persona)
    response = client.post(f"/learning/trainings/{training_a1.pk}/attendees/", {"people": [members.a1.pk]})
    assert response.status_code == status
    assert Attendance.objects.count() == (1 if status == 302 else 0)


def test_bulk_add_offers_only_members_of_the_trainers_scope(client, personas, members, training_a1):
    client.force_login(personas.county_admin)
    body = client.get(f"/learning/trainings/{training_a1.pk}/attendees/").content.decode()
    assert "李党员" in body and "王党员" in body and "石党员" not in body and "东党员" not in body
    response = client.post(
        f"/learning/trainings/{training_a1.pk}/attendees/",
        {"people": [members.a1.pk, members.a1_second.pk], "hours": "2"},
    )
    assert response.status_code == 302
    assert sorted(Attendance.objects.values_list("person__name", "hours")) == [("李党员", 2), ("王党员", 2)]
    body = client.get(f"/learning/trainings/{training_a1.pk}/attendees/").content.decode()
    assert "李党员" not in body  # already recorded


def test_bulk_add_refuses_a_member_outside_the_trainers_scope_and_adds_nobody(client, personas, members, training_a1):
    client.force_login(personas.county_admin)
    response = client.post(
        f"/learning/trainings/{training_a1.pk}/attendees/", {"people": [members.a1.pk, members.b1.pk]}
    )
    assert response.status_code == 200
    assert "所选人员不在可登记范围内" in response.content.decode()
    assert Attendance.objects.count() == 0


def test_village_admin_creates_a_village_training_and_is_refused_bad_hours(client, personas, county):
    client.force_login(personas.village_admin_b)
    data = {
        "channel": "farm_classroom",
        "topic": "养蜂",
        "trainer_name": "专家",
        "organization": county.village_b1.pk,
        "date": "2010-06-01",
        "hours": "30",
        "location": "村部",
    }
    response = client.post("/learning/trainings/new/", data)
    assert response.status_code == 200 and "不超过24小时" in response.content.decode()
    assert Training.objects.count() == 0
    response = client.post("/learning/trainings/new/", {**data, "organization": county.village_a1.pk, "hours": "2"})
    assert response.status_code == 200 and Training.objects.count() == 0  # a1 is not offered to b1's admin
    response = client.post("/learning/trainings/new/", {**data, "hours": "2"})
    assert response.status_code == 302 and Training.objects.get().organization == county.village_b1


def test_township_admin_records_a_visit_with_deliveries(client, personas, team_a, county):
    client.force_login(personas.township_admin_a)
    from learning.models import DeliveryKind

    kinds = list(DeliveryKind.objects.filter(code__in=["policy", "technology"]).values_list("pk", flat=True))
    response = client.post(
        "/learning/visits/new/",
        {
            "team": team_a.pk,
            "date": "2010-04-02",
            "target": county.group_a1.pk,
            "kinds": kinds,
            "content": "茶园管理",
            "people_reached": 25,
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert sorted(visit.kinds.values_list("code", flat=True)) == ["policy", "technology"]


def test_village_admin_has_no_team_to_record_visits_for(client, personas, team_a, team_b):
    client.force_login(personas.village_admin_b)
    assert client.get("/learning/visits/new/").status_code == 404
    assert client.get("/learning/teams/new/").status_code == 404


def test_township_admin_creates_a_team_of_its_cadres(client, personas, county):
    from .conftest import make_cadre

    cadre = make_cadre(county.township_a, "新队员")
    client.force_login(personas.township_admin_a)
    response = client.post(
        "/learning/teams/new/",
        {"name": "新服务队", "organization": county.township_a.pk, "members": [cadre.pk], "leader": cadre.pk},
    )
    assert response.status_code == 302
    response = client.post(
        "/learning/teams/new/", {"name": "越权队", "organization": county.township_b.pk, "members": [cadre.pk]}
    )
    from learning.models import ServiceTeam

    assert response.status_code == 200 and list(ServiceTeam.objects.values_list("name", flat=True)) == ["新服务队"]


@pytest.fixture
def visits(team_a, team_b, county):
    services.visit_record(team=team_a, date=DAY, target=county.village_a1, content="念山送技术", kinds=["technology"])
    services.visit_record(
        team=team_a, date=DAY.replace(month=7), target=county.village_a2, content="石门送政策", kinds=["policy"]
    )
    services.visit_record(team=team_b, date=DAY, target=county.group_b1, content="东平送法律", kinds=["law"])


def test_visit_list_is_scoped_and_filtered(client, personas, county, visits):
    client.force_login(personas.township_admin_a)
    body = client.get("/learning/visits/").content.decode()
    assert "念山送技术" in body and "石门送政策" in body and "东平送法律" not in body
    client.force_login(personas.county_admin)
    from learning.models import DeliveryKind

    body = client.get("/learning/visits/", {"kind": DeliveryKind.objects.get(code="law").pk}).content.decode()
    assert "东平送法律" in body and "念山送技术" not in body
    body = client.get("/learning/visits/", {"area": county.township_a.code, "month": "2010-07"}).content.decode()
    assert "石门送政策" in body and "念山送技术" not in body and "东平送法律" not in body
    response = client.get("/learning/visits/", {"month": "July"})
    assert "月份格式" in response.content.decode()


def test_visit_export_is_scoped(client, personas, visits):
    client.force_login(personas.village_admin_b)
    response = client.get("/learning/visits/?format=xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[4], r[5]) for r in rows] == [("东平镇政策服务队", "东平第一党小组", "送法律")]


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_do_not_query_per_row(
    client, personas, county, team_a, members, training_a1, django_assert_max_num_queries
):
    client.force_login(personas.county_admin)
    services.visit_record(team=team_a, date=DAY, target=county.village_a1, content="一", kinds=["law"])
    services.attendance_add(training=training_a1, people=[members.a1])
    urls = [
        "/learning/",
        "/learning/visits/",
        "/learning/teams/",
        f"/learning/trainings/{training_a1.pk}/",
        f"/learning/teams/{team_a.pk}/",
        f"/learning/trainings/{training_a1.pk}/attendees/",
    ]
    few = {url: _count(client, url) for url in urls}
    for n in range(4):
        training = make_training(county.village_a2, topic=f"培训{n}")
        services.attendance_add(training=training, people=[members.a2])
        services.attendance_add(training=training_a1, people=[f.member(county.village_a1, county.group_a1)])
        services.visit_record(team=team_a, date=DAY, target=county.group_a1, content=f"访{n}", kinds=["law", "policy"])
        services.service_team_create(name=f"队{n}", organization=county.township_b)
    for url in urls:
        with django_assert_max_num_queries(few[url]):
            client.get(url)
