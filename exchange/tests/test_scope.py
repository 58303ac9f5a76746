"""An import touches only organizations inside the importing user's write scope."""

import datetime as dt

import pytest

from exchange.tests.helpers import errors_of, run, xlsx
from organizations.models import Organization
from people.id_numbers import make_id_number
from people.models import Household, Person

pytestmark = pytest.mark.django_db

OUT_OF_SCOPE = "不在您的管辖范围内。"


def test_township_admin_cannot_import_a_village_under_another_township(county, personas):
    before = Organization.objects.count()
    data = xlsx(["区划代码", "名称"], [["350725100203", "熊山新村"], ["350725101202", "东平新村"]])
    report = run("villages", data, user=personas.township_admin_a, commit=True)
    assert errors_of(report) == [(3, "区划代码", OUT_OF_SCOPE)]
    assert Organization.objects.count() == before


def test_township_admin_may_import_villages_of_their_own_township(county, personas):
    report = run(
        "villages",
        xlsx(["区划代码", "名称"], [["350725100203", "熊山新村"]]),
        user=personas.township_admin_a,
        commit=True,
    )
    assert errors_of(report) == [] and report.created == 1


def test_township_admin_cannot_create_a_township(county, personas):
    report = run("townships", xlsx(["区划代码", "名称"], [["350725102", "星溪乡"]]), user=personas.township_admin_a)
    assert errors_of(report) == [(2, "区划代码", OUT_OF_SCOPE)]


def test_village_admin_cannot_add_party_groups_elsewhere(county, personas):
    data = xlsx(["村代码", "党小组名称", "建组方式"], [["350725100201", "茶叶党小组", "产业"]])
    report = run("party_groups", data, user=personas.village_admin_b)
    assert errors_of(report) == [(2, "村代码", OUT_OF_SCOPE)]


def test_members_outside_scope_are_refused(county, personas):
    number = make_id_number("350725", dt.date(1980, 1, 2), 31, "M")
    data = xlsx(
        ["姓名", "身份证号", "村代码", "党员类别", "入党日期"],
        [["王五", number, "350725101201", "正式党员", "2001-07-01"]],
    )
    report = run("members", data, user=personas.township_admin_a, commit=True)
    assert errors_of(report) == [(2, "村代码", OUT_OF_SCOPE)]
    assert not Person.objects.with_id_numbers([number]).exists()


def test_a_person_on_record_elsewhere_cannot_be_moved_into_scope(county, personas):
    # The member belongs to village A1 (township A); the village admin of B1 must not take them over.
    member = personas.member_person
    data = xlsx(
        ["姓名", "身份证号", "村代码", "党员类别", "入党日期"],
        [[member.name, member.id_number, "350725101201", "正式党员", "2001-07-01"]],
    )
    report = run("members", data, user=personas.village_admin_b, commit=True)
    assert errors_of(report) == [(2, "身份证号", OUT_OF_SCOPE)]
    member.membership.refresh_from_db()
    assert member.membership.branch == county.village_a1


def test_households_outside_scope_are_refused(county, personas):
    number = make_id_number("350725", dt.date(1950, 1, 2), 32, "F")
    data = xlsx(
        ["户主姓名", "户主身份证号", "村代码", "家庭人口", "致困原因"], [["赵", number, "350725100201", 3, "因病"]]
    )
    report = run("households", data, user=personas.village_admin_b, commit=True)
    assert errors_of(report) == [(2, "村代码", OUT_OF_SCOPE)]
    assert Household.objects.count() == 0
