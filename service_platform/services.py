"""Writes for P2 Service. Pages, importers and the scenario loader all call these."""

import datetime as dt
from decimal import Decimal
from typing import Literal, overload

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.checks import not_in_future, parse_amount
from organizations.models import Organization
from people.models import PartyMembership, Person

from .models import (
    MAX_LOAN,
    NEXT_STEPS,
    Facility,
    FacilityKind,
    FacilityStatus,
    LoanEvent,
    LoanStatus,
    MicroLoan,
    SupportedProject,
)


def _not_in_future(day: dt.date | None, field: str, what: str) -> None:
    not_in_future(day, what=what, field=field)


@overload
def _money(value: Decimal | int | str | None, field: str = ..., *, required: Literal[True] = ...) -> Decimal: ...
@overload
def _money(value: Decimal | int | str | None, field: str = ..., *, required: bool) -> Decimal | None: ...
def _money(value: Decimal | int | str | None, field: str = "amount", *, required: bool = True) -> Decimal | None:
    """Return an exact amount in 元; refuse floats, text and negative numbers."""
    return parse_amount(value, field=field, required=required)


# -- facilities --------------------------------------------------------------------


def _refuse_second_centre(facility: Facility) -> None:
    """One centre per township that is not closed (a suspended centre is still the township's centre)."""
    if facility.kind != FacilityKind.SERVICE_CENTRE or facility.status == FacilityStatus.CLOSED:
        return
    others = (
        Facility.objects.select_for_update()
        .filter(kind=FacilityKind.SERVICE_CENTRE, organization=facility.organization)
        .exclude(status=FacilityStatus.CLOSED)
    )
    if facility.pk:
        others = others.exclude(pk=facility.pk)
    clash = others.first()
    if clash is not None:
        raise ValidationError(
            {
                "organization": ValidationError(
                    _("%(township)s已有党员服务中心（%(name)s），一个乡镇只设一个。")
                    % {"township": facility.organization.name, "name": clash.name},
                    code="second_centre",
                )
            }
        )


@transaction.atomic
def facility_create(
    *,
    kind: str,
    name: str,
    organization: Organization,
    opened_on: dt.date,
    location: str = "",
    status: str = FacilityStatus.OPEN,
    closed_on: dt.date | None = None,
    description: str = "",
) -> Facility:
    """Create a facility; a service centre must be at a township, one open centre per township."""
    _not_in_future(opened_on, "opened_on", _("启用日期"))
    _not_in_future(closed_on, "closed_on", _("关闭日期"))
    facility = Facility(
        kind=kind,
        name=name,
        organization=organization,
        opened_on=opened_on,
        location=location,
        status=status,
        closed_on=closed_on,
        description=description,
    )
    facility.full_clean()
    _refuse_second_centre(facility)
    facility.save()
    return facility


@transaction.atomic
def facility_update(
    *,
    facility: Facility,
    name: str,
    location: str = "",
    opened_on: dt.date,
    status: str,
    closed_on: dt.date | None = None,
    description: str = "",
) -> Facility:
    """Change a facility's details and status (its kind and place stay: a move is a new facility)."""
    _not_in_future(opened_on, "opened_on", _("启用日期"))
    _not_in_future(closed_on, "closed_on", _("关闭日期"))
    facility.name = name
    facility.location = location
    facility.opened_on = opened_on
    facility.status = status
    facility.closed_on = closed_on
    facility.description = description
    facility.full_clean()
    _refuse_second_centre(facility)
    facility.save()
    return facility


# -- supported projects ------------------------------------------------------------


@transaction.atomic
def supported_project_create(
    *,
    name: str,
    organization: Organization,
    industry: str,
    start: dt.date,
    support: str = "",
    amount: Decimal | int | str | None = None,
    responsible: Person | None = None,
    end: dt.date | None = None,
    status: str = "ongoing",
) -> SupportedProject:
    _not_in_future(start, "start", _("开始日期"))
    _not_in_future(end, "end", _("结束日期"))
    if (
        responsible is not None
        and not PartyMembership.objects.filter(
            person=responsible, branch__code__startswith=organization.code[:6]
        ).exists()
    ):
        raise ValidationError(
            {"responsible": ValidationError(_("负责人必须是本县的党员。"), code="not_a_county_member")}
        )
    project = SupportedProject(
        name=name,
        organization=organization,
        industry=industry,
        start=start,
        end=end,
        support=support,
        amount=_money(amount, required=False),
        responsible=responsible,
        status=status,
    )
    project.full_clean()
    project.save()
    return project


