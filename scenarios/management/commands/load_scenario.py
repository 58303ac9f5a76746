from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from scenarios.builders import BuildError
from scenarios.loader import LoadResult, load_scenario
from scenarios.schema import ScenarioError


class Command(BaseCommand):
    help = "Build a complete county from a scenario file (YAML), all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="scenario file, e.g. scenarios/data/zhenghe.yaml")

    def handle(self, *args: object, **options: object) -> None:
        try:
            result = load_scenario(str(options["path"]), log=self.stdout.write)
        except (ScenarioError, BuildError) as exc:
            raise CommandError(str(exc)) from None
        report(self, result)


def report(command: BaseCommand, result: LoadResult) -> None:
    """Print the closing lines: figures left for later issues, and the time taken."""
    s = result.scenario
    if result.not_built:
        command.stdout.write(gettext("尚未构建（后续功能补充）：%(keys)s") % {"keys": ", ".join(result.not_built)})
    command.stdout.write(
        command.style.SUCCESS(
            gettext("已建成 %(name)s（%(code)s，%(period)d 年，场景 %(scenario)s），用时 %(seconds).1f 秒。")
            % {
                "name": s.county_name,
                "code": s.county_code,
                "period": s.period,
                "scenario": s.name,
                "seconds": result.seconds,
            }
        )
    )
