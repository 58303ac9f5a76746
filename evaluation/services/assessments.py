"""The assessment workflow: start (with pre-fill), scores, submit → township review → county approval.

Every step writes an ``AssessmentEvent`` in the service's transaction; the status is read back
from those rows."""

import datetime as dt
import logging
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common import clock
from common.prefill import prefill_values
from common.services import clean_and_save
from organizations.models import Organization
from people.models import PartyMembership, Person

from ..models import (
    STATUS_AFTER,
    WORKFLOW_KINDS,
    Assessment,
    AssessmentEvent,
    AssessmentPeriod,
    EventKind,
    Item,
    ItemScore,
    Standard,
    StandardStatus,
    Status,
    Subject,
    inactive_standard_error,
    unknown_item_error,
)

logger = logging.getLogger(__name__)

# -- assessments -----------------------------------------------------------------


def assessment_status(assessment: Assessment) -> str:
    """Return the workflow status, read from the latest workflow event."""
    kind = (
        AssessmentEvent.objects.filter(assessment=assessment, kind__in=WORKFLOW_KINDS)
        .order_by("-at", "-id")
        .values_list("kind", flat=True)
        .first()
    )
    return STATUS_AFTER[EventKind(kind)] if kind else Status.SELF


def _event(
    assessment: Assessment, kind: str, actor, comment: str = "", at: dt.datetime | None = None
) -> AssessmentEvent:
    return AssessmentEvent.objects.create(
        assessment=assessment, kind=kind, actor=actor, comment=comment, at=at or clock.now()
    )


def _locked(assessment: Assessment) -> tuple[Assessment, str]:
    """Lock the row so that two steps on one assessment cannot interleave; return it with its status."""
    locked = Assessment.objects.select_for_update().select_related("standard").get(pk=assessment.pk)
    return locked, assessment_status(locked)


def _refuse_if_approved(status: str) -> None:
    if status == Status.APPROVED:
        raise ValidationError(_("该考评已审定，不能再修改。"), code="approved")


@transaction.atomic
def assessment_start(
    *,
    period: AssessmentPeriod,
    standard: Standard,
    organization: Organization | None = None,
    person: Person | None = None,
    actor=None,
    at: dt.datetime | None = None,
) -> Assessment:
    """Open a self-assessment for a village (Five-Good) or a member (Five-Lead) and apply registered pre-fills.

    For a member, ``organization`` defaults to the member's branch village.
    """
    if standard.status != StandardStatus.ACTIVE:
        raise inactive_standard_error()
    if person is not None and organization is None:
        membership = PartyMembership.objects.filter(person=person).select_related("branch").first()
        if membership is None:
            raise ValidationError(
                _("%(name)s不是党员，不能参加党员考评。"), params={"name": person.name}, code="not_a_member"
            )
        organization = membership.branch
    if organization is None:
        raise ValidationError(_("必须指定考评对象。"), code="subject_missing")
    duplicate = Assessment.objects.filter(period=period, standard__code=standard.code, organization=organization)
    duplicate = duplicate.filter(person=person) if person is not None else duplicate.filter(person__isnull=True)
    if duplicate.exists():
        raise ValidationError(_("该对象在本周期已有此项考评。"), code="duplicate")
    assessment = clean_and_save(Assessment(period=period, standard=standard, organization=organization, person=person))
    items = list(Item.objects.filter(dimension__standard=standard))
    prefilled = prefill_values(assessment)
    scores = []
    for item in items:
        score, note = prefilled.get(item.pk, (None, ""))
        if score is not None and not (0 <= Decimal(score) <= item.points):
            logger.warning("prefill for item %s ignored: %s outside 0..%s", item.pk, score, item.points)
            score, note = None, ""
        scores.append(ItemScore(assessment=assessment, item=item, self_score=score, prefill_note=str(note)[:300]))
    ItemScore.objects.bulk_create(scores)
    unknown = set(prefilled) - {i.pk for i in items}
    if unknown:
        logger.warning("prefill named items outside standard %s: %s", standard.pk, sorted(unknown))
    _event(assessment, EventKind.STARTED, actor, at=at)
    return assessment


@transaction.atomic
def assessments_start_all(
    *,
    period: AssessmentPeriod,
    standard: Standard,
    actor=None,
    at: dt.datetime | None = None,
) -> int:
    """Start the missing assessments of every village (Five-Good) or member (Five-Lead) of the county."""
    started = 0
    if standard.subject == Subject.ORGANIZATION:
        have = set(
            Assessment.objects.filter(period=period, standard__code=standard.code, person__isnull=True).values_list(
                "organization_id", flat=True
            )
        )
        for village in Organization.objects.villages().within(period.county.code):
            if village.pk not in have:
                assessment_start(period=period, standard=standard, organization=village, actor=actor, at=at)
                started += 1
    else:
        have = set(
            Assessment.objects.filter(period=period, standard__code=standard.code, person__isnull=False).values_list(
                "person_id", flat=True
            )
        )
        memberships = PartyMembership.objects.filter(branch__code__startswith=period.county.code).select_related(
            "person", "branch"
        )
        for m in memberships:
            if m.person_id not in have:
                assessment_start(
                    period=period, standard=standard, organization=m.branch, person=m.person, actor=actor, at=at
                )
                started += 1
    return started


