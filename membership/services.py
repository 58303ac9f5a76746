"""Writes to recruitment files and transfers. Pages and the scenario loader call these.

Every refusal is coded: a step out of order (``step_out_of_order``), an applicant under 18
(``applicant_under_18``), the time and people rules a step needs (cultivation, introducers,
training, a valid political review, a procedure to restart), a second extension, and for
transfers a letter for someone not in the sending branch, a receipt twice or before the letter; for members
away (``away_*``) a non-member, away twice at once, a return before leaving, out of contact twice.
"""

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from common import clock
from common.checks import not_in_future
from common.services import clean_and_save, refuse
from organizations.models import Organization, OrganizationKind
from people.models import MembershipStatus, PartyMembership, Person, adult_on
from people.phones import normalize_phone, validate_phone
from people.services import membership_set

from .config import rules_for
from .models import (
    Away,
    LostContact,
    MembershipEnd,
    Reach,
    Recruit,
    RecruitmentRules,
    StepEvent,
    Transfer,
    months_after,
)
from .steps import BY_CODE, BY_NUMBER, allowed_next


@transaction.atomic
def recruit_apply(
    *, person: Person, branch: Organization, applied_on: dt.date, basis: str, user: User | None = None
) -> Recruit:
    """Open a file with step 1 (the application): the applicant must be 18 on the day and not yet a member."""
    if branch.kind != OrganizationKind.VILLAGE:
        refuse(_("发展党员须在行政村党支部进行。"), code="not_a_village", field="branch")
    not_in_future(applied_on, what=_("申请日期"), field="applied_on", today=clock.today())
    if applied_on < adult_on(person.birth_date):
        refuse(_("递交入党申请时应年满18岁。"), code="applicant_under_18", field="applied_on")
    if PartyMembership.objects.filter(person=person).exists():
        refuse(_("此人已是党员。"), code="already_a_member", field="person")
    if Recruit.objects.filter(person=person, latest__lt=BY_CODE["archived"].number).exists():
        refuse(_("此人已有进行中的发展党员档案。"), code="recruit_open", field="person")
    recruit = clean_and_save(Recruit(person=person, branch=branch, applied_on=applied_on))
    step_record(recruit=recruit, step="apply", on=applied_on, basis=basis, user=user)
    return recruit


def _last_on(recruit: Recruit, code: str) -> dt.date | None:
    event = recruit.events.filter(step=code).order_by("-on", "-id").first()
    return event.on if event else None


@transaction.atomic
def step_record(
    *,
    recruit: Recruit,
    step: str,
    on: dt.date,
    basis: str,
    user: User | None = None,
    first_person: Person | None = None,
    second_person: Person | None = None,
    days: int | None = None,
    hours: int | None = None,
    extension_months: int = 0,
    party_group: Organization | None = None,
) -> StepEvent:
    """Record ``step`` of ``recruit`` on ``on``, in order and with what the step needs; the admission and the
    conversion change the membership in people."""
    recruit = Recruit.objects.select_for_update().get(pk=recruit.pk)
    definition = BY_CODE.get(step)
    if definition is None:
        refuse(_("没有这个步骤。"), code="unknown_step", field="step")
    done = list(recruit.events.values_list("number", flat=True))
    if definition.number == 1 and done:
        refuse(_("入党申请已记录。"), code="step_out_of_order", field="step")
    if definition.number > 1 and definition not in allowed_next(done):
        expected = ", ".join(f"{s.number}. {s.name}" for s in allowed_next(done)) or "—"
        refuse(
            _("步骤须按顺序进行：下一步应为 %(expected)s。") % {"expected": expected},
            code="step_out_of_order",
            field="step",
        )
    if not basis.strip():
        refuse(_("请填写该步骤依据的会议或文件。"), code="basis_required", field="basis")
    not_in_future(on, what=_("日期"), field="on", today=clock.today())
    previous = recruit.events.order_by("-on").first()
    if previous is not None and on < previous.on:
        refuse(
            _("步骤日期不能早于上一步骤（%(day)s）。") % {"day": previous.on}, code="step_before_previous", field="on"
        )
    rules = rules_for(recruit.branch)
    _step_conditions(recruit, definition.number, on, rules, first_person, second_person, days, hours, extension_months)
    publicity_until = on + dt.timedelta(days=rules.publicity_days) if definition.published else None
    event = clean_and_save(
        StepEvent(
            recruit=recruit,
            step=step,
            number=definition.number,
            on=on,
            basis=basis.strip(),
            first_person=first_person if definition.two_people else None,
            second_person=second_person if definition.two_people else None,
            days=days if definition.training else None,
            hours=hours if definition.training else None,
            extension_months=extension_months,
            publicity_until=publicity_until,
            recorded_by=user,
        )
    )
    recruit.latest = max(recruit.latest, definition.number)
    recruit.extension_months += extension_months
    recruit.save(update_fields=["latest", "extension_months"])
    if step == "approval":
        admitted_on = _last_on(recruit, "assembly") or on  # the admission date is the branch assembly's
        membership_set(
            person=recruit.person, status=MembershipStatus.PROBATIONARY, joined_on=admitted_on, branch=recruit.branch
        )
    elif step == "placed":
        membership = PartyMembership.objects.get(person=recruit.person)
        membership_set(
            person=recruit.person,
            status=membership.status,
            joined_on=membership.joined_on,
            branch=membership.branch,
            party_group=party_group,
        )
    elif step == "conversion_approval":
        membership = PartyMembership.objects.get(person=recruit.person)
        membership_set(
            person=recruit.person,
            status=MembershipStatus.FULL,
            joined_on=membership.joined_on,
            branch=membership.branch,
            party_group=membership.party_group,
        )
    return event


