"""The registry of scenario builders: one module per app area, each declaring the figures it builds.

A builder is a function ``(ctx) -> summary`` registered with :func:`builder`. It writes
through its app's services and leaves what later builders need on the context. Every
module in this package is imported by :func:`load_builders`, so a later issue adds a
module (say ``pairing.py`` claiming ``departments_paired``) and nothing else; the
scenario keys no builder claims are reported as "not built yet".

Each builder draws from its own random stream (seed + builder name), so adding a
builder never changes the names or numbers that the others generate.
"""

import importlib
import pkgutil
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from organizations.models import Organization
from people.models import Person

from ..schema import Scenario
from ..synthetic import IdNumbers


@dataclass
class BuildContext:
    scenario: Scenario
    ids: IdNumbers
    county: Organization | None = None
    townships: list[Organization] = field(default_factory=list)
    # Keyed by the parent's code, in code order.
    villages: dict[str, list[Organization]] = field(default_factory=dict)
    groups: dict[str, list[Organization]] = field(default_factory=dict)
    members: dict[str, list[Person]] = field(default_factory=dict)
    township_cadres: dict[str, list[Person]] = field(default_factory=dict)
    # Anything else a builder wants to hand on, under a key named after it.
    extras: dict[str, Any] = field(default_factory=dict)

    def rng(self, stream: str) -> random.Random:
        return random.Random(f"{self.scenario.random_seed}:{stream}")

    def all_villages(self) -> list[Organization]:
        return [v for t in self.townships for v in self.villages[t.code]]


class BuildError(Exception):
    """Records the models refused although the scenario passed its checks (a loader bug)."""


Build = Callable[[BuildContext], str]


@dataclass(frozen=True)
class Builder:
    name: str
    order: int
    figures: tuple[str, ...]
    build: Build


BUILDERS: dict[str, Builder] = {}


def builder(name: str, *, order: int, figures: tuple[str, ...] = ()) -> Callable[[Build], Build]:
    """Register a builder; ``order`` places it after the builders whose records it needs."""

    def decorator(func: Build) -> Build:
        if name in BUILDERS:
            raise ValueError(f"scenario builder {name!r} registered twice")
        claimed = {key for b in BUILDERS.values() for key in b.figures}
        if claimed & set(figures):
            raise ValueError(f"figures {sorted(claimed & set(figures))} already built by another builder")
        BUILDERS[name] = Builder(name=name, order=order, figures=tuple(figures), build=func)
        return func

    return decorator


def load_builders() -> list[Builder]:
    """Import every builder module once and return the builders in build order."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return sorted(BUILDERS.values(), key=lambda b: (b.order, b.name))


def built_figures() -> set[str]:
    return {key for b in load_builders() for key in b.figures}
