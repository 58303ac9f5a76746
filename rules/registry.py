"""The rule registry (R-ENGINE): rules are functions of records and a date.

Each app registers its rules in ``<app>/rules.py`` with ``@register``. A rule receives
the scope (an organization; its subtree is checked) and the date asked about, and
yields findings. Nothing is stored: asking about another date gives other findings.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization
from people.models import Appointment


class Severity(models.TextChoices):
    RED = "red", _("违规/逾期")
    AMBER = "amber", _("即将到期/提醒")


SEVERITY_ORDER = {Severity.RED: 0, Severity.AMBER: 1}


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


def finding(
    *,
    rule: str,
    unit: Organization,
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
        unit_name=unit.name,
        since=since,
        severity=severity,
        accountable=tuple(accountable),
        message_zh=zh,
        message_en=en,
    )


def holders(organization: Organization, posts: Iterable[str], day: dt.date) -> list[Accountable]:
    """Resolve the people holding ``posts`` at ``organization`` on ``day``, with their role names."""
    rows = (
        Appointment.objects.on(day)
        .filter(organization=organization, post__in=list(posts))
        .select_related("person")
        .order_by("post", "start")
    )
    return [Accountable(name=a.person.name, role=str(a.get_post_display()), person_id=a.person_id) for a in rows]


# Appointments of a county, read once per ``evaluate()`` call and shared by every rule's HolderIndex.
_appointments_cache: ContextVar[dict[str, list[Appointment]] | None] = ContextVar("appointments_cache", default=None)


def _county_appointments(county_code: str) -> list[Appointment]:
    """Every appointment (any dates) in the county, ordered by start; cached while ``evaluate()`` runs."""
    cache = _appointments_cache.get()
    if cache is not None and county_code in cache:
        return cache[county_code]
    rows = list(
        Appointment.objects.filter(organization__code__startswith=county_code)
        .select_related("person")
        .order_by("start", "id")
    )
    if cache is not None:
        cache[county_code] = rows
    return rows


class HolderIndex:
    """Appointments of a subtree on one day, loaded once, so that rules do not query per unit.

    Within ``evaluate()`` the county's appointments are read once for all rules and days
    (R-DISCLOSE asks about one day per deadline); the day is then applied in Python,
    as ``Appointment.objects.on(day)`` does.
    """

    def __init__(self, scope: Organization, day: dt.date) -> None:
        self._by_org: dict[tuple[int, str], list[Accountable]] = {}
        roles: dict[str, str] = {}
        for a in _county_appointments(scope.code[:6]):
            if a.start > day or (a.end is not None and a.end < day):
                continue
            if a.post not in roles:
                roles[a.post] = str(a.get_post_display())
            self._by_org.setdefault((a.organization_id, a.post), []).append(
                Accountable(name=a.person.name, role=roles[a.post], person_id=a.person_id)
            )

    def get(self, organization_id: int, *posts: str) -> list[Accountable]:
        found: list[Accountable] = []
        for post in posts:
            found.extend(self._by_org.get((organization_id, post), []))
        return found


Check = Callable[[Organization, dt.date], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    title: str | Promise
    requirement: str
    check: Check


RULES: dict[str, Rule] = {}


def register(rule_id: str, *, title: str | Promise, requirement: str) -> Callable[[Check], Check]:
    def decorator(func: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id!r} registered twice")
        RULES[rule_id] = Rule(id=rule_id, title=title, requirement=requirement, check=func)
        return func

    return decorator


def evaluate(scope: Organization, on: dt.date, rule_ids: Iterable[str] | None = None) -> list[Finding]:
    """Return the findings of every rule (or of ``rule_ids``) for the subtree of ``scope`` on ``on``."""
    wanted = list(rule_ids) if rule_ids is not None else sorted(RULES)
    found: list[Finding] = []
    token = _appointments_cache.set({})
    try:
        for rule_id in wanted:
            for f in RULES[rule_id].check(scope, on):
                if f.unit.startswith(scope.code):
                    found.append(f)
    finally:
        _appointments_cache.reset(token)
    found.sort(key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.unit, f.rule, f.since))
    return found