def _step_conditions(
    recruit: Recruit,
    number: int,
    on: dt.date,
    rules: RecruitmentRules,
    first: Person | None,
    second: Person | None,
    days: int | None,
    hours: int | None,
    extension_months: int,
) -> None:
    """The refusals of a step's own rules (rules: a RecruitmentRules row)."""
    r = rules
    step = BY_NUMBER[number]
    if step.two_people:
        if first is None or second is None or first.pk == second.pk:
            refuse(_("须指定两名不同的人员。"), code="two_people_required", field="second_person")
        full = PartyMembership.objects.filter(person__in=[first, second], status=MembershipStatus.FULL).count()
        if full != 2:
            refuse(_("培养联系人和入党介绍人须是正式党员。"), code="not_full_members", field="second_person")
    if step.code == "candidate":
        activist_on = _last_on(recruit, "activist")
        if activist_on and on < months_after(activist_on, r.cultivation_months):
            refuse(
                _("确定为发展对象前须经过%(months)s个月以上的培养考察。") % {"months": r.cultivation_months},
                code="cultivation_too_short",
                field="on",
            )
    if step.training and (days or 0) < r.training_days and (hours or 0) < r.training_hours:
        refuse(
            _("集中培训须不少于%(days)s天或%(hours)s学时。") % {"days": r.training_days, "hours": r.training_hours},
            code="training_too_short",
            field="days",
        )
    if step.code == "assembly":
        review_on = _last_on(recruit, "review")
        if review_on and on > months_after(review_on, r.review_valid_months):
            refuse(_("政治审查已超过有效期，须重新审查。"), code="review_expired", field="on")
    if step.code in ("committee_talk", "approval"):
        assembly_on = _last_on(recruit, "assembly")
        if assembly_on and on > months_after(assembly_on, r.restart_months):
            refuse(
                _("支部大会决议已超过%(months)s个月，须重新履行程序。") % {"months": r.restart_months},
                code="restart_required",
                field="on",
            )
    if extension_months:
        if step.code != "conversion_assembly":
            refuse(_("只有转正的支部大会可以延长预备期。"), code="extension_not_here", field="extension_months")
        if recruit.extension_months:
            refuse(_("预备期只能延长一次。"), code="extended_twice", field="extension_months")
        if not r.extension_min_months <= extension_months <= r.extension_max_months:
            refuse(
                _("延长预备期应为%(low)s至%(high)s个月。")
                % {"low": r.extension_min_months, "high": r.extension_max_months},
                code="extension_out_of_range",
                field="extension_months",
            )
    if step.code == "conversion_approval":
        admitted = PartyMembership.objects.filter(person=recruit.person).values_list("joined_on", flat=True).first()
        if admitted and on < months_after(admitted, r.probation_months + recruit.extension_months):
            refuse(_("预备期未满，不能转正。"), code="probation_not_over", field="on")


