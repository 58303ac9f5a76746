"""What the public feedback form proves before the service sees it: a person filled it in, on our page.

Two defences against scripts, beside the service's limits (village_affairs.services.feedback_submit):

- a honeypot: a field named ``website`` that CSS hides (``.hp-field`` in portal.css; the site's
  policy allows no inline style), with ``aria-hidden`` and no tab stop. People never see it;
  a script that fills every field fills it too;
- a signed timestamp (``django.core.signing``) put in the form when the page is shown: a submission
  sooner than ``feedback_min_seconds`` after it, or later than ``feedback_form_hours``, or with a
  token that was not ours or is for another village, is refused.

Each refusal has a translated message for the public page and a stable code.
"""

import time
from collections.abc import Mapping
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from village_affairs.config import setting

SALT = "portal.feedback.form"
HONEYPOT = "website"


def form_token(village_code: str, *, at: float | None = None) -> str:
    """The signed moment the form was shown, for this village."""
    return signing.dumps({"v": village_code, "t": int(at if at is not None else time.time())}, salt=SALT)


def check_form(data: Mapping[str, Any], village_code: str, *, now: float | None = None) -> None:
    """Refuse a submission that a person on this village's page would not have sent."""
    get = data.get
    if (get(HONEYPOT) or "").strip():
        raise ValidationError(_("提交未被接受：表单中有一栏本应留空。请刷新页面后重新填写。"), code="honeypot_filled")
    try:
        issued = signing.loads(get("issued") or "", salt=SALT, max_age=int(setting("feedback_form_hours")) * 3600)
    except signing.BadSignature:  # also SignatureExpired
        issued = None
    if not isinstance(issued, dict) or issued.get("v") != village_code or not isinstance(issued.get("t"), int):
        raise ValidationError(_("页面已过期，请刷新页面后重新填写。"), code="form_expired")
    waited = (now if now is not None else time.time()) - issued["t"]
    if waited > int(setting("feedback_form_hours")) * 3600:  # the signature's own age is checked above too
        raise ValidationError(_("页面已过期，请刷新页面后重新填写。"), code="form_expired")
    if waited < int(setting("feedback_min_seconds")):
        raise ValidationError(_("提交得太快了：请写好意见，稍等几秒再提交。"), code="too_fast")
