"""Writes for A3. Pages, the admin actions, the scenario loader and tests all call these.

Every refusal is a ValidationError with a translated message, raised before anything is
written (and each function runs in a transaction, so a late refusal leaves nothing either).
"""

import datetime as dt
import hashlib
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Organization, OrganizationKind
from people.models import Appointment, Person, Post

from .config import setting
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
    Feedback,
    LedgerEntry,
    PeriodKind,
    PublishedImmutableError,
    PublishedMonth,
    ResolvingBody,
    ReviewComment,
    RewardPenalty,
    RewardPenaltyKind,
    Step,
    month_is_frozen,
)
from .periods import DisclosurePeriod
from .quorum import passing, quorum_for


def _save(obj):  # noqa: ANN001, ANN202
    obj.full_clean()
    obj.save()
    return obj


def _today() -> dt.date:
    return timezone.localdate()


def _require_village(village: Organization) -> None:
    if village.kind != OrganizationKind.VILLAGE:
        raise ValidationError({"village": _("请选择一个行政村。")})


# -- 四议两公开 ------------------------------------------------------------------------


@transaction.atomic
def decision_create(
    *,
    village: Organization,
    title: str,
    summary: str = "",
    raised_by_name: str = "",
    raised_by: Person | None = None,
    user=None,  # noqa: ANN001 - a User
) -> Decision:
    _require_village(village)
    return _save(
        Decision(
            village=village, title=title.strip(), summary=summary.strip(), raised_by_name=raised_by_name.strip(),
            raised_by=raised_by, created_by=user,
        )
    )


def one_person_holds_both(village: Organization, day: dt.date) -> bool:
    """Return True if one person is both branch secretary and committee director on ``day`` (一肩挑)."""
    posts: dict[int, set[str]] = {}
    for person_id, post in Appointment.objects.on(day).filter(
        organization=village, post__in=[Post.VILLAGE_SECRETARY, Post.VILLAGE_DIRECTOR]
    ).values_list("person_id", "post"):
        posts.setdefault(person_id, set()).add(post)
    return any(len(p) == 2 for p in posts.values())


def _meeting_basis(number: int, body: str, basis: str) -> str:
    if number in (Step.PROPOSE, Step.DELIBERATE):
        return "committee"
    if number == Step.REVIEW:
        return "party_assembly"
    if body == ResolvingBody.REPRESENTATIVES:
        return "representatives"
    if basis == AttendanceBasis.HOUSEHOLDS:
        return "villagers_assembly_households"
    return "villagers_assembly"


