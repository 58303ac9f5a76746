"""Writes for A3. Pages, the admin actions, the scenario loader and tests all call these.

Every refusal is a ValidationError with a translated message, raised before anything is
written (and each function runs in a transaction, so a late refusal leaves nothing either).
"""

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from common import clock
from common.checks import decision_outcome, error, parse_amount
from common.services import clean_and_save
from organizations.models import Organization
from people.models import Appointment, Person, Post

from . import checks
from .config import setting

# Villagers' feedback lives in feedback.py; re-exported here, where callers look for every A3 write.
from .feedback import client_hash, feedback_answer, feedback_submit, normalized_feedback  # noqa: F401
from .models import (
    AccountabilityCase,
    AttendanceBasis,
    CaseEvent,
    CaseEventKind,
    CaseOutcome,
    CaseStatus,
    Decision,
    DecisionStep,
    Disclosure,
    DisclosureKind,
    DisclosureStatus,
    LedgerEntry,
    PeriodKind,
    PublishedImmutableError,
    PublishedMonth,
    ResolvingBody,
    ReviewComment,
    RewardPenalty,
    RewardPenaltyKind,
    Step,
    default_title,
    month_is_frozen,
)
from .periods import DisclosurePeriod

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _today() -> dt.date:
    return clock.today()


# -- 四议两公开 ------------------------------------------------------------------------


@transaction.atomic
def decision_create(
    *,
    village: Organization,
    title: str,
    summary: str = "",
    raised_by_name: str = "",
    raised_by: Person | None = None,
    user=None,
) -> Decision:
    checks.village(village)
    return clean_and_save(
        Decision(
            village=village,
            title=title.strip(),
            summary=summary.strip(),
            raised_by_name=raised_by_name.strip(),
            raised_by=raised_by,
            created_by=user,
        )
    )


def one_person_holds_both(village: Organization, day: dt.date) -> bool:
    """Return True if one person is both branch secretary and committee director on ``day`` (一肩挑)."""
    posts: dict[int, set[str]] = {}
    for person_id, post in (
        Appointment.objects.on(day)
        .filter(organization=village, post__in=[Post.VILLAGE_SECRETARY, Post.VILLAGE_DIRECTOR])
        .values_list("person_id", "post")
    ):
        posts.setdefault(person_id, set()).add(post)
    return any(len(p) == 2 for p in posts.values())


@transaction.atomic
def decision_step_record(
    *,
    decision: Decision,
    number: int,
    date: dt.date,
    content: str,
    result: str = "",
    due: int | None = None,
    present: int | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstain: int | None = None,
    merged: bool = False,
    body: str = "",
    basis: str = "",
    channel: str = "",
    publicity_days: int | None = None,
    user=None,
) -> DecisionStep:
    """Record the next step of ``decision`` and return it (step 2 when steps 1 and 2 are merged)."""
    # Lock the decision so two people cannot record the same step at once.
    decision = Decision.objects.select_for_update().select_related("village").get(pk=decision.pk)
    steps = list(decision.steps.order_by("number"))
    last = steps[-1] if steps else None
    number = int(number)
    checks.step_order(number=number, merged=merged, date=date, content=content, last=last, today=_today())
    fields: dict[str, object] = {
        "content": content.strip(),
        "result": result.strip(),
        "recorded_by": user,
        "date": date,
    }
    if number in (Step.PROPOSE, Step.DELIBERATE, Step.REVIEW, Step.RESOLVE):
        if number != Step.RESOLVE:
            body, basis = "", ""
        elif body == ResolvingBody.REPRESENTATIVES:
            basis = AttendanceBasis.PERSONS
        else:
            basis = basis or AttendanceBasis.PERSONS
        checks.meeting(
            number=number,
            body=body,
            basis=basis,
            due=due,
            present=present,
            votes_for=votes_for,
            votes_against=votes_against,
            votes_abstain=votes_abstain,
        )
        fields.update(
            body=body,
            basis=basis,
            due=due,
            present=present,
            votes_for=votes_for,
            votes_against=votes_against or 0,
            votes_abstain=votes_abstain or 0,
        )
    elif number == Step.PUBLISH_RESOLUTION:
        days = setting("publicity_days") if publicity_days is None else publicity_days
        checks.publicity_days(days)
        fields.update(channel=channel.strip(), publicity_days=days)
    else:
        checks.result_after_publicity(date, steps[-1])
        fields.update(channel=channel.strip())
    if merged:
        checks.merged_meeting(date, one_person_holds_both(decision.village, date))
        clean_and_save(DecisionStep(decision=decision, number=Step.PROPOSE, merged=True, **fields))
        return clean_and_save(DecisionStep(decision=decision, number=Step.DELIBERATE, merged=True, **fields))
    return clean_and_save(DecisionStep(decision=decision, number=number, **fields))


