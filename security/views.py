"""The audit administrator's page (审计管理员): search the security log, export it, verify its chain.

For the right ``READ_SECURITY_LOG`` only (the audit administrator, and superusers' break-glass); to anyone
else the page does not exist (404). Searching, exporting and verifying are themselves logged.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.http import AuthedRequest
from common.pages import paginate
from common.scope import Right
from common.xlsx import Column, xlsx_response

from .chain import problem_text, verify
from .forms import EventFilterForm
from .models import Kind, Outcome, SecurityEvent
from .selectors import events_matching, filters_as_text, latest_verification
from .services import record

# An export larger than this is refused: narrow the search (by dates, say) and export in parts.
EXPORT_LIMIT = 50_000

COLUMNS = [
    Column(gettext_lazy("序号"), lambda e: e.seq, 10),
    Column(gettext_lazy("时间"), lambda e: timezone.localtime(e.at), 20),
    Column(gettext_lazy("用户ID"), lambda e: e.user_id, 8),
    Column(gettext_lazy("用户名"), lambda e: e.username, 16),
    Column(gettext_lazy("事件类型"), lambda e: e.get_kind_display(), 18),
    Column(gettext_lazy("结果"), lambda e: e.get_outcome_display(), 8),
    Column(gettext_lazy("对象"), lambda e: e.target, 30),
    Column(gettext_lazy("网址"), lambda e: e.path, 40),
    Column(gettext_lazy("客户端地址"), lambda e: e.address, 16),
    Column(gettext_lazy("浏览器"), lambda e: e.user_agent, 30),
    Column(gettext_lazy("详情"), lambda e: e.detail_text(limit=None), 40),
    Column(gettext_lazy("前一条的哈希"), lambda e: e.prev_hash, 66),
    Column(gettext_lazy("哈希"), lambda e: e.hash, 66),
]


def _verification_context(event: SecurityEvent | None) -> dict[str, object] | None:
    if event is None:
        return None
    detail = event.detail
    return {
        "ok": event.outcome == Outcome.SUCCESS,
        "at": event.at,
        "by": event.username,
        "checked": detail.get("checked", 0),
        "broken_seq": detail.get("broken_seq"),
        "problem": problem_text(detail.get("problem", "")) if detail.get("problem") else "",
    }


@login_required
def security_log(request: AuthedRequest) -> HttpResponse:
    request.scope.require_held(Right.READ_SECURITY_LOG)
    if request.method == "POST":
        return _verify(request)
    form = EventFilterForm(request.GET or None)
    searched = not form.is_bound or form.is_valid()
    filters = form.filters() if form.is_bound and searched else {}
    events = events_matching(**filters) if searched else SecurityEvent.objects.none()
    if searched and request.GET.get("format") == "xlsx":
        return _export(request, events, filters)
    if searched:
        record(Kind.LOG_SEARCHED, detail={"filters": filters_as_text(filters)})
    context = {
        "form": form,
        "searched": searched,
        "page_obj": paginate(request, events),
        "verification": _verification_context(latest_verification()),
    }
    return render(request, "security/log.html", context)


def _export(request: AuthedRequest, events, filters: dict) -> HttpResponse:  # noqa: ANN001 - a queryset of events
    count = events.count()
    if count > EXPORT_LIMIT:
        messages.error(
            request,
            _("符合条件的事件有 %(count)s 条，超过一次导出的上限 %(limit)s 条：请缩小日期范围后分批导出。")
            % {"count": count, "limit": EXPORT_LIMIT},
        )
        query = request.GET.copy()
        query.pop("format", None)
        return redirect(f"{reverse('security:log')}?{query.urlencode()}")
    response = xlsx_response(_("安全日志.xlsx"), _("安全日志"), COLUMNS, events.iterator(chunk_size=2000))
    record(Kind.LOG_EXPORTED, target=_("安全日志.xlsx"), detail={"filters": filters_as_text(filters), "rows": count})
    response.security_logged = True  # type: ignore[attr-defined]  # recorded above, with its filters
    return response


def _verify(request: AuthedRequest) -> HttpResponse:
    result = verify()
    record(Kind.LOG_VERIFIED, outcome=Outcome.SUCCESS if result.ok else Outcome.FAILURE, detail=result.as_detail())
    if result.ok:
        messages.success(request, _("安全日志完整：已校验 %(count)s 条事件，链接无断裂。") % {"count": result.checked})
    else:
        messages.error(
            request,
            _("安全日志已被篡改：第 %(seq)s 条事件处断裂。%(problem)s")
            % {"seq": result.broken_seq, "problem": result.problem_text},
        )
    return redirect(f"{reverse('security:log')}?{request.GET.urlencode()}" if request.GET else "security:log")