def _check_meeting(
    *, number: int, body: str, basis: str, due: int | None, present: int | None,
    votes_for: int | None, votes_against: int | None, votes_abstain: int | None,
) -> None:
    errors: dict[str, str] = {}
    if number == Step.RESOLVE and body not in ResolvingBody.values:
        errors["body"] = _("请选择村民会议或村民代表会议。")
    for field, value in (("due", due), ("present", present), ("votes_for", votes_for)):
        if value is None:
            errors[field] = _("会议必须登记应到、实到人数和表决结果。")
        elif value < 0:
            errors[field] = _("人数不能为负数。")
    if errors:
        raise ValidationError(errors)
    assert due is not None and present is not None and votes_for is not None
    against, abstain = votes_against or 0, votes_abstain or 0
    if due == 0:
        raise ValidationError({"due": _("应到人数必须大于零。")})
    if present > due:
        raise ValidationError({"present": _("实到人数（%(present)s）不能多于应到人数（%(due)s）。") % {"present": present, "due": due}})
    if against < 0 or abstain < 0:
        raise ValidationError({"votes_against": _("票数不能为负数。")})
    if votes_for + against + abstain > present:
        raise ValidationError(
            {"votes_for": _("赞成、反对、弃权合计%(total)s票，多于实到人数%(present)s。")
             % {"total": votes_for + against + abstain, "present": present}}
        )
    quorum = quorum_for(_meeting_basis(number, body, basis))
    if not quorum.met(present, due):
        raise ValidationError(
            {"present": _("到会人数不足：应到%(due)s，实到%(present)s，须%(rule)s。")
             % {"due": due, "present": present, "rule": quorum.describe()}}
        )
    rule = passing()
    if not rule.met(votes_for, present):
        raise ValidationError(
            {"votes_for": _("赞成%(for)s票，未达到实到人数的%(rule)s，未通过。")
             % {"for": votes_for, "rule": rule.describe()}}
        )


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
    user=None,  # noqa: ANN001
) -> DecisionStep:
    """Record the next step of ``decision`` and return it (step 2 when steps 1 and 2 are merged)."""
    # Lock the decision so two people cannot record the same step at once.
    decision = Decision.objects.select_for_update().select_related("village").get(pk=decision.pk)
    steps = list(decision.steps.order_by("number"))
    last = steps[-1] if steps else None
    expected = (last.number + 1) if last else Step.PROPOSE
    number = int(number)
    if expected > Step.PUBLISH_RESULT:
        raise ValidationError(_("该事项六个步骤均已完成。"))
    if number != expected:
        raise ValidationError(
            {"number": _("步骤顺序不对：下一步应是“%(expected)s”，不能登记“%(given)s”。")
             % {"expected": Step(expected).label, "given": Step(number).label if number in Step.values else number}}
        )
    if merged and number != Step.PROPOSE:
        raise ValidationError({"merged": _("只有党支部提议和两委会商议可以合并召开。")})
    if date > _today():
        raise ValidationError({"date": _("日期不能晚于今天。")})
    if last is not None and date < last.date:
        raise ValidationError(
            {"date": _("日期不能早于上一步骤（%(step)s，%(date)s）。") % {"step": last.get_number_display(), "date": last.date}}
        )
    if not content.strip():
        raise ValidationError({"content": _("请填写内容。")})
    fields: dict[str, object] = {"content": content.strip(), "result": result.strip(), "recorded_by": user, "date": date}
    if number in (Step.PROPOSE, Step.DELIBERATE, Step.REVIEW, Step.RESOLVE):
        if number != Step.RESOLVE:
            body, basis = "", ""
        elif body == ResolvingBody.REPRESENTATIVES:
            basis = AttendanceBasis.PERSONS
        else:
            basis = basis or AttendanceBasis.PERSONS
        _check_meeting(
            number=number, body=body, basis=basis, due=due, present=present,
            votes_for=votes_for, votes_against=votes_against, votes_abstain=votes_abstain,
        )
        fields.update(
            body=body, basis=basis, due=due, present=present, votes_for=votes_for,
            votes_against=votes_against or 0, votes_abstain=votes_abstain or 0,
        )
    elif number == Step.PUBLISH_RESOLUTION:
        days = setting("publicity_days") if publicity_days is None else publicity_days
        if days < 0:
            raise ValidationError({"publicity_days": _("公示期不能为负数。")})
        fields.update(channel=channel.strip(), publicity_days=days)
    else:
        published = steps[-1]
        earliest = published.date + dt.timedelta(days=published.publicity_days or 0)
        if date < earliest:
            raise ValidationError(
                {"date": _("决议公示期（%(days)s天）至%(date)s届满，届满前不能公开实施结果。")
                 % {"days": published.publicity_days, "date": earliest}}
            )
        fields.update(channel=channel.strip())
    if merged:
        if not one_person_holds_both(decision.village, date):
            raise ValidationError(
                {"merged": _("%(date)s村党支部书记与村委会主任不是同一人（非一肩挑），两个会议不能合并召开。") % {"date": date}}
            )
        _save(DecisionStep(decision=decision, number=Step.PROPOSE, merged=True, **fields))
        return _save(DecisionStep(decision=decision, number=Step.DELIBERATE, merged=True, **fields))
    return _save(DecisionStep(decision=decision, number=number, **fields))


@transaction.atomic
def decision_step_withdraw(*, step: DecisionStep) -> None:
    """Withdraw the last step if it was entered by mistake; published steps (5, 6) never."""
    if step.is_published:
        raise PublishedImmutableError(_("已公开的议事步骤不能撤销或删除。"))
    last = step.decision.steps.order_by("-number").first()
    if last is None or last.pk != step.pk and not (step.merged and last.merged):
        raise ValidationError(_("只能撤销最后一个步骤。"))
    to_delete = step.decision.steps.filter(merged=True) if step.merged else step.decision.steps.filter(pk=step.pk)
    for row in to_delete:
        row.delete()


