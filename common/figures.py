"""The figure and trend registries: each app registers what it counts from its own records.

A figure is a function of a unit (an organization; its subtree is counted) and a year.
Its key is the scenario file's key, so a report can be compared with the scenario it was
built from — but the value always comes from the records. Figures registered with
``rows=`` (a queryset of the year's rows and the path to their organization's code) can
also be counted per child unit in one GROUP BY; the others are computed per unit.

A trend is a figure by month: twelve values per series. Each names the figure its months
add up to, and a test holds every trend to that.

``reports`` composes these registries (dashboards, the campaign report); it never reads
another app's models.
"""

import datetime as dt
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from django.db.models import Aggregate, Count, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.functional import Promise

from common import clock

from .registry import Registry

Number = int | Decimal
F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")
MONTHS = range(1, 13)


class Unit(Protocol):
    """What figures, trends and rules are asked about: an organization of the tree."""

    @property
    def code(self) -> str: ...

    @property
    def kind(self) -> str: ...


Compute = Callable[[Any, int], Number]  # (unit, year) -> value
Rows = Callable[[int], QuerySet[Any]]  # year -> the rows counted, before the subtree filter


@dataclass(frozen=True)
class Figure:
    key: str
    label: str | Promise
    requirement: str
    compute: Compute
    unit: str | Promise = ""
    # False for the supporting counts the report's prose states (not in the source's figure table).
    headline: bool = True
    rows: Rows | None = None
    code_path: str = ""
    value: Aggregate | None = None
    money: bool = False
    finish: Callable[[Any], Number] | None = None  # turns the aggregate into the figure (a duration into hours)

    def grouped(self, unit: Unit, year: int, length: int) -> dict[str, Number]:
        """Return the figure per code prefix of ``length`` under ``unit`` (one query); {} if not groupable."""
        if self.rows is None:
            return {}
        found = (
            self.rows(year)
            .filter(**{f"{self.code_path}__startswith": unit.code})
            .annotate(prefix=Substr(self.code_path, 1, length))
            .values("prefix")
            .annotate(v=self.value or Count("id"))
            .order_by()
        )
        return {row["prefix"]: self._clean(row["v"]) for row in found}

    def _clean(self, value: Any) -> Number:
        if self.finish is not None:
            return self.finish(value)
        if self.money:
            # SQLite sums decimals loosely (3000.5); money is to the fen.
            return Decimal(value or 0).quantize(Decimal("0.01"))
        return value or 0


FIGURES: Registry[Figure] = Registry("figure")


def register(
    key: str, *, label: str | Promise, requirement: str, unit: str | Promise = "", headline: bool = True
) -> Callable[[F], F]:
    """Register ``func(unit, year) -> number`` as figure ``key``."""

    def decorator(func: F) -> F:
        FIGURES.add(key, Figure(key, label, requirement, func, unit, headline))
        return func

    return decorator


def register_rows(
    key: str,
    *,
    label: str | Promise,
    requirement: str,
    code_path: str,
    unit: str | Promise = "",
    value: Aggregate | None = None,
    money: bool = False,
    finish: Callable[[Any], Number] | None = None,
    headline: bool = True,
) -> Callable[[Rows], Rows]:
    """Register ``rows(year) -> queryset`` as figure ``key``: ``value`` (a count by default) over the rows
    whose organization (at ``code_path``) lies in the unit's subtree."""

    def decorator(rows: Rows) -> Rows:
        aggregate = value or Count("id")

        def compute(target: Unit, year: int) -> Number:
            total = rows(year).filter(**{f"{code_path}__startswith": target.code}).aggregate(v=aggregate)["v"]
            return FIGURES[key]._clean(total)

        FIGURES.add(
            key, Figure(key, label, requirement, compute, unit, headline, rows, code_path, value, money, finish)
        )
        return rows

    return decorator


def compute_figures(
    unit: Unit, year: int, keys: list[str] | None = None, *, headline: bool | None = True
) -> dict[str, Number]:
    """Return every registered figure (or those in ``keys``; or only headline / supporting ones) for ``unit``."""
    wanted = keys if keys is not None else [k for k, f in FIGURES.items() if headline is None or f.headline == headline]
    token = _shared.set({}) if _shared.get() is None else None
    try:
        return {key: FIGURES[key].compute(unit, year) for key in wanted}
    finally:
        if token is not None:
            _shared.reset(token)


# Figures computed together (one ``compute_figures()``) may share one read: the grade counts
# of every grade come from one pass over the assessments.
_shared: ContextVar[dict[Hashable, Any] | None] = ContextVar("figures_shared", default=None)


def shared(key: Hashable, compute: Callable[[], T]) -> T:
    """Return ``compute()``, computed once per ``compute_figures()`` call for ``key``."""
    cache = _shared.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def as_of(year: int) -> dt.date:
    """The day a year's figures, trends and findings are seen on: its last day, or today while it runs."""
    return min(clock.today(), dt.date(year, 12, 31))


# -- trends ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    values: list[Number]  # one per month, January first


@dataclass(frozen=True)
class Trend:
    id: str
    title: str
    unit: str
    series: list[Series]
    stacked: bool = False


TrendCompute = Callable[[Any, int, dt.date], list[Series]]  # (unit, year, seen on) -> series


@dataclass(frozen=True)
class TrendSpec:
    key: str
    title: str | Promise
    unit: str | Promise
    compute: TrendCompute
    # The figure whose year value the months of ``sums`` (series keys) add up to.
    figure: str
    sums: tuple[str, ...]
    order: int = 100
    stacked: bool = False


TRENDS: Registry[TrendSpec] = Registry("trend", sort_key=lambda t: t.order)


def register_trend(
    key: str,
    *,
    title: str | Promise,
    unit: str | Promise,
    figure: str,
    sums: tuple[str, ...] | None = None,
    order: int = 100,
    stacked: bool = False,
) -> Callable[[F], F]:
    """Register ``func(unit, year, on) -> [Series]`` as trend ``key``; its ``sums`` series add up to ``figure``."""

    def decorator(func: F) -> F:
        TRENDS.add(key, TrendSpec(key, title, unit, func, figure, sums or (), order, stacked))
        return func

    return decorator


def compute_trends(unit: Unit, year: int, on: dt.date) -> list[Trend]:
    return [
        Trend(spec.key, str(spec.title), str(spec.unit), spec.compute(unit, year, on), spec.stacked)
        for spec in TRENDS.values()
    ]


def monthly(found: dict[int, Any], zero: Number = 0) -> list[Number]:
    """Twelve values, January first, from a {month: value} mapping (missing months are ``zero``)."""
    return [found.get(m) or zero for m in MONTHS]


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The year as aware local datetimes [start, end), for DateTimeField ranges that use an index."""
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)
