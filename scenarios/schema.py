"""The shape of a scenario file (F-SCENARIO), checked in full before anything is written.

A scenario is data: a county, its townships and the figures its records must yield.
``parse_scenario`` turns the parsed YAML into a :class:`Scenario` or raises
:class:`ScenarioError` listing every problem, each named by its key path
(``county.townships[2].code``) so the author can find it in the file.
"""

import datetime as dt
import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from common import clock
from common.division_codes import validate_code

# Figure keys that later issues build (requirement in the comment). They are accepted and
# reported as "not built yet" until a builder claims them; anything else is a typo.
PLANNED_FIGURE_KEYS = (
    "leadership_groups",  # M1
    "five_good_items",  # M2
    "five_lead_items",
    "demonstration_sites",  # M3
    "model_members",
    "contact_points",
    "posting_batches",  # A1
    "cadres_posted",
    "villages_with_posted_cadres",
    "departments_paired",
    "villages_paired_with_departments",
    "civilized_units_paired",  # A2
    "villages_paired_with_civilized_units",
    "development_plans",
    "development_projects",
    "development_funds_yuan",
    "enterprises_paired",
    "villages_paired_with_enterprises",
    "service_centres",  # P2
    "love_supermarkets",
    "mobile_service_stations",
    "entrepreneurship_bases",
    "supported_projects",
    "posts_claimed",  # P3
    "households_paired",
    "mutual_aid_groups",
)
# The foundation cannot be built without these.
REQUIRED_FIGURE_KEYS = ("administrative_villages", "party_groups", "rural_party_members")

TOP_LEVEL_KEYS = ("scenario", "random_seed", "period", "county", "figures")
OPTIONAL_TOP_LEVEL_KEYS = ("demo_date", "branch_life", "membership_flow", "points")
# The branch-life builder's parameters (scenarios/builders/branch_life.py): percentages and counts.
BRANCH_LIFE_KEYS = {
    "attendance_percent": 100,
    "attendance_from_month": 12,
    "dues_paid_percent": 100,
    "branches_behind": 1000,
    "members_in_arrears": 10000,
}
# The points builder's parameters (scenarios/builders/points.py): the county's rule table and how many spend.
POINTS_KEYS = {
    "volunteer": 1000,  # points per confirmed volunteer service
    "meeting": 1000,  # per meeting attended
    "commitment": 1000,  # per commitment kept
    "visit": 1000,  # per visit to a household in difficulty
    "post_rated": 1000,  # per star of a post rated at year end
    "monthly_cap": 10000,  # per holder, kind of fact and month (0: none)
    "shoppers_percent": 100,  # of the holders with points who spend some at a love supermarket
}
COUNTY_KEYS = ("name", "code", "townships")
TOWNSHIP_KEYS = ("name", "code", "villages")
OPTIONAL_NAME_KEYS = ("name_en",)
FIRST_VILLAGE_NUMBER = 200  # village codes run township code + 200, 201, …
MAX_VILLAGES_PER_TOWNSHIP = 999 - FIRST_VILLAGE_NUMBER + 1
MAX_GROUPS_PER_VILLAGE = 999  # a group code adds 3 digits to its village's code
EARLIEST_PERIOD = 1980


@dataclass(frozen=True)
class TownshipSpec:
    name: str
    name_en: str
    code: str
    villages: int


@dataclass(frozen=True)
class Scenario:
    name: str
    random_seed: int
    period: int
    county_name: str
    county_name_en: str
    county_code: str
    townships: tuple[TownshipSpec, ...]
    figures: Mapping[str, int | Decimal] = field(default_factory=dict)
    # The campaign's today for a demonstration (``XIANFENG_TODAY``): a day of ``period`` when its
    # reviews, disclosures and assessments fall due. ``setup_demo`` builds and ``make run`` serves on it.
    demo_date: dt.date | None = None
    # The county's province and prefecture, named here or else from GB/T 2260 (``organizations.divisions``).
    province_name: str = ""
    province_name_en: str = ""
    prefecture_name: str = ""
    prefecture_name_en: str = ""
    # Parameters of the branch-life builder (attendance and dues rates, branches and members behind).
    branch_life: Mapping[str, int] = field(default_factory=dict)
    # A year of applications, admissions, transfers and deaths (scenarios/builders/membership.py).
    membership_flow: bool = False
    # Parameters of the points builder (the county's rule table, the share of holders who spend).
    points: Mapping[str, int] = field(default_factory=dict)

    @property
    def period_start(self) -> dt.date:
        return dt.date(self.period, 1, 1)

    @property
    def period_end(self) -> dt.date:
        return dt.date(self.period, 12, 31)

    def figure(self, key: str) -> int:
        return int(self.figures[key])


