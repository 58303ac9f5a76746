"""A report worth printing: A4 with page numbers in Word and PDF, charts and tables, an annex in words,
every format one click from the navigation and the dashboard, refusals that say what is wrong."""

import io
import json
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from common.figures import as_of
from common.rules import RULES, evaluate
from reports.campaign import build_report
from reports.charts import Chart
from reports.renderers import render_docx, render_html, render_pdf

YEAR = 2010
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def found(pattern: str, text: str, flags: int = 0) -> str:
    """The first group of ``pattern`` in ``text``; the test fails if it is not there."""
    match = re.search(pattern, text, flags)
    assert match is not None, pattern
    return match.group(1)


@pytest.fixture
def report(county):
    return build_report(county.county, YEAR, "zh-hans")


def _rule_codes_in(text: str) -> list[str]:
    return [code for code in RULES if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)]


def test_word_is_a4_with_a_page_number_field(report) -> None:
    from docx import Document

    document = Document(io.BytesIO(render_docx(report)))
    for section in document.sections:
        # Word keeps twentieths of a point: A4 to the tenth of a millimetre (US Letter is 215.9 × 279.4).
        width, height = section.page_width, section.page_height
        assert width is not None and height is not None  # set on every section
        assert (round(width.mm, 1), round(height.mm, 1)) == (210.0, 297.0)
        footer = section.footer._element.xml
        assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", footer)
        assert 'w:fldCharType="begin"' in footer and 'w:fldCharType="end"' in footer
        assert "第 " in footer and " 页" in footer


def test_pdf_is_a4_and_numbers_its_pages(report, tmp_path) -> None:
    html = render_html(report)
    assert "size: A4" in html and "counter(page)" in html
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(report))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    assert "(A4)" in info
    pages = int(found(r"Pages:\s+(\d+)", info))
    assert pages >= 3
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    flat = re.sub(r"\s+", "", text)
    assert [n for n in range(2, pages + 1) if f"第{n}页" not in flat] == []


def test_charts_are_inline_svg_in_html_and_tables_in_word(report) -> None:
    from docx import Document

    html = render_html(report)
    charts = re.findall(r'<figure class="report-figure" data-chart="([^"]+)"><svg ', html)
    # The townships compared (posts, findings) and every monthly trend (reviews, disclosures, hours, posts, funds).
    assert {"compare_posts", "compare_findings"} <= set(charts)
    assert {"trend_reviews", "trend_disclosures", "trend_volunteer_hours", "trend_posts_claimed", "trend_funds"} <= set(
        charts
    )
    assert "<script" not in html  # WeasyPrint runs none: the charts are drawn already
    # Each township is a row of the comparison, named on the chart.
    assert html.count("熊山镇") >= 3 and html.count("东平镇") >= 3
    document = Document(io.BytesIO(render_docx(report)))
    captions = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Caption"]
    assert sum(1 for c in captions if c.startswith("图")) == len(charts)
    assert any("主要数据对比" in c for c in captions)


def test_annex_reads_in_words_grouped_and_counted_without_rule_codes(county, report) -> None:
    findings = evaluate(county.county, as_of(YEAR))
    assert findings, "the small county publishes no disclosure: there are findings to list"
    compliance = next(s for s in report.annex.subsections if s.key == "compliance")
    for language in ("zh-hans", "en"):
        other = build_report(county.county, YEAR, language)
        assert _rule_codes_in(other.text()) == []
        assert _rule_codes_in(render_html(other)) == []
    # One table per township with findings, each row one unit and one kind; headings per kind count them.
    groups = compliance.tables[1:]
    townships = {x.unit[:9] for x in findings}
    assert len(groups) == len(townships)
    listed = 0
    for table in groups:
        assert table.css == "findings" and table.columns[0] == "单位"
        for index, row in enumerate(table.rows):
            if table.is_heading(index):
                assert re.search(r"：\d+个单位", row[0])
            else:
                assert row[2]  # the finding in words
                listed += sum(int(n) for n in re.findall(r"\d+", row[1]))
    assert listed == len(findings)
    kinds = compliance.tables[0]
    assert [r[0] for r in kinds.rows] and all(r[0] in {str(x.title) for x in RULES.values()} for r in kinds.rows)


