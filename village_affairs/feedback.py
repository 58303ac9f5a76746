"""Villagers' feedback (群众意见): on a published item, or a general message to the village; the answer.

The public form's own defences (honeypot, signed time) are in ``portal/feedback_form.py``; here
the service's: length, the same text twice, and hourly limits per client, per item and per village.
"""

import datetime as dt
import hashlib
import unicodedata
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common import clock
from common.services import clean_and_save
from organizations.models import Organization, OrganizationKind

from .config import setting
from .models import DecisionStep, Disclosure, Feedback, PublishedMonth, Step


def client_hash(address: str) -> str:
    """Return a keyed hash of the client address: enough to rate-limit, useless to identify."""
    return hashlib.sha256(f"{settings.SECRET_KEY}|feedback|{address}".encode()).hexdigest()


GENERAL = {"disclosure__isnull": True, "decision_step__isnull": True, "published_month__isnull": True}


def _feedback_target(target: object) -> dict[str, Any]:
    """The item's field and its village; a village itself is the target of a general message (no item)."""
    if isinstance(target, Organization) and target.kind == OrganizationKind.VILLAGE:
        return {"village_id": target.pk}
    if isinstance(target, Disclosure) and target.is_published:
        return {"disclosure": target, "village_id": target.village_id}
    if isinstance(target, PublishedMonth):
        return {"published_month": target, "village_id": target.village_id}
    if isinstance(target, DecisionStep) and target.decision.steps.filter(number=Step.PUBLISH_RESOLUTION).exists():
        return {"decision_step": target, "village_id": target.decision.village_id}
    raise ValidationError(_("只能对已公开的内容提出意见。"), code="target_not_published")


def normalized_feedback(text: str) -> str:
    """The text as a duplicate is recognised: width and case folded, spaces and punctuation dropped."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")
    return kept or "".join(folded.split())


@transaction.atomic
def feedback_submit(
    *, target: object, text: str, client_address: str, name: str = "", now: dt.datetime | None = None
) -> Feedback:
    """Take a villager's feedback on a published item, or (``target`` the village) a general message.

    Length-checked, not twice, rate-limited; a general message goes through the same limits,
    the general messages of a village counting as one item.

    Limits per hour: per client (the keyed hash of the real client's address), per item and per
    village (whoever sends it, so that many addresses cannot flood one village either); and the
    same text on the same village's pages is refused within ``feedback_duplicate_hours``.
    """
    now = now or clock.now()
    text = (text or "").strip()
    limit = int(setting("feedback_max_length"))
    if not text:
        raise ValidationError({"text": ValidationError(_("请填写意见内容。"), code="text_required")})
    if len(text) > limit:
        raise ValidationError(
            {
                "text": ValidationError(
                    _("意见内容不能超过%(limit)s个字（现有%(n)s个字）。") % {"limit": limit, "n": len(text)},
                    code="text_too_long",
                )
            }
        )
    name = (name or "").strip()
    if len(name) > 50:
        raise ValidationError({"name": ValidationError(_("姓名不能超过50个字。"), code="name_too_long")})
    where = _feedback_target(target)
    village_id = where["village_id"]
    # One submission at a time per village, so that the counts below hold under a burst (PostgreSQL).
    list(Organization.objects.select_for_update().filter(pk=village_id).values_list("pk", flat=True))
    village_feedback = Feedback.objects.filter(village_id=village_id, created_at__lte=now)
    since = now - dt.timedelta(hours=int(setting("feedback_duplicate_hours")))
    wanted = normalized_feedback(text)
    earlier = village_feedback.filter(created_at__gt=since).values_list("text", flat=True)
    if any(normalized_feedback(other) == wanted for other in earlier):
        raise ValidationError(
            {"text": ValidationError(_("同样的意见已经提交过了，村里会一并答复，请勿重复提交。"), code="duplicate")}
        )
    digest = client_hash(client_address or "")
    per_hour = int(setting("feedback_per_hour"))
    hour = {"created_at__gt": now - dt.timedelta(hours=1), "created_at__lte": now}
    if Feedback.objects.filter(client_hash=digest, **hour).count() >= per_hour:  # on any village's pages
        raise ValidationError(
            _("提交过于频繁：每小时最多提交%(n)s条意见，请稍后再试。") % {"n": per_hour}, code="rate_limited"
        )
    last_hour = village_feedback.filter(**hour)
    per_item = int(setting("feedback_per_item_per_hour"))
    item = {key: value for key, value in where.items() if key != "village_id"} or GENERAL
    if last_hour.filter(**item).count() >= per_item:
        raise ValidationError(
            _("这一事项在一小时内收到的意见已达上限（%(n)s条），请稍后再试。") % {"n": per_item},
            code="item_rate_limited",
        )
    per_village = int(setting("feedback_per_village_per_hour"))
    if last_hour.count() >= per_village:
        raise ValidationError(
            _("本村在一小时内收到的意见已达上限（%(n)s条），请稍后再试。") % {"n": per_village},
            code="village_rate_limited",
        )
    return clean_and_save(Feedback(text=text, name=name, client_hash=digest, created_at=now, **where))


@transaction.atomic
def feedback_answer(*, feedback: Feedback, answer: str, user=None, at: dt.datetime | None = None) -> Feedback:
    stored = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if stored.answered_at is not None:
        raise ValidationError(_("该意见已经答复。"), code="already_answered")
    if not (answer or "").strip():
        raise ValidationError({"answer": ValidationError(_("请填写答复内容。"), code="answer_required")})
    stored.answer = answer.strip()
    stored.answered_at = at or clock.now()
    stored.answered_by = user
    return clean_and_save(stored)
