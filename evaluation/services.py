"""Writes for M2 evaluation. Pages, the scenario loader, imports and commands call these.

Every refusal raises ``ValidationError`` with a translated message and changes nothing
(each service runs in one transaction). Every workflow step writes an
``AssessmentEvent`` in the same transaction; the status is read back from those rows.
Permission (who may press which button) is decided by ``selectors.allowed_actions``
in the views; services check order and content.
"""

import datetime as dt
import logging
import mimetypes
import os
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from common.checks import decision_outcome
from common.prefill import prefill_values
from organizations.models import Organization
from people.models import PartyMembership, Person

from . import standards_zhenghe
from .models import (
    DEFAULT_BANDS,
    STATUS_AFTER,
    WORKFLOW_KINDS,
    Appeal,
    AppealDecision,
    Assessment,
    AssessmentEvent,
    AssessmentPeriod,
    Dimension,
    EventKind,
    Evidence,
    Grade,
    GradeBand,
    Item,
    ItemScore,
    Standard,
    StandardCode,
    StandardStatus,
    Status,
    Subject,
    inactive_standard_error,
)

logger = logging.getLogger(__name__)

SUBJECT_OF = {StandardCode.FIVE_GOOD: Subject.ORGANIZATION, StandardCode.FIVE_LEAD: Subject.MEMBER}


def _save(obj):  # noqa: ANN001, ANN202 - any model instance
    obj.full_clean()
    obj.save()
    return obj


# -- standards -------------------------------------------------------------------


def standard_is_frozen(standard: Standard) -> bool:
    """Return whether a closed (approved) assessment uses this version."""
    return AssessmentEvent.objects.filter(assessment__standard=standard, kind=EventKind.APPROVED).exists()


def _assert_editable(standard: Standard) -> None:
    if standard_is_frozen(standard):
        raise ValidationError(_("该标准版本已用于已审定的考评，不能修改；请创建新版本后修改。"), code="frozen")
    if standard.status != StandardStatus.DRAFT:
        raise ValidationError(_("只有草稿状态的标准可以修改；请创建新版本后修改。"), code="not_draft")


@transaction.atomic
def standard_create(
    *,
    county: Organization,
    code: str,
    name: str,
    subject: str | None = None,
    total_points: Decimal = Decimal("100"),
    effective_from: dt.date | None = None,
) -> Standard:
    """Create a draft standard, as the next version of ``code`` in ``county``, with default grade bands."""
    last = Standard.objects.filter(county=county, code=code).aggregate(v=Max("version"))["v"] or 0
    standard = _save(
        Standard(
            county=county,
            code=code,
            name=name,
            subject=subject or SUBJECT_OF.get(StandardCode(code), Subject.ORGANIZATION),
            total_points=Decimal(total_points),
            version=last + 1,
            effective_from=effective_from,
        )
    )
    GradeBand.objects.bulk_create(GradeBand(standard=standard, grade=g, minimum=m) for g, m in DEFAULT_BANDS)
    return standard


@transaction.atomic
def standard_update(
    *, standard: Standard, name: str, total_points: Decimal, effective_from: dt.date | None = None
) -> Standard:
    _assert_editable(standard)
    standard.name = name
    standard.total_points = Decimal(total_points)
    standard.effective_from = effective_from
    return _save(standard)


@transaction.atomic
def dimension_add(*, standard: Standard, name: str, order: int | None = None) -> Dimension:
    _assert_editable(standard)
    if order is None:
        order = (standard.dimensions.aggregate(o=Max("order"))["o"] or 0) + 1
    return _save(Dimension(standard=standard, name=name, order=order))


@transaction.atomic
def item_add(
    *,
    dimension: Dimension,
    title: str,
    points: Decimal,
    guidance: str = "",
    evidence_wanted: str = "",
    order: int | None = None,
) -> Item:
    _assert_editable(dimension.standard)
    if order is None:
        order = (dimension.items.aggregate(o=Max("order"))["o"] or 0) + 1
    return _save(
        Item(
            dimension=dimension,
            title=title,
            points=Decimal(points),
            guidance=guidance,
            evidence_wanted=evidence_wanted,
            order=order,
        )
    )


@transaction.atomic
def item_update(*, item: Item, title: str, points: Decimal, guidance: str = "", evidence_wanted: str = "") -> Item:
    _assert_editable(item.dimension.standard)
    item.title = title
    item.points = Decimal(points)
    item.guidance = guidance
    item.evidence_wanted = evidence_wanted
    return _save(item)


