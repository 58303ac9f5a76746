"""In Chromium: a branch secretary downloads nothing by hand, uploads the month's meetings, reads the preview
and commits; a second file with one bad row shows the row and writes nothing. Then the page in English."""

import datetime as dt
import os

import pytest

from branch_life.models import Attendance, Meeting
from exchange.tests.helpers import xlsx
from xianfeng.tests import factories as f
from xianfeng.tests.test_browser_csp import log_in, visit, watch  # noqa: F401 - the fixture

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]

HEADERS = ["村代码", "会议类型", "日期", "主题", "主持人", "出席", "请假", "缺席", "决定事项"]


def test_a_secretary_imports_the_months_meetings(page, live_server, settings, county, personas, tmp_path, watch):  # noqa: F811
    settings.XIANFENG_TODAY = "2010-12-20"
    settings.MEDIA_ROOT = tmp_path
    f.member(county.village_a1, county.group_a1, name="王党员")
    admin = f.user("village_a1", "village_admin", organization=county.village_a1)
    code = county.village_a1.code
    good = tmp_path / "会议.xlsx"
    good.write_bytes(
        xlsx(HEADERS, [[code, "主题党日", dt.date(2010, 12, 1), "清扫村道", "", "李党员", "王党员", "", ""]])
    )
    bad = tmp_path / "会议2.xlsx"
    bad.write_bytes(
        xlsx(
            HEADERS,
            [
                [code, "党课", dt.date(2010, 12, 3), "党史", "", "李党员", "", "", ""],
                [code, "党课", dt.date(2010, 12, 4), "党史二", "", "张外人", "", "", ""],
            ],
        )
    )
    base = live_server.url
    log_in(page, f"{base}/accounts/login/", admin.username)
    visit(page, f"{base}/import/")
    assert page.get_by_role("link", name="组织生活会议（含出席）").count() == 1
    page.select_option("select[name=kind]", "meetings")
    page.set_input_files("input[name=file]", str(good))
    page.get_by_role("button", name="上传并校验").click()
    page.wait_for_load_state("networkidle")
    assert "念山村 2010-12-01 主题党日：清扫村道 · 出席1人、请假1人、缺席0人" in page.content()
    assert Meeting.objects.count() == 0
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_load_state("networkidle")
    assert "导入完成：新增 1 条，更新 0 条。" in page.content()
    assert Attendance.objects.filter(meeting__topic="清扫村道").count() == 2

    visit(page, f"{base}/import/?kind=meetings")
    page.set_input_files("input[name=file]", str(bad))
    page.get_by_role("button", name="上传并校验").click()
    page.wait_for_load_state("networkidle")
    error_row = page.locator("tr.row-error")
    assert error_row.count() == 1 and error_row.locator("td").first.inner_text() == "3"
    assert "张外人不是念山村党支部的党员，不能登记出席情况。" in error_row.inner_text()
    assert page.get_by_role("button", name="确认导入").count() == 0
    assert Meeting.objects.count() == 1

    # In English: the kinds, the note, and the rows' refusals in the language the file was uploaded in.
    page.locator("form.langswitch button[value=en]").click()
    page.wait_for_load_state("networkidle")
    visit(page, f"{base}/import/")
    assert page.get_by_role("link", name="Meetings with attendance").count() == 1
    assert "do not update records" in page.content()
    page.select_option("select[name=kind]", "meetings")
    page.set_input_files("input[name=file]", str(bad))
    page.locator("main form button[type=submit].primary").click()
    page.wait_for_load_state("networkidle")
    assert "张外人: not a member of the 念山村 branch; no attendance can be recorded." in page.content()
    assert Meeting.objects.count() == 1
    assert watch.clean(), "\n".join(watch.violations + watch.errors)