@transaction.atomic
def decision_step_withdraw(*, step: DecisionStep) -> None:
    """Withdraw the last step if it was entered by mistake; published steps (5, 6) never."""
    if step.is_published:
        raise PublishedImmutableError(_("已公开的议事步骤不能撤销或删除。"), code="published_immutable")
    last = step.decision.steps.order_by("-number").first()
    if last is None or last.pk != step.pk and not (step.merged and last.merged):
        raise ValidationError(_("只能撤销最后一个步骤。"), code="not_last_step")
    to_delete = step.decision.steps.filter(merged=True) if step.merged else step.decision.steps.filter(pk=step.pk)
    for row in to_delete:
        row.delete()


@transaction.atomic
def decision_implementation_record(*, decision: Decision, started_on: dt.date) -> Decision:
    """Record when implementation began (R-DECISION checks it against the published resolution)."""
    checks.not_future(started_on, "started_on")
    if decision.implementation_started_on is not None:
        raise error("started_on", _("已登记开始实施日期。"), "implementation_recorded")
    decision.implementation_started_on = started_on
    return clean_and_save(decision)


# -- disclosures -------------------------------------------------------------------------


@transaction.atomic
def disclosure_create(
    *,
    village: Organization,
    kind: str,
    year: int,
    period_number: int,
    title: str = "",
    content: str = "",
    user=None,
) -> Disclosure:
    """Create a draft disclosure; finance is monthly, village affairs per the configured period."""
    checks.village(village)
    checks.disclosure_kind(kind)
    period_kind = PeriodKind.MONTH if kind == DisclosureKind.FINANCE else setting("affairs_period")
    checks.disclosure_period(period_kind, period_number)
    period = DisclosurePeriod(int(year), int(period_number), period_kind)
    exists = Disclosure.objects.filter(
        corrects__isnull=True,
        village=village,
        kind=kind,
        year=period.year,
        period_kind=period_kind,
        period_number=period.number,
    ).exists()
    checks.not_yet_disclosed(exists, period, kind)
    return clean_and_save(
        Disclosure(
            village=village,
            kind=kind,
            year=period.year,
            period_kind=period_kind,
            period_number=period.number,
            title=title.strip() or default_title(village, kind, period),
            content=content.strip(),
            created_by=user,
        )
    )


def _refuse_if_published(disclosure: Disclosure, message: "StrOrPromise") -> None:
    if Disclosure.objects.filter(pk=disclosure.pk, status=DisclosureStatus.PUBLISHED).exists():
        raise PublishedImmutableError(message, code="published_immutable")


@transaction.atomic
def disclosure_update(*, disclosure: Disclosure, title: str, content: str) -> Disclosure:
    _refuse_if_published(disclosure, Disclosure.published_change_message)
    disclosure.title = title.strip()
    disclosure.content = content.strip()
    return clean_and_save(disclosure)


@transaction.atomic
def disclosure_delete(*, disclosure: Disclosure) -> None:
    _refuse_if_published(disclosure, Disclosure.published_delete_message)
    disclosure.delete()


