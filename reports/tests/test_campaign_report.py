"""The campaign report (R-REPORT): every figure stated from the records, in both languages and every format.

Zhenghe is loaded once for the module (about 40 s); the other tests use the small
scenario or ``second.yaml``, a county with other townships, counts and standard sizes.
"""

import datetime as dt
import html
import io
import json
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from organizations import services as org_services
from organizations.models import Organization
from reports import campaign
from reports.campaign import build_report
from reports.phrases import figure_phrase, format_money, format_number
from reports.renderers import render_docx, render_html, render_pdf
from scenarios.loader import DATA_DIR, SMALL, ZHENGHE, load_scenario
from xianfeng.tests import factories as f

SECOND = DATA_DIR / "second.yaml"
LANGUAGES = ("zh-hans", "en")


def scenario_figures(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["figures"]


def phrases(figures: dict, language: str) -> dict[str, str]:
    with translation.override(language):
        return {key: figure_phrase(key, Decimal(str(value))) for key, value in figures.items()}


def squeeze(text: str) -> str:
    """Drop all white space: PDF text and HTML wrap lines wherever they like."""
    return re.sub(r"\s+", "", html.unescape(text))


@pytest.fixture(scope="module")
def zhenghe(django_db_setup, django_db_blocker):
    """Zhenghe, loaded once for the module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        result = load_scenario(ZHENGHE)
        yield result.county
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def zhenghe_reports(zhenghe, django_db_blocker):
    with django_db_blocker.unblock():
        return {language: build_report(zhenghe, 2010, language) for language in LANGUAGES}


@pytest.fixture
def second(db):
    return load_scenario(SECOND).county


# -- numbers -----------------------------------------------------------------------------


def test_money_uses_wan_in_chinese_and_thousands_in_english():
    assert format_money(Decimal("1036000"), "zh-hans") == "103.6万"
    assert format_money(Decimal("287500"), "zh-hans") == "28.75万"
    assert format_money(Decimal("1036123.50"), "zh-hans") == "1036123.50"
    assert format_money(Decimal("1036000"), "en") == "1,036,000"


def test_batches_are_written_in_chinese_numerals_and_nouns_agree_in_english():
    assert format_number("posting_batches", 4, "zh-hans") == "四"
    with translation.override("zh-hans"):
        assert figure_phrase("posting_batches", 4) == "四批"
        assert figure_phrase("cadres_posted", 164) == "164名机关党员干部"
    with translation.override("en"):
        assert figure_phrase("posting_batches", 4) == "4 batches"
        assert figure_phrase("service_centres", 1) == "1 township party-member service centre"
        assert figure_phrase("rural_party_members", 8637) == "8,637 capable rural party members"


# -- Zhenghe -----------------------------------------------------------------------------


def test_zhenghe_json_figures_equal_the_scenario(zhenghe, django_db_blocker):
    out = io.StringIO()
    with django_db_blocker.unblock():
        call_command("campaign_report", "--scope", "350725", "--period", "2010", "--format", "json", stdout=out)
    figures = json.loads(out.getvalue())["figures"]
    expected = scenario_figures(ZHENGHE)
    assert len(expected) == 29
    assert {key: figures[key] for key in expected} == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_zhenghe_html_states_every_figure(zhenghe_reports, language):
    report = zhenghe_reports[language]
    text = squeeze(render_html(report))
    missing = {k: p for k, p in phrases(scenario_figures(ZHENGHE), language).items() if squeeze(p) not in text}
    assert missing == {}
    assert squeeze("政和县" if language == "zh-hans" else "Zhenghe County") in text


def test_zhenghe_chinese_report_reads_like_the_source(zhenghe_reports):
    text = zhenghe_reports["zh-hans"].text()
    for sentence in (
        "全县筛选50个农村基层党组织作为创先争优示范点",
        "选派四批164名机关党员干部到114个村挂职帮扶",
        "组织43个县直部门党组织与27个村结对子",
        "协调解决发展资金103.6万元",
        "在全县124个行政村建立368个党小组",
        "结对帮扶困难户2116户",
    ):
        assert sentence in text
    headings = [s.heading for s in zhenghe_reports["zh-hans"].sections]
    assert headings == [
        "一、建立三项机制，增添创先争优动力",
        "二、开展三项活动，增强创先争优活力",
        "三、搭建三个平台，增加创先争优助力",
    ]


def test_zhenghe_pdf_text_has_name_figures_and_page_numbers(zhenghe_reports, tmp_path):
    report = zhenghe_reports["zh-hans"]
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(report))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    flat = squeeze(text)
    assert "政和县" in flat
    assert "目录" in flat and "第2页" in flat
    missing = {k: p for k, p in phrases(scenario_figures(ZHENGHE), "zh-hans").items() if squeeze(p) not in flat}
    assert missing == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_zhenghe_word_document_has_name_and_figures(zhenghe_reports, language):
    from docx import Document

    document = Document(io.BytesIO(render_docx(zhenghe_reports[language])))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    flat = squeeze("\n".join(paragraphs + cells))
    assert squeeze("政和县" if language == "zh-hans" else "Zhenghe County") in flat
    missing = {k: p for k, p in phrases(scenario_figures(ZHENGHE), language).items() if squeeze(p) not in flat}
    assert missing == {}
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) >= 3 + 9 + 3
    assert document.tables  # the annex
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")


# -- any county --------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_second_county_states_its_own_figures_not_zhenghes(second, language):
    report = build_report(second, 2011, language)
    text = squeeze(render_html(report))
    own = phrases(scenario_figures(SECOND), language)
    assert {k: p for k, p in own.items() if squeeze(p) not in text} == {}
    zhenghe = phrases(scenario_figures(ZHENGHE), language)
    distinctive = [
        "cadres_posted",
        "rural_party_members",
        "posts_claimed",
        "households_paired",
        "development_funds_yuan",
    ]
    assert [k for k in distinctive if squeeze(zhenghe[k]) in text] == []
    assert ("青岚县" if language == "zh-hans" else "QinglanCounty") in text
    assert "政和" not in text and "Zhenghe" not in text


def test_figure_without_records_is_written_as_none_recorded(db):
    county = load_scenario(SMALL).county  # builds villages and members, but no demonstration sites or postings
    zh = build_report(county, 2010, "zh-hans").text()
    en = build_report(county, 2010, "en").text()
    assert "本年度未录入创先争优示范点" in zh
    assert "本年度未录入机关党员干部挂职帮扶记录" in zh
    assert "No demonstration sites were recorded for the year" in en
    assert "no postings of government cadres to villages were recorded" in en
    with translation.override("zh-hans"):
        assert figure_phrase("demonstration_sites", 0) not in zh


def test_township_report_counts_only_its_subtree(second):
    township = Organization.objects.get(code="350798200")
    report = build_report(township, 2011, "zh-hans")
    assert report.figures["administrative_villages"] == 6
    assert "全乡" in report.text() and "在全乡6个行政村" in report.text()
    # Every finding in the annex is about a unit of the township.
    villages = set(Organization.objects.filter(code__startswith="350798200").values_list("name", flat=True))
    compliance = next(s for s in report.annex.subsections if s.key == "compliance")
    listed = {row[0] for t in compliance.tables[1:] for i, row in enumerate(t.rows) if not t.is_heading(i)}
    assert listed and listed <= villages


# -- command -----------------------------------------------------------------------------


def test_command_writes_pdf_docx_and_html(second, tmp_path):
    for fmt in ("pdf", "docx", "html"):
        path = tmp_path / f"r.{fmt}"
        call_command(
            "campaign_report",
            "--scope",
            "350798",
            "--period",
            "2011",
            "--format",
            fmt,
            "--lang",
            "en",
            "--output",
            str(path),
        )
        assert path.stat().st_size > 1000
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_command_refuses_binary_to_stdout(second):
    with pytest.raises(CommandError, match="--output"):
        call_command("campaign_report", "--scope", "350798", "--period", "2011", "--format", "pdf")


# -- the page ----------------------------------------------------------------------------


def test_township_admin_report_page_counts_only_their_township(client, second):
    township = Organization.objects.get(code="350798101")
    client.force_login(f.user("ta", "township_admin", organization=township))
    response = client.get(reverse("reports:report"), {"year": "2011"})
    assert response.status_code == 200
    assert response.context["org"] == township
    assert response.context["report"].figures["administrative_villages"] == 7
    assert "白沙镇" in response.content.decode()
    assert client.get(reverse("reports:report"), {"org": "350798"}).status_code == 404
    assert client.get(reverse("reports:report"), {"org": "350798100"}).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"), [("county_admin", 200), ("township_admin_a", 200), ("village_admin_b", 404), ("member", 404)]
)
def test_report_page_only_for_county_and_township_admins(client, personas, persona, status):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("reports:report"), {"year": "2010"}).status_code == status


def test_report_jobs_give_pdf_and_word(client, personas, county):
    """The PDF and the Word file are report jobs (reports/tests/test_report_jobs.py); the tests run them at once."""
    client.force_login(personas.county_admin)
    url = reverse("reports:report_job_create")

    def file_of(params: dict) -> HttpResponse:
        job = client.post(f"{url}?{urlencode(params)}", follow=True).context["job"]
        return client.get(reverse("reports:report_job_file", args=[job.pk]))

    pdf = file_of({"org": county.county.code, "year": "2010", "format": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    docx = file_of({"org": county.county.code, "year": "2010", "format": "docx", "lang": "en"})
    assert docx.status_code == 200 and "attachment" in docx["Content-Disposition"]
    assert file_of({"org": county.township_b.code, "format": "pdf"}).status_code == 200
    client.force_login(personas.township_admin_a)
    assert client.post(f"{url}?{urlencode({'org': county.township_b.code, 'format': 'pdf'})}").status_code == 404
    # The old download link of a PDF leads to the page with the button, and generates nothing.
    old = client.get(reverse("reports:report_download"), {"format": "pdf", "year": "2010"})
    assert old.status_code == 302 and old.url.startswith(reverse("reports:report"))


def test_report_page_query_count_does_not_grow_with_villages(client, second, monkeypatch):
    county = Organization.objects.get(code="350798")
    client.force_login(f.user("ca", "county_admin", organization=county))
    url = reverse("reports:report")

    def count() -> int:
        # The rules engine is measured by the rules' own tests (R-DISCLOSE loads appointments once per
        # distinct deadline, which new villages without disclosures add); here the findings are computed
        # before counting, so what is counted is the report's own work.
        findings = campaign.evaluate(county, dt.date(2011, 12, 31))
        monkeypatch.setattr(campaign, "evaluate", lambda scope, on: findings)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"year": "2011"}).status_code == 200
        monkeypatch.undo()
        return len(queries)

    before = count()
    for township_code in ("350798100", "350798201"):
        township = Organization.objects.get(code=township_code)
        for number in (250, 251, 252):
            org_services.village_create(township=township, code=f"{township_code}{number}", name=f"新村{number}")
    assert count() == before
