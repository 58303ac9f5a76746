"""The rule registry (R-ENGINE): rules are functions of records and a date.

Each app registers its rules in ``<app>/rules.py`` with ``@register``. A rule receives
the unit (an organization; its subtree is checked) and the date asked about, and yields
findings. Nothing is stored: asking about another date gives other findings.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .figures import Unit
from .registry import Registry


class Severity(models.TextChoices):
    RED = "red", _("违规/逾期")
    AMBER = "amber", _("即将到期/提醒")


SEVERITY_ORDER: dict[str, int] = {Severity.RED: 0, Severity.AMBER: 1}


@dataclass(frozen=True)
class Accountable:
    name: str
    role: str
    person_id: int | None = None


@dataclass(frozen=True)
class Finding:
    rule: str
    unit: str  # the organization's code
    unit_name: str
    since: dt.date
    severity: str
    accountable: tuple[Accountable, ...]
    message_zh: str
    message_en: str
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def message(self, language: str | None = None) -> str:
        language = language or translation.get_language() or "zh-hans"
        return self.message_en if language.startswith("en") else self.message_zh

    def as_json(self, language: str | None = None) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "unit": self.unit,
            "since": self.since.isoformat(),
            "severity": self.severity,
            "accountable": [{"name": a.name, "role": a.role} for a in self.accountable],
            "message": self.message(language),
        }


def both_languages(message: str | Promise, **params: object) -> tuple[str, str]:
    """Render a translatable message (with %(name)s params) in Chinese and in English."""
    rendered = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            rendered.append(str(message) % {k: str(v) for k, v in params.items()})
    return rendered[0], rendered[1]


class NamedUnit(Unit, Protocol):
    @property
    def name(self) -> str: ...


def finding(
    *,
    rule: str,
    unit: NamedUnit,
    since: dt.date,
    severity: str,
    accountable: Iterable[Accountable],
    message: str | Promise,
    **params: object,
) -> Finding:
    """Build a finding whose message is rendered in both languages from one translatable string."""
    zh, en = both_languages(message, **params)
    return Finding(
        rule=rule,
        unit=unit.code,
        unit_name=getattr(unit, "display_name", unit.name),  # the page's language: English when recorded
        since=since,
        severity=severity,
        accountable=tuple(accountable),
        message_zh=zh,
        message_en=en,
        extra={},
    )


Check = Callable[[Any, dt.date], Iterable[Finding]]  # (unit, on) -> findings


@dataclass(frozen=True)
class Rule:
    id: str
    title: str | Promise
    requirement: str
    check: Check


RULES: Registry[Rule] = Registry("rule")


def register(rule_id: str, *, title: str | Promise, requirement: str) -> Callable[[Check], Check]:
    def decorator(func: Check) -> Check:
        RULES.add(rule_id, Rule(id=rule_id, title=title, requirement=requirement, check=func))
        return func

    return decorator


# Rules asked together (one ``evaluate()``) share reads through this cache: the county's
# appointments, say, are loaded once for every rule and every day R-DISCLOSE asks about.
_evaluation_cache: ContextVar[dict[str, Any] | None] = ContextVar("evaluation_cache", default=None)


def evaluation_cache() -> dict[str, Any] | None:
    """The cache of the running ``evaluate()`` call, or None outside one."""
    return _evaluation_cache.get()


def evaluate(unit: Unit, on: dt.date, rule_ids: Iterable[str] | None = None) -> list[Finding]:
    """Return the findings of every rule (or of ``rule_ids``) for the subtree of ``unit`` on ``on``."""
    wanted = list(rule_ids) if rule_ids is not None else sorted(RULES)
    found: list[Finding] = []
    token = _evaluation_cache.set({})
    try:
        for rule_id in wanted:
            for f in RULES[rule_id].check(unit, on):
                if f.unit.startswith(unit.code):
                    found.append(f)
    finally:
        _evaluation_cache.reset(token)
    found.sort(key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.unit, f.rule, f.since))
    return found
