"""A file cannot make an import unbounded, nor lose rows without a word (T-TRUST).

The bomb and the lying dimensions are built the way an attacker would: a workbook written
with openpyxl, then the XML of ``xl/worksheets/sheet1.xml`` edited in the zip.
"""

import re
import time
import zipfile
from io import BytesIO

import pytest
from django.utils import translation

from exchange.importing import Importer
from exchange.limits import Limits
from exchange.tests.helpers import errors_of, run, xlsx
from organizations.models import Organization

pytestmark = pytest.mark.django_db

HEADERS = ["区划代码", "名称"]


def _villages(n: int, start: int = 300) -> list[list[str]]:
    return [[f"350725100{start + i}", f"新村{i}"] for i in range(n)]


def _edit_sheet(data: bytes, edit) -> bytes:
    """Rewrite sheet1.xml of an .xlsx with ``edit(xml) -> xml``; every other part is copied as it is."""
    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = edit(content.decode()).encode()
            target.writestr(item.filename, content)
    return out.getvalue()


def _with_dimension(data: bytes, ref: str) -> bytes:
    def edit(xml: str) -> str:
        xml = re.sub(r"<dimension ref=\"[^\"]*\"\s*/>", "", xml)
        return re.sub(r"(<worksheet[^>]*>)", rf'\1<dimension ref="{ref}"/>', xml, count=1)

    return _edit_sheet(data, edit)


def _run(importer_kind: str, data: bytes, personas, *, commit: bool = False, limits: Limits | None = None):
    from accounts.scope import scope_for_user
    from exchange.importers import IMPORTERS

    importer: Importer = IMPORTERS[importer_kind](scope=scope_for_user(personas.county_admin))
    with translation.override("zh-hans"):
        return importer.run(BytesIO(data), commit=commit, limits=limits or Limits.from_settings())


def test_the_dimension_bomb_is_refused_within_seconds(county, personas):
    bomb = _with_dimension(xlsx(HEADERS, _villages(3)), "A1:XFD1048576")
    assert len(bomb) < 8_000  # a few KB that claim 17 billion cells
    started = time.monotonic()
    report = _run("villages", bomb, personas)
    elapsed = time.monotonic() - started
    print(f"dimension bomb refused in {elapsed:.3f} s")  # 0.02 s here; main took over an hour
    assert elapsed < 5
    assert report.file_errors and "A1:XFD1048576" in report.file_errors[0]
    assert "1,048,576 行 × 16,384 列" in report.file_errors[0]
    assert report.outcomes == []


def test_a_dimension_shorter_than_the_rows_imports_every_row(county, personas):
    # The sheet says A1:B3 (two data rows) but holds 40: main imported two and dropped 38 without a word.
    data = _with_dimension(xlsx(HEADERS, _villages(40)), "A1:B3")
    before = Organization.objects.count()
    report = _run("villages", data, personas, commit=True)
    assert errors_of(report) == []
    assert (report.total, report.created) == (40, 40)
    assert Organization.objects.count() == before + 40


def test_a_sheet_without_a_dimension_imports_every_row(county, personas):
    data = _edit_sheet(xlsx(HEADERS, _villages(12)), lambda xml: re.sub(r"<dimension ref=\"[^\"]*\"\s*/>", "", xml))
    report = _run("villages", data, personas)
    assert errors_of(report) == [] and report.total == 12


def test_a_claim_far_beyond_the_data_but_within_the_limits_reads_the_real_rows(county, personas):
    data = _with_dimension(xlsx(HEADERS, _villages(5)), "A1:L40000")
    started = time.monotonic()
    report = _run("villages", data, personas)
    assert errors_of(report) == [] and report.total == 5
    assert time.monotonic() - started < 5


def test_empty_trailing_rows_are_not_data(county, personas):
    rows = [*_villages(3), *[[None, None]] * 500, ["", "  "]]
    report = _run("villages", xlsx(HEADERS, rows), personas)
    assert errors_of(report) == [] and report.total == 3


def test_more_rows_than_the_limit_are_refused(county, personas):
    report = _run("villages", xlsx(HEADERS, _villages(6)), personas, limits=Limits(rows=5, cells=10_000, seconds=60))
    assert report.file_errors == ["文件超过 5 行，请分批导入。"]


