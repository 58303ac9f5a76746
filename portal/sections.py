"""Sections other apps contribute to a village's public page.

An app calls ``register_section(order, template_name, context_fn)`` (from its AppConfig.ready);
``context_fn(village)`` returns the template's context — public fields only, in a constant
number of queries — or None to leave the section out.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from organizations.models import Organization

ContextFn = Callable[[Organization], dict[str, Any] | None]


@dataclass(frozen=True)
class Section:
    order: int
    template_name: str
    context_fn: ContextFn


SECTIONS: list[Section] = []


def register_section(order: int, template_name: str, context_fn: ContextFn) -> None:
    if any(s.template_name == template_name for s in SECTIONS):
        return  # registered once, even if ready() runs twice
    SECTIONS.append(Section(order, template_name, context_fn))
    SECTIONS.sort(key=lambda s: s.order)


def sections_for(village: Organization) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for section in SECTIONS:
        context = section.context_fn(village)
        if context is not None:
            found.append((section.template_name, context))
    return found
