"""Correcting a published disclosure (更正): a new disclosure that names the one it corrects.

A published disclosure never changes (services, ``save()`` and the database triggers all refuse).
A mistake in it is put right the way the ledger puts right an entry: by a new record that refers
to it. The correction carries the corrected content in full and the reason; it is a draft until
published through the same path as any disclosure (``services.disclosure_publish``), and then
both are public, each pointing at the other. The rules and figures count the period once: a
correction is not a further required disclosure (``corrects__isnull=True`` there).

Decided refusals:

- a draft is not corrected but edited (``correct_a_draft``);
- a correction is not corrected: correct the original again (``correction_of_correction``);
- one correction of a disclosure at a time: while one waits unpublished, another is refused
  (``correction_pending``; the database's ``one_pending_correction`` holds it too); once it is
  published, a further correction may follow;
- the reason and the corrected content are required (``reason_required``, ``content_required``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.services import clean_and_save

from .models import Disclosure, DisclosureStatus

REASON_MAX = 500


@transaction.atomic
def disclosure_correct(*, original: Disclosure, content: str, reason: str, title: str = "", user=None) -> Disclosure:
    """Create the draft of a correction of the published ``original``; the original is left as it is."""
    stored = Disclosure.objects.select_for_update().select_related("village").get(pk=original.pk)
    if stored.corrects_id:
        raise ValidationError(_("更正公开不能再被更正，请对原公开事项再发一份更正。"), code="correction_of_correction")
    if stored.status != DisclosureStatus.PUBLISHED:
        raise ValidationError(_("草稿尚未公开，请直接修改草稿，无需更正。"), code="correct_a_draft")
    reason, content, title = (reason or "").strip(), (content or "").strip(), (title or "").strip()
    errors: dict[str, ValidationError] = {}
    if not reason:
        errors["reason"] = ValidationError(_("请填写更正原因。"), code="reason_required")
    elif len(reason) > REASON_MAX:
        errors["reason"] = ValidationError(
            _("更正原因不能超过%(limit)s个字。") % {"limit": REASON_MAX}, code="reason_too_long"
        )
    if not content:
        errors["content"] = ValidationError(_("请填写更正后的公开内容。"), code="content_required")
    if errors:
        raise ValidationError(errors)
    if Disclosure.objects.filter(corrects=stored, status=DisclosureStatus.DRAFT).exists():
        raise ValidationError(_("该公开事项已有一份待公开的更正，请先公开或删除那份更正。"), code="correction_pending")
    return clean_and_save(
        Disclosure(
            village=stored.village,
            kind=stored.kind,
            year=stored.year,
            period_kind=stored.period_kind,
            period_number=stored.period_number,
            title=(title or _("更正：%(title)s") % {"title": stored.title})[:200],
            content=content,
            corrects=stored,
            correction_reason=reason,
            created_by=user,
        )
    )