def test_content_beyond_the_template_columns_and_margin_is_refused(county, personas):
    # Villages: 3 template columns + 10 for notes = 13 (M); a value in column N is refused by name.
    wide = [["350725100301", "新村", *[None] * 11, "多余"]]
    report = _run("villages", xlsx(HEADERS, wide), personas)
    assert report.file_errors == [
        "第 2 行的 N 列有内容，但导入文件最多 13 列（模板的 3 列，另可多 10 列备注）。请删除多余的列。"
    ]
    # Notes within the margin are ignored, as before.
    notes = [["350725100301", "新村", *[None] * 10, "备注"]]
    assert errors_of(_run("villages", xlsx(HEADERS, notes), personas)) == []


def test_more_cells_than_the_limit_are_refused_before_openpyxl_reads_the_sheet(county, personas):
    # One row of 30,000 empty styled cells: openpyxl would build all of them before the importer saw any.
    def edit(xml: str) -> str:
        cells = "".join("<c/>" for _ in range(30_000))
        return xml.replace("</sheetData>", f'<row r="5">{cells}</row></sheetData>')

    data = _edit_sheet(xlsx(HEADERS, _villages(2)), edit)
    report = _run("villages", data, personas, limits=Limits(rows=50_000, cells=20_000, seconds=60))
    assert report.file_errors == ["文件包含超过 20,000 个单元格（含带格式的空单元格），超过导入上限，请分批导入。"]


def test_a_file_that_unpacks_far_beyond_its_size_is_refused(county, personas):
    def edit(xml: str) -> str:
        return xml.replace("</worksheet>", f"<!--{'x' * 3_000_000}--></worksheet>")

    data = _edit_sheet(xlsx(HEADERS, _villages(2)), edit)
    assert len(data) < 100_000
    report = _run("villages", data, personas, limits=Limits(rows=50_000, cells=20_000, seconds=60))
    assert report.file_errors == ["文件解压后有 3 MB，超过导入上限（2 MB），请分批导入。"]


def test_entity_declarations_are_refused_as_unreadable(county, personas):
    def edit(xml: str) -> str:
        laughs = '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        assert "<t>350725100300</t>" in xml
        return laughs + xml.replace("<t>350725100300</t>", "<t>&b;</t>")

    report = _run("villages", _edit_sheet(xlsx(HEADERS, _villages(2)), edit), personas)
    assert report.file_errors == ["无法读取该文件，请上传用本系统模板填写的 .xlsx 文件。"]


def test_a_run_past_its_time_limit_stops_and_writes_nothing(county, personas, monkeypatch):
    from exchange.importers.org_kinds import DivisionImporter

    original = DivisionImporter.write

    def slow_write(self, plan, report):
        original(self, plan, report)
        time.sleep(1.2)  # the rows are written; the check before committing finds the time is up

    monkeypatch.setattr(DivisionImporter, "write", slow_write)
    before = Organization.objects.count()
    report = _run("villages", xlsx(HEADERS, _villages(3)), personas, commit=True, limits=Limits(50_000, 10_000, 1))
    assert report.file_errors == [
        "处理时间超过了 1 秒的上限，已停止，未写入任何数据。请把文件分成几个较小的文件分批导入。"
    ]
    assert (report.created, report.updated) == (0, 0)
    assert Organization.objects.count() == before


def test_limit_messages_speak_english(county, personas):
    bomb = _with_dimension(xlsx(HEADERS, _villages(1)), "A1:XFD1048576")
    from accounts.scope import scope_for_user
    from exchange.importers import IMPORTERS

    with translation.override("en"):
        report = IMPORTERS["villages"](scope=scope_for_user(personas.county_admin)).run(BytesIO(bomb), commit=False)
    assert report.file_errors[0].startswith("The sheet declares the range A1:XFD1048576 (1,048,576 rows × 16,384")


def test_the_helpers_file_is_refused_the_same_through_run(county, personas):
    # The path the pages take (exchange.tests.helpers.run, as the job runner calls Importer.run).
    bomb = _with_dimension(xlsx(HEADERS, _villages(1)), "A1:XFD1048576")
    with translation.override("zh-hans"):
        assert "A1:XFD1048576" in errors_of(run("villages", bomb, user=personas.county_admin))[0][2]
