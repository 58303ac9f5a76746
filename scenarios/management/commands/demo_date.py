from django.core.management.base import BaseCommand, CommandError, CommandParser

from scenarios.loader import ZHENGHE, read_scenario
from scenarios.schema import ScenarioError


class Command(BaseCommand):
    help = "Print the scenario's demo date (its demo_date), the XIANFENG_TODAY that `make run` serves the demo on."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scenario", default=str(ZHENGHE), help="scenario file (default: Zhenghe)")

    def handle(self, *args: object, **options: object) -> None:
        try:
            scenario = read_scenario(str(options["scenario"]))
        except ScenarioError as exc:
            raise CommandError(str(exc)) from None
        if scenario.demo_date is not None:
            self.stdout.write(scenario.demo_date.isoformat())