@transaction.atomic
def item_delete(*, item: Item) -> None:
    _assert_editable(item.dimension.standard)
    item.delete()


@transaction.atomic
def grade_bands_set(*, standard: Standard, minimums: Mapping[str, Decimal]) -> list[GradeBand]:
    """Set the minimum score of each grade; they must fall strictly from 优秀 to 不合格 within the total."""
    _assert_editable(standard)
    order = [g for g, _m in DEFAULT_BANDS]
    values = [Decimal(minimums[g]) for g in order]
    for grade, value in zip(order, values, strict=True):
        if value < 0 or value > standard.total_points:
            raise ValidationError(
                _("「%(grade)s」的分数线 %(value)s 应在 0 到 %(total)s 之间。"),
                params={"grade": Grade(grade).label, "value": value, "total": standard.total_points},
            )
    if any(a <= b for a, b in zip(values, values[1:], strict=False)):
        raise ValidationError(_("分数线必须从优秀到不合格依次降低。"), code="band_order")
    bands = []
    for grade, value in zip(order, values, strict=True):
        band, _created = GradeBand.objects.update_or_create(standard=standard, grade=grade, defaults={"minimum": value})
        bands.append(band)
    return bands


def standard_points_sum(standard: Standard) -> Decimal:
    total = Item.objects.filter(dimension__standard=standard).aggregate(s=Sum("points"))["s"] or Decimal("0")
    return Decimal(total).quantize(Decimal("0.1"))


@transaction.atomic
def standard_activate(*, standard: Standard, effective_from: dt.date | None = None) -> Standard:
    """Put a draft into use; its item points must add up to its total. The previous active version retires."""
    if standard.status != StandardStatus.DRAFT:
        raise ValidationError(_("只有草稿状态的标准可以启用。"), code="not_draft")
    actual = standard_points_sum(standard)
    if actual != standard.total_points:
        raise ValidationError(
            _("各项分值合计为 %(actual)s 分，应为 %(expected)s 分，不能启用。"),
            code="points_sum",
            params={"actual": actual, "expected": Decimal(standard.total_points).quantize(Decimal("0.1"))},
        )
    Standard.objects.filter(county=standard.county, code=standard.code, status=StandardStatus.ACTIVE).update(
        status=StandardStatus.RETIRED
    )
    standard.status = StandardStatus.ACTIVE
    standard.effective_from = effective_from or standard.effective_from or timezone.localdate()
    return _save(standard)


@transaction.atomic
def standard_new_version(*, standard: Standard) -> Standard:
    """Copy ``standard`` (dimensions, items, grade bands) into a new draft version; the original is untouched."""
    copy = standard_create(
        county=standard.county,
        code=standard.code,
        name=standard.name,
        subject=standard.subject,
        total_points=standard.total_points,
    )
    for band in standard.bands.all():
        GradeBand.objects.filter(standard=copy, grade=band.grade).update(minimum=band.minimum)
    for dimension in standard.dimensions.prefetch_related("items"):
        new_dimension = Dimension.objects.create(standard=copy, order=dimension.order, name=dimension.name)
        Item.objects.bulk_create(
            Item(
                dimension=new_dimension,
                order=i.order,
                title=i.title,
                points=i.points,
                guidance=i.guidance,
                evidence_wanted=i.evidence_wanted,
            )
            for i in dimension.items.all()
        )
    return copy


@transaction.atomic
def standard_install(
    *,
    county: Organization,
    code: str,
    name: str,
    dimensions: list[tuple[str, list[tuple[str, Decimal, str, str]]]],
    effective_from: dt.date | None = None,
) -> Standard:
    standard = standard_create(county=county, code=code, name=name)
    for order, (dimension_name, items) in enumerate(dimensions, start=1):
        dimension = Dimension.objects.create(standard=standard, order=order, name=dimension_name)
        Item.objects.bulk_create(
            Item(dimension=dimension, order=i, title=t, points=p, guidance=g, evidence_wanted=e)
            for i, (t, p, g, e) in enumerate(items, start=1)
        )
    return standard_activate(standard=standard, effective_from=effective_from)


