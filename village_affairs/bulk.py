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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from organizations.models import Organization, OrganizationKind
from people.models import Appointment, Post

from .config import setting
from .models import (
    INCOME_CATEGORIES,
    AttendanceBasis,
    Decision,
    DecisionStep,
    Direction,
    Disclosure,
    DisclosureKind,
    DisclosureStatus,
    LedgerEntry,
    PeriodKind,
    PublishedMonth,
    ResolvingBody,
    Step,
)
from .periods import DisclosurePeriod
from .services import _check_meeting, _default_title, parse_amount

M = TypeVar("M", bound=Model)
BATCH = 500  # rows per INSERT: well under SQLite's bound-parameter limit for these models


class Problems:
    """Collect row errors, then refuse the whole batch with the first fifty."""

    def __init__(self) -> None:
        self.rows: list[str] = []

    def add(self, index: int, messages: Iterable[str]) -> None:
        self.rows.append(_("第%(row)s行：%(msg)s") % {"row": index + 1, "msg": "；".join(messages)})

    def add_error(self, index: int, exc: ValidationError) -> None:
        self.add(index, exc.messages)

    def raise_if_any(self) -> None:
        if self.rows:
            extra = [_("……另有%(n)s行有误。") % {"n": len(self.rows) - 50}] if len(self.rows) > 50 else []
            raise ValidationError(self.rows[:50] + extra)


def _attach(objs: Sequence[Model], field_name: str, queryset: QuerySet) -> None:
    """Replace ``obj.<field>`` with instances loaded in one query."""
    ids = {getattr(o, f"{field_name}_id") for o in objs} - {None}
    found = queryset.in_bulk(list(ids)) if ids else {}
    for o in objs:
        pk = getattr(o, f"{field_name}_id")
        if pk is not None:
            if pk not in found:
                raise ValidationError(_("找不到编号为%(pk)s的关联记录（%(field)s）。") % {"pk": pk, "field": field_name})
            setattr(o, field_name, found[pk])


def _clean_fields(obj: Model, exclude: list[str]) -> list[str]:
    try:
        obj.clean_fields(exclude=exclude)
    except ValidationError as exc:
        return exc.messages
    return []


