"""The bulk path for A3 volumes (the scenario loader, importers): the services' checks, a few queries.

Each function takes unsaved model instances (foreign keys given as objects or ids),
loads what the checks need in a few queries, runs every check the per-row service runs —
field validation, the model's ``clean()`` rules (without its per-row queries) and the
service's refusals — and writes all rows or none with
``simple_history.utils.bulk_create_with_history``. Errors name the row (1-based).

- :func:`ledger_entries_bulk_create` ≙ ``services.ledger_entry_create`` per row.
- :func:`disclosures_bulk_create` ≙ ``services.disclosure_create`` (+ ``disclosure_publish``
  for rows with ``published_at``), writing the ``PublishedMonth`` rows of finance disclosures.
- :func:`decisions_bulk_create` ≙ ``services.decision_create`` + ``decision_step_record``
  for each step (+ ``decision_implementation_record``), for new decisions.

The A3 services write no event rows for these (history rows are their audit trail), so
neither does this module. Reversing entries (冲正) stay with ``services.ledger_entry_reverse``.
Rows of one call are checked against each other as if written in order: a ledger entry in
a month that an earlier call published is refused, as the database trigger would.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils.translation import gettext as _

from common import clock
from common.bulk import Problems, attach, field_messages, write
from common.checks import messages_of
from organizations.models import Organization, OrganizationKind
from people.models import Appointment, Post

from . import checks
from .config import setting
from .models import (
    AttendanceBasis,
    Decision,
    DecisionStep,
    Disclosure,
    DisclosureKind,
    DisclosureStatus,
    LedgerEntry,
    PeriodKind,
    PublishedMonth,
    ResolvingBody,
    Step,
    category_error,
    default_title,
    voucher_taken_error,
)
from .periods import DisclosurePeriod


def _not_village(obj: Model) -> bool:
    return obj.village.kind != OrganizationKind.VILLAGE  # type: ignore[attr-defined]


# -- the ledger --------------------------------------------------------------------------


@transaction.atomic
def ledger_entries_bulk_create(entries: list[LedgerEntry], *, user: Any = None) -> list[LedgerEntry]:
    """Book many ledger entries; refused like ``ledger_entry_create`` row by row.

    Amount > 0 with at most two decimals, category matching the direction, a voucher
    unique per village and year (against the ledger and the other rows), no date in the
    future and none in a month already published (frozen).
    """
    problems = Problems()
    attach(entries, "village", Organization.objects.all())
    today = clock.today()
    villages = {e.village_id for e in entries}
    years = {e.date.year for e in entries if e.date}
    frozen_until = dict(
        PublishedMonth.objects.filter(village_id__in=villages)
        .values("village_id")
        .annotate(last=Max("last_day"))
        .values_list("village_id", "last")
    )
    vouchers = (
        {
            (v, d.year, voucher)
            for v, d, voucher in LedgerEntry.objects.filter(village_id__in=villages, date__year__in=years).values_list(
                "village_id", "date", "voucher"
            )
        }
        if years
        else set()
    )
    for i, e in enumerate(entries):
        messages: list[str] = []
        messages += messages_of(checks.village, e.village if e.village_id else None)
        if e.corrects_id is not None:
            messages.append(_("冲正分录请逐笔录入。"))
        try:
            e.amount = checks.ledger_amount(e.amount)
        except ValidationError as exc:
            messages += exc.messages
        e.voucher = (e.voucher or "").strip()
        e.description = (e.description or "").strip()
        if e.created_by_id is None and user is not None:
            e.created_by = user
        messages += messages_of(checks.not_future, e.date, today=today)
        if e.date:
            frozen = e.village_id in frozen_until and e.date <= frozen_until[e.village_id]
            messages += messages_of(checks.month_open, frozen, e.date)
        if not messages:
            messages += field_messages(e, ["village", "corrects", "created_by", "attachment"])
        if not messages and (direction_error := category_error(e.direction, e.category)):
            messages += direction_error.messages
        if e.date and e.voucher:
            key = (e.village_id, e.date.year, e.voucher)
            if key in vouchers:
                messages += voucher_taken_error(e.voucher, e.date.year).messages
            vouchers.add(key)
        if messages:
            problems.add(i, messages)
    problems.raise_if_any()
    return write(entries, LedgerEntry, user)


# -- disclosures -------------------------------------------------------------------------


@transaction.atomic
def disclosures_bulk_create(disclosures: list[Disclosure], *, user: Any = None) -> list[Disclosure]:
    """Create many disclosures; those with ``published_at`` are published at that time.

    Refused like ``disclosure_create`` and ``disclosure_publish``: a period out of range or
    already disclosed (on record or earlier in the batch), a publication in the future or —
    for finance — before the month has ended. A published finance disclosure writes its
    ``PublishedMonth`` row, freezing the month's ledger and every earlier entry.
    """
    problems = Problems()
    attach(disclosures, "village", Organization.objects.all())
    now = clock.now()
    affairs_kind = setting("affairs_period")
    villages = {d.village_id for d in disclosures}
    existing = set(
        Disclosure.objects.filter(village_id__in=villages, corrects__isnull=True).values_list(
            "village_id", "kind", "year", "period_kind", "period_number"
        )
    )
    for i, d in enumerate(disclosures):
        messages: list[str] = []
        messages += messages_of(checks.village, d.village if d.village_id else None)
        if kind_problem := messages_of(checks.disclosure_kind, d.kind):
            problems.add(i, messages + kind_problem)
            continue
        d.period_kind = PeriodKind.MONTH if d.kind == DisclosureKind.FINANCE else affairs_kind
        if period_problem := messages_of(checks.disclosure_period, d.period_kind, d.period_number):
            problems.add(i, messages + period_problem)
            continue
        period = DisclosurePeriod(int(d.year), int(d.period_number), d.period_kind)
        key = (d.village_id, d.kind, period.year, period.kind, period.number)
        messages += messages_of(checks.not_yet_disclosed, key in existing, period, d.kind)
        existing.add(key)
        d.content = (d.content or "").strip()
        d.title = (d.title or "").strip()
        if not d.title and not messages:
            d.title = default_title(d.village, d.kind, period)
        if d.created_by_id is None and user is not None:
            d.created_by = user
        if d.published_at is not None:
            messages += messages_of(checks.publication_time, d.published_at, now, d.kind, period)
            d.status = DisclosureStatus.PUBLISHED
            if d.published_by_id is None and user is not None:
                d.published_by = user
        else:
            d.status = DisclosureStatus.DRAFT
        if not messages:
            try:
                d.full_clean(
                    exclude=["village", "created_by", "published_by"], validate_unique=False, validate_constraints=False
                )
            except ValidationError as exc:
                messages += exc.messages
        if messages:
            problems.add(i, messages)
    problems.raise_if_any()
    created = write(disclosures, Disclosure, user)
    months = [
        PublishedMonth(
            village_id=d.village_id,
            year=d.year,
            month=d.period_number,
            last_day=d.period.last_day,
            disclosure=d,
            published_at=cast(dt.datetime, d.published_at),  # set on every published row
        )
        for d in created
        if d.kind == DisclosureKind.FINANCE and d.status == DisclosureStatus.PUBLISHED
    ]
    write(months, PublishedMonth, user)
    return created


# -- 四议两公开 ------------------------------------------------------------------------


@dataclass
class DecisionPlan:
    """A new decision, the steps to record in order and, optionally, when implementation began.

    ``steps`` are unsaved ``DecisionStep`` rows without ``decision``; a ``merged`` step 1
    stands for the joint meeting of steps 1 and 2 (一肩挑) and writes both rows.
    """

    decision: Decision
    steps: list[DecisionStep] = field(default_factory=list)
    implementation_started_on: dt.date | None = None


def _joint_holders(village_ids: set[int]) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """Per village, the spans in which one person held both the secretary and the director post."""
    held: dict[tuple[int, int], dict[str, list[tuple[dt.date, dt.date]]]] = defaultdict(lambda: defaultdict(list))
    for org, person, post, start, end in Appointment.objects.filter(
        organization_id__in=village_ids, post__in=[Post.VILLAGE_SECRETARY, Post.VILLAGE_DIRECTOR]
    ).values_list("organization_id", "person_id", "post", "start", "end"):
        held[(org, person)][post].append((start, end or dt.date.max))
    spans: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for (org, _person), posts in held.items():
        for s1, e1 in posts.get(Post.VILLAGE_SECRETARY, []):
            for s2, e2 in posts.get(Post.VILLAGE_DIRECTOR, []):
                if max(s1, s2) <= min(e1, e2):
                    spans[org].append((max(s1, s2), min(e1, e2)))
    return spans


def _step_messages(
    step: DecisionStep,
    last: DecisionStep | None,
    today: dt.date,
    joint: list[tuple[dt.date, dt.date]],
) -> list[str]:
    """The refusals of ``decision_step_record`` for one step, normalizing it as the service does."""
    number = int(step.number)
    found = messages_of(
        checks.step_order,
        number=number,
        merged=step.merged,
        date=step.date,
        content=step.content,
        last=last,
        today=today,
    )
    if found:
        return found
    step.content = (step.content or "").strip()
    step.result = (step.result or "").strip()
    if number in (Step.PROPOSE, Step.DELIBERATE, Step.REVIEW, Step.RESOLVE):
        if number != Step.RESOLVE:
            step.body, step.basis = "", ""
        elif step.body == ResolvingBody.REPRESENTATIVES:
            step.basis = AttendanceBasis.PERSONS
        else:
            step.basis = step.basis or AttendanceBasis.PERSONS
        found = messages_of(
            checks.meeting,
            number=number,
            body=step.body,
            basis=step.basis,
            due=step.due,
            present=step.present,
            votes_for=step.votes_for,
            votes_against=step.votes_against,
            votes_abstain=step.votes_abstain,
        )
        if found:
            return found
        step.votes_against = step.votes_against or 0
        step.votes_abstain = step.votes_abstain or 0
        step.channel, step.publicity_days = "", None
    else:
        step.body = step.basis = ""
        step.due = step.present = step.votes_for = step.votes_against = step.votes_abstain = None
        step.channel = (step.channel or "").strip()
        if number == Step.PUBLISH_RESOLUTION:
            days = setting("publicity_days") if step.publicity_days is None else step.publicity_days
            if found := messages_of(checks.publicity_days, days):
                return found
            step.publicity_days = days
        else:
            assert last is not None
            if found := messages_of(checks.result_after_publicity, step.date, last):
                return found
            step.publicity_days = None
    if step.merged:
        return messages_of(checks.merged_meeting, step.date, any(s <= step.date <= e for s, e in joint))
    return []


@transaction.atomic
def decisions_bulk_create(plans: list[DecisionPlan], *, user: Any = None) -> list[Decision]:
    """Create new decisions with their steps; refused like the services, step by step.

    Per decision: a village and a raiser (``decision_create``); per step, in order, the
    checks of ``decision_step_record`` (next number, merging only steps 1–2 under 一肩挑,
    no future date, none before the previous step, quorum and passing by ``quorum.py``,
    the publicity period before step 6); the implementation date not in the future
    (``decision_implementation_record``). Errors name the decision (1-based) and its step.
    """
    problems = Problems()
    decisions = [p.decision for p in plans]
    attach(decisions, "village", Organization.objects.all())
    today = clock.today()
    joint = _joint_holders({d.village_id for d in decisions})
    for i, plan in enumerate(plans):
        d = plan.decision
        messages: list[str] = []
        messages += messages_of(checks.village, d.village if d.village_id else None)
        d.title, d.summary = (d.title or "").strip(), (d.summary or "").strip()
        d.raised_by_name = (d.raised_by_name or "").strip()
        if d.created_by_id is None and user is not None:
            d.created_by = user
        if not messages:
            try:
                d.full_clean(
                    exclude=["village", "raised_by", "created_by"], validate_unique=False, validate_constraints=False
                )
            except ValidationError as exc:
                messages += exc.messages
        last: DecisionStep | None = None
        for step in plan.steps:
            found = _step_messages(step, last, today, joint.get(d.village_id, []))
            found = found or field_messages(step, ["decision", "recorded_by"])
            if found:
                messages.append(
                    _("%(step)s：%(msg)s")
                    % {
                        "step": Step(step.number).label if step.number in Step.values else step.number,
                        "msg": "；".join(found),
                    }
                )
                break
            if step.recorded_by_id is None and user is not None:
                step.recorded_by = user
            last = (
                step if not step.merged else DecisionStep(number=Step.DELIBERATE, date=step.date, publicity_days=None)
            )
        started = plan.implementation_started_on
        if started is not None:
            messages += messages_of(checks.not_future, started, "started_on", today=today)
            d.implementation_started_on = started
        if messages:
            problems.add(i, messages)
    problems.raise_if_any()
    created = write(decisions, Decision, user)
    rows: list[DecisionStep] = []
    for decision, plan in zip(created, plans, strict=True):
        for step in plan.steps:
            step.decision = decision
            if step.merged:
                twin = DecisionStep(
                    **{
                        f.attname: getattr(step, f.attname)
                        for f in DecisionStep._meta.concrete_fields
                        if not f.primary_key
                    }
                )
                twin.decision, twin.number = decision, Step.DELIBERATE
                rows += [step, twin]
            else:
                rows.append(step)
    write(rows, DecisionStep, user)
    return created