# -- micro-loans (153 plan) ----------------------------------------------------------


def _event(loan: MicroLoan, step: str, date: dt.date, note: str, recorded_by) -> LoanEvent:
    event = LoanEvent(loan=loan, step=step, date=date, note=note, recorded_by=recorded_by)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def loan_apply(
    *,
    applicant: Person,
    purpose: str,
    amount: Decimal | int | str,
    lender: str,
    applied_on: dt.date,
    note: str = "",
    recorded_by=None,
) -> MicroLoan:
    """Record a party member's application; the loan starts at "applied" with its first event."""
    money = _money(amount)
    if money is not None and money <= 0:
        raise ValidationError({"amount": ValidationError(_("贷款金额必须大于0。"), code="amount_not_positive")})
    if money is not None and money > MAX_LOAN:
        raise ValidationError(
            {"amount": ValidationError(_("贷款金额不能超过%(max)s元。") % {"max": MAX_LOAN}, code="amount_too_large")}
        )
    _not_in_future(applied_on, "applied_on", _("申请日期"))
    membership = PartyMembership.objects.select_related("branch").filter(person=applicant).first()
    if membership is None:
        raise ValidationError(
            {
                "applicant": ValidationError(
                    _("153帮扶计划的贷款申请人必须是党员：%(name)s不是。") % {"name": applicant.name},
                    code="not_a_member",
                )
            }
        )
    loan = MicroLoan(
        applicant=applicant,
        village=membership.branch,
        purpose=purpose,
        amount=money,
        lender=lender,
        applied_on=applied_on,
        status=LoanStatus.APPLIED,
        note=note,
    )
    loan.full_clean()
    loan.save()
    _event(loan, LoanStatus.APPLIED, applied_on, note, recorded_by)
    return loan


@transaction.atomic
def _loan_step(*, loan: MicroLoan, step: str, date: dt.date, note: str, recorded_by) -> MicroLoan:
    # Re-read under a lock: two admins pressing buttons at once cannot both move the loan.
    current = MicroLoan.objects.select_for_update().get(pk=loan.pk)
    if step not in NEXT_STEPS[LoanStatus(current.status)]:
        raise ValidationError(
            _("贷款当前为“%(current)s”，不能登记“%(step)s”。")
            % {"current": LoanStatus(current.status).label, "step": LoanStatus(step).label},
            code="step_out_of_order",
        )
    _not_in_future(date, "date", _("日期"))
    last = current.events.order_by("-date", "-id").first()
    earliest = last.date if last else current.applied_on
    if date < earliest:
        raise ValidationError(
            {
                "date": ValidationError(
                    _("日期不能早于上一步（%(day)s）。") % {"day": earliest.isoformat()}, code="before_previous_step"
                )
            }
        )
    current.status = step
    current.save(update_fields=["status"])
    _event(current, step, date, note, recorded_by)
    loan.status = step
    return current


def loan_approve(*, loan: MicroLoan, date: dt.date, note: str = "", recorded_by=None) -> MicroLoan:
    return _loan_step(loan=loan, step=LoanStatus.APPROVED, date=date, note=note, recorded_by=recorded_by)


def loan_refuse(*, loan: MicroLoan, date: dt.date, reason: str, recorded_by=None) -> MicroLoan:
    """Refuse an application (only from "applied"); the reason is required."""
    if not (reason or "").strip():
        raise ValidationError({"reason": ValidationError(_("不予批准时必须填写理由。"), code="reason_required")})
    return _loan_step(loan=loan, step=LoanStatus.REFUSED, date=date, note=reason.strip(), recorded_by=recorded_by)


def loan_repaid(*, loan: MicroLoan, date: dt.date, note: str = "", recorded_by=None) -> MicroLoan:
    return _loan_step(loan=loan, step=LoanStatus.REPAID, date=date, note=note, recorded_by=recorded_by)