@transaction.atomic
def standards_install_zhenghe(
    *, county: Organization, effective_from: dt.date | None = None
) -> tuple[Standard, Standard]:
    """Install Zhenghe's Five-Good (23 items) and Five-Lead (19 items) standards as active versions.

    Idempotent: a code that already has an active version in the county is left as it is.
    """
    result = []
    for code, name, dimensions in (
        (StandardCode.FIVE_GOOD, standards_zhenghe.FIVE_GOOD_NAME, standards_zhenghe.FIVE_GOOD),
        (StandardCode.FIVE_LEAD, standards_zhenghe.FIVE_LEAD_NAME, standards_zhenghe.FIVE_LEAD),
    ):
        active = Standard.objects.filter(county=county, code=code, status=StandardStatus.ACTIVE).first()
        result.append(
            active
            or standard_install(
                county=county, code=code, name=name, dimensions=dimensions, effective_from=effective_from
            )
        )
    return result[0], result[1]


# -- periods ---------------------------------------------------------------------


@transaction.atomic
def period_create(
    *,
    county: Organization,
    year: int,
    name: str,
    start: dt.date,
    end: dt.date,
    self_deadline: dt.date,
    review_deadline: dt.date,
    approval_deadline: dt.date,
) -> AssessmentPeriod:
    return _save(
        AssessmentPeriod(
            county=county,
            year=year,
            name=name,
            start=start,
            end=end,
            self_deadline=self_deadline,
            review_deadline=review_deadline,
            approval_deadline=approval_deadline,
        )
    )


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
) -> AssessmentEvent:  # noqa: ANN001
    return AssessmentEvent.objects.create(
        assessment=assessment, kind=kind, actor=actor, comment=comment, at=at or timezone.now()
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
    actor=None,  # noqa: ANN001 - a User or None (scenario loader)
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
            raise ValidationError(_("%(name)s不是党员，不能参加党员考评。"), params={"name": person.name})
        organization = membership.branch
    if organization is None:
        raise ValidationError(_("必须指定考评对象。"), code="subject_missing")
    duplicate = Assessment.objects.filter(period=period, standard__code=standard.code, organization=organization)
    duplicate = duplicate.filter(person=person) if person is not None else duplicate.filter(person__isnull=True)
    if duplicate.exists():
        raise ValidationError(_("该对象在本周期已有此项考评。"), code="duplicate")
    assessment = _save(Assessment(period=period, standard=standard, organization=organization, person=person))
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
    at: dt.datetime | None = None,  # noqa: ANN001
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
    actor=None,  # noqa: ANN001, ARG001 - kept for the history middleware's symmetry with the steps
) -> list[ItemScore]:
    """Set self scores (stage ``"self"``) or review scores (``"review"``) by item id; all or nothing."""
    assessment, status = _locked(assessment)
    _refuse_if_approved(status)
    if stage == "self" and status != Status.SELF:
        raise ValidationError(
            _("自评分只能在自评环节填写（当前环节：%(status)s）。"), params={"status": Status(status).label}
        )
    if stage == "review" and status != Status.REVIEW:
        raise ValidationError(
            _("审核分只能在乡镇审核环节填写（当前环节：%(status)s）。"), params={"status": Status(status).label}
        )
    field = "self_score" if stage == "self" else "review_score"
    rows = {s.item_id: s for s in assessment.scores.select_related("item__dimension")}
    changed = []
    errors: list[ValidationError] = []
    for item_id, value in scores.items():
        row = rows.get(int(item_id))
        if row is None:
            raise ValidationError(_("该细则不属于本次考评。"), code="unknown_item")
        setattr(row, field, None if value is None else Decimal(value))
        if comments and item_id in comments:
            row.comment = comments[item_id]
        try:
            row.full_clean()
        except ValidationError as exc:
            errors.extend(ValidationError(m) for m in exc.messages)
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
    actor,  # noqa: ANN001
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
    at: dt.datetime | None = None,  # noqa: ANN001
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
    at: dt.datetime | None = None,  # noqa: ANN001
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
    at: dt.datetime | None = None,  # noqa: ANN001
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
    at: dt.datetime | None = None,  # noqa: ANN001
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
    at: dt.datetime | None = None,  # noqa: ANN001
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