class ScenarioError(Exception):
    """A scenario that cannot be built; ``problems`` pairs each key path with what is wrong."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__(str(self))

    @property
    def keys(self) -> list[str]:
        return [key for key, _message in self.problems]

    def __str__(self) -> str:
        head = gettext("场景文件有 %(count)d 处问题，未写入任何数据：") % {"count": len(self.problems)}
        return "\n".join([head, *(f"  {key}: {message}" for key, message in self.problems)])


def _type_name(value: object) -> str:
    names = {
        bool: gettext("布尔值"),
        int: gettext("整数"),
        float: gettext("小数"),
        str: gettext("文本"),
        list: gettext("列表"),
        dict: gettext("映射"),
        type(None): gettext("空值"),
    }
    return names.get(type(value), type(value).__name__)


class _Checker:
    """Collect problems instead of stopping at the first, so one run shows them all."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def fail(self, key: str, message: str) -> None:
        self.problems.append((key, message))

    def mapping(self, value: object, path: str, required: Iterable[str], optional: Iterable[str] = ()) -> dict | None:
        if not isinstance(value, dict):
            self.fail(path or "/", gettext("应为映射（键: 值），实际为%(type)s。") % {"type": _type_name(value)})
            return None
        required, optional = tuple(required), tuple(optional)
        for key in required:
            if key not in value:
                self.fail(_join(path, key), gettext("缺少必填项。"))
        for key in value:
            if key not in required and key not in optional:
                self.unknown(_join(path, str(key)), str(key), (*required, *optional))
        return value

    def unknown(self, path: str, key: str, allowed: Iterable[str]) -> None:
        message = gettext("未知的键（是否拼写错误？）。")
        close = difflib.get_close_matches(key, list(allowed), n=1)
        if close:
            message += gettext("是否想写“%(key)s”？") % {"key": close[0]}
        self.fail(path, message)

    def text(self, data: dict, key: str, path: str, *, required: bool = True) -> str:
        value = data.get(key, "" if not required else None)
        if key not in data and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            if key in data:  # a missing key was reported already
                self.fail(_join(path, key), gettext("应为非空文本，实际为%(type)s。") % {"type": _type_name(value)})
            return ""
        return value.strip()

    def integer(self, data: dict, key: str, path: str, *, minimum: int, maximum: int | None = None) -> int | None:
        if key not in data:
            return None
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(_join(path, key), gettext("应为整数，实际为%(type)s。") % {"type": _type_name(value)})
            return None
        if value < minimum or (maximum is not None and value > maximum):
            bounds = {"value": value, "minimum": minimum, "maximum": maximum}
            if maximum is None:
                self.fail(_join(path, key), gettext("%(value)d 不能小于 %(minimum)d。") % bounds)
            else:
                self.fail(_join(path, key), gettext("%(value)d 应在 %(minimum)d 到 %(maximum)d 之间。") % bounds)
            return None
        return value

    def code(self, data: dict, key: str, path: str, kind: str, parent_code: str | None) -> str:
        if key not in data:
            return ""
        value = data[key]
        if not isinstance(value, str):
            self.fail(
                _join(path, key),
                gettext('区划代码应写成带引号的文本（如 "%(value)s"），实际为%(type)s。')
                % {"value": value, "type": _type_name(value)},
            )
            return ""
        try:
            validate_code(value, kind, parent_code)
        except ValidationError as exc:
            for message in exc.messages:
                self.fail(_join(path, key), message)
            return ""
        return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def parse_scenario(data: object, *, known_figures: Iterable[str] = ()) -> Scenario:
    """Return the scenario described by ``data`` or raise ScenarioError naming every bad key.

    ``known_figures`` are the keys that builders or the figure registry know besides
    the planned and required ones.
    """
    check = _Checker()
    top = check.mapping(data, "", TOP_LEVEL_KEYS, OPTIONAL_TOP_LEVEL_KEYS)
    if top is None:
        raise ScenarioError(check.problems)
    name = check.text(top, "scenario", "")
    seed = check.integer(top, "random_seed", "", minimum=0)
    period = check.integer(top, "period", "", minimum=EARLIEST_PERIOD, maximum=clock.today().year)
    county, townships = _parse_county(check, top.get("county"))
    figures = _parse_figures(check, top.get("figures"), known_figures)
    demo_date = _parse_demo_date(check, top.get("demo_date"), period)
    branch_life = _parse_numbers(check, top.get("branch_life", {}), "branch_life", BRANCH_LIFE_KEYS)
    points = _parse_numbers(check, top.get("points", {}), "points", POINTS_KEYS)
    membership_flow = top.get("membership_flow", False)
    if not isinstance(membership_flow, bool):
        check.fail(
            "membership_flow",
            gettext("应为布尔值（true 或 false），实际为%(type)s。") % {"type": _type_name(membership_flow)},
        )
    if townships and figures is not None:
        _check_consistency(check, townships, figures)
    if check.problems:
        raise ScenarioError(check.problems)
    assert county is not None and seed is not None and period is not None and figures is not None
    return Scenario(
        name=name,
        random_seed=seed,
        period=period,
        county_name=county["name"],
        county_name_en=county["name_en"],
        county_code=county["code"],
        townships=tuple(townships),
        figures=figures,
        demo_date=demo_date,
        province_name=county["province"][0],
        province_name_en=county["province"][1],
        prefecture_name=county["prefecture"][0],
        prefecture_name_en=county["prefecture"][1],
        branch_life=branch_life,
        membership_flow=membership_flow is True,
        points=points,
    )


