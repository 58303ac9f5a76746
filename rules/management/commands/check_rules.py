import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from common import clock
from common.rules import RULES, evaluate
from organizations.models import Organization


class Command(BaseCommand):
    help = "Evaluate the campaign's rules for a scope on a date and print the findings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scope", required=True, help="division code of the subtree to check")
        parser.add_argument("--on", default=None, help="the date asked about, YYYY-MM-DD (default: today)")
        parser.add_argument("--format", default="text", choices=["json", "text"])
        parser.add_argument("--lang", default="zh-hans", choices=["zh-hans", "en"])
        parser.add_argument("--rule", action="append", default=None, help="only this rule id (repeatable)")

    def handle(self, *args: object, **options: Any) -> None:
        code = str(options["scope"])
        scope = Organization.objects.filter(code=code).first()
        if scope is None:
            raise CommandError(f"no organization with code {code!r}")
        try:
            on = dt.date.fromisoformat(str(options["on"])) if options["on"] else clock.today()
        except ValueError:
            raise CommandError(f"--on must be a date YYYY-MM-DD, not {options['on']!r}") from None
        rule_ids = options["rule"]
        if rule_ids:
            unknown = sorted(set(rule_ids) - set(RULES))  # type: ignore[arg-type]
            if unknown:
                raise CommandError(f"unknown rule(s): {', '.join(unknown)}; known: {', '.join(sorted(RULES))}")
        findings = evaluate(scope, on, rule_ids)  # type: ignore[arg-type]
        language = str(options["lang"])
        with translation.override(language):
            if options["format"] == "json":
                self.stdout.write(
                    json.dumps({"findings": [f.as_json(language) for f in findings]}, ensure_ascii=False, indent=2)
                )
                return
            for f in findings:
                people = "、".join(f"{a.name}（{a.role}）" for a in f.accountable) or "—"
                self.stdout.write(
                    f"[{f.severity}] {f.rule} {f.unit} {f.unit_name} since {f.since}: {f.message(language)} — {people}"
                )
            self.stdout.write(f"{len(findings)} finding(s) for {scope.code} on {on.isoformat()}")
