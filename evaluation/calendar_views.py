"""The navigation's year picker: keep the campaign year a viewer picked for every page of the session."""

from urllib.parse import urlencode, urlsplit, urlunsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.http import AuthedRequest
from common.params import parse_year
from common.redirects import safe_next

from .campaign_calendar import SESSION_KEY, campaign_for

# A page's own choice of year or day in its address would hide the year just picked.
CALENDAR_PARAMS = ("year", "on", "page")


def _without_calendar_params(url: str) -> str:
    parts = urlsplit(url)
    query = QueryDict(parts.query, mutable=True)
    for name in CALENDAR_PARAMS:
        query.pop(name, None)
    return urlunsplit(parts._replace(query=urlencode(query, doseq=True)))


def _list_separator() -> str:
    return "、" if (translation.get_language() or "").startswith("zh") else ", "


@login_required
@require_POST
def campaign_year_pick(request: AuthedRequest) -> HttpResponse:
    """Keep the year posted in the session when a campaign period of that year is on record; refuse any other."""
    target = safe_next(request, "home")
    value = request.POST.get("year", "")
    year = parse_year(value)
    years = campaign_for(request.scope).years
    if year is None or year not in years:
        messages.error(
            request,
            _("没有%(year)s年度的活动周期，活动年度未改变。可选年度：%(years)s。")
            % {"year": value.strip()[:10] or "—", "years": _list_separator().join(str(y) for y in years) or "—"},
        )
        return redirect(target)
    request.session[SESSION_KEY] = year
    return redirect(_without_calendar_params(target))