@transaction.atomic
def scores_set(
    *,
    assessment: Assessment,
    stage: str,
    scores: Mapping[int, Decimal | None],
    comments: Mapping[int, str] | None = None,
    actor=None,
) -> list[ItemScore]:
    """Set self scores (stage ``"self"``) or review scores (``"review"``) by item id; all or nothing."""
    assessment, status = _locked(assessment)
    _refuse_if_approved(status)
    if stage == "self" and status != Status.SELF:
        raise ValidationError(
            _("自评分只能在自评环节填写（当前环节：%(status)s）。"),
            params={"status": Status(status).label},
            code="not_self_stage",
        )
    if stage == "review" and status != Status.REVIEW:
        raise ValidationError(
            _("审核分只能在乡镇审核环节填写（当前环节：%(status)s）。"),
            params={"status": Status(status).label},
            code="not_review_stage",
        )
    field = "self_score" if stage == "self" else "review_score"
    rows = {s.item_id: s for s in assessment.scores.select_related("item__dimension")}
    changed = []
    errors: list[ValidationError] = []
    for item_id, value in scores.items():
        row = rows.get(int(item_id))
        if row is None:
            raise unknown_item_error()
        setattr(row, field, None if value is None else Decimal(value))
        if comments and item_id in comments:
            row.comment = comments[item_id]
        try:
            row.full_clean()
        except ValidationError as exc:
            errors.append(exc)  # the row's coded errors; ValidationError(errors) flattens them into one list
        changed.append(row)
    if errors:
        raise ValidationError(errors)
    for row in changed:
        row.save()
    return changed


def _step(
    assessment: Assessment,
    *,
    wanted: str,
    kind: str,
    message: str,
    actor,
    comment: str,
    at: dt.datetime | None,
) -> AssessmentEvent:
    assessment, status = _locked(assessment)
    _refuse_if_approved(status)
    if status != wanted:
        raise ValidationError(message, params={"status": Status(status).label}, code="out_of_order")
    return _event(assessment, kind, actor, comment, at)


@transaction.atomic
def assessment_submit(
    *,
    assessment: Assessment,
    actor=None,
    comment: str = "",
    at: dt.datetime | None = None,
) -> AssessmentEvent:
    """Submit the self-assessment to the township; every item needs a self score."""
    missing = assessment.scores.filter(self_score__isnull=True).count()
    if missing and assessment_status(assessment) == Status.SELF:
        raise ValidationError(_("还有 %(count)s 项未自评，不能提交。"), params={"count": missing}, code="incomplete")
    return _step(
        assessment,
        wanted=Status.SELF,
        kind=EventKind.SUBMITTED,
        message=_("只有自评环节的考评可以提交自评（当前环节：%(status)s）。"),
        actor=actor,
        comment=comment,
        at=at,
    )


@transaction.atomic
def assessment_return_to_self(
    *,
    assessment: Assessment,
    actor=None,
    comment: str = "",
    at: dt.datetime | None = None,
) -> AssessmentEvent:
    return _step(
        assessment,
        wanted=Status.REVIEW,
        kind=EventKind.RETURNED_TO_SELF,
        message=_("只有乡镇审核环节的考评可以退回自评（当前环节：%(status)s）。"),
        actor=actor,
        comment=comment,
        at=at,
    )


@transaction.atomic
def assessment_review_submit(
    *,
    assessment: Assessment,
    actor=None,
    comment: str = "",
    at: dt.datetime | None = None,
) -> AssessmentEvent:
    """Finish the township review and submit to the county; unreviewed items keep their self score."""
    return _step(
        assessment,
        wanted=Status.REVIEW,
        kind=EventKind.REVIEWED,
        message=_("只有乡镇审核环节的考评可以报县审定（当前环节：%(status)s）。"),
        actor=actor,
        comment=comment,
        at=at,
    )


@transaction.atomic
def assessment_return_to_review(
    *,
    assessment: Assessment,
    actor=None,
    comment: str = "",
    at: dt.datetime | None = None,
) -> AssessmentEvent:
    return _step(
        assessment,
        wanted=Status.APPROVAL,
        kind=EventKind.RETURNED_TO_REVIEW,
        message=_("只有待县级审定的考评可以退回乡镇（当前环节：%(status)s）。"),
        actor=actor,
        comment=comment,
        at=at,
    )


@transaction.atomic
def assessment_approve(
    *,
    assessment: Assessment,
    actor=None,
    comment: str = "",
    at: dt.datetime | None = None,
) -> AssessmentEvent:
    """Approve (审定) at county level; only after the township review. Approved assessments are closed."""
    return _step(
        assessment,
        wanted=Status.APPROVAL,
        kind=EventKind.APPROVED,
        message=_("县级审定必须在乡镇审核之后进行（当前环节：%(status)s）。"),
        actor=actor,
        comment=comment,
        at=at,
    )
