"""Every refusal as one body: ``{"code": ..., "message": ..., "fields": {field: [{"code", "message"}]}}``.

A service's refusal (Django's ``ValidationError`` with its stable ``code``) is HTTP 400, or 409 when it
refuses because of the record's state (published, already decided, out of order); messages are in the
language of ``Accept-Language`` (Django's ``LocaleMiddleware`` has activated it).
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

# Refusals about the record's state rather than the request's content: 409 Conflict.
CONFLICT_CODES = frozenset(
    {
        "published_immutable",
        "out_of_order",
        "approved",
        "already_decided",
        "already_reviewed",
        "already_done",
        "already_reversed",
        "already_answered",
        "month_published",
        "frozen",
        "step_out_of_order",
        "steps_complete",
        "token_already_revoked",
        "correct_a_draft",
        "correction_pending",
        "correction_of_correction",
        "not_applied",
        "post_full",
        "already_claimed",
        "already_paid",
        "duplicate_redemption",
        "receipt_twice",
        "recruit_open",
        "away_twice",
        "returned_twice",
        "lost_twice",
        "not_away",
        "not_lost",
        "membership_ended",
    }
)


def _entries(errors: list[ValidationError]) -> list[dict[str, str]]:
    return [{"code": str(e.code or "invalid"), "message": " ".join(e.messages)} for e in errors]


def refusal_body(exc: ValidationError) -> tuple[dict[str, Any], int]:
    """The body and status of a service's refusal."""
    fields: dict[str, list[dict[str, str]]] = {}
    general: list[dict[str, str]] = []
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = general if name == "__all__" else fields.setdefault(name, [])
            target.extend(_entries(errors))
    else:
        general = _entries(exc.error_list)
    first = general[0] if general else next(iter(fields.values()))[0]
    codes = {e["code"] for e in general} | {e["code"] for es in fields.values() for e in es}
    http = status.HTTP_409_CONFLICT if codes & CONFLICT_CODES else status.HTTP_400_BAD_REQUEST
    return {"code": first["code"], "message": first["message"], "fields": fields}, http


def _flat(errors: Any) -> list[Any]:
    """A field's errors as one list: a list's items refused one by one come as ``{index: [errors]}``."""
    if isinstance(errors, dict):
        return [e for value in errors.values() for e in _flat(value)]
    if isinstance(errors, list):
        return [e for value in errors for e in _flat(value)]
    return [errors]


def _drf_fields(detail: Any) -> dict[str, list[dict[str, str]]]:
    if not isinstance(detail, dict):
        return {}
    out: dict[str, list[dict[str, str]]] = {}
    for name, errors in detail.items():
        out[name] = [{"code": str(getattr(e, "code", "invalid")), "message": str(e)} for e in _flat(errors)]
    return out


def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ValidationError):
        body, http = refusal_body(exc)
        return Response(body, status=http)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("未找到，或不在您的范围内。"), code="not_found")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or _("您无权执行此操作。"), code="permission_denied")
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        fields = _drf_fields(exc.detail)
        first = next(iter(fields.values()))[0] if fields else {"code": "invalid", "message": str(exc.detail)}
        if isinstance(exc.detail, list) and exc.detail:
            first = {"code": str(getattr(exc.detail[0], "code", "invalid")), "message": str(exc.detail[0])}
        response.data = {"code": first["code"], "message": first["message"], "fields": fields}
    else:
        detail = exc.detail
        code = getattr(detail, "code", None) or exc.default_code
        response.data = {"code": str(code), "message": str(detail), "fields": {}}
    return response


@csrf_exempt  # a 404 whatever the method: the CSRF check would answer a POST with an HTML 403 first
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """A path under /api/ that names no endpoint: the same body as every other 404 of the API."""
    return JsonResponse({"code": "not_found", "message": _("未找到，或不在您的范围内。"), "fields": {}}, status=404)