def test_village_names_keep_their_line(report) -> None:
    from docx import Document

    html = render_html(report)
    assert 'class="report-table findings"' in html
    assert re.search(r"\.report-table\.findings td:first-child[^{]*\{[^}]*white-space: nowrap", html)
    document = Document(io.BytesIO(render_docx(report)))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "单位" and len(t.columns) == 4)
    assert round(table.rows[-1].cells[0].width.cm, 1) == 2.6


def test_chart_svg_escapes_labels_and_writes_values() -> None:
    chart = Chart("c", "图 <x>", "bars", ["A&B村", "熊山镇"], [("岗位", [3, 12])])
    svg = str(chart.svg())
    assert "A&amp;B村" in svg and "<x>" not in svg
    assert ">12</text>" in svg and ">3</text>" in svg
    months = Chart("m", "月", "months", [str(m) for m in range(1, 13)], [("a", [0] * 11 + [5]), ("b", [1] * 12)])
    assert str(months.svg()).count("<polyline") == 2
    assert months.table("表").rows[11] == ["12", "5", "1"]


# -- the page, the navigation, the dashboard ------------------------------------------------


def test_report_is_in_the_navigation_of_county_and_township_admins_only(client, personas) -> None:
    link = f'href="{reverse("reports:report")}"'
    for persona, shown in (("county_admin", True), ("township_admin_a", True), ("village_admin_b", False)):
        client.force_login(getattr(personas, persona))
        assert (link in client.get(reverse("home")).content.decode()) is shown, persona


def test_page_and_dashboard_offer_every_format(client, county, personas) -> None:
    client.force_login(personas.county_admin)
    for url in (reverse("reports:report"), reverse("reports:dashboard")):
        html = client.get(url, {"year": YEAR}).content.decode().replace("&amp;", "&")
        assert f"org={county.county.code}&year={YEAR}" in html
        for fmt in ("html", "json"):
            assert re.search(rf'href="{reverse("reports:report_download")}\?[^"]*format={fmt}"', html), (url, fmt)
        for fmt in ("pdf", "docx"):  # queued as report jobs: a form that posts
            action = rf'<form method="post" action="{reverse("reports:report_job_create")}\?[^"]*format={fmt}"'
            assert re.search(action, html), (url, fmt)
    client.force_login(personas.village_admin_b)
    assert reverse("reports:report_download") not in client.get(reverse("reports:dashboard")).content.decode()


def test_json_download_is_the_whole_report(client, county, personas) -> None:
    client.force_login(personas.township_admin_a)
    response = client.get(reverse("reports:report_download"), {"year": YEAR, "format": "json"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["scope_code"] == county.township_a.code  # a township admin gets their township's report
    assert data["figures"]["administrative_villages"] == 2
    assert data["annex"]["subsections"][0]["key"] == "comparison"


@pytest.mark.parametrize(
    ("params", "message_zh", "message_en"),
    [
        ({"year": "abc"}, "年度“abc”无法使用", 'The year "abc" cannot be used'),
        ({"year": "1999"}, "年度“1999”无法使用", 'The year "1999" cannot be used'),
        ({"year": str(YEAR), "format": "xls"}, "不支持的格式“xls”", 'The format "xls" is not offered'),
    ],
)
def test_bad_year_or_format_is_refused_with_a_message(client, personas, params, message_zh, message_en) -> None:
    client.force_login(personas.county_admin)
    for language, message in (("zh-hans", message_zh), ("en", message_en)):
        client.cookies["django_language"] = language
        response = client.get(reverse("reports:report_download"), params)
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
        assert message in response.content.decode().replace("&quot;", '"')
        if "format" not in params:
            page = client.get(reverse("reports:report"), params)
            assert page.status_code == 400 and 'id="report-error"' in page.content.decode()
            assert page.context.get("report") is None  # nothing generated


def test_english_report_has_english_annex_and_chart_titles(county) -> None:
    report = build_report(county.county, YEAR, "en")
    with translation.override("en"):
        text = report.text()
    assert "Annex: key figures, compliance findings and rankings" in text
    assert "Key figures by township" in text and "Figure 1." in text
    assert "（" not in "".join(
        c.title for s in report.all_sections() for sub in [s, *s.subsections] for c in sub.charts
    )