# -- evidence --------------------------------------------------------------------

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# extension -> (accepted content types, leading bytes of the real file)
EVIDENCE_TYPES: dict[str, tuple[set[str], bytes]] = {
    ".pdf": ({"application/pdf"}, b"%PDF"),
    ".jpg": ({"image/jpeg", "image/pjpeg"}, b"\xff\xd8\xff"),
    ".jpeg": ({"image/jpeg", "image/pjpeg"}, b"\xff\xd8\xff"),
    ".png": ({"image/png"}, b"\x89PNG\r\n\x1a\n"),
    ".docx": (
        {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"},
        b"PK\x03\x04",
    ),
    ".xlsx": (
        {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"},
        b"PK\x03\x04",
    ),
}


def evidence_check(file: UploadedFile) -> str:
    """Return the file's content type, or refuse a file that is too big or not PDF/JPG/PNG/DOCX/XLSX."""
    name = file.name or ""
    extension = os.path.splitext(name)[1].lower()
    if extension not in EVIDENCE_TYPES:
        raise ValidationError(
            _("不支持的文件类型「%(ext)s」：只能上传 PDF、JPG、PNG、DOCX 或 XLSX 文件。"),
            params={"ext": extension or name},
            code="file_type",
        )
    if file.size is not None and file.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            _("文件大小为 %(size)s MB，超过 10 MB 的上限。"),
            params={"size": f"{file.size / 1024 / 1024:.1f}"},
            code="file_size",
        )
    content_types, magic = EVIDENCE_TYPES[extension]
    declared = (getattr(file, "content_type", None) or mimetypes.guess_type(name)[0] or "").lower()
    file.seek(0)
    head = file.read(len(magic))
    file.seek(0)
    if declared not in content_types or head != magic:
        raise ValidationError(
            _("文件「%(name)s」的内容与扩展名不符，请上传真实的 %(ext)s 文件。"),
            params={"name": name, "ext": extension.lstrip(".").upper()},
            code="file_content",
        )
    return declared


@transaction.atomic
def evidence_add(
    *,
    assessment: Assessment,
    file: UploadedFile,
    item: Item | None = None,
    description: str = "",
    actor=None,  # noqa: ANN001
) -> Evidence:
    assessment, status = _locked(assessment)
    _refuse_if_approved(status)
    content_type = evidence_check(file)
    if item is not None and item.dimension.standard_id != assessment.standard_id:
        raise ValidationError(_("该细则不属于本次考评。"), code="unknown_item")
    evidence = Evidence(
        assessment=assessment,
        item=item,
        original_name=os.path.basename(file.name or "")[:200],
        content_type=content_type,
        size=file.size or 0,
        description=description,
        uploaded_by=actor,
    )
    evidence.file.save(os.path.basename(file.name or "evidence"), file, save=False)
    evidence.full_clean()
    evidence.save()
    return evidence


# -- appeals ---------------------------------------------------------------------


@transaction.atomic
def appeal_file(
    *,
    assessment: Assessment,
    reason: str,
    actor=None,
    at: dt.datetime | None = None,  # noqa: ANN001
) -> Appeal:
    """File the one appeal an approved assessment may have."""
    assessment, status = _locked(assessment)
    if status != Status.APPROVED:
        raise ValidationError(_("只有已审定的考评可以申诉。"), code="not_approved")
    if Appeal.objects.filter(assessment=assessment).exists():
        raise ValidationError(_("每项考评只能申诉一次，该考评已申诉过。"), code="second_appeal")
    if not reason.strip():
        raise ValidationError(_("请填写申诉理由。"), code="reason_missing")
    appeal = _save(Appeal(assessment=assessment, reason=reason, filed_by=actor, filed_at=at or timezone.now()))
    _event(assessment, EventKind.APPEALED, actor, reason, at)
    return appeal


@transaction.atomic
def appeal_decide(
    *,
    appeal: Appeal,
    decision: str,
    reason: str,
    revised_total: Decimal | None = None,
    actor=None,  # noqa: ANN001
    at: dt.datetime | None = None,
) -> Appeal:
    """Record the county's decision; an upheld appeal may set a revised total."""
    appeal = Appeal.objects.select_for_update().select_related("assessment__standard").get(pk=appeal.pk)
    if appeal.decision:
        raise ValidationError(_("该申诉已处理，不能重复处理。"), code="decided")
    decision_outcome(decision, AppealDecision.values, reason)
    if revised_total is not None:
        total = appeal.assessment.standard.total_points
        if decision != AppealDecision.UPHELD:
            raise ValidationError(_("只有申诉成立时才能更正总分。"), code="revised_when_rejected")
        if not 0 <= Decimal(revised_total) <= total:
            raise ValidationError(
                _("更正后总分应在 0 到 %(total)s 之间。"), params={"total": total}, code="revised_range"
            )
    appeal.decision = decision
    appeal.decision_reason = reason
    appeal.revised_total = None if revised_total is None else Decimal(revised_total)
    appeal.decided_by = actor
    appeal.decided_at = at or timezone.now()
    _save(appeal)
    _event(appeal.assessment, EventKind.APPEAL_DECIDED, actor, reason, at)
    return appeal
