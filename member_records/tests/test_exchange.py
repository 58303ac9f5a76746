"""The export in the national layout, and its import: round trips, masking, preview, all-or-nothing, scope."""

import datetime as dt
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from member_records.models import Difficulty, FamilyMember, PostHeld, RecordImport, RewardPunishment

MODELS = (PostHeld, RewardPunishment, FamilyMember, Difficulty)
SHEETS = ["党员基本信息", "职务", "奖惩", "家庭成员", "困难情况"]


def export(client, org: str = "", **headers) -> bytes:
    response = client.get(reverse("member_records:export"), {"org": org} if org else {}, **headers)
    assert response.status_code == 200, response.status_code
    return response.content


def sheet_rows(content: bytes, title: str) -> list[tuple]:
    return list(load_workbook(BytesIO(content), read_only=True)[title].iter_rows(values_only=True))


def upload(client, content: bytes):
    file = SimpleUploadedFile("党员信息.xlsx", content)
    return client.post(reverse("member_records:import"), {"file": file})


def commit(client):
    job = RecordImport.objects.order_by("-pk").first()
    return client.post(reverse("member_records:import"), {"commit": job.pk})


def snapshot() -> list:
    return [
        sorted(m.objects.values_list(*[f.attname for f in m._meta.concrete_fields if f.name != "id"])) for m in MODELS
    ]


def history_rows() -> int:
    return sum(m.history.count() for m in MODELS)


def edited(content: bytes, title: str, row: int, column: str, value) -> bytes:
    wb = load_workbook(BytesIO(content))
    ws = wb[title]
    headers = [c.value for c in ws[1]]
    ws.cell(row=row, column=headers.index(column) + 1, value=value)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_the_county_admin_exports_in_full_and_the_file_round_trips(client, county, personas, records):
    li = records["person"]
    client.force_login(personas.county_admin)
    content = export(client, county.village_a1.code)
    assert load_workbook(BytesIO(content), read_only=True).sheetnames == SHEETS
    basic = sheet_rows(content, "党员基本信息")
    assert basic[0][:2] == ("姓名", "身份证号")
    assert [r[1] for r in basic[1:]] == [li.id_number]  # the county admin of his county sees him in full
    family = sheet_rows(content, "家庭成员")
    assert family[1] == ("李党员", li.id_number, "配偶", "王秀英", "务农", "群众", "13905551234")
    before, stored = snapshot(), history_rows()

    # The same file again: every row is unchanged, nothing is written (no history either).
    response = upload(client, content)
    html = response.content.decode()
    assert response.status_code == 200 and "确认导入" in html
    commit(client)
    assert snapshot() == before and history_rows() == stored

    # Into an empty record: the preview writes nothing, the commit writes every row back as it was.
    for model in MODELS:
        model.objects.all().delete()
    upload(client, content)
    assert all(not m.objects.exists() for m in MODELS)
    report = RecordImport.objects.order_by("-pk").first().report
    assert [s["new"] for s in report["sheets"]] == [1, 1, 1, 1] and report["ok"]
    commit(client)
    assert snapshot() == before
    assert RecordImport.objects.order_by("-pk").first().committed_at is not None


def test_an_english_export_imports_too(client, county, personas, records):
    client.force_login(personas.county_admin)
    content = export(client, county.township_a.code, HTTP_ACCEPT_LANGUAGE="en")
    names = load_workbook(BytesIO(content), read_only=True).sheetnames
    assert names == ["Basic data", "Position", "Rewards and penalties", "Family members", "Difficulties"]
    assert sheet_rows(content, "Family members")[1][2] == "Spouse"
    before = snapshot()
    PostHeld.objects.all().delete()
    upload(client, content)
    commit(client)
    assert snapshot() == before, RecordImport.objects.order_by("-pk").first().report