def letter_validity(*, on: dt.date, reach: str, county: Organization) -> dt.date:
    rules = rules_for(county)
    months = rules.letter_months_other_province if reach == Reach.BEYOND else rules.letter_months
    return months_after(on, months)


@transaction.atomic
def transfer_issue(
    *,
    membership: PartyMembership,
    to_branch: Organization | None,
    outside: str = "",
    reach: str,
    on: dt.date,
    letter_number: str,
    dues_paid_to: dt.date,
    user: User | None = None,
) -> Transfer:
    """Issue the introduction letter out of the member's branch: the membership moves on ``on``."""
    membership = PartyMembership.objects.select_for_update().get(pk=membership.pk)
    not_in_future(on, what=_("介绍信日期"), field="on", today=clock.today())
    if hasattr(membership, "ending") and membership.ending.on <= on:
        refuse(_("该党员的党籍已终止。"), code="membership_ended", field="membership")
    if Transfer.objects.filter(membership=membership, to_branch__isnull=True, from_branch__isnull=False).exists():
        refuse(_("该党员已转出本县。"), code="already_transferred_out", field="membership")
    last = Transfer.objects.filter(membership=membership).order_by("-on").first()
    if last is not None and on < last.on:
        refuse(_("转接日期不能早于上一次转接。"), code="transfer_before_previous", field="on")
    if on < membership.joined_on:
        refuse(_("转接日期不能早于入党日期。"), code="transfer_before_joining", field="on")
    if to_branch is None:
        if reach == Reach.COUNTY:
            refuse(_("县内转接须选择转入支部。"), code="to_branch_required", field="to_branch")
        if not outside.strip():
            refuse(_("请填写县外接收党组织。"), code="outside_required", field="outside")
    else:
        if to_branch.kind != OrganizationKind.VILLAGE:
            refuse(_("转入单位必须是行政村党支部。"), code="not_a_village", field="to_branch")
        if to_branch.pk == membership.branch_id:
            refuse(_("转入支部与转出支部相同。"), code="same_branch", field="to_branch")
        reach = Reach.COUNTY
    if dues_paid_to > on + dt.timedelta(days=366):
        refuse(_("党费交至日期不合理。"), code="dues_implausible", field="dues_paid_to")
    transfer = clean_and_save(
        Transfer(
            membership=membership,
            from_branch=membership.branch,
            from_group=membership.party_group,
            to_branch=to_branch,
            outside="" if to_branch else outside.strip(),
            reach=reach,
            on=on,
            letter_number=letter_number.strip(),
            valid_until=letter_validity(on=on, reach=reach, county=membership.branch),
            dues_paid_to=dues_paid_to,
            recorded_by=user,
        )
    )
    if to_branch is not None:
        membership_set(
            person=membership.person,
            status=membership.status,
            joined_on=membership.joined_on,
            branch=to_branch,
            party_group=None,
        )
    return transfer


@transaction.atomic
def transfer_receive_from_outside(
    *,
    person: Person,
    status: str,
    joined_on: dt.date,
    to_branch: Organization,
    outside: str,
    reach: str,
    on: dt.date,
    letter_number: str,
    dues_paid_to: dt.date,
    valid_until: dt.date,
    party_group: Organization | None = None,
    user: User | None = None,
) -> Transfer:
    """A member coming from outside the county with their letter: the membership starts here, received on ``on``."""
    not_in_future(on, what=_("转入日期"), field="on", today=clock.today())
    if reach == Reach.COUNTY:
        refuse(_("县外转入须选择省内跨县或跨省。"), code="reach_not_outside", field="reach")
    if not outside.strip():
        refuse(_("请填写县外转出党组织。"), code="outside_required", field="outside")
    if PartyMembership.objects.filter(person=person).exists():
        refuse(_("此人已是本县党员。"), code="already_a_member", field="person")
    if joined_on > on:
        refuse(_("转接日期不能早于入党日期。"), code="transfer_before_joining", field="on")
    membership = membership_set(
        person=person, status=status, joined_on=joined_on, branch=to_branch, party_group=party_group
    )
    return clean_and_save(
        Transfer(
            membership=membership,
            from_branch=None,
            to_branch=to_branch,
            outside=outside.strip(),
            reach=reach,
            on=on,
            letter_number=letter_number.strip(),
            valid_until=valid_until,
            dues_paid_to=dues_paid_to,
            received_on=on,
            receipt_by=user.get_username() if user else "",
            recorded_by=user,
        )
    )


