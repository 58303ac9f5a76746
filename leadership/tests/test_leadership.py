import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from common.figures import compute_figures
from common.rules import evaluate
from leadership import services
from leadership.models import GroupMember, GroupRole, LeadershipGroup, WorkLogEntry
from leadership.selectors import township_leadership
from people import services as people_services
from people.models import CadreRank, Post
from xianfeng.tests import factories as f

START = dt.date(2010, 1, 1)


def _secretary(township, name="王书记", start=START):
    person = f.person(None, name=name)
    people_services.cadre_set(person=person, organization=township, rank=CadreRank.SECTION, position="党委书记")
    people_services.appointment_create(person=person, organization=township, post=Post.TOWNSHIP_SECRETARY, start=start)
    return person


@pytest.fixture
def led_township_a(county):
    secretary = _secretary(county.township_a)
    group = services.leadership_group_create(township=county.township_a, established_on=dt.date(2010, 3, 1))
    services.group_member_add(group=group, person=secretary, role=GroupRole.LEADER, start=dt.date(2010, 3, 1))
    return group, secretary


def test_rule_finds_township_without_group_and_names_its_secretary(county, led_township_a):
    secretary_b = _secretary(county.township_b, name="赵书记")
    findings = evaluate(county.county, dt.date(2010, 6, 30), ["R-LEAD"])
    assert [(x.unit, x.severity) for x in findings] == [(county.township_b.code, "red")]
    assert findings[0].accountable[0].name == secretary_b.name
    assert "东平镇" in findings[0].message_zh


def test_rule_gives_different_findings_on_different_dates(county, led_township_a):
    # Before the group was established, township A has a finding too.
    early = {x.unit for x in evaluate(county.county, dt.date(2010, 2, 1), ["R-LEAD"])}
    late = {x.unit for x in evaluate(county.county, dt.date(2010, 6, 30), ["R-LEAD"])}
    assert county.township_a.code in early
    assert county.township_a.code not in late


def test_rule_flags_leader_who_is_no_longer_secretary(county, led_township_a):
    group, old_secretary = led_township_a
    appointment = old_secretary.appointments.get()
    appointment.end = dt.date(2010, 8, 31)
    appointment.save()
    _secretary(county.township_a, name="新书记", start=dt.date(2010, 9, 1))
    findings = evaluate(county.township_a, dt.date(2010, 10, 1), ["R-LEAD"])
    assert len(findings) == 1
    assert findings[0].since == dt.date(2010, 9, 1)
    assert "不是乡镇党委书记" in findings[0].message_zh


def test_figure_counts_townships_led_by_their_secretary(county, led_township_a):
    assert compute_figures(county.county, 2010, ["leadership_groups"]) == {"leadership_groups": 1}
    secretary_b = _secretary(county.township_b, name="赵书记")
    group_b = services.leadership_group_create(township=county.township_b, established_on=dt.date(2010, 4, 1))
    services.group_member_add(group=group_b, person=secretary_b, role=GroupRole.LEADER, start=dt.date(2010, 4, 1))
    assert compute_figures(county.county, 2010, ["leadership_groups"]) == {"leadership_groups": 2}
    assert compute_figures(county.township_b, 2010, ["leadership_groups"]) == {"leadership_groups": 1}


def test_figure_counts_only_groups_led_by_the_secretary_on_the_years_last_day(county):
    # Township A: its group is led by 王书记, whose term as secretary ends the day before the year's last day.
    old = f.person(None, name="王书记")
    people_services.appointment_create(
        person=old, organization=county.township_a, post=Post.TOWNSHIP_SECRETARY, start=START, end=dt.date(2010, 12, 30)
    )
    new = _secretary(county.township_a, name="新书记", start=dt.date(2010, 12, 31))
    group_a = services.leadership_group_create(township=county.township_a, established_on=dt.date(2010, 3, 1))
    leader_a = services.group_member_add(group=group_a, person=old, role=GroupRole.LEADER, start=dt.date(2010, 3, 1))
    # Township B: its group is led by its secretary all year.
    secretary_b = _secretary(county.township_b, name="赵书记")
    group_b = services.leadership_group_create(township=county.township_b, established_on=dt.date(2010, 4, 1))
    services.group_member_add(group=group_b, person=secretary_b, role=GroupRole.LEADER, start=dt.date(2010, 4, 1))
    # Township C: its group is led by a deputy who is never the secretary.
    township_c = f.township(county.county, "102", "石屯镇")
    _secretary(township_c, name="钱书记")
    group_c = services.leadership_group_create(township=township_c, established_on=dt.date(2010, 4, 1))
    deputy = f.person(None, name="孙副书记")
    services.group_member_add(group=group_c, person=deputy, role=GroupRole.LEADER, start=dt.date(2010, 4, 1))

    def count(unit) -> int | Decimal:
        return compute_figures(unit, 2010, ["leadership_groups"])["leadership_groups"]

    assert (count(county.county), count(county.township_a), count(county.township_b), count(township_c)) == (1, 0, 1, 0)
    # 2010-12-31: the new secretary takes over township A's group, which then counts.
    services.group_member_end(member=leader_a, end=dt.date(2010, 12, 30))
    services.group_member_add(group=group_a, person=new, role=GroupRole.LEADER, start=dt.date(2010, 12, 31))
    assert (count(county.county), count(county.township_a)) == (2, 1)