def test_a_masked_export_keys_by_name_and_mask_and_keeps_the_stored_phone(client, county, personas, records):
    li = records["person"]
    client.force_login(personas.township_admin_a)
    content = export(client, county.township_a.code)
    basic = sheet_rows(content, "党员基本信息")
    assert li.id_number not in str(basic) and basic[1][1] == li.id_number[:6] + "*" * 12
    family = sheet_rows(content, "家庭成员")
    assert family[1][-1] == "139****1234" and "13905551234" not in str(sheet_rows(content, "家庭成员"))
    changed = edited(content, "家庭成员", 2, "工作单位及职务", "村卫生室")
    upload(client, changed)
    report = RecordImport.objects.order_by("-pk").first().report
    assert {s["kind"]: (s["update"], s["same"]) for s in report["sheets"]}["family"] == (1, 0)
    commit(client)
    family_member = FamilyMember.objects.get()
    assert family_member.employer == "村卫生室" and family_member.phone == "13905551234"
    # A masked phone that is not the stored one's mask is refused.
    wrong = edited(content, "家庭成员", 2, "联系电话", "139****0000")
    upload(client, wrong)
    assert "电话号码是掩码" in str(RecordImport.objects.order_by("-pk").first().report)


def test_one_bad_row_writes_nothing_of_any_sheet(client, county, personas, records):
    client.force_login(personas.county_admin)
    content = export(client, county.village_a1.code)
    PostHeld.objects.all().delete()
    Difficulty.objects.all().delete()
    bad = edited(content, "困难情况", 2, "开始日期", dt.date(2011, 5, 1))  # after today (2010-12-20)
    response = upload(client, bad)
    html = response.content.decode()
    assert "不能晚于今天" in html and "确认导入" not in html
    commit(client)  # forced: checked again, refused again
    assert not PostHeld.objects.exists() and not Difficulty.objects.exists()


def test_out_of_scope_unknown_and_duplicate_rows_are_refused(client, county, personas, records):
    client.force_login(personas.county_admin)
    content = export(client, county.village_a1.code)
    before = snapshot()
    # The village admin of 东平村 does not keep 念山村's members.
    client.force_login(personas.village_admin_b)
    upload(client, edited(content, "职务", 2, "任职单位", "别处"))
    report = str(RecordImport.objects.order_by("-pk").first().report)
    assert "该党员不在您可以维护的范围内" in report
    commit(client)
    assert snapshot() == before
    # An ID number on record nowhere, and the same key twice in one sheet.
    client.force_login(personas.county_admin)
    wb = load_workbook(BytesIO(content))
    ws = wb["职务"]
    ws.append(list(next(ws.iter_rows(min_row=2, values_only=True))))
    ws.append(["无名", "350725199001011234", "村民小组长", "念山村", dt.date(2001, 1, 1), None])
    buffer = BytesIO()
    wb.save(buffer)
    upload(client, buffer.getvalue())
    report = str(RecordImport.objects.order_by("-pk").first().report)
    assert "与本文件第 2 行重复" in report and "系统中没有身份证号为“350725************”的人员" in report


def test_the_export_holds_the_derived_columns_and_asks_few_queries(
    client, county, personas, records, django_assert_max_num_queries
):
    from branch_life import services as branch_life
    from xianfeng.tests import factories as f

    li = records["person"]
    branch_life.meeting_record(
        branch=county.village_a1,
        kind="theme_day",
        date=dt.date(2010, 11, 5),
        topic="主题党日",
        attendance={li.pk: "present"},
    )
    client.force_login(personas.county_admin)
    export(client)
    with django_assert_max_num_queries(30) as few:
        content = export(client)
    for n in range(10):
        f.member(county.village_a1, county.group_a1, name=f"党员{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        content = export(client)
    basic = sheet_rows(content, "党员基本信息")
    header = basic[0]
    row = next(r for r in basic if r[0] == "李党员")
    assert row[header.index("本年参加组织生活次数")] == 1
    assert len(basic) == 12