@transaction.atomic
def decision_implementation_record(*, decision: Decision, started_on: dt.date) -> Decision:
    """Record when implementation began (R-DECISION checks it against the published resolution)."""
    if started_on > _today():
        raise ValidationError({"started_on": _("日期不能晚于今天。")})
    if decision.implementation_started_on is not None:
        raise ValidationError({"started_on": _("已登记开始实施日期。")})
    decision.implementation_started_on = started_on
    return _save(decision)


# -- disclosures -------------------------------------------------------------------------


def _default_title(village: Organization, kind: str, period: DisclosurePeriod) -> str:
    return _("%(village)s%(period)s%(kind)s") % {
        "village": village.name, "period": period.label(), "kind": DisclosureKind(kind).label
    }


@transaction.atomic
def disclosure_create(
    *,
    village: Organization,
    kind: str,
    year: int,
    period_number: int,
    title: str = "",
    content: str = "",
    user=None,  # noqa: ANN001
) -> Disclosure:
    """Create a draft disclosure; finance is monthly, village affairs per the configured period."""
    _require_village(village)
    if kind not in DisclosureKind.values:
        raise ValidationError({"kind": _("请选择公开类别。")})
    period_kind = PeriodKind.MONTH if kind == DisclosureKind.FINANCE else setting("affairs_period")
    top = 12 if period_kind == PeriodKind.MONTH else 4
    if not 1 <= int(period_number) <= top:
        raise ValidationError({"period_number": _("期间应在1到%(top)s之间。") % {"top": top}})
    period = DisclosurePeriod(int(year), int(period_number), period_kind)
    if Disclosure.objects.filter(
        village=village, kind=kind, year=period.year, period_kind=period_kind, period_number=period.number
    ).exists():
        raise ValidationError(
            {"period_number": _("%(period)s的%(kind)s已经存在。") % {"period": period.label(), "kind": DisclosureKind(kind).label}}
        )
    return _save(
        Disclosure(
            village=village, kind=kind, year=period.year, period_kind=period_kind, period_number=period.number,
            title=title.strip() or _default_title(village, kind, period), content=content.strip(), created_by=user,
        )
    )


def _refuse_if_published(disclosure: Disclosure, message: str) -> None:
    if Disclosure.objects.filter(pk=disclosure.pk, status=DisclosureStatus.PUBLISHED).exists():
        raise PublishedImmutableError(message)


@transaction.atomic
def disclosure_update(*, disclosure: Disclosure, title: str, content: str) -> Disclosure:
    _refuse_if_published(disclosure, _("已公开的内容不能修改。"))
    disclosure.title = title.strip()
    disclosure.content = content.strip()
    return _save(disclosure)


@transaction.atomic
def disclosure_delete(*, disclosure: Disclosure) -> None:
    _refuse_if_published(disclosure, _("已公开的内容不能删除。"))
    disclosure.delete()


@transaction.atomic
def disclosure_publish(*, disclosure: Disclosure, user=None, at: dt.datetime | None = None) -> Disclosure:  # noqa: ANN001
    """Publish a draft; a finance disclosure freezes its month's ledger (and, with it, every earlier entry)."""
    _refuse_if_published(disclosure, _("该内容已经公开。"))
    now = timezone.now()
    at = at or now
    if at > now:
        raise ValidationError({"published_at": _("公开时间不能晚于现在。")})
    if disclosure.kind == DisclosureKind.FINANCE:
        period = disclosure.period
        if timezone.localtime(at).date() < period.last_day:
            raise ValidationError(
                {"published_at": _("%(period)s尚未结束，不能公开该月财务收支。") % {"period": period.label()}}
            )
    disclosure.status = DisclosureStatus.PUBLISHED
    disclosure.published_at = at
    disclosure.published_by = user
    _save(disclosure)
    if disclosure.kind == DisclosureKind.FINANCE:
        _save(
            PublishedMonth(
                village=disclosure.village, year=disclosure.year, month=disclosure.period_number,
                last_day=disclosure.period.last_day, disclosure=disclosure, published_at=at,
            )
        )
    return disclosure


# -- the ledger --------------------------------------------------------------------------


def parse_amount(value: object) -> Decimal:
    """Return a positive amount in 元 with at most two decimals, or refuse."""
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError({"amount": _("金额必须是数字。")}) from None
    if not amount.is_finite():
        raise ValidationError({"amount": _("金额必须是数字。")})
    if amount <= 0:
        raise ValidationError({"amount": _("金额必须大于零；更正已入账的金额请使用冲正分录。")})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"amount": _("金额最多保留两位小数。")})
    if amount >= Decimal("1e12"):
        raise ValidationError({"amount": _("金额过大。")})
    return amount