@transaction.atomic
def transfer_receipt(
    *, transfer: Transfer, received_on: dt.date, receipt_by: str, party_group: Organization | None = None
) -> Transfer:
    """The receiving branch's receipt (回执); for a transfer out of the county, the receipt that came back."""
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.received_on is not None:
        refuse(_("回执已登记。"), code="receipt_twice", field="received_on")
    not_in_future(received_on, what=_("回执日期"), field="received_on", today=clock.today())
    if received_on < transfer.on:
        refuse(_("回执日期不能早于介绍信日期。"), code="receipt_before_letter", field="received_on")
    if not receipt_by.strip():
        refuse(_("请填写回执经办人。"), code="receipt_by_required", field="receipt_by")
    transfer.received_on = received_on
    transfer.receipt_by = receipt_by.strip()
    clean_and_save(transfer)
    if transfer.to_branch is not None and party_group is not None:
        membership = transfer.membership
        membership_set(
            person=membership.person,
            status=membership.status,
            joined_on=membership.joined_on,
            branch=membership.branch,
            party_group=party_group,
        )
    return transfer


@transaction.atomic
def membership_end(*, membership: PartyMembership, on: dt.date, reason: str) -> MembershipEnd:
    """End a membership on a day (a death, leaving the party): counted until then, not after; once."""
    membership = PartyMembership.objects.select_for_update().get(pk=membership.pk)
    if MembershipEnd.objects.filter(membership=membership).exists():
        refuse(_("该党员的党籍已终止。"), code="membership_ended", field="membership")
    not_in_future(on, what=_("日期"), field="on", today=clock.today())
    if on < membership.joined_on:
        refuse(_("日期不能早于入党日期。"), code="end_before_joining", field="on")
    return clean_and_save(MembershipEnd(membership=membership, on=on, reason=reason))


@transaction.atomic
def rules_set(*, county: Organization, values: dict[str, int]) -> RecruitmentRules:
    """Set the county's time rules (a county admin's, with CONFIGURE on the county)."""
    if county.kind != OrganizationKind.COUNTY:
        refuse(_("时限规则按县设置。"), code="not_a_county", field="county")
    rules = RecruitmentRules.objects.filter(county=county).first() or RecruitmentRules(county=county)
    for name, value in values.items():
        if not value or value < 1:
            refuse(_("时限须至少为1。"), code="rule_below_one", field=name)
        setattr(rules, name, value)
    if rules.extension_min_months > rules.extension_max_months:
        refuse(_("延长预备期最短不能大于最长。"), code="extension_range", field="extension_min_months")
    if rules.approval_months > rules.approval_max_months:
        refuse(_("审批期限不能大于最长期限。"), code="approval_range", field="approval_months")
    if rules.submit_months > rules.restart_months:
        refuse(_("报批期限不能大于重新履行程序的期限。"), code="restart_range", field="submit_months")
    return clean_and_save(rules)


# -- members away (流动党员) -----------------------------------------------------------


def _away_conditions(
    membership: PartyMembership | None, since: dt.date, place: str, certificate_number: str, issued: dt.date | None
) -> PartyMembership:
    today = clock.today()
    if membership is None:
        refuse(_("此人不是党员。"), code="not_a_member", field="person")
    if hasattr(membership, "ending") and membership.ending.on <= since:
        refuse(_("该党员的党籍已终止。"), code="membership_ended", field="person")
    if Transfer.objects.filter(membership=membership, to_branch__isnull=True, from_branch__isnull=False).exists():
        refuse(_("该党员已转出本县。"), code="already_transferred_out", field="person")
    not_in_future(since, what=_("外出日期"), field="since", today=today)
    if since < membership.joined_on:
        refuse(_("外出日期不能早于入党日期。"), code="away_before_joining", field="since")
    if not place.strip():
        refuse(_("请填写外出地点。"), code="place_required", field="place")
    not_in_future(issued, what=_("活动证发放日期"), field="certificate_issued_on", today=today)
    if bool(certificate_number.strip()) != (issued is not None):
        refuse(_("流动党员活动证须同时填写编号和发放日期。"), code="certificate_incomplete", field="certificate_number")
    return membership


