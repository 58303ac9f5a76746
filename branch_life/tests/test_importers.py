"""Excel import of meetings with attendance and of dues payments: preview, all or nothing, the page's refusals, scope."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from branch_life import services
from branch_life.models import Attendance, AttendanceStatus, DuesPayment, Meeting, MeetingKind
from exchange.importers import IMPORTERS
from exchange.models import ImportJob, ImportStatus
from exchange.tests.helpers import errors_of, run, upload, xlsx

pytestmark = pytest.mark.django_db

A1 = "350725100201"  # 念山村, township A
B1 = "350725101201"  # 东平村, township B
MEETING_HEADERS = ["村代码", "会议类型", "日期", "主题", "主持人", "出席", "请假", "缺席", "决定事项"]
DUES_HEADERS = ["村代码", "姓名", "身份证号", "所属月份", "金额（元）", "交纳日期"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _meetings(*rows: list[object]) -> bytes:
    return xlsx(MEETING_HEADERS, [list(r) for r in rows])


def _dues(*rows: list[object]) -> bytes:
    return xlsx(DUES_HEADERS, [list(r) for r in rows])


GOOD_MEETING = [
    A1,
    "支部党员大会",
    "2010-12-01",
    "选举支部委员",
    "陈书记",
    "陈书记、李党员",
    "王党员",
    "",
    "通过选举办法",
]


def test_a_meetings_file_is_previewed_then_imported_with_its_attendance(branch_a1, village_admin_a1):
    data = _meetings(
        GOOD_MEETING, [A1, "主题党日", dt.date(2010, 12, 10), "清扫村道", "", "李党员，赵预备", "", "", ""]
    )
    preview = run("meetings", data, user=village_admin_a1)
    assert errors_of(preview) == []
    # The preview says what will be written (the attendance counted as it will be recorded), and writes nothing.
    assert [o.summary for o in preview.outcomes] == [
        "念山村 2010-12-01 支部党员大会：选举支部委员 · 出席2人、请假1人、缺席1人",
        "念山村 2010-12-10 主题党日：清扫村道 · 出席2人、请假0人、缺席2人",
    ]
    assert Meeting.objects.count() == 0 and Attendance.objects.count() == 0
    report = run("meetings", data, user=village_admin_a1, commit=True)
    assert report.ok and report.created == 2
    assembly = Meeting.objects.get(kind=MeetingKind.ASSEMBLY)
    statuses = dict(assembly.attendance.values_list("member__name", "status"))
    # Named members as written; the member in no column (the probationer, a member by then) absent.
    assert statuses == {
        "陈书记": AttendanceStatus.PRESENT,
        "李党员": AttendanceStatus.PRESENT,
        "王党员": AttendanceStatus.EXCUSED,
        "赵预备": AttendanceStatus.ABSENT,
    }
    assert assembly.presided_by == branch_a1["chen"] and assembly.decisions == "通过选举办法"
    assert assembly.recorded_by == village_admin_a1
    # The same file again is refused row by row: a meeting is recorded once.
    again = run("meetings", data, user=village_admin_a1, commit=True)
    assert [n for n, _c, _m in errors_of(again)] == [2, 3] and Meeting.objects.count() == 2


def test_a_meetings_file_with_bad_rows_writes_nothing_and_names_each_row(branch_a1, village_admin_a1):
    data = _meetings(
        GOOD_MEETING,
        # A decision of the assembly with one of three full members present: no quorum, as on the page.
        [A1, "支部党员大会", "2010-12-02", "发展党员表决", "", "李党员", "陈书记、王党员", "", "同意接收"],
        [A1, "党课", "2010-12-03", "党史", "", "李党员、张外人", "", "", ""],  # not a member of the branch
        [A1, "党课", "2010-12-05", "党史二", "", "李党员", "李党员", "", ""],  # named twice
        [A1, "主题党日", "2011-01-05", "未来", "", "李党员", "", "", ""],  # a day still to come
        [A1, "茶话会", "2010-12-04", "不是会议类型", "", "", "", "", ""],
    )
    report = run("meetings", data, user=village_admin_a1, commit=True)
    assert not report.ok and report.created == 0
    assert Meeting.objects.count() == 0 and Attendance.objects.count() == 0
    errors = errors_of(report)
    assert {n for n, _c, _m in errors} == {3, 4, 5, 6, 7}
    by_row = {n: (column, message) for n, column, message in errors}
    assert by_row[3][0] == "决定事项" and "实到1人" in by_row[3][1]
    assert by_row[4] == ("出席", "张外人不是念山村党支部的党员，不能登记出席情况。")
    assert "两次" in by_row[5][1]
    assert by_row[6][0] == "日期"
    assert by_row[7][0] == "会议类型"


def test_a_member_who_joined_after_the_meeting_is_refused_as_on_the_page(branch_a1, village_admin_a1):
    data = _meetings([A1, "主题党日", "2010-02-01", "春耕", "", "赵预备", "", "", ""])  # joined 2010-03-01
    errors = errors_of(run("meetings", data, user=village_admin_a1))
    assert errors == [(2, "出席", "赵预备不是念山村党支部的党员，不能登记出席情况。")]


def test_rows_outside_the_importers_scope_are_refused(branch_a1, personas):
    data = _meetings(GOOD_MEETING, [B1, "主题党日", "2010-12-01", "东平清扫", "", "", "", "", ""])
    report = run("meetings", data, user=personas.village_admin_b, commit=True)
    assert errors_of(report) == [(2, "村代码", "不在您的管辖范围内。")]
    assert Meeting.objects.count() == 0
    dues = run("dues_payments", _dues([A1, "李党员", "", "2010-11", "0.5", ""]), user=personas.village_admin_b)
    assert errors_of(dues) == [(2, "村代码", "不在您的管辖范围内。")]
    # The township admin above both villages of township A writes there; 东平村 is another township's.
    township = run("meetings", data, user=personas.township_admin_a)
    assert [(n, c) for n, c, _m in errors_of(township)] == [(3, "村代码")]


def test_a_dues_file_is_previewed_then_imported(branch_a1, village_admin_a1):
    services.dues_rate_set(
        member=branch_a1["wang"], since=dt.date(2010, 1, 1), base=Decimal("100"), rate=Decimal("0.5")
    )
    data = _dues(
        [A1, "李党员", "", "2010-11", 0.8, "2010-12-01"],
        [A1, "王党员", "", "2010年10月", "", ""],  # the amount of the member's rate, paid today
        [A1, "李党员", "", dt.date(2010, 12, 1), "1", "2010-12-15"],
    )
    preview = run("dues_payments", data, user=village_admin_a1)
    assert errors_of(preview) == []
    assert [o.summary for o in preview.outcomes] == [
        "念山村 李党员 2010-11 0.8元",
        "念山村 王党员 2010-10 0.5元",
        "念山村 李党员 2010-12 1元",
    ]
    assert DuesPayment.objects.count() == 0
    report = run("dues_payments", data, user=village_admin_a1, commit=True)
    assert report.ok and report.created == 3
    wang = DuesPayment.objects.get(member=branch_a1["wang"])
    assert (wang.month, wang.amount, wang.paid_on) == (dt.date(2010, 10, 1), Decimal("0.50"), dt.date(2010, 12, 20))
    assert sorted(DuesPayment.objects.values_list("amount", flat=True)) == [
        Decimal("0.50"),
        Decimal("0.80"),
        Decimal("1.00"),
    ]


def test_a_dues_file_with_bad_rows_writes_nothing_and_names_each_row(branch_a1, village_admin_a1):
    services.dues_pay(member=branch_a1["chen"], month=dt.date(2010, 9, 1), amount=Decimal("1"))
    data = _dues(
        [A1, "李党员", "", "2010-11", "0.5", ""],
        [A1, "李党员", "", "2011-01", "0.5", ""],  # a month still to come
        [A1, "李党员", "", "2010-11", "0.5", ""],  # the same month twice in the file
        [A1, "陈书记", "", "2010-09", "1", ""],  # already on record
        [A1, "张外人", "", "2010-11", "0.5", ""],  # not a member of the branch
        [A1, "王党员", "", "2010-11", "", ""],  # no amount and no rate
        [A1, "王党员", "", "十一月", "abc", ""],
    )
    report = run("dues_payments", data, user=village_admin_a1, commit=True)
    assert not report.ok and report.created == 0
    assert DuesPayment.objects.count() == 1  # only the one paid before
    by_row: dict[int, list[tuple[str, str]]] = {}
    for n, column, message in errors_of(report):
        by_row.setdefault(n, []).append((column, message))
    assert sorted(by_row) == [3, 4, 5, 6, 7, 8]
    assert by_row[3] == [("所属月份", "不能登记尚未到来的月份（2011-01）的党费。")]
    assert by_row[4] == [("所属月份", "李党员2010-11的党费已登记。")]
    assert by_row[5] == [("所属月份", "陈书记2010-09的党费已登记。")]
    assert by_row[6] == [("姓名", "张外人不是念山村党支部的党员。")]
    assert by_row[7][0][0] == "金额（元）" and "尚未核定党费基数" in by_row[7][0][1]
    assert [c for c, _m in by_row[8]] == ["所属月份", "金额（元）"]


def test_same_names_in_a_branch_are_told_apart(branch_a1, village_admin_a1):
    from xianfeng.tests import factories as f

    other = f.member(branch_a1["li"].membership.branch, name="李党员")
    data = _meetings([A1, "党课", "2010-12-03", "党史", "", "李党员", "", "", ""])
    errors = errors_of(run("meetings", data, user=village_admin_a1))
    assert errors and errors[0][0] == 2 and "2名党员叫李党员" in errors[0][2]
    tail = other.id_number[-4:]
    data = _meetings([A1, "党课", "2010-12-03", "党史", "", f"李党员({tail})", "", "", ""])
    assert run("meetings", data, user=village_admin_a1, commit=True).ok
    assert Attendance.objects.get(status=AttendanceStatus.PRESENT).member == other
    dues = _dues([A1, "李党员", other.id_number, "2010-11", "0.5", ""])
    assert run("dues_payments", dues, user=village_admin_a1, commit=True).ok
    assert DuesPayment.objects.get().member == other


@pytest.mark.parametrize("kind", ["meetings", "dues_payments"])
def test_the_template_downloads_and_its_example_row_imports(kind, branch_a1, village_admin_a1, client):
    client.force_login(village_admin_a1)
    content = client.get(reverse("exchange:template", args=[kind])).content
    workbook = load_workbook(BytesIO(content))
    assert [c.value for c in workbook.worksheets[0][1]] == [f.header for f in IMPORTERS[kind].fields]
    notes = [r[0] for r in workbook["说明"].iter_rows(values_only=True) if r and r[0]]
    assert any("不会重复登记" in str(n) for n in notes)
    if kind == "dues_payments":
        services.dues_rate_set(
            member=branch_a1["li"], since=dt.date(2010, 1, 1), base=Decimal("100"), rate=Decimal("0.5")
        )
    assert errors_of(run(kind, content, user=village_admin_a1)) == []


def test_the_import_page_lists_the_new_kinds_and_runs_them_as_jobs(branch_a1, village_admin_a1, client):
    client.force_login(village_admin_a1)
    page = client.get(reverse("exchange:import_start")).content.decode()
    assert "组织生活会议（含出席）" in page and "党费交纳" in page and 'id="import-once"' in page
    response = client.post(
        reverse("exchange:import_start"), {"kind": "meetings", "file": upload(_meetings(GOOD_MEETING))}
    )
    job = ImportJob.objects.get()
    assert response.url == reverse("exchange:job", args=[job.pk])
    assert job.status == ImportStatus.PREVIEWED and job.created_count == 1 and job.error_count == 0
    detail = client.get(response.url).content.decode()
    assert "选举支部委员 · 出席2人、请假1人、缺席1人" in detail and Meeting.objects.count() == 0
    client.post(reverse("exchange:job_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and Meeting.objects.count() == 1


def test_the_new_kinds_speak_english(branch_a1, village_admin_a1, client):
    client.force_login(village_admin_a1)
    with translation.override("en"):
        page = client.get(reverse("exchange:import_start"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        errors = errors_of(
            run("meetings", _meetings([A1, "党课", "2010-12-03", "x", "", "张外人", "", "", ""]), user=village_admin_a1)
        )
        preview = run("dues_payments", _dues([A1, "李党员", "", "2010-11", "0.5", ""]), user=village_admin_a1)
    assert "Meetings with attendance" in page and "Dues payment" in page
    assert errors[0][2] == "张外人: not a member of the 念山村 branch; no attendance can be recorded."
    assert preview.outcomes[0].summary == "念山村 李党员 2010-11 CNY 0.5"
