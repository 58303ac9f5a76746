"""The campaign report as an HTML document, a PDF (WeasyPrint) and an editable Word file (python-docx).

The HTML document is the PDF's source, so page and PDF say the same thing; the print
stylesheet lives in ``static/reports/campaign.css`` and is embedded, so WeasyPrint needs
no static server and no network (county intranets have none).
"""

import io
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .campaign import CampaignReport
from .writing import Section, Table

CSS_PATH = Path(__file__).resolve().parent / "static" / "reports" / "campaign.css"
# Word shows Chinese in the East-Asian font of a run; the Latin font is kept separate.
DOCX_EAST_ASIAN_BODY = "宋体"
DOCX_EAST_ASIAN_HEADING = "黑体"
DOCX_LATIN = "Times New Roman"


def _labels() -> dict[str, str]:
    return {
        "toc": _("目录"),
        "page_before": _("第 "),
        "page_after": _(" 页"),
    }


def render_fragment(report: CampaignReport) -> SafeString:
    """Return the report's ``<article>``, for embedding in a page."""
    with translation.override(report.language):
        return mark_safe(  # noqa: S308 - a template render, autoescaped
            render_to_string("reports/campaign_body.html", {"report": report, "labels": _labels()})
        )


def render_html(report: CampaignReport) -> str:
    """Return the report as a standalone HTML document (the PDF's source and the HTML download)."""
    with translation.override(report.language):
        return render_to_string(
            "reports/campaign_document.html",
            {"report": report, "labels": _labels(), "css": CSS_PATH.read_text(encoding="utf-8")},
        )


def render_pdf(report: CampaignReport) -> bytes:
    """Return the report as an A4 PDF with a title page, a table of contents and page numbers."""
    from weasyprint import HTML  # imported here: loading WeasyPrint costs time every other path does not need

    return HTML(string=render_html(report)).write_pdf()


def render_docx(report: CampaignReport) -> bytes:
    """Return the report as a Word document: A4, page numbers in the footer, headings per section,
    paragraphs, each chart as a table of its numbers, and the annex tables."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    with translation.override(report.language):
        _a4_with_page_numbers(document, _labels())
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2", "Caption"):
        style = document.styles[style_name]
        east_asian = DOCX_EAST_ASIAN_BODY if style_name in ("Normal", "Caption") else DOCX_EAST_ASIAN_HEADING
        _set_fonts(style.element, east_asian)
        style.font.name = DOCX_LATIN
    document.styles["Normal"].font.size = Pt(12)
    document.core_properties.title = report.title
    document.core_properties.language = report.language

    title = document.add_heading(report.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = document.add_paragraph(report.subtitle)
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in report.opening:
        _body_paragraph(document, text)
    for section in report.all_sections():
        _docx_section(document, section, level=1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _a4_with_page_numbers(document, labels: dict[str, str]) -> None:
    """A4 portrait with the PDF's margins; "第 N 页" centred in the footer (a PAGE field Word fills in)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(25), Mm(22)
    section.left_margin, section.right_margin = Mm(22), Mm(22)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(labels["page_before"])
    # A complex field, each part in its own run as Word writes it: begin, the instruction, separate, the
    # number shown until Word updates the field, end.
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        footer.add_run()._r.append(element)
    footer.add_run(labels["page_after"])


def _set_fonts(element, east_asian: str) -> None:
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), DOCX_LATIN)
    fonts.set(qn("w:hAnsi"), DOCX_LATIN)
    # Heading styles name theme fonts, which win over w:eastAsia unless removed.
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def _body_paragraph(document, text: str) -> None:
    from docx.shared import Pt

    paragraph = document.add_paragraph(text)
    paragraph.paragraph_format.first_line_indent = Pt(24)


def _docx_section(document, section: Section, level: int) -> None:
    document.add_heading(section.heading, level=level)
    for text in section.paragraphs:
        _body_paragraph(document, text)
    for chart in section.charts:
        _docx_table(document, chart.table(chart.title))
    for table in section.tables:
        _docx_table(document, table)
    for sub in section.subsections:
        _docx_section(document, sub, level=level + 1)


def _docx_table(document, table: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    document.add_paragraph(table.caption, style="Caption")
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    if table.widths:
        grid.autofit = False
    for cell, heading in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = heading
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for number, row in enumerate(table.rows):
        cells = grid.add_row().cells
        if table.is_heading(number):
            merged = cells[0].merge(cells[-1])
            merged.text = row[0]
            for run in merged.paragraphs[0].runs:
                run.bold = True
            continue
        for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
            cell.text = value
            if index in table.numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for column, width in zip(grid.columns, table.widths, strict=False):
        for cell in column.cells:
            cell.width = Cm(width)