def test_second_group_for_a_township_is_refused(county, led_township_a):
    with pytest.raises(ValidationError):
        services.leadership_group_create(township=county.township_a, established_on=START)
    assert LeadershipGroup.objects.count() == 1


def test_group_under_a_village_is_refused(county):
    with pytest.raises(ValidationError):
        services.leadership_group_create(township=county.village_a1, established_on=START)
    assert LeadershipGroup.objects.count() == 0


def test_second_leader_at_the_same_time_is_refused(county, led_township_a):
    group, _ = led_township_a
    other = f.person(None, name="另一人")
    with pytest.raises(ValidationError):
        services.group_member_add(group=group, person=other, role=GroupRole.LEADER, start=dt.date(2010, 5, 1))
    assert GroupMember.objects.filter(role=GroupRole.LEADER).count() == 1


def test_work_log_in_the_future_is_refused(county, led_township_a):
    group, _ = led_township_a
    with pytest.raises(ValidationError):
        services.work_log_add(group=group, date=dt.date.today() + dt.timedelta(days=3), kind="planning", title="x")
    assert WorkLogEntry.objects.count() == 0


def test_selector_uses_constant_queries(county, led_township_a, django_assert_num_queries):
    for i in range(3):
        f.township(county.county, f"2{i:02d}", f"乡{i}")
    with django_assert_num_queries(4):
        rows = township_leadership(county.county, dt.date(2010, 6, 30))
    assert len(rows) == 5


def test_check_rules_json_has_the_documented_shape(county, led_township_a, capsys):
    import json

    call_command("check_rules", "--scope", county.county.code, "--on", "2010-06-30", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"findings"}
    row = data["findings"][0]
    assert set(row) == {"rule", "unit", "since", "severity", "accountable", "message"}


# -- pages, per persona ------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "a_status", "b_status"),
    [
        ("county_admin", 200, 200),
        ("township_admin_a", 200, 404),
        ("village_admin_b", 404, 404),
        ("member", 404, 404),
    ],
)
def test_detail_page_is_scoped(client, county, personas, led_township_a, persona, a_status, b_status):
    client.force_login(getattr(personas, persona))
    assert client.get(f"/leadership/{county.township_a.code}/").status_code == a_status
    assert client.get(f"/leadership/{county.township_b.code}/").status_code == b_status


def test_anonymous_is_sent_to_login(client, county):
    response = client.get("/leadership/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_list_shows_only_townships_in_scope(client, county, personas, led_township_a):
    client.force_login(personas.township_admin_a)
    body = client.get("/leadership/").content.decode()
    assert "熊山镇" in body and "东平镇" not in body
    client.force_login(personas.county_admin)
    body = client.get("/leadership/").content.decode()
    assert "熊山镇" in body and "东平镇" in body


def test_township_admin_adds_a_member_and_log_entry(client, county, personas, led_township_a):
    client.force_login(personas.township_admin_a)
    deputy = f.member(county.village_a1, county.group_a1, name="副组长甲")
    response = client.post(
        f"/leadership/{county.township_a.code}/members/add/",
        {"person": deputy.pk, "role": "deputy", "start": "2010-03-01"},
    )
    assert response.status_code == 302
    assert GroupMember.objects.filter(person=deputy, role="deputy").exists()
    response = client.post(
        f"/leadership/{county.township_a.code}/log/add/",
        {"date": "2010-03-05", "kind": "deployment", "title": "部署创先争优", "description": ""},
    )
    assert response.status_code == 302
    assert WorkLogEntry.objects.filter(title="部署创先争优").exists()


def test_township_admin_cannot_edit_other_township(client, county, personas, led_township_a):
    client.force_login(personas.township_admin_a)
    response = client.post(f"/leadership/{county.township_b.code}/create/", {"established_on": "2010-03-01"})
    assert response.status_code == 404
    assert not LeadershipGroup.objects.filter(township=county.township_b).exists()


def test_excel_export_is_scoped(client, county, personas, led_township_a):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(personas.township_admin_a)
    response = client.get("/leadership/?format=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["熊山镇"]