def _parse_numbers(check: _Checker, value: object, where: str, keys: Mapping[str, int]) -> dict[str, int]:
    """An optional mapping of builder parameters: each a whole number from 0 to its maximum."""
    data = check.mapping(value, where, (), tuple(keys))
    if data is None:
        return {}
    parsed = {}
    for key, maximum in keys.items():
        number = check.integer(data, key, where, minimum=0, maximum=maximum)
        if number is not None:
            parsed[key] = number
    return parsed


def _parse_demo_date(check: _Checker, value: object, period: int | None) -> dt.date | None:
    """An optional date (2010-12-20) inside the campaign year ``period``."""
    if value is None:
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        check.fail("demo_date", gettext("应为日期，如 2010-12-20。"))
        return None
    if period is not None and value.year != period:
        check.fail("demo_date", gettext("演示日期应在活动年度 %(year)d 之内。") % {"year": period})
        return None
    return value


def _parse_county(check: _Checker, value: object) -> tuple[dict | None, list[TownshipSpec]]:
    if value is None:
        return None, []  # "county" missing was reported with the top-level keys
    data = check.mapping(value, "county", COUNTY_KEYS, (*OPTIONAL_NAME_KEYS, "province", "prefecture"))
    if data is None:
        return None, []
    county: dict[str, Any] = {
        "name": check.text(data, "name", "county"),
        "name_en": check.text(data, "name_en", "county", required=False),
        "code": check.code(data, "code", "county", "county", None),
        "province": _parse_level(check, data, "province"),
        "prefecture": _parse_level(check, data, "prefecture"),
    }
    raw = data.get("townships")
    townships: list[TownshipSpec] = []
    if "townships" in data and (not isinstance(raw, list) or not raw):
        check.fail("county.townships", gettext("应为至少含一个乡镇的列表。"))
        raw = []
    seen_codes: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for index, item in enumerate(raw or []):
        path = f"county.townships[{index}]"
        town = check.mapping(item, path, TOWNSHIP_KEYS, OPTIONAL_NAME_KEYS)
        if town is None:
            continue
        # Without a valid county code the township code can only be checked for its length.
        code = check.code(town, "code", path, "township", county["code"] or None)
        name = check.text(town, "name", path)
        villages = check.integer(town, "villages", path, minimum=1, maximum=MAX_VILLAGES_PER_TOWNSHIP)
        if code and code in seen_codes:
            check.fail(
                f"{path}.code",
                gettext("乡镇代码 %(code)s 与 county.townships[%(other)d] 重复。")
                % {"code": code, "other": seen_codes[code]},
            )
            code = ""
        if name and name in seen_names:
            check.fail(
                f"{path}.name",
                gettext("乡镇名称“%(name)s”与 county.townships[%(other)d] 重复。")
                % {"name": name, "other": seen_names[name]},
            )
        seen_codes.setdefault(code, index)
        seen_names.setdefault(name, index)
        if code and name and villages is not None:
            name_en = check.text(town, "name_en", path, required=False)
            townships.append(TownshipSpec(name=name, name_en=name_en, code=code, villages=villages))
    # Counts are compared only when every township was readable: a skipped one would add a false problem.
    complete = townships if len(townships) == len(raw or []) else []
    if not (county["name"] and county["code"]):
        return None, complete
    return county, complete