def _write(objs: list[M], model: type[M], user: Any) -> list[M]:
    return bulk_create_with_history(objs, model, batch_size=BATCH, default_user=user) if objs else []


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
    _attach(entries, "village", Organization.objects.all())
    today = timezone.localdate()
    villages = {e.village_id for e in entries}
    years = {e.date.year for e in entries if e.date}
    frozen_until = dict(
        PublishedMonth.objects.filter(village_id__in=villages).values("village_id").annotate(last=Max("last_day"))
        .values_list("village_id", "last")
    )
    vouchers = {
        (v, d.year, voucher)
        for v, d, voucher in LedgerEntry.objects.filter(village_id__in=villages, date__year__in=years).values_list(
            "village_id", "date", "voucher"
        )
    } if years else set()
    for i, e in enumerate(entries):
        messages: list[str] = []
        if e.village_id is None or _not_village(e):
            messages.append(_("请选择一个行政村。"))
        if e.corrects_id is not None:
            messages.append(_("冲正分录请逐笔录入。"))
        try:
            e.amount = parse_amount(e.amount)
        except ValidationError as exc:
            messages += exc.messages
        e.voucher = (e.voucher or "").strip()
        e.description = (e.description or "").strip()
        if e.created_by_id is None and user is not None:
            e.created_by = user
        if e.date and e.date > today:
            messages.append(_("日期不能晚于今天。"))
        if e.date and e.village_id in frozen_until and e.date <= frozen_until[e.village_id]:
            messages.append(
                _("%(month)s的财务已公开，不能再录入该月账目。") % {"month": f"{e.date.year}-{e.date.month:02d}"}
            )
        if not messages:
            messages += _clean_fields(e, ["village", "corrects", "created_by", "attachment"])
        if not messages and (e.category in INCOME_CATEGORIES) != (e.direction == Direction.INCOME):
            messages.append(_("科目与收支方向不一致。"))
        if e.date and e.voucher:
            key = (e.village_id, e.date.year, e.voucher)
            if key in vouchers:
                messages.append(_("凭证号%(voucher)s在%(year)s年已使用。") % {"voucher": e.voucher, "year": e.date.year})
            vouchers.add(key)
        if messages:
            problems.add(i, messages)
    problems.raise_if_any()
    return _write(entries, LedgerEntry, user)


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
    _attach(disclosures, "village", Organization.objects.all())
    now = timezone.now()
    affairs_kind = setting("affairs_period")
    villages = {d.village_id for d in disclosures}
    existing = set(
        Disclosure.objects.filter(village_id__in=villages).values_list(
            "village_id", "kind", "year", "period_kind", "period_number"
        )
    )
    for i, d in enumerate(disclosures):
        messages: list[str] = []
        if d.village_id is None or _not_village(d):
            messages.append(_("请选择一个行政村。"))
        if d.kind not in DisclosureKind.values:
            problems.add(i, messages + [_("请选择公开类别。")])
            continue
        d.period_kind = PeriodKind.MONTH if d.kind == DisclosureKind.FINANCE else affairs_kind
        top = 12 if d.period_kind == PeriodKind.MONTH else 4
        if not d.period_number or not 1 <= int(d.period_number) <= top:
            problems.add(i, messages + [_("期间应在1到%(top)s之间。") % {"top": top}])
            continue
        period = DisclosurePeriod(int(d.year), int(d.period_number), d.period_kind)
        key = (d.village_id, d.kind, period.year, period.kind, period.number)
        if key in existing:
            messages.append(
                _("%(period)s的%(kind)s已经存在。") % {"period": period.label(), "kind": DisclosureKind(d.kind).label}
            )
        existing.add(key)
        d.content = (d.content or "").strip()
        d.title = (d.title or "").strip()
        if not d.title and not messages:
            d.title = _default_title(d.village, d.kind, period)
        if d.created_by_id is None and user is not None:
            d.created_by = user
        if d.published_at is not None:
            if d.published_at > now:
                messages.append(_("公开时间不能晚于现在。"))
            if d.kind == DisclosureKind.FINANCE and timezone.localtime(d.published_at).date() < period.last_day:
                messages.append(_("%(period)s尚未结束，不能公开该月财务收支。") % {"period": period.label()})
            d.status = DisclosureStatus.PUBLISHED
            if d.published_by_id is None and user is not None:
                d.published_by = user
        else:
            d.status = DisclosureStatus.DRAFT
        if not messages:
            try:
                d.full_clean(exclude=["village", "created_by", "published_by"], validate_unique=False,
                             validate_constraints=False)
            except ValidationError as exc:
                messages += exc.messages
        if messages:
            problems.add(i, messages)
    problems.raise_if_any()
    created = _write(disclosures, Disclosure, user)
    months = [
        PublishedMonth(
            village_id=d.village_id, year=d.year, month=d.period_number, last_day=d.period.last_day, disclosure=d,
            published_at=d.published_at,
        )
        for d in created
        if d.kind == DisclosureKind.FINANCE and d.status == DisclosureStatus.PUBLISHED
    ]
    _write(months, PublishedMonth, user)
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
    step: DecisionStep, expected: int, last: DecisionStep | None, today: dt.date, joint: list[tuple[dt.date, dt.date]],
) -> list[str]:
    """The refusals of ``decision_step_record`` for one step, normalizing it as the service does."""
    number = int(step.number)
    if expected > Step.PUBLISH_RESULT:
        return [_("该事项六个步骤均已完成。")]
    if number != expected:
        return [_("步骤顺序不对：下一步应是“%(expected)s”，不能登记“%(given)s”。")
                % {"expected": Step(expected).label, "given": Step(number).label if number in Step.values else number}]
    if step.merged and number != Step.PROPOSE:
        return [_("只有党支部提议和两委会商议可以合并召开。")]
    if step.date > today:
        return [_("日期不能晚于今天。")]
    if last is not None and step.date < last.date:
        return [_("日期不能早于上一步骤（%(step)s，%(date)s）。") % {"step": last.get_number_display(), "date": last.date}]
    step.content = (step.content or "").strip()
    step.result = (step.result or "").strip()
    if not step.content:
        return [_("请填写内容。")]
    if number in (Step.PROPOSE, Step.DELIBERATE, Step.REVIEW, Step.RESOLVE):
        if number != Step.RESOLVE:
            step.body, step.basis = "", ""
        elif step.body == ResolvingBody.REPRESENTATIVES:
            step.basis = AttendanceBasis.PERSONS
        else:
            step.basis = step.basis or AttendanceBasis.PERSONS
        try:
            _check_meeting(
                number=number, body=step.body, basis=step.basis, due=step.due, present=step.present,
                votes_for=step.votes_for, votes_against=step.votes_against, votes_abstain=step.votes_abstain,
            )
        except ValidationError as exc:
            return exc.messages
        step.votes_against = step.votes_against or 0
        step.votes_abstain = step.votes_abstain or 0
        step.channel, step.publicity_days = "", None
    else:
        step.body = step.basis = ""
        step.due = step.present = step.votes_for = step.votes_against = step.votes_abstain = None
        step.channel = (step.channel or "").strip()
        if number == Step.PUBLISH_RESOLUTION:
            days = setting("publicity_days") if step.publicity_days is None else step.publicity_days
            if days < 0:
                return [_("公示期不能为负数。")]
            step.publicity_days = days
        else:
            assert last is not None
            earliest = last.date + dt.timedelta(days=last.publicity_days or 0)
            if step.date < earliest:
                return [_("决议公示期（%(days)s天）至%(date)s届满，届满前不能公开实施结果。")
                        % {"days": last.publicity_days, "date": earliest}]
            step.publicity_days = None
    if step.merged and not any(s <= step.date <= e for s, e in joint):
        return [_("%(date)s村党支部书记与村委会主任不是同一人（非一肩挑），两个会议不能合并召开。") % {"date": step.date}]
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
    _attach(decisions, "village", Organization.objects.all())
    today = timezone.localdate()
    joint = _joint_holders({d.village_id for d in decisions})
    for i, plan in enumerate(plans):
        d = plan.decision
        messages: list[str] = []
        if d.village_id is None or _not_village(d):
            messages.append(_("请选择一个行政村。"))
        d.title, d.summary = (d.title or "").strip(), (d.summary or "").strip()
        d.raised_by_name = (d.raised_by_name or "").strip()
        if d.created_by_id is None and user is not None:
            d.created_by = user
        if not messages:
            try:
                d.full_clean(exclude=["village", "raised_by", "created_by"], validate_unique=False,
                             validate_constraints=False)
            except ValidationError as exc:
                messages += exc.messages
        last: DecisionStep | None = None
        for step in plan.steps:
            expected = (last.number + 1) if last else Step.PROPOSE
            found = _step_messages(step, expected, last, today, joint.get(d.village_id, []))
            found = found or _clean_fields(step, ["decision", "recorded_by"])
            if found:
                messages.append(_("%(step)s：%(msg)s") % {"step": Step(step.number).label if step.number in Step.values
                                                           else step.number, "msg": "；".join(found)})
                break
            if step.recorded_by_id is None and user is not None:
                step.recorded_by = user
            last = step if not step.merged else DecisionStep(
                number=Step.DELIBERATE, date=step.date, publicity_days=None
            )
        started = plan.implementation_started_on
        if started is not None:
            if started > today:
                messages.append(_("日期不能晚于今天。"))
            d.implementation_started_on = started
        if messages:
            problems.add(i, messages)
    problems.raise_if_any()
    created = _write(decisions, Decision, user)
    rows: list[DecisionStep] = []
    for decision, plan in zip(created, plans, strict=True):
        for step in plan.steps:
            step.decision = decision
            if step.merged:
                twin = DecisionStep(**{
                    f.attname: getattr(step, f.attname) for f in DecisionStep._meta.concrete_fields if not f.primary_key
                })
                twin.decision, twin.number = decision, Step.DELIBERATE
                rows += [step, twin]
            else:
                rows.append(step)
    _write(rows, DecisionStep, user)
    return created
