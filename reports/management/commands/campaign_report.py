import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from common.figures import compute_figures
from organizations.models import Organization
from reports.campaign import REPORT_KINDS, build_report
from reports.renderers import render_docx, render_html, render_pdf

BINARY = {"pdf": render_pdf, "docx": render_docx}


class Command(BaseCommand):
    help = "Write the campaign report for a scope (division code) and period (year)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scope", required=True, help="division code of a province, prefecture, county or township (35, 3507…)"
        )
        parser.add_argument("--period", required=True, type=int, help="campaign year, e.g. 2010")
        parser.add_argument("--format", default="json", choices=["json", "html", "pdf", "docx"])
        parser.add_argument("--lang", default="zh-hans", choices=["zh-hans", "en"])
        parser.add_argument("--output", default="-", help="file to write; '-' for standard output (json, html)")

    def handle(self, *args: object, **options: object) -> None:
        code, fmt, language = str(options["scope"]), str(options["format"]), str(options["lang"])
        period = int(options["period"])  # type: ignore[call-overload]
        output = str(options["output"])
        scope = Organization.objects.filter(code=code).first()
        if scope is None:
            raise CommandError(f"no organization with code {code!r}")
        if fmt in BINARY and output == "-":
            raise CommandError(f"--format {fmt} writes a binary file: give --output FILE")
        if fmt == "json":
            with translation.override(language):
                figures = compute_figures(scope, period)
                payload = {
                    "scope": {"code": scope.code, "name": scope.display_name, "kind": scope.kind},
                    "period": period,
                    "figures": {
                        k: (int(v) if isinstance(v, Decimal) and v == int(v) else v) for k, v in figures.items()
                    },
                }
            self._write(output, json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")
            return
        if scope.kind not in REPORT_KINDS:
            raise CommandError(
                f"{code} is a {scope.kind}: the report is written for a province, prefecture, county or township"
            )
        report = build_report(scope, period, language)
        if fmt in BINARY:
            Path(output).write_bytes(BINARY[fmt](report))
        else:
            self._write(output, render_html(report))

    def _write(self, output: str, text: str) -> None:
        if output == "-":
            self.stdout.write(text, ending="")
        else:
            Path(output).write_text(text, encoding="utf-8")