@transaction.atomic
def away_record(
    *,
    person: Person,
    since: dt.date,
    place: str,
    contact: str = "",
    receiving: str = "",
    receiving_org: Organization | None = None,
    certificate_number: str = "",
    certificate_issued_on: dt.date | None = None,
    user: User | None = None,
) -> Away:
    """Record ``person`` (a member) as away from ``since``: once at a time, and not over an earlier absence."""
    membership = PartyMembership.objects.select_for_update().filter(person=person).first()
    membership = _away_conditions(membership, since, place, certificate_number, certificate_issued_on)
    overlapping = Away.objects.filter(membership=membership).filter(
        Q(returned_on__isnull=True) | Q(returned_on__gt=since) | Q(since__gte=since)
    )  # the new absence is open-ended: any absence not over by ``since`` overlaps it
    if overlapping.exists():
        refuse(_("该党员已登记为外出，尚未返回。"), code="away_twice", field="person")
    phone = normalize_phone(contact)
    if phone:
        try:
            validate_phone(phone)
        except ValidationError as exc:
            refuse(exc.messages[0], code="phone", field="contact")
    if receiving_org is None and not receiving.strip():
        refuse(_("请填写临时接收党组织。"), code="receiving_required", field="receiving")
    return clean_and_save(
        Away(
            membership=membership,
            since=since,
            place=place.strip(),
            contact=phone,
            receiving=receiving.strip() or (receiving_org.display_name if receiving_org else ""),
            receiving_org=receiving_org,
            certificate_number=certificate_number.strip(),
            certificate_issued_on=certificate_issued_on,
            recorded_by=user,
        )
    )


def _open_loss(away: Away) -> LostContact | None:
    return LostContact.objects.filter(away=away, regained_on__isnull=True).first()


@transaction.atomic
def away_return(*, away: Away, returned_on: dt.date) -> Away:
    """Record the member's return: not before leaving, nor before contact was lost; an open loss ends with it."""
    away = Away.objects.select_for_update().get(pk=away.pk)
    if away.returned_on is not None:
        refuse(_("已登记返回。"), code="returned_twice", field="returned_on")
    not_in_future(returned_on, what=_("返回日期"), field="returned_on", today=clock.today())
    if returned_on < away.since:
        refuse(
            _("返回日期不能早于外出日期（%(day)s）。") % {"day": away.since},
            code="return_before_leaving",
            field="returned_on",
        )
    loss = _open_loss(away)
    if loss is not None:
        if returned_on < loss.since:
            refuse(_("返回日期不能早于失联日期。"), code="return_before_lost", field="returned_on")
        loss.regained_on = returned_on
        clean_and_save(loss)
    away.returned_on = returned_on
    return clean_and_save(away)


@transaction.atomic
def away_lose_contact(*, away: Away, since: dt.date, user: User | None = None) -> LostContact:
    """Flag a member away as out of contact from ``since`` (the record stays; it is never deleted)."""
    away = Away.objects.select_for_update().get(pk=away.pk)
    if away.returned_on is not None:
        refuse(_("该党员已返回，不再是流动党员。"), code="not_away", field="since")
    if _open_loss(away) is not None:
        refuse(_("该党员已标记为失去联系。"), code="lost_twice", field="since")
    not_in_future(since, what=_("失联日期"), field="since", today=clock.today())
    last = LostContact.objects.filter(away=away).order_by("-regained_on").first()
    earliest = last.regained_on if last is not None and last.regained_on else away.since
    if since < earliest:
        refuse(
            _("失联日期不能早于%(day)s（外出或上次恢复联系）。") % {"day": earliest},
            code="lost_before_leaving",
            field="since",
        )
    return clean_and_save(LostContact(away=away, since=since, recorded_by=user))


@transaction.atomic
def away_regain_contact(*, away: Away, regained_on: dt.date) -> LostContact:
    """End the member's time out of contact on ``regained_on``."""
    loss = LostContact.objects.select_for_update().filter(away=away, regained_on__isnull=True).first()
    if loss is None:
        refuse(_("该党员未标记为失去联系。"), code="not_lost", field="regained_on")
    not_in_future(regained_on, what=_("恢复联系日期"), field="regained_on", today=clock.today())
    if regained_on < loss.since:
        refuse(_("恢复联系日期不能早于失联日期。"), code="regained_before_lost", field="regained_on")
    loss.regained_on = regained_on
    return clean_and_save(loss)
