"""The transfer introduction letter as an A4 PDF (WeasyPrint, as the campaign report): the page's own letter part
(``membership/_letter.html``) in a standalone document whose stylesheet is embedded, so no static server is needed."""

from pathlib import Path

from django.template.loader import render_to_string

from common import clock

from .models import Transfer

CSS_PATH = Path(__file__).resolve().parent / "static" / "membership" / "letter.css"


def letter_html(transfer: Transfer) -> str:
    return render_to_string(
        "membership/letter_document.html",
        {"transfer": transfer, "today": clock.today(), "css": CSS_PATH.read_text(encoding="utf-8")},
    )


def letter_pdf(transfer: Transfer) -> bytes:
    from weasyprint import HTML  # imported here: loading WeasyPrint costs time every other path does not need

    return HTML(string=letter_html(transfer)).write_pdf()