@transaction.atomic
def disclosure_publish(*, disclosure: Disclosure, user=None, at: dt.datetime | None = None) -> Disclosure:
    """Publish a draft; a finance disclosure freezes its month's ledger (and, with it, every earlier entry)."""
    _refuse_if_published(disclosure, _("该内容已经公开。"))
    now = clock.now()
    at = at or now
    checks.publication_time(at, now, disclosure.kind, disclosure.period)
    disclosure.status = DisclosureStatus.PUBLISHED
    disclosure.published_at = at
    disclosure.published_by = user
    clean_and_save(disclosure)
    # A correction of a finance disclosure: its month is published (and frozen) by the original already.
    if disclosure.kind == DisclosureKind.FINANCE and not disclosure.corrects_id:
        clean_and_save(
            PublishedMonth(
                village=disclosure.village,
                year=disclosure.year,
                month=disclosure.period_number,
                last_day=disclosure.period.last_day,
                disclosure=disclosure,
                published_at=at,
            )
        )
    return disclosure


# -- the ledger --------------------------------------------------------------------------


def _refuse_frozen(village_id: int, day: dt.date, message: "StrOrPromise", code: str = "published_immutable") -> None:
    """Refuse when ``day`` lies in a published month: the stored entry (published_immutable) or its new date."""
    if month_is_frozen(village_id, day):
        raise PublishedImmutableError(message, code=code)


@transaction.atomic
def ledger_entry_create(
    *,
    village: Organization,
    date: dt.date,
    direction: str,
    category: str,
    amount: object,
    voucher: str,
    description: str,
    attachment: File | None = None,
    user=None,
) -> LedgerEntry:
    checks.village(village)
    value = checks.ledger_amount(amount)
    checks.not_future(date)
    checks.month_open(month_is_frozen(village.pk, date), date)
    entry = LedgerEntry(
        village=village,
        date=date,
        direction=direction,
        category=category,
        amount=value,
        voucher=voucher.strip(),
        description=description.strip(),
        created_by=user,
    )
    if attachment is not None:
        entry.attachment = attachment
    return clean_and_save(entry)


@transaction.atomic
def ledger_entry_update(
    *,
    entry: LedgerEntry,
    date: dt.date,
    direction: str,
    category: str,
    amount: object,
    voucher: str,
    description: str,
) -> LedgerEntry:
    stored = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    _refuse_frozen(stored.village_id, stored.date, LedgerEntry.published_change_message)
    value = checks.ledger_amount(amount)
    checks.not_future(date)
    _refuse_frozen(stored.village_id, date, _("该月财务已公开，不能把账目改到该月。"), "month_published")
    if stored.corrects_id or hasattr(stored, "reversed_by"):
        raise ValidationError(_("冲正分录及已被冲正的分录不能修改。"), code="reversal_not_editable")
    stored.date, stored.direction, stored.category = date, direction, category
    stored.amount, stored.voucher, stored.description = value, voucher.strip(), description.strip()
    return clean_and_save(stored)


@transaction.atomic
def ledger_entry_delete(*, entry: LedgerEntry) -> None:
    stored = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    _refuse_frozen(stored.village_id, stored.date, LedgerEntry.published_delete_message)
    if LedgerEntry.objects.filter(corrects=stored).exists():
        raise ValidationError(_("已被冲正的分录不能删除。"), code="reversed_not_deletable")
    stored.delete()


@transaction.atomic
def ledger_entry_reverse(*, entry: LedgerEntry, date: dt.date, reason: str, user=None) -> LedgerEntry:
    """Write a reversing entry (冲正) in an open month; it shows on both entries."""
    stored = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if stored.corrects_id:
        raise ValidationError(_("冲正分录不能再被冲正。"), code="reversal_of_reversal")
    if LedgerEntry.objects.filter(corrects=stored).exists():
        raise ValidationError(_("该分录已被冲正。"), code="already_reversed")
    if not reason.strip():
        raise ValidationError({"reason": ValidationError(_("请填写冲正原因。"), code="reason_required")})
    if date < stored.date:
        raise ValidationError(
            {"date": ValidationError(_("冲正日期不能早于原分录日期。"), code="before_original_entry")}
        )
    checks.not_future(date)
    _refuse_frozen(stored.village_id, date, _("冲正分录必须记在尚未公开的月份。"), "month_published")
    return clean_and_save(
        LedgerEntry(
            village_id=stored.village_id,
            date=date,
            direction=stored.direction,
            category=stored.category,
            amount=stored.amount,
            voucher=_("冲%(voucher)s") % {"voucher": stored.voucher},
            description=_("冲正：%(description)s（%(reason)s）")
            % {"description": stored.description, "reason": reason.strip()},
            corrects=stored,
            created_by=user,
        )
    )


