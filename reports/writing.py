"""What every part of the campaign report writes with: the figures of one unit and year, and phrasing.

``Writer`` holds the inputs of one report — every registered figure of the unit and year
(headline and supporting), the findings, the evaluation summary, the review requirement —
and the small helpers each part writes its sentences with. Each part of the source's
structure is one function of a ``Writer`` in ``mechanisms``, ``activities``, ``platforms``
and ``annex``.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from common.figures import FIGURES, Number
from common.rules import Finding, Severity
from evaluation.selectors import EvaluationSummary
from organizations.models import Organization, OrganizationKind

from .phrases import figure_phrase, format_number, is_chinese

if TYPE_CHECKING:
    from .charts import Chart

GRADES = ("excellent", "good", "pass", "fail")


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[str]]
    numeric: list[int] = field(default_factory=list)  # indexes of right-aligned columns
    css: str = ""  # the table's class in HTML/PDF (column widths: ``campaign.css``)
    widths: list[float] = field(default_factory=list)  # column widths in Word, in cm
    headings: list[int] = field(default_factory=list)  # rows of one cell that head the rows after them

    def is_heading(self, index: int) -> bool:
        return index in self.headings


@dataclass
class Section:
    key: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    subsections: list["Section"] = field(default_factory=list)
    charts: list["Chart"] = field(default_factory=list)  # drawn as SVG in HTML/PDF, given as tables in Word


class Writer:
    """The inputs of one report and the phrasing helpers, in the active language."""

    def __init__(
        self,
        unit: Organization,
        county: Organization,
        period: int,
        figures: dict[str, Number],
        findings: list[Finding],
        summary: EvaluationSummary,
        reviews_per_year: dict[str, tuple[int, int]],
    ) -> None:
        self.unit, self.county, self.period = unit, county, period
        self.f, self.findings, self.summary = figures, findings, summary
        self.reviews_per_year = reviews_per_year
        # A province or prefecture is written as a county is: its townships, villages and members summed.
        self.is_county = unit.kind in (OrganizationKind.COUNTY, OrganizationKind.PROVINCE, OrganizationKind.PREFECTURE)
        self.name = unit.display_name
        if unit.kind == OrganizationKind.PROVINCE:
            self.whole = _("全省")
        elif unit.kind == OrganizationKind.PREFECTURE:
            self.whole = _("全市")
        elif self.is_county:
            self.whole = _("全县")
        elif unit.name.endswith("镇"):
            self.whole = _("全镇")
        elif unit.name.endswith("街道"):
            self.whole = _("全街道")
        else:
            self.whole = _("全乡")

    def q(self, key: str) -> str:
        return figure_phrase(key, self.f[key])

    def in_period(self, rule: str) -> list[Finding]:
        """The rule's violations that arose in the report's year (the annex lists older ones too)."""
        return [
            f for f in self.findings if f.rule == rule and f.severity == Severity.RED and f.since.year == self.period
        ]

    @staticmethod
    def n(value: int) -> str:
        """A count that is not a registered figure, formatted like one."""
        return format_number("", value)

    def has(self, key: str) -> bool:
        return bool(self.f[key])

    @staticmethod
    def join(clauses: list[str]) -> str:
        return ("，" if is_chinese() else "; ").join(c for c in clauses if c)

    @staticmethod
    def stop() -> str:
        return "。" if is_chinese() else "."

    @staticmethod
    def sentence(clauses: list[str]) -> str:
        """Join clauses into one sentence: Chinese commas and a full stop, or English ones."""
        clauses = [c for c in clauses if c]
        if not clauses:
            return ""
        if is_chinese():
            return "，".join(clauses) + "。"
        text = "; ".join(clauses)
        return text[0].upper() + text[1:] + "."

    def space(self) -> str:
        return "" if is_chinese() else " "

    def grades(self, standard: str, unit: str) -> str:
        """The approved assessments of ``standard`` per grade: 优秀12个、良好30个… / 12 excellent, 30 good…"""
        parts = []
        for grade in GRADES:
            key = f"{standard}_{grade}"
            label, count = str(FIGURES[key].label), int(self.f[key])
            parts.append(f"{label}{self.n(count)}{unit}" if is_chinese() else f"{self.n(count)} {label.lower()}")
        return ("、" if is_chinese() else ", ").join(parts)
