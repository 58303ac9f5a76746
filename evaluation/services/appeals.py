"""Evidence attached to an assessment, and the one appeal of an approved score."""

import datetime as dt
import mimetypes
import os
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from common import clock
from common.checks import decision_outcome
from common.services import clean_and_save

from ..models import (
    Appeal,
    AppealDecision,
    Assessment,
    EventKind,
    Evidence,
    Item,
    Status,
    unknown_item_error,
)
from .assessments import _event, _locked, _refuse_if_approved

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
    actor=None,
) -> Evidence:
    assessment, status = _locked(assessment)
    _refuse_if_approved(status)
    content_type = evidence_check(file)
    if item is not None and item.dimension.standard_id != assessment.standard_id:
        raise unknown_item_error()
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
    at: dt.datetime | None = None,
) -> Appeal:
    """File the one appeal an approved assessment may have."""
    assessment, status = _locked(assessment)
    if status != Status.APPROVED:
        raise ValidationError(_("只有已审定的考评可以申诉。"), code="not_approved")
    if Appeal.objects.filter(assessment=assessment).exists():
        raise ValidationError(_("每项考评只能申诉一次，该考评已申诉过。"), code="second_appeal")
    if not reason.strip():
        raise ValidationError(_("请填写申诉理由。"), code="reason_missing")
    appeal = clean_and_save(Appeal(assessment=assessment, reason=reason, filed_by=actor, filed_at=at or clock.now()))
    _event(assessment, EventKind.APPEALED, actor, reason, at)
    return appeal


@transaction.atomic
def appeal_decide(
    *,
    appeal: Appeal,
    decision: str,
    reason: str,
    revised_total: Decimal | None = None,
    actor=None,
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
    appeal.decided_at = at or clock.now()
    clean_and_save(appeal)
    _event(appeal.assessment, EventKind.APPEAL_DECIDED, actor, reason, at)
    return appeal