# -- accountability ----------------------------------------------------------------------


@transaction.atomic
def accountability_case_open(
    *,
    village: Organization,
    rule: str,
    subject: str,
    finding_since: dt.date,
    finding_text: str,
    directly_responsible: Person | None = None,
    jointly_responsible: Person | None = None,
    user=None,
) -> AccountabilityCase:
    checks.village(village)
    if AccountabilityCase.objects.filter(village=village, rule=rule, subject=subject).exists():
        raise ValidationError(_("该问题已经立案。"), code="case_exists")
    case = clean_and_save(
        AccountabilityCase(
            village=village,
            rule=rule,
            subject=subject,
            finding_since=finding_since,
            finding_text=finding_text,
            directly_responsible=directly_responsible,
            jointly_responsible=jointly_responsible,
            opened_by=user,
        )
    )
    clean_and_save(CaseEvent(case=case, kind=CaseEventKind.OPENED, note=finding_text, by=user))
    return case


@transaction.atomic
def reward_penalty_record(
    *,
    person: Person,
    kind: str,
    date: dt.date,
    reason: str,
    amount: object = None,
    case: AccountabilityCase | None = None,
    user=None,
) -> RewardPenalty:
    if kind not in RewardPenaltyKind.values:
        raise ValidationError({"kind": ValidationError(_("请选择奖励或处罚。"), code="kind_required")})
    value = parse_amount(amount, positive=True, required=False)
    checks.not_future(date)
    return clean_and_save(
        RewardPenalty(
            person=person, kind=kind, date=date, reason=reason.strip(), amount=value, case=case, recorded_by=user
        )
    )


@transaction.atomic
def accountability_case_decide(
    *,
    case: AccountabilityCase,
    outcome: str,
    decision: str,
    date: dt.date | None = None,
    amount: object = None,
    user=None,
) -> AccountabilityCase:
    """Close a case; a reward or penalty is recorded against the directly responsible person."""
    stored = AccountabilityCase.objects.select_for_update().get(pk=case.pk)
    if stored.status == CaseStatus.DECIDED:
        raise ValidationError(_("该案件已经处理。"), code="already_decided")
    decision_outcome(outcome, CaseOutcome.values, decision)
    if outcome != CaseOutcome.NONE:
        if stored.directly_responsible is None:
            raise ValidationError(
                {"outcome": ValidationError(_("案件没有直接责任人，不能记录奖惩。"), code="no_responsible_person")}
            )
        reward_penalty_record(
            person=stored.directly_responsible,
            kind=outcome,
            date=date or _today(),
            reason=decision,
            amount=amount,
            case=stored,
            user=user,
        )
    stored.status, stored.outcome, stored.decision = CaseStatus.DECIDED, outcome, decision.strip()
    clean_and_save(stored)
    clean_and_save(CaseEvent(case=stored, kind=CaseEventKind.DECIDED, note=decision.strip(), by=user))
    return stored


@transaction.atomic
def review_comment_add(
    *,
    village: Organization,
    text: str,
    user,
    decision: Decision | None = None,
    disclosure: Disclosure | None = None,
) -> ReviewComment:
    if not (text or "").strip():
        raise ValidationError({"text": ValidationError(_("请填写意见。"), code="text_required")})
    return clean_and_save(
        ReviewComment(village=village, decision=decision, disclosure=disclosure, text=text.strip(), author=user)
    )
