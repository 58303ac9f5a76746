"""Build a county from a scenario file (F-SCENARIO): check everything, then write it all or nothing."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext

from common import public_pages
from common.database import analyze
from common.division_codes import prefecture_code, province_code
from common.figures import FIGURES, compute_figures
from organizations.divisions import name_for
from organizations.models import Organization

from .builders import BuildContext, BuildError, built_figures, load_builders
from .schema import Scenario, ScenarioError, parse_scenario
from .synthetic import IdNumbers

DATA_DIR = Path(__file__).resolve().parent / "data"
ZHENGHE = DATA_DIR / "zhenghe.yaml"
SMALL = DATA_DIR / "small.yaml"

Log = Callable[[str], None]


@dataclass
class Stage:
    name: str
    summary: str
    seconds: float


@dataclass
class LoadResult:
    scenario: Scenario
    county: Organization
    stages: list[Stage] = field(default_factory=list)
    not_built: list[str] = field(default_factory=list)
    seconds: float = 0.0


class _StrictLoader(yaml.SafeLoader):
    """YAML that refuses a key given twice: plain YAML keeps the last one silently."""

    def construct_mapping(self, node, deep=False):
        seen: set[object] = set()
        for key_node, _value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise ScenarioError(
                    [(str(key), gettext("键在第 %(line)d 行重复出现。") % {"line": key_node.start_mark.line + 1})]
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_scenario(path: str | Path) -> Scenario:
    """Parse and check a scenario file; raise ScenarioError naming every problem."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError([(str(path), gettext("无法读取文件：%(error)s") % {"error": exc.strerror})]) from None
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ScenarioError([(str(path), gettext("不是有效的 YAML：%(error)s") % {"error": exc})]) from None
    return parse_scenario(data, known_figures=built_figures() | set(FIGURES))


def check_database(scenario: Scenario) -> None:
    """Refuse a scenario whose county is already on record: loading never merges into existing data."""
    existing = Organization.objects.filter(code=scenario.county_code).first()
    if existing is not None:
        raise ScenarioError(
            [
                (
                    "county.code",
                    gettext("县 %(code)s 已存在（%(name)s），未写入任何数据。")
                    % {"code": existing.code, "name": existing.name},
                )
            ]
        )
    on_record = set(
        Organization.objects.filter(
            code__in=[province_code(scenario.county_code), prefecture_code(scenario.county_code)]
        ).values_list("code", flat=True)
    )
    problems = []
    for key, code, name in (
        ("province", province_code(scenario.county_code), scenario.province_name),
        ("prefecture", prefecture_code(scenario.county_code), scenario.prefecture_name),
    ):
        if code not in on_record:
            try:
                name_for(code, name)
            except ValidationError as exc:
                problems.append((f"county.{key}.name", " ".join(exc.messages)))
    if problems:
        raise ScenarioError(problems)


def load_scenario(source: str | Path | Scenario, *, log: Log | None = None) -> LoadResult:
    """Build the county described by ``source`` (a file or a parsed scenario) in one transaction."""
    started = time.perf_counter()
    scenario = source if isinstance(source, Scenario) else read_scenario(source)
    check_database(scenario)
    builders = load_builders()
    built = {key for b in builders for key in b.figures}
    stages: list[Stage] = []
    # One bump of the county's public pages at the end, not one per row built (common.public_pages).
    with transaction.atomic(), public_pages.held(scenario.county_code):
        ctx = BuildContext(scenario=scenario, ids=IdNumbers(scenario.county_code))
        for number, b in enumerate(builders, start=1):
            began = time.perf_counter()
            summary = b.build(ctx)
            stage = Stage(b.name, summary, time.perf_counter() - began)
            stages.append(stage)
            if log:
                log(f"[{number}/{len(builders)}] {b.name}: {summary} ({stage.seconds:.1f} s)")
        assert ctx.county is not None
        # Fresh statistics for the rows just written (PostgreSQL): without them the planner takes
        # the new tables for empty and picks plans (sequential scans per row) that take minutes.
        # The application role owns no table, so this asks the owner's function (common.database).
        analyze(connection)
        _verify(ctx, sorted(k for k in built if k in scenario.figures and k in FIGURES))
    return LoadResult(
        scenario=scenario,
        county=ctx.county,
        stages=stages,
        not_built=[key for key in scenario.figures if key not in built],
        seconds=time.perf_counter() - started,
    )


def _verify(ctx: BuildContext, keys: list[str]) -> None:
    """Count what was built the way the report will; a difference is a builder bug, so roll back."""
    assert ctx.county is not None
    counted = compute_figures(ctx.county, ctx.scenario.period, keys)
    wrong = {k: (counted[k], ctx.scenario.figures[k]) for k in keys if counted[k] != ctx.scenario.figures[k]}
    if wrong:
        raise BuildError(", ".join(f"{k}: counted {got}, scenario says {want}" for k, (got, want) in wrong.items()))