def _refuse_frozen(village_id: int, day: dt.date, message: str) -> None:
    if month_is_frozen(village_id, day):
        raise PublishedImmutableError(message)


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
    user=None,  # noqa: ANN001
) -> LedgerEntry:
    _require_village(village)
    value = parse_amount(amount)
    if date > _today():
        raise ValidationError({"date": _("日期不能晚于今天。")})
    _refuse_frozen(village.pk, date, _("%(month)s的财务已公开，不能再录入该月账目。") % {"month": f"{date.year}-{date.month:02d}"})
    entry = LedgerEntry(
        village=village, date=date, direction=direction, category=category, amount=value,
        voucher=voucher.strip(), description=description.strip(), created_by=user,
    )
    if attachment is not None:
        entry.attachment = attachment
    return _save(entry)


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
    _refuse_frozen(stored.village_id, stored.date, _("已公开月份的账目不能修改，请录入冲正分录。"))
    value = parse_amount(amount)
    if date > _today():
        raise ValidationError({"date": _("日期不能晚于今天。")})
    _refuse_frozen(stored.village_id, date, _("该月财务已公开，不能把账目改到该月。"))
    if stored.corrects_id or hasattr(stored, "reversed_by"):
        raise ValidationError(_("冲正分录及已被冲正的分录不能修改。"))
    stored.date, stored.direction, stored.category = date, direction, category
    stored.amount, stored.voucher, stored.description = value, voucher.strip(), description.strip()
    return _save(stored)


@transaction.atomic
def ledger_entry_delete(*, entry: LedgerEntry) -> None:
    stored = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    _refuse_frozen(stored.village_id, stored.date, _("已公开月份的账目不能删除，请录入冲正分录。"))
    if LedgerEntry.objects.filter(corrects=stored).exists():
        raise ValidationError(_("已被冲正的分录不能删除。"))
    stored.delete()


@transaction.atomic
def ledger_entry_reverse(*, entry: LedgerEntry, date: dt.date, reason: str, user=None) -> LedgerEntry:  # noqa: ANN001
    """Write a reversing entry (冲正) in an open month; it shows on both entries."""
    stored = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if stored.corrects_id:
        raise ValidationError(_("冲正分录不能再被冲正。"))
    if LedgerEntry.objects.filter(corrects=stored).exists():
        raise ValidationError(_("该分录已被冲正。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写冲正原因。")})
    if date < stored.date:
        raise ValidationError({"date": _("冲正日期不能早于原分录日期。")})
    if date > _today():
        raise ValidationError({"date": _("日期不能晚于今天。")})
    _refuse_frozen(stored.village_id, date, _("冲正分录必须记在尚未公开的月份。"))
    return _save(
        LedgerEntry(
            village_id=stored.village_id, date=date, direction=stored.direction, category=stored.category,
            amount=stored.amount, voucher=_("冲%(voucher)s") % {"voucher": stored.voucher},
            description=_("冲正：%(description)s（%(reason)s）") % {"description": stored.description, "reason": reason.strip()},
            corrects=stored, created_by=user,
        )
    )


# -- villagers' feedback -----------------------------------------------------------------


def client_hash(address: str) -> str:
    """Return a keyed hash of the client address: enough to rate-limit, useless to identify."""
    return hashlib.sha256(f"{settings.SECRET_KEY}|feedback|{address}".encode()).hexdigest()


def _feedback_target(target: object) -> dict[str, object]:
    if isinstance(target, Disclosure) and target.is_published:
        return {"disclosure": target, "village_id": target.village_id}
    if isinstance(target, PublishedMonth):
        return {"published_month": target, "village_id": target.village_id}
    if isinstance(target, DecisionStep) and target.decision.steps.filter(number=Step.PUBLISH_RESOLUTION).exists():
        return {"decision_step": target, "village_id": target.decision.village_id}
    raise ValidationError(_("只能对已公开的内容提出意见。"))


