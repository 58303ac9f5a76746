import datetime as dt

import pytest

from exchange.importing import CellError, choice, parse_code, parse_date, parse_id_number, parse_integer
from exchange.tests.helpers import errors_of, run, xlsx
from organizations.models import GroupBasis
from people.id_numbers import make_id_number
from people.models import HouseholdCause, HouseholdStatus, MembershipStatus, Sex, id_number_hash

pytestmark = pytest.mark.django_db


def test_dates_are_read_from_excel_dates_serial_numbers_and_iso_text():
    assert parse_date(dt.datetime(2010, 7, 1, 0, 0)) == dt.date(2010, 7, 1)
    assert parse_date(dt.date(2010, 7, 1)) == dt.date(2010, 7, 1)
    assert parse_date("2010-07-01") == dt.date(2010, 7, 1)
    assert parse_date("2010/7/1") == dt.date(2010, 7, 1)
    assert parse_date(40360) == dt.date(2010, 7, 1)  # Excel's serial number for that day
    assert parse_date("") is None
    with pytest.raises(CellError):
        parse_date("七月一日")


def test_codes_stored_as_numbers_come_back_as_text():
    assert parse_code(350725100201) == "350725100201"
    assert parse_code(350725100201.0) == "350725100201"
    assert parse_code(" 350725100 ") == "350725100"
    with pytest.raises(CellError):
        parse_code("35072A")


def test_id_numbers_must_be_text_because_excel_numbers_lose_digits():
    assert parse_id_number("35072519750302024x") == "35072519750302024X"
    with pytest.raises(CellError):
        parse_id_number(350725197503020247)


def test_integers():
    assert parse_integer("4") == 4
    assert parse_integer(4.0) == 4
    with pytest.raises(CellError):
        parse_integer("四口")


@pytest.mark.parametrize(
    ("choices", "text", "value"),
    [
        (Sex, "男", "M"),
        (Sex, "女", "F"),
        (Sex, "M", "M"),
        (Sex, "f", "F"),
        (MembershipStatus, "正式党员", "full"),
        (MembershipStatus, "预备党员", "probationary"),
        (GroupBasis, "产业", "industry"),
        (GroupBasis, "地域", "locality"),
        (GroupBasis, "特长", "specialty"),
        (HouseholdCause, "因病", "illness"),
        (HouseholdCause, "缺劳力", "labour"),
        (HouseholdStatus, "已脱困", "out"),
    ],
)
def test_choices_are_read_by_chinese_label_or_stored_value(choices, text, value):
    assert choice(choices)(text) == value


def test_unknown_choice_names_the_allowed_labels():
    with pytest.raises(CellError) as exc:
        choice(MembershipStatus)("党员")
    assert "正式党员" in exc.value.message and "预备党员" in exc.value.message


def test_townships_file_is_parsed_and_previewed(county, personas):
    data = xlsx(
        ["区划代码", "名称", "英文名称"], [[350725102, "星溪乡", "Xingxi Township"], ["350725100", "熊山镇", ""]]
    )
    report = run("townships", data, user=personas.county_admin)
    assert errors_of(report) == []
    assert [(o.number, o.action) for o in report.outcomes] == [(2, "new"), (3, "update")]


def test_english_headers_are_accepted_too(county, personas):
    data = xlsx(["Code", "Name"], [["350725100203", "New village"]])
    report = run("villages", data, user=personas.county_admin)
    assert errors_of(report) == []
    assert report.outcomes[0].action == "new"


def test_missing_required_column_is_a_file_error(county, personas):
    report = run("villages", xlsx(["名称"], [["某村"]]), user=personas.county_admin)
    assert report.file_errors and "区划代码" in report.file_errors[0]


def test_a_file_that_is_not_xlsx_is_refused_with_a_message(county, personas):
    report = run("villages", b"not a spreadsheet", user=personas.county_admin)
    assert report.file_errors and ".xlsx" in report.file_errors[0]


def test_party_groups_are_matched_by_village_and_name_or_numbered(county, personas):
    data = xlsx(
        ["村代码", "党小组名称", "建组方式"],
        [["350725100201", "念山第一党小组", "地域"], ["350725100201", "茶叶产业党小组", "产业"]],
    )
    report = run("party_groups", data, user=personas.county_admin)
    assert errors_of(report) == []
    assert report.outcomes[0].action == "update"
    assert report.outcomes[1].action == "new"
    assert report.outcomes[1].summary.startswith("350725100201002")  # the code it will get


def test_members_sex_and_birth_date_default_from_the_id_number(county, personas):
    number = make_id_number("350725", dt.date(1980, 1, 2), 7, "F")
    data = xlsx(
        ["姓名", "身份证号", "村代码", "党员类别", "入党日期", "党小组名称"],
        [["王芳", number, 350725100201, "预备党员", "2009-12-01", "念山第一党小组"]],
    )
    report = run("members", data, user=personas.county_admin, commit=True)
    assert errors_of(report) == []
    from people.models import Person

    person = Person.objects.select_related("membership__party_group").with_id_numbers([number]).get()
    assert (person.sex, person.birth_date) == ("F", dt.date(1980, 1, 2))
    assert person.membership.status == "probationary"
    assert person.membership.party_group == county.group_a1


def test_unknown_party_group_name_is_a_row_error(county, personas):
    number = make_id_number("350725", dt.date(1980, 1, 2), 7, "F")
    data = xlsx(
        ["姓名", "身份证号", "村代码", "党员类别", "入党日期", "党小组名称"],
        [["王芳", number, "350725100201", "正式党员", "2009-12-01", "不存在的党小组"]],
    )
    report = run("members", data, user=personas.county_admin)
    assert [(row, column) for row, column, _m in errors_of(report)] == [(2, "党小组名称")]


def test_households_create_a_missing_head(county, personas):
    number = make_id_number("350725", dt.date(1950, 3, 4), 9, "M")
    data = xlsx(
        ["户主姓名", "户主身份证号", "村代码", "家庭人口", "致困原因", "状态"],
        [["赵大", number, "350725100202", 3, "因病", "好转"]],
    )
    report = run("households", data, user=personas.county_admin, commit=True)
    assert errors_of(report) == [] and report.created == 1
    from people.models import Household

    household = Household.objects.select_related("head", "village").get(head__id_number_hash=id_number_hash(number))
    assert (household.head.name, household.village, household.status) == ("赵大", county.village_a2, "improving")
    assert household.head.home_village == county.village_a2
