"""Page sections other apps contribute to a page they do not own.

A host page names itself (``PUBLIC_VILLAGE``, ``ORGANIZATION_DETAIL``); an app registers a
section for it in its ``sections.py``::

    @section(PUBLIC_VILLAGE, "practice.posts", order=20, template="practice/public_section.html")
    def posts_and_commitments(village): ...

The function receives what the host page passes (the public village page: the village;
the organization page: the organization, the viewer's scope and the day looked at; a person's
page: the person and the viewer's scope) and
returns the template's context — in a constant number of queries — or None to leave the
section out. The host renders each section's template with its context, in ``order``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from .registry import Registry

PUBLIC_VILLAGE = "portal.village"  # a village's public page: published, public fields only
ORGANIZATION_DETAIL = "organizations.detail"  # an organization's page, for signed-in users
PERSON_DETAIL = "people.detail"  # a person's page: called with (person, the viewer's scope)
# Paragraphs of the campaign report's practice platform: given (figures, the unit's name), a
# section returns {"text": "..."} in the active language (its ``template`` is unused).
REPORT_PRACTICE = "reports.practice"
# The campaign report: called with (unit, year, as_of); returns {"heading", "paragraphs", "tables": [{"caption",
# "columns", "rows", "numeric"}]} in the active language, which ``reports`` writes as a section after the platforms.
CAMPAIGN_REPORT = "reports.campaign"

SectionContext = Callable[..., dict[str, Any] | None]
C = TypeVar("C", bound=SectionContext)


@dataclass(frozen=True)
class Section:
    page: str
    key: str
    order: int
    template: str
    context: SectionContext
    anchor: str = ""  # the id of the section's element, for a page that lists its sections as tabs
    label: Any = ""  # the tab's translatable label


SECTIONS: Registry[Section] = Registry("page section", sort_key=lambda s: (s.page, s.order))


def section(page: str, key: str, *, order: int, template: str, anchor: str = "", label: Any = "") -> Callable[[C], C]:
    def decorator(func: C) -> C:
        SECTIONS.add(key, Section(page, key, order, template, func, anchor, label))
        return func

    return decorator


def section_entries_for(page: str, *args: object, **kwargs: object) -> list[tuple[Section, dict[str, Any]]]:
    """Return (section, context) of every section of ``page`` that has something to show."""
    found = []
    for s in SECTIONS.values():
        if s.page == page and (context := s.context(*args, **kwargs)) is not None:
            found.append((s, context))
    return found


def sections_for(page: str, *args: object, **kwargs: object) -> list[tuple[str, dict[str, Any]]]:
    """Return (template, context) of every section of ``page`` that has something to show."""
    return [(s.template, context) for s, context in section_entries_for(page, *args, **kwargs)]


# -- counts on the organization tree ------------------------------------------------------

NodeCountFn = Callable[[Any, str], dict[str, int]]  # (scope, within code) -> {unit code: n, for every unit}
N = TypeVar("N", bound=NodeCountFn)


@dataclass(frozen=True)
class NodeCount:
    key: str
    count: NodeCountFn


NODE_COUNTS: Registry[NodeCount] = Registry("tree count")


def node_count(key: str) -> Callable[[N], N]:
    """Register ``func(scope, within)`` as the tree's ``key`` count: for each unit under ``within``, how many
    rows visible to ``scope`` lie under it (the function adds them up for the units above)."""

    def decorator(func: N) -> N:
        NODE_COUNTS.add(key, NodeCount(key, func))
        return func

    return decorator


# -- columns other apps add to a page's rows ----------------------------------------------

CADRE_VIEW = "evaluation.cadres"  # the cadre performance view: one row per responsible cadre

ColumnValues = Callable[..., dict[int, Any]]  # (row ids, …what the page passes) -> {row id: value}
V = TypeVar("V", bound=ColumnValues)


@dataclass(frozen=True)
class RowColumn:
    page: str
    key: str
    label: Any  # a translatable label
    template: str  # renders one cell from ``value``
    order: int
    values: ColumnValues


ROW_COLUMNS: Registry[RowColumn] = Registry("row column", sort_key=lambda c: (c.page, c.order))


def row_column(page: str, key: str, *, label: Any, template: str, order: int) -> Callable[[V], V]:
    """Register ``func(ids, …)`` as a column of ``page``'s rows: it returns each row's value in one query."""

    def decorator(func: V) -> V:
        ROW_COLUMNS.add(key, RowColumn(page, key, label, template, order, func))
        return func

    return decorator


def columns_for(page: str) -> list[RowColumn]:
    return [c for c in ROW_COLUMNS.values() if c.page == page]
