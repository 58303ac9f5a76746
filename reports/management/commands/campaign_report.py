import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from organizations.models import Organization
from reports.figures import compute_figures


class Command(BaseCommand):
    help = "Write the campaign report for a scope (division code) and period (year)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scope", required=True, help="division code of a county or township")
        parser.add_argument("--period", required=True, type=int, help="campaign year, e.g. 2010")
        parser.add_argument("--format", default="json", choices=["json"])
        parser.add_argument("--lang", default="zh-hans", choices=["zh-hans", "en"])
        parser.add_argument("--output", default="-", help="file to write; '-' for standard output")

    def handle(self, *args: object, **options: object) -> None:
        code = str(options["scope"])
        scope = Organization.objects.filter(code=code).first()
        if scope is None:
            raise CommandError(f"no organization with code {code!r}")
        with translation.override(str(options["lang"])):
            figures = compute_figures(scope, int(options["period"]))  # type: ignore[call-overload]
            payload = {
                "scope": {"code": scope.code, "name": scope.display_name, "kind": scope.kind},
                "period": options["period"],
                "figures": {k: (int(v) if isinstance(v, Decimal) and v == int(v) else v) for k, v in figures.items()},
            }
        text = json.dumps(payload, ensure_ascii=False, indent=2, default=str)
        if options["output"] == "-":
            self.stdout.write(text)
        else:
            Path(str(options["output"])).write_text(text + "\n", encoding="utf-8")
