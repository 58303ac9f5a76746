"""A file with one bad row changes nothing; the same file twice updates instead of duplicating."""

import datetime as dt

import pytest

from exchange.tests.helpers import errors_of, run, xlsx
from organizations.models import Organization
from people.id_numbers import make_id_number
from people.models import Household, PartyMembership, Person

pytestmark = pytest.mark.django_db

ID_1 = make_id_number("350725", dt.date(1971, 2, 3), 21, "M")
ID_2 = make_id_number("350725", dt.date(1982, 4, 5), 22, "F")
ID_3 = make_id_number("350725", dt.date(1990, 6, 7), 23, "M")

# kind: (headers, good rows, one bad row, what to count)
CASES = {
    "townships": (
        ["区划代码", "名称"],
        [["350725102", "星溪乡"], ["350725103", "外屯乡"]],
        ["350725999999", "代码位数不对"],
        lambda: Organization.objects.townships().count(),
    ),
    "villages": (
        ["区划代码", "名称", "英文名称"],
        [["350725100203", "新村", "New Village"], ["350725101202", "东新村", ""]],
        ["350725109201", "上级不存在的村", ""],
        lambda: Organization.objects.villages().count(),
    ),
    "party_groups": (
        ["村代码", "党小组名称", "建组方式"],
        [["350725100201", "茶叶产业党小组", "产业"], ["350725101201", "东平第二党小组", "地域"]],
        ["350725100202", "无方式党小组", "随便"],
        lambda: Organization.objects.party_groups().count(),
    ),
    "members": (
        ["姓名", "性别", "出生日期", "身份证号", "村代码", "党员类别", "入党日期", "电话"],
        [
            ["张一", "男", dt.date(1971, 2, 3), ID_1, "350725100201", "正式党员", dt.date(1995, 7, 1), "13800001111"],
            ["张二", "女", "1982-04-05", ID_2, "350725101201", "预备党员", "2010-01-02", ""],
        ],
        [
            "张三",
            "女",
            "1990-06-07",
            ID_3,
            "350725100201",
            "正式党员",
            "2000-01-01",
            "",
        ],  # sex and date disagree with ID
        lambda: (Person.objects.count(), PartyMembership.objects.count()),
    ),
    "households": (
        ["户主姓名", "户主身份证号", "村代码", "家庭人口", "致困原因", "状态"],
        [["张一", ID_1, "350725100201", 4, "因病", "困难"], ["张二", ID_2, "350725101201", "2", "因学", ""]],
        ["张三", ID_3, "350725100201", 0, "因病", ""],  # size out of range
        lambda: (Person.objects.count(), Household.objects.count()),
    ),
}


@pytest.mark.parametrize("kind", CASES)
def test_one_bad_row_writes_nothing(kind, county, personas):
    headers, good, bad, count = CASES[kind]
    before = count()
    report = run(kind, xlsx(headers, [*good, bad]), user=personas.county_admin, commit=True)
    assert [row for row, _c, _m in errors_of(report)] == [len(good) + 2]  # the Excel row of the bad one
    assert (report.created, report.updated) == (0, 0)
    assert count() == before


@pytest.mark.parametrize("kind", CASES)
def test_preview_writes_nothing(kind, county, personas):
    headers, good, _bad, count = CASES[kind]
    before = count()
    report = run(kind, xlsx(headers, good), user=personas.county_admin)
    assert errors_of(report) == []
    assert [o.action for o in report.outcomes] == ["new"] * len(good)
    assert count() == before


@pytest.mark.parametrize("kind", CASES)
def test_same_file_twice_updates_instead_of_duplicating(kind, county, personas):
    headers, good, _bad, count = CASES[kind]
    data = xlsx(headers, good)
    first = run(kind, data, user=personas.county_admin, commit=True)
    assert errors_of(first) == [] and (first.created, first.updated) == (len(good), 0)
    after_first = count()
    preview = run(kind, data, user=personas.county_admin)
    assert [o.action for o in preview.outcomes] == ["update"] * len(good)
    second = run(kind, data, user=personas.county_admin, commit=True)
    assert errors_of(second) == [] and (second.created, second.updated) == (0, len(good))
    assert count() == after_first


def test_update_changes_the_record(county, personas):
    run("villages", xlsx(["区划代码", "名称"], [["350725100201", "念山新村"]]), user=personas.county_admin, commit=True)
    county.village_a1.refresh_from_db()
    assert county.village_a1.name == "念山新村"


def test_duplicate_keys_in_one_file_are_row_errors(county, personas):
    headers, good, _bad, count = CASES["members"]
    before = count()
    report = run("members", xlsx(headers, [good[0], good[1], good[0]]), user=personas.county_admin, commit=True)
    assert [(row, column) for row, column, _m in errors_of(report)] == [(4, "身份证号")]
    assert "第 2 行" in errors_of(report)[0][2]
    assert count() == before


def test_villages_may_hang_under_a_township_created_earlier_in_the_same_run(county, personas):
    # Township rows first, then their villages: a parent may come from an earlier row of the file.
    run("townships", xlsx(["区划代码", "名称"], [["350725102", "星溪乡"]]), user=personas.county_admin, commit=True)
    report = run(
        "villages", xlsx(["区划代码", "名称"], [["350725102201", "星溪村"]]), user=personas.county_admin, commit=True
    )
    assert errors_of(report) == [] and report.created == 1
    assert Organization.objects.get(code="350725102201").parent.code == "350725102"


def test_reimport_rewrites_and_records_history_only_for_changed_rows(county, personas):
    headers, good, _bad, _count = CASES["members"]
    run("members", xlsx(headers, good), user=personas.county_admin, commit=True)
    first, second = Person.objects.with_id_numbers([ID_1]).get(), Person.objects.with_id_numbers([ID_2]).get()
    history_before = (first.history.count(), second.history.count())
    changed = [list(good[0]), list(good[1])]
    changed[1][7] = "13900002222"
    report = run("members", xlsx(headers, changed), user=personas.county_admin, commit=True)
    assert (report.created, report.updated) == (0, 2)
    second.refresh_from_db()
    assert second.phone == "13900002222"
    assert (first.history.count(), second.history.count()) == (history_before[0], history_before[1] + 1)
    assert second.history.first().history_user == personas.county_admin
