"""Members away (流动党员): the services' refusals, the branch's list and its scope, the Excel export, R-TRANSFER's
findings of members away on dates, and the figure ``members_away`` before and after."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from common.figures import compute_figures
from common.rules import evaluate
from membership import services
from membership.models import Away, LostContact, Reach
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db
PHONE = "13912345678"


@pytest.fixture(autouse=True)
def _today(settings):
    settings.XIANFENG_TODAY = "2010-12-20"


def _away(person, since=dt.date(2010, 3, 1), **kwargs):
    kwargs.setdefault("place", "浙江省温州市")
    kwargs.setdefault("receiving", "温州市某工业园区流动党员党支部")
    return services.away_record(person=person, since=since, **kwargs)


def _code(exc: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    return str(exc.value.error_dict[field][0].code)


def test_recording_a_member_away_keeps_where_since_when_and_the_certificate(county):
    person = f.member(county.village_a1, county.group_a1)
    away = _away(
        person,
        contact="139 1234 5678",
        receiving_org=county.village_b1,
        receiving="",
        certificate_number="闽流2010-001",
        certificate_issued_on=dt.date(2010, 2, 20),
    )
    away.refresh_from_db()
    assert (away.place, away.since, away.contact) == ("浙江省温州市", dt.date(2010, 3, 1), PHONE)
    assert away.receiving == county.village_b1.display_name and away.receiving_org == county.village_b1
    assert (away.certificate_number, away.certificate_issued_on) == ("闽流2010-001", dt.date(2010, 2, 20))


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"since": dt.date(2010, 12, 21)}, "since", "in_future"),
        ({"since": dt.date(1999, 1, 1)}, "since", "away_before_joining"),
        ({"place": " "}, "place", "place_required"),
        ({"contact": "12345"}, "contact", "phone"),
        ({"receiving": ""}, "receiving", "receiving_required"),
        ({"certificate_number": "闽流2010-002"}, "certificate_number", "certificate_incomplete"),
        (
            {"certificate_number": "闽流2010-002", "certificate_issued_on": dt.date(2011, 1, 1)},
            "certificate_issued_on",
            "in_future",
        ),
    ],
)
def test_bad_input_is_refused_with_its_code_and_records_nothing(county, kwargs, field, code):
    person = f.member(county.village_a1)
    with pytest.raises(ValidationError) as exc:
        _away(person, **kwargs)
    assert _code(exc, field) == code
    assert not Away.objects.exists()


def test_a_non_member_an_ended_member_and_one_transferred_out_are_refused(county):
    with pytest.raises(ValidationError) as exc:
        _away(f.person(county.village_a1))
    assert _code(exc, "person") == "not_a_member"
    leaver = f.member(county.village_a1)
    services.transfer_issue(
        membership=leaver.membership,
        to_branch=None,
        outside="浙江省某党支部",
        reach=Reach.BEYOND,
        on=dt.date(2010, 1, 5),
        letter_number="政组转2010-9",
        dues_paid_to=dt.date(2009, 12, 31),
    )
    with pytest.raises(ValidationError) as exc:
        _away(leaver)
    assert _code(exc, "person") == "already_transferred_out"
    dead = f.member(county.village_a1)
    services.membership_end(membership=dead.membership, on=dt.date(2010, 2, 1), reason="died")
    with pytest.raises(ValidationError) as exc:
        _away(dead)
    assert _code(exc, "person") == "membership_ended"
    assert not Away.objects.exists()


def test_away_twice_at_once_is_refused_and_after_a_return_allowed(county):
    person = f.member(county.village_a1)
    first = _away(person, since=dt.date(2010, 3, 1))
    with pytest.raises(ValidationError) as exc:
        _away(person, since=dt.date(2010, 5, 1))
    assert _code(exc, "person") == "away_twice"
    services.away_return(away=first, returned_on=dt.date(2010, 6, 1))
    for overlapping in (dt.date(2010, 5, 31), dt.date(2010, 1, 1)):  # inside the first, or open over it
        with pytest.raises(ValidationError) as exc:
            _away(person, since=overlapping)
        assert _code(exc, "person") == "away_twice"
    _away(person, since=dt.date(2010, 6, 1))
    assert Away.objects.count() == 2


def test_a_return_before_leaving_twice_or_in_the_future_is_refused(county):
    away = _away(f.member(county.village_a1), since=dt.date(2010, 3, 1))
    for day, code in ((dt.date(2010, 2, 28), "return_before_leaving"), (dt.date(2010, 12, 21), "in_future")):
        with pytest.raises(ValidationError) as exc:
            services.away_return(away=away, returned_on=day)
        assert _code(exc, "returned_on") == code
    away.refresh_from_db()
    assert away.returned_on is None
    services.away_return(away=away, returned_on=dt.date(2010, 3, 1))
    with pytest.raises(ValidationError) as exc:
        services.away_return(away=away, returned_on=dt.date(2010, 4, 1))
    assert _code(exc, "returned_on") == "returned_twice"
    away.refresh_from_db()
    assert away.returned_on == dt.date(2010, 3, 1)


def test_out_of_contact_is_flagged_then_ended_never_deleted(county):
    away = _away(f.member(county.village_a1), since=dt.date(2010, 3, 1))
    with pytest.raises(ValidationError) as exc:
        services.away_regain_contact(away=away, regained_on=dt.date(2010, 5, 1))
    assert _code(exc, "regained_on") == "not_lost"
    with pytest.raises(ValidationError) as exc:
        services.away_lose_contact(away=away, since=dt.date(2010, 2, 1))
    assert _code(exc, "since") == "lost_before_leaving"
    loss = services.away_lose_contact(away=away, since=dt.date(2010, 4, 1))
    with pytest.raises(ValidationError) as exc:
        services.away_lose_contact(away=away, since=dt.date(2010, 4, 2))
    assert _code(exc, "since") == "lost_twice"
    with pytest.raises(ValidationError) as exc:
        services.away_regain_contact(away=away, regained_on=dt.date(2010, 3, 31))
    assert _code(exc, "regained_on") == "regained_before_lost"
    services.away_regain_contact(away=away, regained_on=dt.date(2010, 7, 1))
    with pytest.raises(ValidationError) as exc:
        services.away_lose_contact(away=away, since=dt.date(2010, 6, 30))  # before contact came back
    assert _code(exc, "since") == "lost_before_leaving"
    services.away_lose_contact(away=away, since=dt.date(2010, 9, 1))
    with pytest.raises(ValidationError) as exc:
        services.away_return(away=away, returned_on=dt.date(2010, 8, 1))
    assert _code(exc, "returned_on") == "return_before_lost"
    services.away_return(away=away, returned_on=dt.date(2010, 10, 1))
    loss.refresh_from_db()
    assert loss.regained_on == dt.date(2010, 7, 1)
    assert list(LostContact.objects.values_list("since", "regained_on")) == [
        (dt.date(2010, 4, 1), dt.date(2010, 7, 1)),
        (dt.date(2010, 9, 1), dt.date(2010, 10, 1)),  # the return ends the open loss
    ]
    with pytest.raises(ValidationError) as exc:
        services.away_lose_contact(away=away, since=dt.date(2010, 11, 1))
    assert _code(exc, "since") == "not_away"


def _away_findings(unit, on):
    return list(evaluate(unit, on, ["R-TRANSFER"]))


def test_the_findings_of_members_away_appear_and_leave_on_their_dates(county):
    person = f.member(county.village_a1, name="外出丙")
    away = _away(person, since=dt.date(2010, 3, 1))
    services.away_lose_contact(away=away, since=dt.date(2010, 4, 1))
    services.away_regain_contact(away=away, regained_on=dt.date(2010, 5, 1))

    def messages(on):
        return sorted(f.message_zh for f in _away_findings(county.township_a, on))

    assert messages(dt.date(2010, 3, 31)) == []
    assert messages(dt.date(2010, 4, 1)) == ["流动党员外出丙自2010-04-01起失去联系。"]
    assert messages(dt.date(2010, 5, 1)) == []  # back in contact
    assert messages(dt.date(2010, 9, 1)) == []  # six months on the day
    assert messages(dt.date(2010, 9, 2)) == ["党员外出丙外出已满六个月，未转接组织关系。"]
    assert _away_findings(county.township_b, dt.date(2010, 9, 2)) == []
    services.away_return(away=away, returned_on=dt.date(2010, 10, 1))
    assert messages(dt.date(2010, 9, 30)) == ["党员外出丙外出已满六个月，未转接组织关系。"]
    assert messages(dt.date(2010, 10, 1)) == []  # returned


def test_the_figure_counts_the_members_away_on_the_periods_last_day(county, settings):
    a = f.member(county.village_a1)
    b = f.member(county.village_b1)
    _away(a, since=dt.date(2009, 11, 1))
    second = _away(b, since=dt.date(2010, 2, 1))

    def figure(unit, year):
        return compute_figures(unit, year, ["members_away"])["members_away"]

    assert (figure(county.county, 2008), figure(county.county, 2009), figure(county.county, 2010)) == (0, 1, 2)
    assert (figure(county.township_a, 2010), figure(county.township_b, 2010)) == (1, 1)
    services.away_return(away=second, returned_on=dt.date(2010, 12, 1))
    assert (figure(county.county, 2009), figure(county.county, 2010)) == (1, 1)
    settings.XIANFENG_TODAY = "2010-11-30"  # while the year runs, counted on today
    assert figure(county.county, 2010) == 2


# -- pages -------------------------------------------------------------------------------


@pytest.fixture
def world(county):
    a1 = _away(f.member(county.village_a1, name="外出甲", phone=PHONE), contact=PHONE)
    b1 = _away(f.member(county.village_b1, name="外出乙"), contact="13700001111")
    services.away_lose_contact(away=b1, since=dt.date(2010, 6, 1))
    return {"a1": a1, "b1": b1}


@pytest.mark.parametrize(
    ("persona", "sees_a1", "sees_b1"),
    [("county_admin", True, True), ("township_admin_a", True, False), ("village_admin_b", False, True)],
)
def test_each_persona_sees_the_members_away_of_its_subtree_only(client, personas, world, persona, sees_a1, sees_b1):
    client.force_login(getattr(personas, persona))
    html = client.get(reverse("membership:away_list")).content.decode()
    assert ("外出甲" in html, "外出乙" in html) == (sees_a1, sees_b1)
    for key, sees in (("a1", sees_a1), ("b1", sees_b1)):
        response = client.get(reverse("membership:away_detail", args=[world[key].pk]))
        assert response.status_code == (200 if sees else 404)


def test_the_member_and_anonymous_see_no_list(client, personas, world):
    assert client.get(reverse("membership:away_list")).status_code == 302
    client.force_login(personas.member)
    html = client.get(reverse("membership:away_list")).content.decode()
    assert "外出甲" not in html and "外出乙" not in html
    assert client.get(reverse("membership:away_detail", args=[world["a1"].pk])).status_code == 404


def test_the_contact_is_masked_but_to_those_who_see_the_person_unmasked(client, personas, world):
    client.force_login(personas.township_admin_a)
    html = client.get(reverse("membership:away_list")).content.decode()
    assert PHONE not in html and "139****5678" in html
    client.force_login(personas.county_admin)
    assert "13700001111" in client.get(reverse("membership:away_detail", args=[world["b1"].pk])).content.decode()


def test_the_list_filters_by_state(client, personas, world):
    client.force_login(personas.county_admin)
    services.away_return(away=world["a1"], returned_on=dt.date(2010, 12, 1))
    url = reverse("membership:away_list")

    def names(state):
        html = client.get(url, {"state": state}).content.decode()
        return {n for n in ("外出甲", "外出乙") if n in html}

    assert (names("current"), names("lost"), names("returned"), names("all")) == (
        {"外出乙"},
        {"外出乙"},
        {"外出甲"},
        {"外出甲", "外出乙"},
    )


def test_the_village_admin_records_a_member_away_through_the_page(client, personas, county):
    person = f.member(county.village_b1, name="外出丁")
    client.force_login(personas.village_admin_b)
    data = {
        "person": person.pk,
        "since": "2010-12-21",
        "place": "广东省东莞市",
        "contact": "",
        "receiving": "东莞市某镇流动党员党支部",
        "certificate_number": "",
        "certificate_issued_on": "",
    }
    response = client.post(reverse("membership:away_create"), data)
    assert response.status_code == 200 and "外出日期不能晚于今天" in response.content.decode()
    assert not Away.objects.exists()
    response = client.post(reverse("membership:away_create"), {**data, "since": "2010-12-01"})
    away = Away.objects.get()
    assert response.status_code == 302 and response.url == reverse("membership:away_detail", args=[away.pk])
    outsider = f.member(county.village_a1)
    response = client.post(reverse("membership:away_create"), {**data, "person": outsider.pk, "since": "2010-12-01"})
    assert response.status_code == 200 and Away.objects.count() == 1  # not a member of a branch of theirs


def test_the_actions_on_the_detail_page(client, personas, world):
    client.force_login(personas.village_admin_b)
    url = reverse("membership:away_detail", args=[world["b1"].pk])
    response = client.post(url, {"action": "regain", "regain-on": "2010-05-01"})
    assert response.status_code == 200 and "恢复联系日期不能早于失联日期" in response.content.decode()
    assert client.post(url, {"action": "regain", "regain-on": "2010-07-01"}).status_code == 302
    assert client.post(url, {"action": "regain", "regain-on": "2010-07-02"}).status_code == 403  # not offered now
    assert client.post(url, {"action": "return", "return-on": "2010-08-01"}).status_code == 302
    world["b1"].refresh_from_db()
    assert world["b1"].returned_on == dt.date(2010, 8, 1)
    assert client.post(url, {"action": "lose", "lose-on": "2010-08-02"}).status_code == 403
    other = reverse("membership:away_detail", args=[world["a1"].pk])
    assert client.post(other, {"action": "return", "return-on": "2010-08-01"}).status_code == 404  # not theirs
    client.force_login(personas.township_admin_a)  # a township manages its villages' members, as on other pages
    assert client.post(other, {"action": "return", "return-on": "2010-08-01"}).status_code == 302


def test_the_pages_in_english(client, personas, world):
    client.force_login(personas.county_admin)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("membership:away_list")).content.decode()
    for text in ("Members away", "Out of contact since 2010-06-01", "Activity certificate"):
        assert text in html
    html = client.get(reverse("membership:away_detail", args=[world["b1"].pk])).content.decode()
    assert "Back in contact" in html and "Mark as out of contact" not in html


def test_the_export_has_the_pages_rows_masked_alike(client, personas, world):
    client.force_login(personas.township_admin_a)
    response = client.get(reverse("membership:away_list"), {"format": "xlsx", "state": "all"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("姓名", "党支部（村）", "外出地点", "外出日期", "联系电话")
    assert [(r[0], r[4]) for r in rows[1:]] == [("外出甲", "139****5678")]


def test_the_list_and_its_export_do_not_query_per_row(client, personas, county, django_assert_max_num_queries):
    client.force_login(personas.county_admin)
    url = reverse("membership:away_list")
    _away(f.member(county.village_a1))
    client.get(url)
    counted = {}
    for fmt in ("", "xlsx"):
        with django_assert_max_num_queries(30) as few:
            assert client.get(url, {"state": "all", "format": fmt}).status_code == 200
        counted[fmt] = len(few.captured_queries)
    for n in range(8):
        away = _away(f.member(county.village_a1 if n % 2 else county.village_b1), contact=PHONE)
        if n % 3 == 0:
            services.away_lose_contact(away=away, since=dt.date(2010, 5, 1))
    for fmt in ("", "xlsx"):
        with django_assert_max_num_queries(counted[fmt]):
            response = client.get(url, {"state": "all", "format": fmt})
        assert response.status_code == 200
    assert Away.objects.count() == 9 and counted[""] <= 20


def test_the_member_finds_their_absences_in_their_own_data_export(client, personas):
    _away(personas.member_person, contact=PHONE)
    client.force_login(personas.member)
    response = client.get(reverse("people:person_data_export", args=[personas.member_person.pk]))
    rows = list(load_workbook(io.BytesIO(response.content))["流动党员"].iter_rows(values_only=True))
    assert rows[0][:4] == ("外出日期", "返回日期", "外出地点", "联系电话")
    assert rows[1][2:4] == ("浙江省温州市", PHONE)


def test_the_branch_has_its_members_out_of_contact_and_away_six_months_as_todos(personas, county):
    from accounts.scope import scope_for_user
    from common.todos import todos_for

    today = dt.date(2010, 12, 20)
    long_away = _away(f.member(county.village_b1, name="外出久"), since=dt.date(2010, 6, 1))
    nearly = _away(f.member(county.village_b1, name="外出将满"), since=dt.date(2010, 6, 25))
    _away(f.member(county.village_b1, name="外出新"), since=dt.date(2010, 9, 1))
    moved = f.member(county.village_b1, name="外出已转")
    _away(moved, since=dt.date(2010, 3, 1))
    services.transfer_issue(
        membership=moved.membership,
        to_branch=None,
        outside="温州市某工业园区党委",
        reach=Reach.PROVINCE,
        on=dt.date(2010, 8, 1),
        letter_number="政组转2010-0001",
        dues_paid_to=dt.date(2010, 7, 31),
    )
    services.away_lose_contact(away=nearly, since=dt.date(2010, 11, 1))

    def items(persona="village_admin_b"):
        user = getattr(personas, persona)
        found = todos_for(scope_for_user(user), user, today)
        return sorted((t.kind, t.title, t.overdue, t.due) for t in found if t.kind.startswith("membership."))

    assert [(kind, overdue, due) for kind, _title, overdue, due in items() if kind != "membership.receipt"] == [
        ("membership.away_transfer", True, dt.date(2010, 12, 1)),  # 外出久: six months full on 1 December
        ("membership.away_transfer", False, dt.date(2010, 12, 25)),  # 外出将满: due within the fortnight
        ("membership.lost_contact", True, None),
    ]
    titles = [title for kind, title, _o, _d in items() if kind != "membership.receipt"]
    assert "流动党员失去联系：外出将满（自2010-11-01起）" in titles
    assert not [t for t in titles if "外出新" in t or "外出已转" in t]
    assert items("county_admin") == [] and items("township_admin_a") == []
    services.away_regain_contact(away=nearly, regained_on=dt.date(2010, 12, 1))
    services.away_return(away=long_away, returned_on=dt.date(2010, 12, 10))
    assert [kind for kind, *_rest in items() if kind != "membership.receipt"] == ["membership.away_transfer"]


def test_a_member_away_is_found_in_the_branch_that_held_them_on_the_day(county):
    person = f.member(county.village_a1, county.group_a1, name="外出丁")
    away = _away(person, since=dt.date(2010, 1, 1))
    services.away_lose_contact(away=away, since=dt.date(2010, 3, 1))
    services.transfer_issue(
        membership=person.membership,
        to_branch=county.village_b1,
        reach=Reach.COUNTY,
        on=dt.date(2010, 10, 1),
        letter_number="政组转2010-0002",
        dues_paid_to=dt.date(2010, 9, 30),
    )

    def found(unit, on):
        return sorted((f.unit, f.message_zh) for f in _away_findings(unit, on) if "介绍信" not in f.message_zh)

    lost = "流动党员外出丁自2010-03-01起失去联系。"
    six = "党员外出丁外出已满六个月，未转接组织关系。"
    # Before the transfer: in 念山村 (township A), though the membership now lies in 东平村.
    assert found(county.township_a, dt.date(2010, 8, 1)) == sorted(
        [(county.village_a1.code, lost), (county.village_a1.code, six)]
    )
    assert found(county.township_b, dt.date(2010, 8, 1)) == []
    # After it: the transfer answers the six months; the lost contact moves with the member.
    assert found(county.township_a, dt.date(2010, 11, 1)) == []
    assert found(county.township_b, dt.date(2010, 11, 1)) == [(county.village_b1.code, lost)]