@transaction.atomic
def feedback_submit(
    *, target: object, text: str, client_address: str, name: str = "", now: dt.datetime | None = None
) -> Feedback:
    """Take a villager's feedback on a published item: length-checked and rate-limited per client."""
    now = now or timezone.now()
    text = (text or "").strip()
    limit = int(setting("feedback_max_length"))
    if not text:
        raise ValidationError({"text": _("请填写意见内容。")})
    if len(text) > limit:
        raise ValidationError({"text": _("意见内容不能超过%(limit)s个字（现有%(n)s个字）。") % {"limit": limit, "n": len(text)}})
    name = (name or "").strip()
    if len(name) > 50:
        raise ValidationError({"name": _("姓名不能超过50个字。")})
    where = _feedback_target(target)
    digest = client_hash(client_address or "")
    per_hour = int(setting("feedback_per_hour"))
    recent = Feedback.objects.filter(client_hash=digest, created_at__gt=now - dt.timedelta(hours=1)).count()
    if recent >= per_hour:
        raise ValidationError(_("提交过于频繁：每小时最多提交%(n)s条意见，请稍后再试。") % {"n": per_hour})
    return _save(Feedback(text=text, name=name, client_hash=digest, created_at=now, **where))


@transaction.atomic
def feedback_answer(*, feedback: Feedback, answer: str, user=None, at: dt.datetime | None = None) -> Feedback:  # noqa: ANN001
    stored = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if stored.answered_at is not None:
        raise ValidationError(_("该意见已经答复。"))
    if not (answer or "").strip():
        raise ValidationError({"answer": _("请填写答复内容。")})
    stored.answer = answer.strip()
    stored.answered_at = at or timezone.now()
    stored.answered_by = user
    return _save(stored)


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
    user=None,  # noqa: ANN001
) -> AccountabilityCase:
    _require_village(village)
    if AccountabilityCase.objects.filter(village=village, rule=rule, subject=subject).exists():
        raise ValidationError(_("该问题已经立案。"))
    case = _save(
        AccountabilityCase(
            village=village, rule=rule, subject=subject, finding_since=finding_since, finding_text=finding_text,
            directly_responsible=directly_responsible, jointly_responsible=jointly_responsible, opened_by=user,
        )
    )
    _save(CaseEvent(case=case, kind=CaseEventKind.OPENED, note=finding_text, by=user))
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
    user=None,  # noqa: ANN001
) -> RewardPenalty:
    if kind not in RewardPenaltyKind.values:
        raise ValidationError({"kind": _("请选择奖励或处罚。")})
    value = parse_amount(amount) if amount not in (None, "") else None
    if date > _today():
        raise ValidationError({"date": _("日期不能晚于今天。")})
    return _save(
        RewardPenalty(person=person, kind=kind, date=date, reason=reason.strip(), amount=value, case=case, recorded_by=user)
    )


@transaction.atomic
def accountability_case_decide(
    *,
    case: AccountabilityCase,
    outcome: str,
    decision: str,
    date: dt.date | None = None,
    amount: object = None,
    user=None,  # noqa: ANN001
) -> AccountabilityCase:
    """Close a case; a reward or penalty is recorded against the directly responsible person."""
    stored = AccountabilityCase.objects.select_for_update().get(pk=case.pk)
    if stored.status == CaseStatus.DECIDED:
        raise ValidationError(_("该案件已经处理。"))
    if outcome not in CaseOutcome.values:
        raise ValidationError({"outcome": _("请选择处理结果。")})
    if not decision.strip():
        raise ValidationError({"decision": _("请填写处理意见。")})
    if outcome != CaseOutcome.NONE:
        if stored.directly_responsible is None:
            raise ValidationError({"outcome": _("案件没有直接责任人，不能记录奖惩。")})
        reward_penalty_record(
            person=stored.directly_responsible, kind=outcome, date=date or _today(), reason=decision,
            amount=amount, case=stored, user=user,
        )
    stored.status, stored.outcome, stored.decision = CaseStatus.DECIDED, outcome, decision.strip()
    _save(stored)
    _save(CaseEvent(case=stored, kind=CaseEventKind.DECIDED, note=decision.strip(), by=user))
    return stored


@transaction.atomic
def review_comment_add(
    *, village: Organization, text: str, user, decision: Decision | None = None, disclosure: Disclosure | None = None  # noqa: ANN001
) -> ReviewComment:
    if not (text or "").strip():
        raise ValidationError({"text": _("请填写意见。")})
    return _save(ReviewComment(village=village, decision=decision, disclosure=disclosure, text=text.strip(), author=user))
