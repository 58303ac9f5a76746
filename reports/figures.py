"""The figure registry: each app registers the figures it counts from its own records.

A figure is a function of a scope (an organization; its subtree is counted) and a
period (a year). Its key is the scenario file's key, so a report can be compared with
the scenario it was built from — but the value always comes from the records.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise

from organizations.models import Organization

Number = int | Decimal
Compute = Callable[[Organization, int], Number]


@dataclass(frozen=True)
class Figure:
    key: str
    label: str | Promise
    requirement: str
    compute: Compute
    unit: str | Promise = ""


FIGURES: dict[str, Figure] = {}


def register(key: str, *, label: str | Promise, requirement: str, unit: str | Promise = "") -> Callable[[Compute], Compute]:
    def decorator(func: Compute) -> Compute:
        if key in FIGURES:
            raise ValueError(f"figure {key!r} registered twice")
        FIGURES[key] = Figure(key=key, label=label, requirement=requirement, compute=func, unit=unit)
        return func

    return decorator


def compute_figures(scope: Organization, period: int, keys: list[str] | None = None) -> dict[str, Number]:
    """Return every registered figure (or those in ``keys``) for the subtree of ``scope``."""
    wanted = keys if keys is not None else list(FIGURES)
    return {key: FIGURES[key].compute(scope, period) for key in wanted}