def _parse_level(check: _Checker, county: dict, key: str) -> tuple[str, str]:
    """The optional name of the county's province or prefecture: ``{name: 南平市, name_en: Nanping}``."""
    if key not in county:
        return "", ""
    path = f"county.{key}"
    data = check.mapping(county[key], path, ("name",), ("name_en",))
    if data is None:
        return "", ""
    return check.text(data, "name", path), check.text(data, "name_en", path, required=False)


def _parse_figures(check: _Checker, value: object, known: Iterable[str]) -> dict[str, int | Decimal] | None:
    if value is None:
        return None
    allowed = (*REQUIRED_FIGURE_KEYS, *PLANNED_FIGURE_KEYS, *(k for k in known if k not in PLANNED_FIGURE_KEYS))
    data = check.mapping(value, "figures", REQUIRED_FIGURE_KEYS, [k for k in allowed if k not in REQUIRED_FIGURE_KEYS])
    if data is None:
        return None
    figures: dict[str, int | Decimal] = {}
    for key, raw in data.items():
        if key not in allowed:
            continue
        path = f"figures.{key}"
        # Money may carry fen (分); every other figure is a count.
        if str(key).endswith("_yuan") and isinstance(raw, float) and not isinstance(raw, bool):
            if raw < 0:
                check.fail(path, gettext("金额不能为负数。"))
            else:
                figures[key] = Decimal(str(raw))
            continue
        number = check.integer(data, key, "figures", minimum=0)
        if number is not None:
            figures[key] = number
    if any(key not in figures for key in REQUIRED_FIGURE_KEYS):
        return None
    return figures


def _check_consistency(check: _Checker, townships: list[TownshipSpec], figures: dict[str, int | Decimal]) -> None:
    villages = int(figures["administrative_villages"])
    groups = int(figures["party_groups"])
    members = int(figures["rural_party_members"])
    total = sum(t.villages for t in townships)
    if total != villages:
        check.fail(
            "figures.administrative_villages",
            gettext("各乡镇 villages 之和为 %(total)d，与 administrative_villages = %(value)d 不符。")
            % {"total": total, "value": villages},
        )
    if groups < villages:
        check.fail(
            "figures.party_groups",
            gettext("党小组数 %(groups)d 少于行政村数 %(villages)d：每个村至少要有一个党小组。")
            % {"groups": groups, "villages": villages},
        )
    elif groups > villages * MAX_GROUPS_PER_VILLAGE:
        check.fail(
            "figures.party_groups",
            gettext("党小组数 %(groups)d 过多：每个村最多 %(max)d 个。")
            % {"groups": groups, "max": MAX_GROUPS_PER_VILLAGE},
        )
    if members < groups:
        check.fail(
            "figures.rural_party_members",
            gettext("党员数 %(members)d 少于党小组数 %(groups)d：每个党小组至少要有一名党员。")
            % {"members": members, "groups": groups},
        )
